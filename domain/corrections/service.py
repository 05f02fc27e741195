"""Guardians correct the matching: answer a suggestion ("Is this Alice?"), or say
of a delivered photo "Not Alice?": remove this photo only (nothing learned),
that isn't Alice but another of their persons (moved), or someone they don't
know (detached and remembered as a negative example). Every change goes through
``domain.recognition.assignments`` (audited, undoable).

Every entry point checks first that the user is a guardian of the face's
person, and says nothing about the face or the person otherwise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.corrections import next_family, texts
from domain.corrections.answered import answered_by
from domain.corrections.crops import drop_crop
from domain.corrections.stores import CorrectionStore
from domain.delivery.album_notes import AlbumNotes, NoteChange
from domain.delivery.captions import copy_caption
from domain.infra.models import (
    Delivery,
    Face,
    FaceRejection,
    Guardianship,
    Participant,
    Person,
    Photo,
    Suggestion,
)
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.recognition import assignments, prototype_choice
from domain.recognition.assignments import Actor, receiving_guardians, recipients
from domain.states import (
    DeliveryStatus,
    PersonStatus,
    SuggestionStatus,
)
from domain.telegram import (
    Button,
)

log = logging.getLogger(__name__)


# Telegram lets a bot delete its message in a private chat only this long after sending it.
DELETABLE_FOR = timedelta(hours=48)


class Outcome(StrEnum):
    DONE = "done"
    NOT_YOURS = "not_yours"
    ALREADY = "already"  # answered, or the face changed meanwhile
    EXPIRED = "expired"  # a question nobody answered in time (``expiry``)
    SAME = "same"  # moving a face to the person it already belongs to
    GONE = "gone"  # the face is no more: its person deleted (or its faces, or its photo)
    LEFT = "left"  # the presser may no longer act on the group's photo (banned, left)


@dataclass(frozen=True, slots=True)
class CopyChange:
    """A delivered copy of the photo in a guardian's chat that a correction changes:
    deleted (``caption`` None: none of their persons is in it any more), or its caption
    and buttons re-written to name only the persons of theirs still in it."""

    chat_id: int
    message_id: int
    caption: str | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    # For a copy deleted from another guardian's chat than the one who corrected: what
    # they are told, in their language (empty: nothing).
    notice: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """What a correction did: the person's name (only told to their guardians), the
    event to offer undoing, and the delivered copies it changes in the chats of the
    person's guardians (``CopyChange``); ``staying``: for "Not Alice?", the user's other
    persons in the photo (their copy stays for them); ``others``: the person's other
    guardians whose copy of the photo would be deleted (none of their persons stays in it)."""

    outcome: Outcome
    name: str = ""
    event: UUID | None = None
    copies: list[CopyChange] = field(default_factory=list)
    staying: list[str] = field(default_factory=list)
    others: int = 0
    # For "Not Alice?" on an album's photo: the user's copy of it in the album (the choices
    # reply to it) and its number there, as the album's "(photo 2)" buttons count.
    copy_message: int | None = None
    album_number: int | None = None
    # The albums the photo was sent in: their "Not Alice? (photo n)" messages to re-read
    # once its copies changed (``Corrections.album_notes``).
    albums: list[UUID] = field(default_factory=list)


async def guardian(user_id: int, person_id: UUID) -> Participant | None:
    """The participant, if this Telegram user is a guardian of the person."""
    return await Participant.get_or_none(
        telegram_user_id=user_id, guardianships__person_id=person_id
    )


async def deliver_to_new_guardians(
    jobs: JobQueue, photo: Photo | None, person: Person
) -> list[UUID]:
    """Plan (and queue) the photo for the person's guardians who have not had it.

    Call inside the transaction that gave the face to the person; returns the
    deliveries to queue after it commits.
    """
    if photo is None or person.status not in (PersonStatus.ACTIVE, PersonStatus.PAUSED):
        return []
    if photo.removed_at is not None:
        return []  # taken down by an organizer: never sent again
    # A paused person's photo is held for the guardian to take on resume, as in recognition.
    status = DeliveryStatus.HELD if person.status == PersonStatus.PAUSED else DeliveryStatus.PENDING
    planned = []
    for receiver in await recipients(photo, person.id):
        delivery, _ = await Delivery.get_or_create(
            photo_id=photo.id, participant_id=receiver.id, defaults={"status": status}
        )
        if delivery.status == DeliveryStatus.PENDING:
            planned.append(delivery.id)
    return planned


async def restore_copies(photo: Photo | None, person: Person) -> list[UUID]:
    """The person's guardians whose copy of the photo a correction removed from their chat
    (``Corrections.copies_removed``) are to get it again, now that the face is the
    person's again: still one copy in each chat. Call inside the transaction that gave
    the face back; returns the deliveries to queue after it commits."""
    if photo is None or photo.removed_at is not None:
        return []
    if person.status not in (PersonStatus.ACTIVE, PersonStatus.PAUSED):
        return []
    receivers = [r.id for r in await recipients(photo, person.id)]
    removed = await Delivery.filter(
        photo_id=photo.id,
        participant_id__in=receivers,
        status=DeliveryStatus.SENT,
        message_id=None,
    ).values_list("id", flat=True)
    if not removed:
        return []
    # Sent again as a first send: alone (its own buttons), or in a new album; no longer
    # one of the album it was in, so later re-captions treat it as what it now is.
    await Delivery.filter(id__in=list(removed)).update(
        status=DeliveryStatus.PENDING,
        sent_at=None,
        error=None,
        album_id=None,
        corrections_due=False,
    )
    return [UUID(str(each)) for each in removed]


async def copies_back_told(
    delivery_ids: list[UUID], besides: int, name: str
) -> list[tuple[int, str]]:
    """The guardians other than ``besides`` (who undid) whose copy an undo sends again
    (``restore_copies``): what each is told, in their language ((chat, text))."""
    told = []
    for delivery in await Delivery.filter(id__in=delivery_ids).prefetch_related(
        "participant", "photo__group"
    ):
        participant = delivery.participant
        if participant.telegram_user_id == besides:
            continue
        with speaking_to_participant(participant):
            said = texts.copy_back_by_co_guardian(name, delivery.photo.group.title)
        told.append((participant.telegram_user_id, said))
    return told


@dataclass(frozen=True, slots=True)
class PairAnswer:
    """What to tell a guardian of both about their "Alice or Bob?" answer: the two names
    as the question named them, and the one chosen (None: neither)."""

    names: tuple[str, str] = ("", "")
    chosen: str | None = None
    group: str = ""  # the photo's group, for ``Outcome.LEFT``


async def _guardian_of_all(user_id: int, person_ids: list[UUID]) -> Participant | None:
    """The participant, if this Telegram user is a guardian of every one of the persons."""
    if not person_ids:
        return None
    participant = await Participant.get_or_none(telegram_user_id=user_id)
    if participant is None:
        return None
    guarded = await Guardianship.filter(
        participant_id=participant.id, person_id__in=person_ids
    ).values_list("person_id", flat=True)
    return participant if set(guarded) >= set(person_ids) else None


async def _left_group(
    participant: Participant, person_ids: list[UUID], photo_id: UUID | None
) -> str | None:
    """The title of the photo's group when this guardian may no longer act on its photos
    (banned from it, left it, not approved there): a question asked before is answered by
    nobody then. None: they may."""
    photo = await Photo.get_or_none(id=photo_id).prefetch_related("group") if photo_id else None
    if photo is None:
        return None  # the photo is gone: the answer says so its own way
    for person_id in person_ids:
        if participant.id not in {
            g.id for g in await receiving_guardians(person_id, photo.group.id)
        }:
            return photo.group.title or ""
    return None


class PhotoFate(StrEnum):
    SENT = "sent"  # sent, or on its way
    HELD = "held"  # the person is paused: offered on resume
    OWN_POST = "own_post"  # the user posted it and did not ask for their own photos
    NOT_SENT = "not_sent"  # e.g. the user is no longer in that group


class Corrections:
    def __init__(
        self,
        jobs: JobQueue,
        store: CorrectionStore,
        album_notes: AlbumNotes,
        blobs: BlobStore | None = None,
    ) -> None:
        """``album_notes``: the albums' "Not Alice? (photo n)" messages, kept true."""
        self._jobs = jobs
        self._store = store
        self._album_notes = album_notes
        self._blobs = blobs

    async def _drop_crop(self, face_id: UUID) -> None:
        if self._blobs is not None:
            await drop_crop(self._blobs, self._store, face_id)

    async def _queue(
        self, face_ids: list[UUID], deliveries: list[UUID], persons: list[UUID] | None = None
    ) -> None:
        await assignments.queue_syncs(self._jobs, face_ids)
        await prototype_choice.queue(self._jobs, persons or [])
        for delivery_id in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)

    async def photo_fate(self, suggestion_id: UUID, user_id: int) -> PhotoFate:
        """What becomes of the suggestion's photo for this user once they said yes."""
        delivery = await Delivery.get_or_none(
            participant__telegram_user_id=user_id,
            photo__faces__suggestions__id=suggestion_id,
        )
        if delivery is not None:
            return PhotoFate.HELD if delivery.status == DeliveryStatus.HELD else PhotoFate.SENT
        if await Suggestion.exists(id=suggestion_id, face__photo__posted_by_user_id=user_id):
            return PhotoFate.OWN_POST
        return PhotoFate.NOT_SENT

    async def answer_suggestion(
        self, suggestion_id: UUID, user_id: int, accept: bool
    ) -> tuple[Outcome, str]:
        """Yes: the face becomes the person's (and its photo is delivered). No: it never will.
        Either way the face's crop is deleted once no question about it is open."""
        outcome = await self._answer(suggestion_id, user_id, accept)
        if outcome[0] != Outcome.NOT_YOURS:
            suggestion = await Suggestion.get_or_none(id=suggestion_id)
            if suggestion is not None:
                await self._drop_crop(suggestion.face_id)  # type: ignore[attr-defined]
        return outcome

    @staticmethod
    async def asked_others(suggestion_id: UUID, user_id: int) -> list[tuple[int, int, str]]:
        """Once the user answered the question: the same question in the other guardians'
        chats ((chat, message)), with what each is to read now (who answered, and what)."""
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "reviewed_by"
        )
        if suggestion is None or suggestion.reviewed_by is None:
            return []
        by = suggestion.reviewed_by
        if by.telegram_user_id != user_id:
            return []
        return [
            (
                int(chat_id),
                int(message_id),
                await answered_by(
                    int(chat_id), suggestion.status, by.first_name, suggestion.person.name
                ),
            )
            for chat_id, message_id in suggestion.sent_to or []
            if chat_id != user_id
        ]

    @classmethod
    async def asked_others_of_pair(cls, pair_id: UUID, user_id: int) -> list[tuple[int, int, str]]:
        """Once the user answered "Is this Alice or Bob?": the questions about either face
        in the other guardians' chats ("Is this Alice?" to a guardian of Alice only), with
        what each is to read now (``asked_others``)."""
        found: list[tuple[int, int, str]] = []
        for suggestion in await Suggestion.filter(pair_id=pair_id):
            found += await cls.asked_others(suggestion.id, user_id)
        return found

    async def _answer(self, suggestion_id: UUID, user_id: int, accept: bool) -> tuple[Outcome, str]:
        suggestion = await Suggestion.get_or_none(id=suggestion_id).prefetch_related(
            "person", "face"
        )
        participant = await guardian(user_id, suggestion.person.id) if suggestion else None
        if suggestion is None or participant is None:
            return Outcome.NOT_YOURS, ""
        left = await _left_group(participant, [suggestion.person.id], suggestion.face.photo_id)  # type: ignore[attr-defined]
        if left is not None:
            return Outcome.LEFT, left  # the group's title: told why, never the answer
        person, actor = suggestion.person, Actor.participant(participant)
        deliveries: list[UUID] = []
        choose: list[UUID] = []
        ask_next = False
        async with in_transaction():
            locked = await Suggestion.select_for_update().get(id=suggestion.id)
            face = (
                await Face.select_for_update().get(id=suggestion.face.id).prefetch_related("photo")
            )
            if (
                locked.status == SuggestionStatus.EXPIRED
                and locked.reviewed_at is None  # nobody answered it
                and face.person_id is None  # type: ignore[attr-defined]  # nor matched the face
            ):
                return Outcome.EXPIRED, person.name  # by time (``expiry``)
            if locked.status != SuggestionStatus.PENDING:
                return Outcome.ALREADY, person.name
            locked.reviewed_by_id = participant.id
            locked.reviewed_at = datetime.now(UTC)
            taken_down = face.photo is not None and face.photo.removed_at is not None
            if face.person_id is not None or person.status in assignments.GONE or taken_down:  # type: ignore[attr-defined]
                locked.status = SuggestionStatus.EXPIRED
                await locked.save()
                return Outcome.ALREADY, person.name
            locked.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
            await locked.save()
            if not accept:
                await FaceRejection.get_or_create(
                    face_id=face.id, person_id=person.id, defaults={"rejected_by": participant}
                )
                # Perhaps another child of the group: their family may be asked next.
                ask_next = await next_family.ask(
                    self._store, face.id, paired=locked.pair_id is not None
                )
            else:
                # A confirmed face is a candidate prototype: the choice that follows decides.
                await assignments.assign(
                    face, person.id, actor, prototype=None, note="suggestion accepted"
                )
                await Suggestion.filter(face_id=face.id, status=SuggestionStatus.PENDING).update(
                    status=SuggestionStatus.EXPIRED
                )
                deliveries = await deliver_to_new_guardians(self._jobs, face.photo, person)
                choose = await prototype_choice.ask([person.id])
        if not accept:
            if ask_next:
                await next_family.queue(self._jobs, face.id)
            return Outcome.DONE, person.name
        await self._queue([face.id], deliveries, choose)
        log.info("suggestion %s accepted by participant %s", suggestion.id, participant.id)
        return Outcome.DONE, person.name

    async def answer_pair(
        self, pair_id: UUID, user_id: int, chosen: UUID | None
    ) -> tuple[Outcome, PairAnswer]:
        """ "Is this Alice or Bob?": the chosen one's suggestion is accepted as for a yes and
        the other's rejected (a negative example for them); neither rejects both. Only a
        guardian of both persons; the face's crop is deleted once no question is open."""
        outcome = await self._answer_pair(pair_id, user_id, chosen)
        if outcome[0] != Outcome.NOT_YOURS:
            asked = await Suggestion.filter(pair_id=pair_id).first()
            if asked is not None:
                await self._drop_crop(asked.face_id)  # type: ignore[attr-defined]
        return outcome

    async def _answer_pair(
        self, pair_id: UUID, user_id: int, chosen: UUID | None
    ) -> tuple[Outcome, PairAnswer]:
        pair = (
            await Suggestion.filter(pair_id=pair_id)
            .prefetch_related("person", "face")
            .order_by("-score", "person_id")
        )
        persons = [s.person for s in pair]
        participant = await _guardian_of_all(user_id, [p.id for p in persons])
        if not pair or participant is None:
            return Outcome.NOT_YOURS, PairAnswer()
        left = await _left_group(participant, [p.id for p in persons], pair[0].face.photo_id)  # type: ignore[attr-defined]
        if left is not None:
            return Outcome.LEFT, PairAnswer(group=left)
        # One of the two was deleted meanwhile (with its suggestion): nothing is decided.
        broken = len(pair) < 2 or all(s.id != pair_id for s in pair)
        if not broken and chosen is not None and chosen not in {p.id for p in persons}:
            return Outcome.NOT_YOURS, PairAnswer()
        # The leading person first, as the question named them.
        pair.sort(key=lambda s: s.id != pair_id)
        names = (pair[0].person.name, pair[-1].person.name)
        picked = next((s for s in pair if s.person.id == chosen), None)
        told = PairAnswer(names, picked.person.name if picked else None)
        actor = Actor.participant(participant)
        deliveries: list[UUID] = []
        async with in_transaction():
            locked = {
                s.id: s
                for s in await Suggestion.select_for_update().filter(id__in=[s.id for s in pair])
            }
            face = await Face.select_for_update().get(id=pair[0].face.id).prefetch_related("photo")
            if (
                all(
                    s.status == SuggestionStatus.EXPIRED and s.reviewed_at is None
                    for s in locked.values()
                )
                and face.person_id is None  # type: ignore[attr-defined]
            ):
                return Outcome.EXPIRED, told  # by time (``expiry``)
            open_ = [s for s in locked.values() if s.status == SuggestionStatus.PENDING]
            if not open_ or (picked is not None and picked.id not in {s.id for s in open_}):
                return Outcome.ALREADY, told
            now = datetime.now(UTC)
            taken_down = face.photo is not None and face.photo.removed_at is not None
            gone = broken or any(p.status in assignments.GONE for p in persons)
            if face.person_id is not None or gone or taken_down:  # type: ignore[attr-defined]
                for suggestion in open_:
                    suggestion.status = SuggestionStatus.EXPIRED
                    suggestion.reviewed_by_id = participant.id
                    suggestion.reviewed_at = now
                    await suggestion.save()
                return Outcome.ALREADY, told
            for suggestion in open_:
                accepted = picked is not None and suggestion.id == picked.id
                suggestion.status = (
                    SuggestionStatus.ACCEPTED if accepted else SuggestionStatus.REJECTED
                )
                suggestion.reviewed_by_id = participant.id
                suggestion.reviewed_at = now
                await suggestion.save()
                if not accepted:
                    await FaceRejection.get_or_create(
                        face_id=face.id,
                        person_id=suggestion.person_id,  # type: ignore[attr-defined]
                        defaults={"rejected_by": participant},
                    )
            choose: list[UUID] = []
            if picked is not None:
                person = picked.person
                # A confirmed face is a candidate prototype: the choice that follows decides.
                await assignments.assign(
                    face, person.id, actor, prototype=None, note="suggestion accepted (siblings)"
                )
                await Suggestion.filter(face_id=face.id, status=SuggestionStatus.PENDING).update(
                    status=SuggestionStatus.EXPIRED
                )
                deliveries = await deliver_to_new_guardians(self._jobs, face.photo, person)
                choose = await prototype_choice.ask([person.id])
        if picked is not None:
            await self._queue([face.id], deliveries, choose)
        log.info(
            "sibling question %s answered by participant %s: %s",
            pair_id,
            participant.id,
            picked.person.id if picked else "neither",
        )
        return Outcome.DONE, told

    async def _guarded_face(
        self, face_id: UUID, user_id: int
    ) -> tuple[Face, Person, Participant] | None:
        """The face, its person and the user as their guardian, if the user guards the
        face's person: the check that comes before anything is read or said about either."""
        face = await Face.get_or_none(id=face_id).prefetch_related("person", "photo")
        if face is None or face.person is None or face.person.status == PersonStatus.DELETING:
            return None
        person = face.person
        participant = await guardian(user_id, person.id)
        return (face, person, participant) if participant is not None else None

    async def _refusal(self, face_id: UUID, user_id: int) -> Correction:
        """Why a face is not the user's to correct, without naming anybody: a face that
        was detached meanwhile (by them or a co-guardian) is "already changed"; one that
        is no more, or whose person is being deleted, is "gone" (a stale button of a
        deleted person: nothing about anybody is left to tell)."""
        face = await Face.get_or_none(id=face_id).prefetch_related("person")
        if face is None or (
            face.person is not None and face.person.status == PersonStatus.DELETING
        ):
            return Correction(Outcome.GONE)
        if face.person_id is None:  # type: ignore[attr-defined]
            return Correction(Outcome.ALREADY)
        return Correction(Outcome.NOT_YOURS)

    async def offer(self, face_id: UUID, user_id: int) -> Correction:
        """ "Not Alice?" was pressed: the person's name, if the user may correct the face."""
        guarded = await self._guarded_face(face_id, user_id)
        if guarded is None:
            return await self._refusal(face_id, user_id)
        face, person, participant = guarded
        staying: list[str] = []
        if face.photo is not None:  # the user's other persons in it: their copy stays
            staying = await (  # type: ignore[assignment]
                Face.filter(
                    photo_id=face.photo.id,
                    person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
                    person__guardianships__participant_id=participant.id,
                )
                .exclude(person_id=person.id)
                .values_list("person__name", flat=True)
            )
        others = await _others_losing(face, person, participant)
        copy_message, number = await _album_copy(face, participant)
        return Correction(
            Outcome.DONE,
            person.name,
            staying=sorted(set(staying)),
            others=others,
            copy_message=copy_message,
            album_number=number,
        )

    async def other_persons(self, face_id: UUID, user_id: int) -> list[Person]:
        """The user's other persons the face could be moved to (only for a guardian of its
        person; empty: only "someone I don't know")."""
        guarded = await self._guarded_face(face_id, user_id)
        if guarded is None:
            return []
        return (
            await Person.filter(
                guardianships__participant__telegram_user_id=user_id,
                status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
            )
            .exclude(id=guarded[1].id)
            .order_by("name")
        )

    async def remove_photo(self, face_id: UUID, user_id: int) -> Correction:
        """ "Remove this photo only": the face leaves the person for this photo, nothing
        is learned (no negative example), and the user's copy is to be deleted."""
        return await self._detach(face_id, user_id, remember=False)

    async def not_this_person(self, face_id: UUID, user_id: int) -> Correction:
        """ "That isn't Alice, someone I don't know": detach the face and remember it as a
        negative example (similar faces are then asked about, not sent)."""
        return await self._detach(face_id, user_id, remember=True)

    async def _detach(self, face_id: UUID, user_id: int, *, remember: bool) -> Correction:
        guarded = await self._guarded_face(face_id, user_id)
        if guarded is None:
            return await self._refusal(face_id, user_id)
        face, person, participant = guarded
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face.id)
            if locked.person_id != person.id:  # type: ignore[attr-defined]
                return Correction(Outcome.ALREADY, person.name)
            event = await assignments.unassign(
                locked,
                Actor.participant(participant),
                remember_rejection=remember,
                note="guardian: not this person"
                if remember
                else "guardian: remove this photo only",
            )
            # Its place among the prototypes, if it had one, goes to another candidate.
            choose = await prototype_choice.ask([person.id])
        await self._queue([face.id], [], choose)
        log.info(
            "face %s detached from person %s by participant %s (negative example: %s)",
            face.id,
            person.id,
            participant.id,
            remember,
        )
        copies = await copies_after(
            face.photo, person, told=_told(person, face.photo, remembered=remember), besides=user_id
        )
        albums = (
            await self._album_notes.albums_of([face.photo.id]) if face.photo is not None else []
        )
        return Correction(Outcome.DONE, person.name, event.id, copies, albums=albums)

    async def copies_removed(self, removed: list[tuple[int, int]]) -> None:
        """These delivered copies ((chat, message)) were deleted from their guardians' chats
        by a correction: an undo sends them again (``restore_copies``); nothing else does."""
        for chat_id, message_id in removed:
            await Delivery.filter(
                participant__telegram_user_id=chat_id,
                status=DeliveryStatus.SENT,
                message_id=message_id,
            ).update(message_id=None)

    async def album_notes(self, album_ids: list[UUID]) -> list[NoteChange]:
        """The albums' "Not Alice? (photo n)" messages as they are true now (after
        ``copies_removed``: without the photos deleted from the chats)."""
        return await self._album_notes.notes_now(album_ids)

    async def move_face(self, face_id: UUID, to_person_id: UUID, user_id: int) -> Correction:
        """A guardian of both says the face is their other person: move it (seed 000 SR)."""
        guarded = await self._guarded_face(face_id, user_id)
        if guarded is None:
            return await self._refusal(face_id, user_id)
        face, person, participant = guarded
        target = await Person.get_or_none(id=to_person_id)
        if target is None or await guardian(user_id, target.id) is None:
            return Correction(Outcome.NOT_YOURS)
        if target.id == person.id:
            return Correction(Outcome.SAME, target.name)
        if target.status in assignments.GONE:
            return Correction(Outcome.ALREADY, target.name)
        async with in_transaction():
            locked = await Face.select_for_update().get(id=face.id)
            if locked.person_id == target.id:  # type: ignore[attr-defined]
                return Correction(Outcome.SAME, target.name)
            if locked.person_id != person.id:  # type: ignore[attr-defined]
                return Correction(Outcome.ALREADY, target.name)
            event = await assignments.move(
                locked,
                target.id,
                Actor.participant(participant),
                note=assignments.MOVE_NOTE,
            )
            deliveries = await deliver_to_new_guardians(self._jobs, face.photo, target)
            choose = await prototype_choice.ask([person.id, target.id])
        await self._queue([face.id], deliveries, choose)
        copies = await copies_after(
            face.photo, person, told=_told(person, face.photo, remembered=True), besides=user_id
        )
        albums = (
            await self._album_notes.albums_of([face.photo.id]) if face.photo is not None else []
        )
        return Correction(Outcome.DONE, target.name, event.id, copies, albums=albums)


async def _others_losing(face: Face, person: Person, participant: Participant) -> int:
    """How many other guardians of the person would lose their copy of the face's photo
    if the face were no longer the person's (none of their other persons is in it)."""
    if face.photo is None:
        return 0
    sent = await Delivery.filter(
        photo_id=face.photo.id,
        status=DeliveryStatus.SENT,
        message_id__isnull=False,
        participant__guardianships__person_id=person.id,
        sent_at__gt=datetime.now(UTC) - DELETABLE_FOR,  # an older copy stays (no buttons)
    ).exclude(participant_id=participant.id)
    losing = 0
    for delivery in sent:
        keeps = (
            await Face.filter(
                photo_id=face.photo.id,
                person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
                person__guardianships__participant_id=delivery.participant_id,  # type: ignore[attr-defined]
            )
            .exclude(id=face.id)
            .exists()
        )
        losing += not keeps
    return losing


async def _album_copy(face: Face, participant: Participant) -> tuple[int | None, int | None]:
    """The participant's copy of the face's photo, when it is one of an album's photos:
    its message and its number among the album's photos still there (in the order the
    album's "Not Alice? (photo n)" buttons count them); (None, None) otherwise."""
    if face.photo is None:
        return None, None
    copy = await Delivery.get_or_none(
        photo_id=face.photo.id,
        participant_id=participant.id,
        status=DeliveryStatus.SENT,
        message_id__isnull=False,
        album_id__isnull=False,
    )
    if copy is None or copy.message_id is None:
        return None, None
    before = await Delivery.filter(
        album_id=copy.album_id,
        status=DeliveryStatus.SENT,
        message_id__lt=copy.message_id,
        photo__removed_at__isnull=True,
    ).count()
    return int(copy.message_id), before + 1


def _told(person: Person, photo: Photo | None, *, remembered: bool) -> Callable[[], str]:
    """What another guardian whose copy a correction deleted is told (made in their
    language when called)."""

    def say() -> str:  # called by ``copies_after``, once it fetched the photo's group
        title = photo.group.title if photo is not None else ""
        return texts.copy_removed_by_co_guardian(person.name, title, remembered=remembered)

    return say


async def copies_after(
    photo: Photo | None,
    person: Person,
    *,
    told: Callable[[], str] | None = None,
    besides: int | None = None,
) -> list[CopyChange]:
    """Once a face of the photo is no longer the person's: every guardian of the person
    whose copy of the photo is in their chat loses it, unless another of their persons is
    in it; then its caption names only those, with their buttons (the delivery's own).
    ``told``: what a guardian other than ``besides`` (the Telegram user who corrected)
    whose copy is deleted is told, in their language."""
    if photo is None:
        return []
    changes: list[CopyChange] = []
    await photo.fetch_related("group")
    sent = await Delivery.filter(
        photo_id=photo.id,
        status=DeliveryStatus.SENT,
        message_id__isnull=False,
        participant__guardianships__person_id=person.id,
    ).prefetch_related("participant")
    for delivery in sent:
        participant = delivery.participant
        faces = await Face.filter(
            photo_id=photo.id,
            person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
            person__guardianships__participant_id=participant.id,
        ).prefetch_related("person")
        chat, message = participant.telegram_user_id, int(delivery.message_id or 0)
        if not faces:
            notice = ""
            if told is not None and chat != besides:
                with speaking_to_participant(participant):
                    notice = told()
            changes.append(CopyChange(chat, message, notice=notice))
            continue
        by_name = sorted((f.person.name, f.id) for f in faces if f.person is not None)
        named = [(face_id, name) for name, face_id in by_name]
        with speaking_to_participant(participant):
            caption, buttons = copy_caption(
                named,
                photo.group.title,
                photo.caption,
                photo.caption_entities,
                buttons=delivery.album_id is None,  # an album's photos carry no buttons
            )
        changes.append(CopyChange(chat, message, caption, buttons))
    return changes
