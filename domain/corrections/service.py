"""Guardians correct the matching: answer a suggestion ("Is this Alice?"), or say
of a delivered photo "Not Alice?": remove this photo only (nothing learned),
that isn't Alice but another of their persons (moved), or someone they don't
know (detached and remembered as a negative example). Every change goes through
``domain.recognition.assignments`` (audited, undoable), in the store's transactions
(``stores.CorrectionStore``; the decisions on what it read: ``rules``). What a face's
change does to its photo's deliveries and copies is the adapters'
(``domain/infra/stores/photo_copies.py``).

Every entry point checks first that the user is a guardian of the face's
person, and says nothing about the face or the person otherwise."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections import next_family
from domain.corrections.answered import answered_by
from domain.corrections.crops import drop_crop
from domain.corrections.questions import asked_alone
from domain.corrections.rules import Outcome, PhotoFate, Verdict, fate, refusal, verdict
from domain.corrections.stores import Changed, CopyChange, CorrectionStore, FaceNow, Someone
from domain.delivery.album_notes import AlbumNotes
from domain.delivery.albums import cards_counted
from domain.events import EventBus, history_changed
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to
from domain.persons.stores import CopyTold
from domain.recognition import assignments, prototype_choice
from domain.states import PersonStatus, SuggestionStatus
from domain.telegram import Button

__all__ = ["CopyChange", "Correction", "Corrections", "Outcome", "PairAnswer", "PhotoFate"]

log = logging.getLogger(__name__)


# Telegram lets a bot delete its message in a private chat only this long after sending it.
DELETABLE_FOR = timedelta(hours=48)


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
    clip: bool = False  # the face is a clip's: what the guardian reads says "clip"
    # The other guardians whose copy a move back sends again, and what each is told
    # ((chat, text, what it is made of)), as an undo's.
    told: list[tuple[int, str, CopyTold | None]] = field(default_factory=list)
    resent: bool = False  # a move back: the mover's own copy comes again
    # The persons the face left and went to: an earlier correction about them may no
    # longer be undone (``persons.answers``).
    persons: tuple[UUID, ...] = ()
    # For "Not Alice?": the user's copy that either choice takes is past Telegram's 48
    # hours, so it can only be blanked (findings18 13: "delete my copy" was promised).
    too_old: bool = False
    round_video: bool = False  # the copy is a round video: past 48 hours, it stays as it is


class Corrections:
    def __init__(
        self,
        jobs: JobQueue,
        store: CorrectionStore,
        album_notes: AlbumNotes,
        blobs: BlobStore | None = None,
        events: EventBus | None = None,
    ) -> None:
        """``album_notes``: the albums' "Not Alice? (photo n)" messages, kept true;
        ``events``: told each change /history lists (None: nobody reacts)."""
        self._jobs = jobs
        self._store = store
        self._album_notes = album_notes
        self._blobs = blobs
        self._events = events

    async def _drop_crop(self, face_id: UUID) -> None:
        if self._blobs is not None:
            await drop_crop(self._blobs, self._store, face_id)

    async def _queue(self, face_id: UUID, changed: Changed) -> None:
        """What a committed change asks of the workers: the face's index synced, the
        prototypes chosen again, the photo delivered."""
        await assignments.queue_syncs(self._jobs, [face_id])
        await prototype_choice.queue(self._jobs, changed.choose)
        for delivery_id in changed.deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)

    async def photo_fate(self, suggestion_id: UUID, user_id: int) -> tuple[PhotoFate, bool]:
        """What becomes of the suggestion's photo for this user once they said yes, and
        whether it is a clip (what they read says "clip")."""
        delivered = await self._store.delivered(suggestion_id, user_id)
        return fate(delivered), delivered.clip

    async def copies_named(self, suggestion_id: UUID) -> list[CopyChange]:
        """After a yes: the copies of its photo its person's guardians already had (for
        another of their persons), to be captioned with this person too (findings14 4)."""
        return await self._store.copies_named(suggestion_id)

    async def copies_named_in_pair(self, pair_id: UUID, chosen: UUID) -> list[CopyChange]:
        """After "Is this Alice or Bob?" was answered with ``chosen``: as ``copies_named``,
        of the chosen person's question."""
        picked = next((q for q in await self._store.pair(pair_id) if q.person.id == chosen), None)
        return [] if picked is None else await self._store.copies_named(picked.id)

    async def answer_suggestion(
        self, suggestion_id: UUID, user_id: int, accept: bool
    ) -> tuple[Outcome, str]:
        """Yes: the face becomes the person's (and its photo is delivered). No: it never will.
        Either way the face's crop is deleted once no question about it is open."""
        outcome = await self._answer(suggestion_id, user_id, accept)
        if outcome[0] == Outcome.DONE:
            # Her open cards count the face (and the photo) now (findings19 7: a "yes" whose
            # photo was already in her chat delivered nothing, and they kept the old counts).
            await cards_counted(self._jobs, user_id)
        if outcome[0] not in (Outcome.NOT_YOURS, Outcome.GONE):
            question = await self._store.answering(suggestion_id)
            if question is not None:
                if outcome[0] == Outcome.DONE and question.person is not None:
                    # A /history line (a "no" too): the older lists say they don't have it.
                    await history_changed(self._events, [question.person.id])
                await self._drop_crop(question.face_id)
            # A clip's other tracks asked about the person: the next one's turn (after a
            # "no"), or settled unasked (after a "yes"): ``clip_questions``.
            for left in await self._store.clip_questions_left(suggestion_id):
                await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, left)
        return outcome

    async def asked_others(self, suggestion_id: UUID, user_id: int) -> list[tuple[int, int, str]]:
        """Once the user answered the question: the same question in the other guardians'
        chats ((chat, message)), with what each is to read now (who answered, and what)."""
        answered = await self._store.answered(suggestion_id)
        if answered is None or answered.by_chat != user_id or answered.by_name is None:
            return []
        return [
            (
                chat_id,
                message_id,
                await answered_by(chat_id, answered.status, answered.by_name, answered.name),
            )
            for chat_id, message_id in answered.sent_to
            if chat_id != user_id
        ]

    async def asked_instead(
        self, suggestion_id: UUID, user_id: int
    ) -> list[tuple[int, int, str, list[list[Button]]]]:
        """Once the user said no to one question of a sibling pair ("Is this Alice?") while
        the other is open: the pair's question ("Is this Alice or Bob?") in the chats of
        the guardians of both, with what each is to read now (who answered, and the other
        question alone, with its buttons): nobody else may answer for Bob."""
        answered = await self._store.answered(suggestion_id)
        if (
            answered is None
            or answered.by_chat != user_id
            or answered.status != SuggestionStatus.REJECTED
        ):
            return []
        left = await self._store.asked_instead(suggestion_id)
        if left is None:
            return []
        other, asking = left
        photo = other.photo
        if photo is None:
            return []  # its photo gone: nothing to show the question on
        found = []
        for chat_id, message_id in asking:
            async with speaking_to(chat_id):
                question, buttons = asked_alone(other, photo, answered.by_name, answered.name)
            found.append((chat_id, message_id, question, buttons))
        return found

    async def asked_others_of_pair(self, pair_id: UUID, user_id: int) -> list[tuple[int, int, str]]:
        """Once the user answered "Is this Alice or Bob?": the questions about either face
        in the other guardians' chats ("Is this Alice?" to a guardian of Alice only), with
        what each is to read now (``asked_others``)."""
        found: list[tuple[int, int, str]] = []
        for question in await self._store.pair(pair_id):
            found += await self.asked_others(question.id, user_id)
        return found

    async def _answer(self, suggestion_id: UUID, user_id: int, accept: bool) -> tuple[Outcome, str]:
        store = self._store
        question = await store.answering(suggestion_id)
        person = question.person if question is not None else None
        if question is None:
            # Its face deleted (retention, a takedown), it with it: said to a guardian only.
            known = await self._store.may_be_told(None, user_id)
            return (Outcome.GONE if known else Outcome.NOT_YOURS), ""
        participant = await store.guardian_of(user_id, [person.id]) if person is not None else None
        if person is None or participant is None:
            return Outcome.NOT_YOURS, ""
        left = await store.left_group(participant, [person.id], question.photo_id)
        if left is not None:
            return Outcome.LEFT, left  # the group's title: told why, never the answer
        changed: Changed | None = None
        ask_next = False
        async with store.transaction():
            locked = await store.lock_questions([question.id], question.face_id)
            decided = verdict(locked, gone=person.status in assignments.GONE)
            if decided == Verdict.EXPIRED:
                return Outcome.EXPIRED, person.name
            if decided == Verdict.ALREADY:
                return Outcome.ALREADY, person.name
            if decided == Verdict.STALE:
                await store.settle(question.id, SuggestionStatus.EXPIRED, participant)
                return Outcome.ALREADY, person.name
            answer = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
            await store.settle(question.id, answer, participant)
            if not accept:
                await store.reject(question.face_id, person.id, participant)
                if question.pair_id is not None:
                    await store.hand_over(question.id)
                # Perhaps another child of the group: their family may be asked next.
                ask_next = await next_family.ask(
                    store, question.face_id, paired=question.pair_id is not None
                )
            else:
                # A confirmed face is a candidate prototype: the choice that follows decides.
                changed = await store.accept(
                    question.face_id, person.id, participant, "suggestion accepted"
                )
        if changed is None:
            if ask_next:
                await next_family.queue(self._jobs, question.face_id)
            return Outcome.DONE, person.name
        await self._queue(question.face_id, changed)
        log.info("suggestion %s accepted by participant %s", question.id, participant)
        return Outcome.DONE, person.name

    async def answer_pair(
        self, pair_id: UUID, user_id: int, chosen: UUID | None
    ) -> tuple[Outcome, PairAnswer]:
        """ "Is this Alice or Bob?": the chosen one's suggestion is accepted as for a yes and
        the other's rejected (a negative example for them); neither rejects both. Only a
        guardian of both persons; the face's crop is deleted once no question is open."""
        outcome = await self._answer_pair(pair_id, user_id, chosen)
        if outcome[0] == Outcome.DONE:
            await cards_counted(self._jobs, user_id)  # her cards count it
        if outcome[0] not in (Outcome.NOT_YOURS, Outcome.GONE):
            asked = await self._store.pair(pair_id)
            if outcome[0] == Outcome.DONE:
                # Its /history line: the older lists say they don't have it.
                await history_changed(self._events, [q.person.id for q in asked])
            if asked:
                await self._drop_crop(asked[0].face_id)
        return outcome

    async def _answer_pair(
        self, pair_id: UUID, user_id: int, chosen: UUID | None
    ) -> tuple[Outcome, PairAnswer]:
        store = self._store
        pair = await store.pair(pair_id)
        persons = [q.person for q in pair]
        participant = await store.guardian_of(user_id, [p.id for p in persons])
        if not pair:
            # Its face deleted, the questions with it: said to a guardian only.
            known = await self._store.may_be_told(None, user_id)
            return (Outcome.GONE if known else Outcome.NOT_YOURS), PairAnswer()
        if participant is None:
            return Outcome.NOT_YOURS, PairAnswer()
        left = await store.left_group(participant, [p.id for p in persons], pair[0].photo_id)
        if left is not None:
            return Outcome.LEFT, PairAnswer(group=left)
        # One of the two was deleted meanwhile (with its suggestion): nothing is decided.
        broken = len(pair) < 2 or all(q.id != pair_id for q in pair)
        if not broken and chosen is not None and chosen not in {p.id for p in persons}:
            return Outcome.NOT_YOURS, PairAnswer()
        # The leading person first, as the question named them.
        pair.sort(key=lambda q: q.id != pair_id)
        picked = next((q for q in pair if q.person.id == chosen), None)
        told = PairAnswer(
            (pair[0].person.name, pair[-1].person.name), picked.person.name if picked else None
        )
        face_id = pair[0].face_id
        changed: Changed | None = None
        async with store.transaction():
            locked = await store.lock_questions([q.id for q in pair], face_id)
            decided = verdict(
                locked,
                picked=picked.id if picked else None,
                gone=broken or any(p.status in assignments.GONE for p in persons),
            )
            if decided == Verdict.EXPIRED:
                return Outcome.EXPIRED, told
            if decided == Verdict.ALREADY:
                return Outcome.ALREADY, told
            open_ = [q for q in pair if locked.is_open(q.id)]
            for question in open_:
                status = (
                    SuggestionStatus.EXPIRED
                    if decided == Verdict.STALE
                    else SuggestionStatus.ACCEPTED
                    if picked is not None and question.id == picked.id
                    else SuggestionStatus.REJECTED
                )
                await store.settle(question.id, status, participant)
                if status == SuggestionStatus.REJECTED:
                    await store.reject(face_id, question.person.id, participant)
            if decided == Verdict.STALE:
                return Outcome.ALREADY, told
            if picked is not None:
                # A confirmed face is a candidate prototype: the choice that follows decides.
                changed = await store.accept(
                    face_id, picked.person.id, participant, "suggestion accepted (siblings)"
                )
        if changed is not None:
            await self._queue(face_id, changed)
        log.info(
            "sibling question %s answered by participant %s: %s",
            pair_id,
            participant,
            picked.person.id if picked else "neither",
        )
        return Outcome.DONE, told

    async def _guarded_face(
        self, face_id: UUID, user_id: int, pressed: int | None = None
    ) -> tuple[FaceNow, Someone, UUID] | Outcome:
        """The face, its person and the user as their guardian, if the user guards the
        face's person: the check that comes before anything is read or said about either;
        otherwise why not (``rules.refusal``), what became of the face told only to whom it
        concerned (``pressed``: the message the button was on, in the user's chat)."""
        face = await self._store.face_now(face_id)
        person = face.person if face is not None else None
        participant = None
        if face is not None and person is not None and person.status != PersonStatus.DELETING:
            participant = await self._store.guardian_of(user_id, [person.id])
        if face is not None and person is not None and participant is not None:
            return face, person, participant
        why = refusal(face)
        if why != Outcome.NOT_YOURS and not await self._store.may_be_told(
            face_id, user_id, pressed
        ):
            # What became of the face is told only to whom it concerned (findings18 16).
            return Outcome.NOT_YOURS
        return why

    async def kept_days(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        """Where a "Not Alice?" found its face gone: whether the copy pressed is of a photo
        its group's retention is past ((title, days kept)), so the popup says why."""
        return await self._store.kept_days(chat_id, message_id)

    async def offer(self, face_id: UUID, user_id: int, pressed: int | None = None) -> Correction:
        """ "Not Alice?" was pressed (on the message ``pressed``, in the user's chat): the
        person's name, if the user may correct the face."""
        guarded = await self._guarded_face(face_id, user_id, pressed)
        if isinstance(guarded, Outcome):
            return Correction(guarded)
        face, person, participant = guarded
        if face.photo_id is None:
            return Correction(Outcome.DONE, person.name, clip=face.clip)
        # The user's other persons in it: their copy stays.
        staying = await self._store.staying(face.photo_id, person.id, participant)
        others = await self._store.others_losing(
            face.id,
            person.id,
            participant,
            sent_after=datetime.now(UTC) - DELETABLE_FOR,  # an older copy stays (no buttons)
        )
        copy_message, number = await self._store.album_copy(face.photo_id, participant)
        sent = await self._store.copy_sent(face.photo_id, participant)
        return Correction(
            Outcome.DONE,
            person.name,
            staying=sorted(set(staying)),
            others=others,
            copy_message=copy_message,
            album_number=number,
            clip=face.clip,
            too_old=sent is not None and sent <= datetime.now(UTC) - DELETABLE_FOR,
            round_video=face.round_video,
        )

    async def other_persons(self, face_id: UUID, user_id: int) -> list[Someone]:
        """The user's other persons the face could be moved to (only for a guardian of its
        person; empty: only "someone I don't know")."""
        guarded = await self._guarded_face(face_id, user_id)
        if isinstance(guarded, Outcome):
            return []
        return await self._store.other_persons(
            user_id, besides=guarded[1].id, photo_id=guarded[0].photo_id
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
        if isinstance(guarded, Outcome):
            return Correction(guarded)
        face, person, participant = guarded
        changed = await self._store.detach(face.id, person.id, participant, remember=remember)
        if changed is None:
            return Correction(Outcome.ALREADY, person.name)
        await self._queue(face.id, changed)
        await history_changed(self._events, [person.id])
        log.info(
            "face %s detached from person %s by participant %s (negative example: %s)",
            face.id,
            person.id,
            participant,
            remember,
        )
        return await self._corrected(
            face, person, changed, person.name, remembered=remember, by=user_id
        )

    async def _corrected(
        self,
        face: FaceNow,
        left: Someone,
        changed: Changed,
        name: str,
        *,
        remembered: bool,
        by: int,
    ) -> Correction:
        """What a "Not Alice?" that took the face from ``left`` did, said with ``name``: the
        copies of its photo that change in the chats of ``left``'s guardians (those other
        than the user, ``by``, who lose theirs told why) and the albums to re-read."""
        copies = await self._store.copies_after(
            face.photo_id, left.id, remembered=remembered, besides=by
        )
        albums = await self._album_notes.albums_of([face.photo_id]) if face.photo_id else []
        return Correction(
            Outcome.DONE,
            name,
            changed.event_id,
            copies,
            albums=albums,
            clip=face.clip,
            persons=(left.id,),
        )

    async def cards_changed(self, chat_ids: Collection[int]) -> None:
        """A correction changed what these chats' person cards count (a copy taken, a face
        moved): their open cards are redrawn (findings18 5: "That isn't Lilly" left them
        counting it)."""
        for chat_id in sorted(set(chat_ids)):
            await cards_counted(self._jobs, chat_id)

    async def copies_removed(
        self, removed: list[tuple[int, int]], hidden: list[tuple[int, int]] | None = None
    ) -> None:
        """These delivered copies ((chat, message)) were deleted from their guardians' chats
        by a correction (``hidden``: past 48 hours, blanked where they stand instead): an
        undo sends them again (``restore_copies``); nothing else does."""
        await self._store.copies_removed(removed, hidden or [])

    async def albums_of(self, photo_ids: Collection[UUID]) -> list[UUID]:
        """The albums any copy of these photos was sent in (``AlbumNotes.albums_of``)."""
        return await self._album_notes.albums_of(photo_ids)

    async def show_album_notes(self, album_ids: list[UUID]) -> None:
        """The albums' "Not Alice? (photo n)" messages re-written as they are true now
        (after ``copies_removed``: without the photos deleted from the chats), or deleted
        when none of them applies (``AlbumNotes.show_as_now``)."""
        await self._album_notes.show_as_now(album_ids)

    async def move_face(self, face_id: UUID, to_person_id: UUID, user_id: int) -> Correction:
        """A guardian of both says the face is their other person: move it (seed 000 SR)."""
        guarded = await self._guarded_face(face_id, user_id)
        if isinstance(guarded, Outcome):
            return Correction(guarded)
        face, person, participant = guarded
        target = await self._store.someone(to_person_id)
        if target is None or await self._store.guardian_of(user_id, [target.id]) is None:
            return Correction(Outcome.NOT_YOURS)
        if target.id == person.id:
            return Correction(Outcome.SAME, target.name)
        if target.status in assignments.GONE:
            return Correction(Outcome.ALREADY, target.name)
        offered = await self._store.other_persons(
            user_id, besides=person.id, photo_id=face.photo_id
        )
        if target.id not in {other.id for other in offered}:
            # Not approved in the photo's group: the menu leaves them out, a replayed or
            # forged button is refused, nothing moved (issue 32, fixs leftover).
            return Correction(Outcome.BLOCKED, target.name)
        was, changed = await self._store.move(face.id, person.id, target.id, participant)
        if changed is None:
            return Correction(Outcome.SAME if was == target.id else Outcome.ALREADY, target.name)
        await self._queue(face.id, changed)
        await history_changed(self._events, [person.id, target.id])
        done = await self._corrected(
            face, person, changed, target.name, remembered=True, by=user_id
        )
        told = await self._store.copies_back_told(changed.resent, user_id, target.name, target.id)
        # ``told`` has a line for each copy sent again to another guardian: any more in
        # ``resent`` is the mover's own.
        return replace(
            done,
            told=told,
            resent=len(changed.resent) > len(told),
            persons=(person.id, target.id),
        )


@dataclass(frozen=True, slots=True)
class PairAnswer:
    """What to tell a guardian of both about their "Alice or Bob?" answer: the two names
    as the question named them, and the one chosen (None: neither)."""

    names: tuple[str, str] = ("", "")
    chosen: str | None = None
    group: str = ""  # the photo's group, for ``Outcome.LEFT``
