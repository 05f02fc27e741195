"""Earlier photos: once a person is enrolled, or gains a prototype (a guardian said "yes,
that's Sara"), facedrop looks back through the photos already posted in the person's
groups for faces nobody holds that look like the person.

Confident matches (what recognition would have sent) are shown, never sent unasked: "I
found 3 earlier photos of Sara in 5B, posted before I knew Sara well enough. Are these
faces (numbered) Sara?", a sheet of the faces answered all / some / none (one face alone
is asked about as a new photo's is, the photo shown with the face marked). Uncertain ones
become questions ("Is this Sara?"), as for a new photo. Only photos of groups where a
guardian of the person is a member now, not taken down, within the group's retention, not
taken before the person's birth date. A face is offered or asked about once per person: a
"none is Sara" is remembered. "All are" checks every face again at the press: still
nobody's, the photo still there and within retention, the presser still in the group; what
passes becomes the person's (audited like every assignment) and goes to their guardians,
as albums.

Every answer checks first that the presser is a guardian of the person, and says nothing
about the person otherwise."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.corrections import texts as corrections_texts
from domain.corrections.crops import drop_crop
from domain.corrections.service import deliver_to_new_guardians, guardian
from domain.corrections.stores import CropStore
from domain.earlier_photos import Reply, look_back, texts
from domain.errors import ImageError
from domain.infra.images import face_sheet
from domain.infra.models import (
    Delivery,
    EarlierPhotos,
    Face,
    FaceRejection,
    Group,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.recognition import assignments, prototype_choice
from domain.recognition.assignments import (
    Actor,
    blocked_persons,
    matchable_persons,
    receiving_guardians,
)
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.recognition.faces import FaceEngine, Vector, analyze_bounded
from domain.recognition.matching import MIN_AGREEING, Verdict
from domain.recognition.service import MATCHABLE, Recognition, crop_key, face_id_for
from domain.recognition.strictness import effective
from domain.recognition.thresholds import MatchThresholds
from domain.retry import TryAgainLater
from domain.states import (
    FaceSource,
    MembershipStatus,
    OfferStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)
from domain.telegram import (
    AnswerEarlierPhotos,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

__all__ = ["Answer", "Answered", "EarlierPhotoAnswers", "EarlierPhotoFinder", "Reply"]
log = logging.getLogger(__name__)
# How many of a group's faces nobody holds each prototype brings back, at most.
SEARCH_LIMIT = 200
NOTE = "earlier photo: a guardian asked for it"
# At most this many questions ("Is this Sara?") about earlier faces from one look back.
MAX_ASKED = 10
# At most this many faces on one sheet ("These 5 faces look like Sara").
SHEET_MAX = 12


def posted_since(group: Group, person: Person, now: datetime) -> datetime | None:
    """The oldest a photo of the group may be to be looked at for the person: within the
    group's retention, and not taken before the person was born."""
    bounds = []
    if group.retention_days is not None:
        bounds.append(now - timedelta(days=group.retention_days))
    if person.birth_date is not None:
        bounds.append(datetime.combine(person.birth_date, time.min, UTC))
    return max(bounds) if bounds else None


@dataclass
class Candidates:
    by_photo: dict[UUID, list[UUID]] = field(default_factory=lambda: defaultdict(list))
    by_cluster: dict[UUID, list[UUID]] = field(default_factory=lambda: defaultdict(list))
    scores: dict[UUID, float] = field(default_factory=dict)  # each face's best prototype


@dataclass(frozen=True, slots=True)
class Found:
    offered: int  # faces shown as sure ("I found 3 earlier photos of Sara")
    asked: int  # faces asked about ("Is this Sara?")


class EarlierPhotoFinder:
    """Looks back for a person's earlier photos and offers them (the worker)."""

    def __init__(
        self,
        recognition: Recognition,
        engine: FaceEngine,
        index: FaceIndex,
        messenger: Messenger,
        jobs: JobQueue,
        blobs: BlobStore,
        thresholds: MatchThresholds,
        *,
        store: CropStore,
        crops_keep: timedelta = timedelta(days=30),
        enabled: bool = True,
    ) -> None:
        self._store = store
        self._enabled = enabled
        self._recognition = recognition
        self._engine = engine
        self._index = index
        self._messenger = messenger
        self._jobs = jobs
        self._blobs = blobs
        self._thresholds = thresholds
        self._crops_keep = crops_keep

    async def look_back(self, person_id: UUID) -> bool:
        """Queue ``find`` for the person (an enrollment or new photos just finished)."""
        return await look_back(self._jobs, person_id)

    async def find(self, person_id: UUID) -> Found:
        person = await Person.get_or_none(id=person_id, status=PersonStatus.ACTIVE)
        if person is None or not self._enabled:
            return Found(0, 0)  # paused, gone, not enrolled yet, or looking back is off
        prototypes = await Prototype.filter(person=person, face_id__isnull=False).values_list(
            "face_id", flat=True
        )
        found_vectors = await self._index.vectors([UUID(str(p)) for p in prototypes])
        vectors = list(found_vectors.values())
        used = sorted(str(p) for p in found_vectors)  # what found them, for the press
        if not vectors:
            return Found(0, 0)
        groups = await Group.filter(
            is_active=True,
            paused_at__isnull=True,
            memberships__participant__guardianships__person_id=person.id,
            memberships__status=MembershipStatus.MEMBER,
        ).distinct()
        offered = asked = 0
        for group in groups:
            if person.id in await blocked_persons(group.id):
                continue
            found = await self._look_in(person, group, vectors, used)
            offered += found.offered
            asked += found.asked
        log.info("person %s: %d earlier face(s) offered, %d asked about", person.id, offered, asked)
        return Found(offered, asked)

    async def _candidates(self, person: Person, group: Group, vectors: list[Vector]) -> Candidates:
        """The group's faces nobody holds that any prototype finds alike enough to ask
        about, and that may be looked at for the person."""
        hits = await self._index.search_batch(
            vectors,
            where=FaceFilter(group_ids=[group.id], has_person=False),
            limit=SEARCH_LIMIT,
            min_score=self._thresholds.suggest,
        )
        found = Candidates()
        for hits_of_one in hits:
            for hit in hits_of_one:
                found.scores[hit.face_id] = max(found.scores.get(hit.face_id, -1.0), hit.score)
        near = set(found.scores)
        if not near:
            return found
        rows = Face.filter(
            id__in=list(near),
            person_id=None,
            source=FaceSource.GROUP_PHOTO,
            photo__group_id=group.id,
            photo__status=PhotoStatus.DONE,
            photo__removed_at__isnull=True,
        )
        since = posted_since(group, person, datetime.now(UTC))
        if since is not None:
            rows = rows.filter(photo__posted_at__gte=since)
        faces = {
            UUID(str(face)): (UUID(str(photo)), UUID(str(cluster)) if cluster else None)
            for face, photo, cluster in await rows.values_list("id", "photo_id", "cluster_id")
        }
        seen = _ids(
            await Suggestion.filter(person=person, face_id__in=list(faces)).values_list(
                "face_id", flat=True
            )
        ) | _ids(
            await FaceRejection.filter(person=person, face_id__in=list(faces)).values_list(
                "face_id", flat=True
            )
        )
        # Offered before (and not taken: a "no, thanks" is remembered), or waiting.
        for offer in await EarlierPhotos.filter(person=person).exclude(
            status__in=(OfferStatus.SENT, OfferStatus.STALE)
        ):
            seen |= _ids(offer.face_ids)
        theirs = _ids(
            await Face.filter(
                person=person, photo_id__in=list({photo for photo, _ in faces.values()})
            ).values_list("photo_id", flat=True)
        )
        for face, (photo, cluster) in faces.items():
            if face not in seen and photo not in theirs:
                found.by_photo[photo].append(face)
                if cluster is not None:
                    found.by_cluster[cluster].append(face)
        return found

    async def _look_in(
        self, person: Person, group: Group, vectors: list[Vector], used: list[str]
    ) -> Found:
        candidates = await self._candidates(person, group, vectors)
        by_photo = candidates.by_photo
        if not by_photo:
            return Found(0, 0)
        embeddings = await self._index.vectors([f for faces in by_photo.values() for f in faces])
        thresholds = effective(self._thresholds, group.strictness)
        photos = {p.id: p for p in await Photo.filter(id__in=list(by_photo))}
        offer: dict[UUID, tuple[UUID, float]] = {}  # face -> (photo, score)
        ask: dict[UUID, tuple[UUID, float]] = {}
        # An earlier face is asked about only when several of the person's prototypes find
        # it alike: one (often the newest) is weak evidence, and each question shows a
        # face that may be another family's child.
        needed = min(MIN_AGREEING, len(vectors))
        for photo_id, faces in sorted(by_photo.items(), key=lambda item: photos[item[0]].posted_at):
            persons = await matchable_persons(group.id, photos[photo_id].posted_at.date())
            if person.id not in persons:
                continue
            decisions = await self._recognition.decide(
                {face: embeddings[face] for face in faces if face in embeddings},
                list(persons),
                thresholds,
                photos[photo_id].posted_at.date(),
                among=(group.id, photo_id),
            )
            for decision in decisions:
                if decision.person != person.id:
                    continue
                if decision.verdict == Verdict.ASSIGN:
                    offer[decision.face] = (photo_id, decision.score or 0.0)
                elif decision.verdict == Verdict.SUGGEST and len(decision.prototypes) >= needed:
                    ask[decision.face] = (photo_id, decision.score or 0.0)
        if len(offer) == 1:  # one face: asked about, the photo shown with it marked
            ask.update(offer)
            offer = {}
        sheets = self._sheets(candidates, ask, photos)
        if not await self._receivers(person, group):
            return Found(0, 0)  # nobody to show anything to (e.g. waiting for approval)
        # What recognition would have sent is shown before it goes: a guardian sees each
        # face and says which are their child's (a look-alike's photo is never sent blind).
        ordered = sorted(offer.items(), key=lambda item: photos[item[1][0]].posted_at)
        offered = 0
        for start in range(0, len(ordered), SHEET_MAX):
            sure = [(face, score) for face, (_, score) in ordered[start : start + SHEET_MAX]]
            offered += await self._ask_sheet(person, group, None, sure, photos, used)
        # Not a flood (a sheet's faces count): the most alike first; the rest wait for the
        # next look back.
        asked = 0
        for cluster_id, sheet in sheets.items():
            if asked + len(sheet) > MAX_ASKED:
                continue
            asked += await self._ask_sheet(person, group, cluster_id, sheet, photos, used)
        for face, (photo_id, score) in sorted(ask.items(), key=lambda item: -item[1][1]):
            if asked >= MAX_ASKED:
                break
            asked += await self._ask(photos[photo_id], person, face, score)
        return Found(offered, asked)

    @staticmethod
    def _sheets(
        candidates: Candidates, ask: dict[UUID, tuple[UUID, float]], photos: dict[UUID, Photo]
    ) -> dict[UUID, list[tuple[UUID, float]]]:
        """Faces to ask about that are in one cluster of look-alikes (two or more): asked
        about together on one sheet ("These 5 faces look like Sara") instead of one
        question each; taken out of ``ask``. Only faces that would be asked about on their
        own (the group's thresholds, agreeing prototypes, negative examples), at most one a
        photo (the decision gives the person one face a photo)."""
        sheets: dict[UUID, list[tuple[UUID, float]]] = {}
        for cluster_id, faces in candidates.by_cluster.items():
            unsure = [face for face in faces if face in ask]
            if len(unsure) < 2:
                continue  # one face: its own question is as good
            unsure.sort(key=lambda face: photos[ask[face][0]].posted_at)
            sheets[cluster_id] = [(face, ask.pop(face)[1]) for face in unsure[:SHEET_MAX]]
        return sheets

    async def _crops(self, photo: Photo) -> dict[UUID, bytes]:
        """The photo's face crops, cut again from it (by face id); none when it cannot be
        fetched any more."""
        try:
            data = await self._messenger.download(photo.file_id)
            found = await analyze_bounded(
                self._engine, data, crops=True, attempt=1, what=f"photo {photo.id}"
            )
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 10) from None
        except (ChatUnavailable, ImageError) as error:
            log.info("photo %s: no crop of an earlier face: %s", photo.id, error)
            return {}
        return {face_id_for(photo.id, face): face.crop for face in found.faces if face.crop}

    async def _ask(self, photo: Photo, person: Person, face_id: UUID, score: float) -> int:
        """An uncertain face becomes a question, with its crop cut again from the photo."""
        crop = (await self._crops(photo)).get(face_id)
        if crop is None or not await _still_unknown(person, [face_id]):
            return 0
        key = crop_key(photo.id, face_id)
        await self._blobs.put(
            key, crop, expires_at=datetime.now(UTC) + self._crops_keep, content_type="image/jpeg"
        )
        await Face.filter(id=face_id).update(crop_key=key)
        suggestion, created = await Suggestion.get_or_create(
            face_id=face_id, person_id=person.id, defaults={"score": score}
        )
        if created:
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion.id)
        return int(created)

    async def _ask_sheet(
        self,
        person: Person,
        group: Group,
        cluster_id: UUID | None,
        faces: list[tuple[UUID, float]],
        photos: dict[UUID, Photo],
        used: list[str],
    ) -> int:
        """One question about several faces on one numbered sheet: faces that look alike
        (``cluster_id``: "These 5 faces look like Sara"), or faces sure enough to send
        ("I found 3 earlier photos of Sara: are these faces Sara?"). The faces' crops are
        kept until it is answered ("some are" asks about each with its crop). How many
        faces it showed."""
        photo_of = dict(
            await Face.filter(id__in=[f for f, _ in faces]).values_list("id", "photo_id")
        )
        crops: dict[UUID, bytes] = {}
        for photo_id in dict.fromkeys(UUID(str(photo_of[f])) for f, _ in faces):
            crops.update(await self._crops(photos[photo_id]))
        shown = await _still_unknown(person, [face for face, _ in faces if face in crops])
        if len(shown) < 2:
            return 0
        # Kept until the sheet is answered: "Some are" asks about each face with its crop.
        for face in shown:
            key = crop_key(UUID(str(photo_of[face])), face)
            await self._blobs.put(
                key,
                crops[face],
                expires_at=datetime.now(UTC) + self._crops_keep,
                content_type="image/jpeg",
            )
            await Face.filter(id=face).update(crop_key=key)
        scores = dict(faces)
        offer = await EarlierPhotos.create(
            person=person,
            group=group,
            face_ids=[str(f) for f in shown],
            scores={str(f): round(scores[f], 4) for f in shown},
            photo_count=len(shown),
            cluster_id=cluster_id,
            prototype_ids=used,
            sheet=True,
        )
        sheet = face_sheet([crops[face] for face in shown])

        def send(chat: int) -> Awaitable[int]:
            """The offer, in the language of the guardian at hand (``_show`` sets it)."""
            caption = (
                texts.look_alikes_question(person.name, group.title, len(shown))
                if cluster_id is not None
                else texts.earlier_photos_shown(person.name, group.title, len(shown))
            )
            buttons = [
                [
                    AnswerEarlierPhotos(
                        offer.id, Reply.SEND, corrections_texts.all_of_them(person.name)
                    )
                ],
                [
                    AnswerEarlierPhotos(offer.id, Reply.SOME, corrections_texts.some_are()),
                    AnswerEarlierPhotos(
                        offer.id, Reply.NO, corrections_texts.none_of_them(person.name)
                    ),
                ],
            ]
            return self._messenger.send_photo(chat, sheet, caption, buttons)

        shown_to = await self._show(offer, person, group, send)
        if not shown_to:
            for face in shown:
                await drop_crop(self._blobs, self._store, face)
        return len(shown) if shown_to else 0

    @staticmethod
    async def _receivers(person: Person, group: Group) -> list[Participant]:
        return await receiving_guardians(person.id, group.id)

    async def _show(
        self,
        offer: EarlierPhotos,
        person: Person,
        group: Group,
        send: Callable[[int], Awaitable[int]],
    ) -> bool:
        """Send the offer to each guardian who receives the person's photos from the group,
        recording each message as it goes (a takedown deletes what the row names). Checked
        again after sending: a photo taken down, a face taken or a person gone meanwhile
        takes the offer back. An offer nobody got is forgotten (its faces may be offered
        again). Whether anyone got it."""
        sent_to: list[list[int]] = []
        for receiver in await self._receivers(person, group):
            try:
                with speaking_to_participant(receiver):
                    sending = send(receiver.telegram_user_id)
                message_id = await sending
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("offer %s not sent to participant %s: %s", offer.id, receiver.id, error)
                continue
            sent_to.append([receiver.telegram_user_id, message_id])
            await EarlierPhotos.filter(id=offer.id).update(sent_to=sent_to)
        faces = _ids(offer.face_ids)
        if sent_to and len(await _still_unknown(person, list(faces))) == len(faces):
            return True
        for chat_id, message_id in sent_to:
            with contextlib.suppress(TelegramUnavailable):
                await self._messenger.delete_message(chat_id, message_id)
        await EarlierPhotos.filter(id=offer.id).delete()
        return False


async def _still_unknown(person: Person, faces: list[UUID]) -> list[UUID]:
    """The faces still nobody's, of photos not taken down, while the person is active (read
    again just before and after anything is shown: a takedown or an erasure may have come
    in between)."""
    if not await Person.exists(id=person.id, status=PersonStatus.ACTIVE):
        return []
    still = _ids(
        await Face.filter(id__in=faces, person_id=None, photo__removed_at__isnull=True).values_list(
            "id", flat=True
        )
    )
    return [face for face in faces if face in still]


class Answer(StrEnum):
    SENT = "sent"
    DECLINED = "declined"
    ONE_BY_ONE = "one_by_one"  # a sheet's faces are asked about one by one
    STALE = "stale"  # found with a face that is no longer the person's: looked for again
    ALREADY = "already"  # answered before (by them or a co-guardian)
    NOT_YOURS = "not_yours"
    LEFT = "left"  # the presser is no longer in the group (or may not receive from it)


@dataclass(frozen=True, slots=True)
class Answered:
    answer: Answer
    name: str = ""
    group: str = ""
    photos: int = 0  # photos that go (after the check at the press)
    sheet: bool = False  # the offer was a sheet of look-alike faces (a photo message)
    to_you: int = 0  # of ``photos``, those on their way to the presser
    # The offer's messages to the other guardians (chat, message): the answer holds for all.
    others: list[tuple[int, int]] = field(default_factory=list)
    questions: bool = False  # a batch of the presser's questions (``corrections.batches``)
    closed: int = 0  # of a batch's faces, those settled before the press (left as they are)


class EarlierPhotoAnswers:
    """A guardian's answer to "I found 3 earlier photos of Sara: are these faces Sara?"
    (the bot)."""

    def __init__(self, jobs: JobQueue, blobs: BlobStore, store: CropStore) -> None:
        self._jobs = jobs
        self._blobs = blobs
        self._store = store

    async def answer(self, offer_id: UUID, user_id: int, reply: Reply) -> Answered:
        offer = await EarlierPhotos.get_or_none(id=offer_id).prefetch_related("person", "group")
        participant = await guardian(user_id, offer.person.id) if offer is not None else None
        if offer is None or participant is None:
            return Answered(Answer.NOT_YOURS)
        person, group = offer.person, offer.group
        questions = offer.participant_id is not None  # type: ignore[attr-defined]
        sheet = offer.sheet
        said = Answered(Answer.ALREADY, person.name, group.title, sheet=sheet, questions=questions)
        if person.status not in MATCHABLE or (reply == Reply.SOME and not sheet):
            return said
        if participant.id not in {g.id for g in await receiving_guardians(person.id, group.id)}:
            return Answered(Answer.LEFT, person.name, group.title, sheet=sheet)
        deliveries: list[UUID] = []
        changed: list[UUID] = []
        asked: list[UUID] = []
        kept: list[UUID] = []
        choose: list[UUID] = []
        closed = handled = 0
        stale = False
        async with in_transaction():
            locked = await EarlierPhotos.select_for_update().get(id=offer.id)
            if locked.status != OfferStatus.PENDING:
                return said
            # Read again under lock: a deletion or merge may have begun since.
            person = await Person.select_for_update().get(id=person.id)
            if person.status not in MATCHABLE:
                return said
            if reply != Reply.NO and not await _prototypes_still(person, locked):
                # Found with a face that is no longer the person's (a guardian corrected
                # it, or it was taken down): not sent; looked for again with what is left.
                locked.status = OfferStatus.STALE
                await locked.save(update_fields=["status"])
                stale = True
            else:
                locked.status = {
                    Reply.SEND: OfferStatus.SENT,
                    Reply.NO: OfferStatus.DECLINED,
                    Reply.SOME: OfferStatus.ONE_BY_ONE,
                }[reply]
                locked.answered_by_id = participant.id
                locked.answered_at = datetime.now(UTC)
                await locked.save(update_fields=["status", "answered_by_id", "answered_at"])
                faces = await self._still_offerable(locked, person, group)
                closed = len(locked.face_ids) - len(faces) if questions else 0
                handled = len(faces)
                if questions:  # each face's own question is answered by this press
                    await _answer_questions(faces, person, participant, reply)
                if reply == Reply.NO:
                    if sheet:  # "none is Sara": each face a negative example for her
                        for face in faces:
                            await FaceRejection.get_or_create(
                                face_id=face.id,
                                person_id=person.id,
                                defaults={"rejected_by": participant},
                            )
                elif reply == Reply.SOME:
                    for face in faces:
                        suggestion, created = await Suggestion.get_or_create(
                            face_id=face.id,
                            person_id=person.id,
                            defaults={"score": (locked.scores or {}).get(str(face.id), 0.0)},
                        )
                        kept.append(face.id)
                        if created or questions:
                            asked.append(suggestion.id)
                else:
                    actor = Actor.participant(participant)
                    for face in faces:
                        await assignments.assign(face, person.id, actor, prototype=None, note=NOTE)
                        await Suggestion.filter(
                            face_id=face.id, status=SuggestionStatus.PENDING
                        ).update(status=SuggestionStatus.EXPIRED)
                        deliveries += await deliver_to_new_guardians(self._jobs, face.photo, person)
                        changed.append(face.id)
                    if questions and faces:  # confirmed faces: candidate prototypes
                        choose = await prototype_choice.ask([person.id])
        if stale:
            if sheet:
                for face_id in _ids(locked.face_ids):
                    await drop_crop(self._blobs, self._store, face_id)
            await look_back(self._jobs, person.id)
            return Answered(Answer.STALE, person.name, group.title, sheet=sheet)
        await assignments.queue_syncs(self._jobs, changed)
        await prototype_choice.queue(self._jobs, choose)
        for delivery_id in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        for suggestion_id in asked:
            if questions:  # already asked: now to the presser on its own
                await self._jobs.enqueue(
                    job_names.ASK_ONE,
                    str(suggestion_id),
                    str(participant.id),
                    job_id=f"{job_names.ASK_ONE}:{suggestion_id}:{participant.id}",  # as the cron
                )
            else:
                await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)
        if sheet:  # the crops of faces not asked about one by one go now
            for face_id in _ids(locked.face_ids) - set(kept):
                await drop_crop(self._blobs, self._store, face_id)
        to_you = await Delivery.filter(id__in=deliveries, participant_id=participant.id).count()
        others = [(chat, message) for chat, message in locked.sent_to or [] if chat != user_id]
        log.info("offer %s answered %s: %d earlier photo(s) sent", offer.id, reply, len(changed))
        answers = {
            Reply.SEND: Answer.SENT,
            Reply.NO: Answer.DECLINED,
            Reply.SOME: Answer.ONE_BY_ONE,
        }
        return Answered(
            answers[reply],
            person.name,
            group.title,
            handled if questions else len(changed),
            sheet=sheet,
            to_you=to_you,
            others=others,
            questions=questions,
            closed=closed,
        )

    @staticmethod
    async def _still_offerable(offer: EarlierPhotos, person: Person, group: Group) -> list[Face]:
        """The offer's faces that may still become the person's now (locked): nobody's, of
        a photo of the group not taken down and within retention, one face per photo, in no
        photo the person is already in."""
        faces = (
            Face.select_for_update()
            .filter(
                id__in=offer.face_ids,
                person_id=None,
                photo__group_id=group.id,
                photo__removed_at__isnull=True,
            )
            .prefetch_related("photo")
        )
        if offer.participant_id is not None:  # type: ignore[attr-defined]
            # A batch of questions: only faces whose question is still open.
            faces = faces.filter(
                id__in=await Suggestion.filter(
                    face_id__in=offer.face_ids,
                    person_id=person.id,
                    status=SuggestionStatus.PENDING,
                ).values_list("face_id", flat=True)
            )
        since = posted_since(group, person, datetime.now(UTC))
        if since is not None:
            faces = faces.filter(photo__posted_at__gte=since)
        kept: list[Face] = []
        photos = _ids(
            await Face.filter(person_id=person.id, photo__group_id=group.id).values_list(
                "photo_id", flat=True
            )
        )
        for face in await faces:
            if face.photo is None or face.photo.id in photos:
                continue
            photos.add(face.photo.id)
            kept.append(face)
        return kept


async def _answer_questions(
    faces: list[Face], person: Person, participant: Participant, reply: Reply
) -> None:
    """A batch's press answers each face's own question about the person: all are (yes),
    none is (no); "some are" leaves them open, to be asked one by one."""
    if reply == Reply.SOME:
        return
    status = SuggestionStatus.ACCEPTED if reply == Reply.SEND else SuggestionStatus.REJECTED
    await Suggestion.filter(
        face_id__in=[face.id for face in faces],
        person_id=person.id,
        status=SuggestionStatus.PENDING,
    ).update(status=status, reviewed_by_id=participant.id, reviewed_at=datetime.now(UTC))


async def _prototypes_still(person: Person, offer: EarlierPhotos) -> bool:
    """Whether every prototype that found the offer's faces is still the person's."""
    used = offer.prototype_ids or []
    if not used:
        return True
    still = await Prototype.filter(person_id=person.id, face_id__in=used).count()
    return still == len(used)


def _ids(values: Iterable[object]) -> set[UUID]:
    return {UUID(str(value)) for value in values}
