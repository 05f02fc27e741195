"""Earlier photos: once a person is enrolled, or gains a prototype (a guardian said "yes,
that's Sara"), facedrop looks back through the photos already posted in the person's
groups for faces nobody holds that look like the person.

Confident matches (what recognition would have sent) are shown, never sent unasked: "I
found 3 earlier photos of Sara in 5B. Are these faces (numbered) Sara?", a sheet of the
faces answered all / some / none (one face alone is asked about as a new photo's is, the
photo shown with the face marked). Uncertain ones become questions ("Is this Sara?"), as
for a new photo. Only photos of groups where a guardian of the person is a member now,
not taken down, within the group's retention, not taken before the person's birth date. A
face is offered or asked about once per person: a "none is Sara" is remembered, and a
face a guardian took off the person ("Remove this photo only") is never offered for it
again, to anyone. "All are" checks every face again at the press: still nobody's, the
photo still there and within retention, the presser still in the group; what passes
becomes the person's (audited like every assignment) and goes to their guardians, as
albums.

Every answer checks first that the presser is a guardian of the person, and says nothing
about the person otherwise."""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections.crops import drop_crop
from domain.corrections.stores import CropStore
from domain.earlier_photos import Reply, look_back
from domain.earlier_photos.shown import offer_question
from domain.earlier_photos.stores import (
    EarlierPhoto,
    EarlierPhotoStore,
    InFrame,
    LookGroup,
    NewOffer,
    Offered,
    Seeker,
)
from domain.errors import ImageError
from domain.events import EventBus, history_changed
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.recognition import prototype_choice
from domain.recognition.assignments import queue_syncs
from domain.recognition.clips import ClipStills
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.recognition.faces import FaceEngine, Vector, analyze_bounded
from domain.recognition.matching import MIN_AGREEING, Verdict
from domain.recognition.service import (
    MATCHABLE,
    FaceCut,
    Recognition,
    crop_key,
    face_id_for,
    keep_crop,
)
from domain.recognition.strictness import effective
from domain.recognition.thresholds import MatchThresholds
from domain.retry import TryAgainLater
from domain.states import OfferStatus, SuggestionStatus
from domain.telegram import (
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


class Kept(Protocol):
    """A group, as far as how long it keeps its photos' faces goes."""

    @property
    def retention_days(self) -> int | None: ...


class Born(Protocol):
    """A person, as far as their birth date goes."""

    @property
    def birth_date(self) -> date | None: ...


def posted_since(group: Kept, person: Born, now: datetime) -> datetime | None:
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
        offers: EarlierPhotoStore,
        face_sheet: Callable[[Sequence[bytes]], bytes],
        stills: ClipStills,
        face_crop: Callable[[bytes, tuple[float, float, float, float]], bytes | None],
        crops_keep: timedelta = timedelta(days=30),
        enabled: bool = True,
    ) -> None:
        """``store``: the crops kept for questions; ``offers``: the faces looked at and the
        offers made; ``face_sheet`` draws a sheet of numbered crops, ``face_crop`` cuts a
        box (x, y, width, height) out of a picture (the image codec); ``stills`` gives a
        clip's frame, to cut a clip's face from."""
        self._store = store
        self._stills = stills
        self._face_crop = face_crop
        self._offers = offers
        self._face_sheet = face_sheet
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
        person = await self._offers.seeker(person_id)
        if person is None or not self._enabled:
            return Found(0, 0)  # paused, gone, not enrolled yet, or looking back is off
        prototypes = await self._offers.prototype_faces(person.id)
        found_vectors = await self._index.vectors(prototypes)
        vectors = list(found_vectors.values())
        used = sorted(str(p) for p in found_vectors)  # what found them, for the press
        if not vectors:
            return Found(0, 0)
        offered = asked = 0
        for group in await self._offers.groups_of(person.id):
            if person.id in await self._offers.blocked(group.id):
                continue
            found = await self._look_in(person, group, vectors, used)
            offered += found.offered
            asked += found.asked
        log.info("person %s: %d earlier face(s) offered, %d asked about", person.id, offered, asked)
        return Found(offered, asked)

    async def _candidates(
        self, person: Seeker, group: LookGroup, vectors: list[Vector]
    ) -> Candidates:
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
        since = posted_since(group, person, datetime.now(UTC))
        # Never what was posted while one of its guardians was banned from the group: the
        # organizers were told they get nothing of it (findings13 11).
        banned = await self._offers.banned_spans(person.id, group.id)
        faces = await self._offers.unheld(list(near), group.id, since, banned)
        # Asked about, rejected, or offered before (and not taken: a "no, thanks" is
        # remembered), or waiting.
        seen = await self._offers.seen(person.id, list(faces))
        theirs = await self._offers.photos_with(
            person.id, list({photo for photo, _ in faces.values()})
        )
        for face, (photo, cluster) in faces.items():
            if face not in seen and photo not in theirs:
                found.by_photo[photo].append(face)
                if cluster is not None:
                    found.by_cluster[cluster].append(face)
        return found

    async def _look_in(
        self, person: Seeker, group: LookGroup, vectors: list[Vector], used: list[str]
    ) -> Found:
        candidates = await self._candidates(person, group, vectors)
        by_photo = candidates.by_photo
        if not by_photo:
            return Found(0, 0)
        embeddings = await self._index.vectors([f for faces in by_photo.values() for f in faces])
        thresholds = effective(self._thresholds, group.strictness)
        photos = await self._offers.photos(list(by_photo))
        offer: dict[UUID, tuple[UUID, float]] = {}  # face -> (photo, score)
        ask: dict[UUID, tuple[UUID, float]] = {}
        # An earlier face is asked about only when several of the person's prototypes find
        # it alike: one (often the newest) is weak evidence, and each question shows a
        # face that may be another family's child.
        needed = min(MIN_AGREEING, len(vectors))
        for photo_id, faces in sorted(by_photo.items(), key=lambda item: photos[item[0]].posted_at):
            persons = await self._offers.matchable(group.id, photos[photo_id].posted_at.date())
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
        if not await self._offers.receivers(person.id, group.id):
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
        candidates: Candidates,
        ask: dict[UUID, tuple[UUID, float]],
        photos: dict[UUID, EarlierPhoto],
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

    async def _crops(self, photo: EarlierPhoto, face_ids: Sequence[UUID]) -> dict[UUID, FaceCut]:
        """These faces of the post cut again from it (by face id): a photo's (or a clip's
        read from its thumbnail) by the model, as recognition cut them; a clip's each from
        the frame it was best seen in. None when it cannot be fetched or read any more
        (deleted, taken down, expired)."""
        try:
            data = await self._messenger.download(photo.preview_file_id or photo.file_id)
            if photo.read_whole:
                return await self._clip_crops(data, await self._offers.in_frames(face_ids))
            found = await analyze_bounded(
                self._engine, data, crops=True, attempt=1, what=f"photo {photo.id}"
            )
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 10) from None
        except (ChatUnavailable, ImageError) as error:
            log.info("photo %s: no crop of an earlier face: %s", photo.id, error)
            return {}
        return {
            face_id_for(photo.id, face): FaceCut(face.crop) for face in found.faces if face.crop
        }

    async def _clip_crops(self, data: bytes, faces: Sequence[InFrame]) -> dict[UUID, FaceCut]:
        """Each face cut from its frame of the clip: one frame decoded a face (and none
        twice), no model."""
        frames: dict[float, bytes] = {}
        cuts: dict[UUID, FaceCut] = {}
        for face in faces:
            if face.at_s not in frames:
                frames[face.at_s] = await self._stills.frame_at(data, face.at_s)
            crop = self._face_crop(frames[face.at_s], face.box)
            if crop is not None:
                cuts[face.face_id] = FaceCut(crop, frames[face.at_s])
        return cuts

    async def _keep_crop(self, photo_id: UUID, face_id: UUID, cut: FaceCut) -> None:
        """The face's crop (and a clip's face's frame, beside it), kept while its question
        waits for an answer; whatever drops the crop drops both."""
        key = crop_key(photo_id, face_id)
        await keep_crop(self._blobs, key, cut, self._crops_keep)
        await self._offers.keep_crop(face_id, key)

    async def _ask(self, photo: EarlierPhoto, person: Seeker, face_id: UUID, score: float) -> int:
        """An uncertain face becomes a question, with its crop cut again from the photo."""
        cut = (await self._crops(photo, [face_id])).get(face_id)
        if cut is None or not await self._offers.still_unknown(person.id, [face_id]):
            return 0
        await self._keep_crop(photo.id, face_id, cut)
        suggestion_id, created = await self._offers.suggest(face_id, person.id, score)
        if created:
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)
        return int(created)

    async def _ask_sheet(
        self,
        person: Seeker,
        group: LookGroup,
        cluster_id: UUID | None,
        faces: list[tuple[UUID, float]],
        photos: dict[UUID, EarlierPhoto],
        used: list[str],
    ) -> int:
        """One question about several faces on one numbered sheet: faces that look alike
        (``cluster_id``: "These 5 faces look like Sara"), or faces sure enough to send
        ("I found 3 earlier photos of Sara: are these faces Sara?"). The faces' crops are
        kept until it is answered ("some are" asks about each with its crop). How many
        faces it showed."""
        photo_of = await self._offers.photos_of_faces([f for f, _ in faces])
        crops: dict[UUID, FaceCut] = {}
        for photo_id in dict.fromkeys(photo_of[f] for f, _ in faces):
            wanted = [face for face, _ in faces if photo_of[face] == photo_id]
            crops.update(await self._crops(photos[photo_id], wanted))
        shown = await self._offers.still_unknown(
            person.id, [face for face, _ in faces if face in crops]
        )
        if len(shown) < 2:
            return 0
        # Kept until the sheet is answered: "Some are" asks about each face with its crop.
        for face in shown:
            await self._keep_crop(photo_of[face], face, crops[face])
        scores = dict(faces)
        offer_id = await self._offers.create_offer(
            NewOffer(
                person.id,
                group.id,
                shown,
                {face: round(scores[face], 4) for face in shown},
                cluster_id,
                used,
            )
        )
        sheet = self._face_sheet([crops[face].crop for face in shown])

        clips = sum(photos[photo_of[face]].clip for face in shown)

        def send(chat: int) -> Awaitable[int]:
            """The offer, in the language of the guardian at hand (``_show`` sets it)."""
            caption, buttons = offer_question(
                offer_id,
                person.name,
                group.title,
                len(shown),
                clips,
                look_alikes=cluster_id is not None,
            )
            return self._messenger.send_photo(chat, sheet, caption, buttons)

        shown_to = await self._show(offer_id, shown, person, group, send)
        if not shown_to:
            for face in shown:
                await drop_crop(self._blobs, self._store, face)
        return len(shown) if shown_to else 0

    async def _show(
        self,
        offer_id: UUID,
        faces: list[UUID],
        person: Seeker,
        group: LookGroup,
        send: Callable[[int], Awaitable[int]],
    ) -> bool:
        """Send the offer to each guardian who receives the person's photos from the group,
        recording each message as it goes (a takedown deletes what the row names). Checked
        again after sending: a photo taken down, a face taken or a person gone meanwhile
        takes the offer back. An offer nobody got is forgotten (its faces may be offered
        again). Whether anyone got it."""
        sent_to: list[list[int]] = []
        for receiver in await self._offers.receivers(person.id, group.id):
            try:
                with speaking_to_participant(receiver):
                    sending = send(receiver.telegram_user_id)
                message_id = await sending
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("offer %s not sent to participant %s: %s", offer_id, receiver.id, error)
                continue
            sent_to.append([receiver.telegram_user_id, message_id])
            await self._offers.sent_to(offer_id, sent_to)
        if sent_to and len(await self._offers.still_unknown(person.id, faces)) == len(faces):
            return True
        for chat_id, message_id in sent_to:
            with contextlib.suppress(TelegramUnavailable):
                await self._messenger.delete_message(chat_id, message_id)
        await self._offers.drop_offer(offer_id)
        return False


class Answer(StrEnum):
    SENT = "sent"
    DECLINED = "declined"
    ONE_BY_ONE = "one_by_one"  # a sheet's faces are asked about one by one
    STALE = "stale"  # found with a face that is no longer the person's: looked for again
    ALREADY = "already"  # answered before (by them or a co-guardian)
    NOT_YOURS = "not_yours"
    LEFT = "left"  # the presser is no longer in the group (or may not receive from it)
    CLOSED = "closed"  # closed unanswered: its faces are gone (past the group's retention)


@dataclass(frozen=True, slots=True)
class Answered:
    answer: Answer
    name: str = ""
    group: str = ""
    photos: int = 0  # photos that go (after the check at the press)
    sheet: bool = False  # the offer was a sheet of look-alike faces (a photo message)
    to_you: int = 0  # of ``photos``, those on their way to the presser
    clips: int = 0  # of ``photos``, clips (counted apart: "2 photos and 1 clip")
    clips_to_you: int = 0  # of ``to_you``, clips
    # The offer's messages to the other guardians (chat, message): the answer holds for all.
    others: list[tuple[int, int]] = field(default_factory=list)
    questions: bool = False  # a batch of the presser's questions (``corrections.batches``)
    closed: int = 0  # of a batch's faces, those settled before the press (left as they are)


@dataclass
class Settled:
    """What an answer changed under the offer's lock, for what follows once it commits."""

    stale: bool = False  # found with a prototype that is no longer the person's
    gone: bool = False  # closed before the press: none of its faces is left
    handled: int = 0  # faces the answer applied to
    closed: int = 0  # of a batch's faces, those settled before the press
    deliveries: list[UUID] = field(default_factory=list)
    of_clips: list[UUID] = field(default_factory=list)  # of ``deliveries``, those of clips
    changed: list[UUID] = field(default_factory=list)  # faces that became the person's
    clips: int = 0  # of ``changed``, faces in clips
    asked: list[UUID] = field(default_factory=list)  # questions to ask one by one
    kept: list[UUID] = field(default_factory=list)  # faces whose crops stay for those
    choose: list[UUID] = field(default_factory=list)  # persons whose prototypes to choose


OFFER_STATUS = {
    Reply.SEND: OfferStatus.SENT,
    Reply.NO: OfferStatus.DECLINED,
    Reply.SOME: OfferStatus.ONE_BY_ONE,
}
ANSWERS = {Reply.SEND: Answer.SENT, Reply.NO: Answer.DECLINED, Reply.SOME: Answer.ONE_BY_ONE}


class EarlierPhotoAnswers:
    """A guardian's answer to "I found 3 earlier photos of Sara: are these faces Sara?"
    (the bot)."""

    def __init__(
        self,
        jobs: JobQueue,
        blobs: BlobStore,
        store: CropStore,
        offers: EarlierPhotoStore,
        events: EventBus | None = None,
    ) -> None:
        """``events``: told each change /history lists (None: nobody reacts)."""
        self._jobs = jobs
        self._blobs = blobs
        self._store = store
        self._offers = offers
        self._events = events

    async def answer(self, offer_id: UUID, user_id: int, reply: Reply) -> Answered:
        offer = await self._offers.offered(offer_id)
        participant = await self._offers.guardian(user_id, offer.person_id) if offer else None
        if offer is None or participant is None:
            return Answered(Answer.NOT_YOURS)
        name, title, sheet = offer.person_name, offer.group_title, offer.sheet
        said = Answered(Answer.ALREADY, name, title, sheet=sheet, questions=offer.questions)
        if offer.person_status not in MATCHABLE or (reply == Reply.SOME and not sheet):
            return said
        receivers = await self._offers.receivers(offer.person_id, offer.group_id)
        if participant not in {receiver.id for receiver in receivers}:
            return Answered(Answer.LEFT, name, title, sheet=sheet)
        async with self._offers.transaction():
            settled = await self._settle(offer, participant, reply)
        if settled is None:
            return said
        if settled.gone:
            return Answered(Answer.CLOSED, name, title, sheet=sheet)
        if settled.stale:
            if sheet:
                for face_id in offer.face_ids:
                    await drop_crop(self._blobs, self._store, face_id)
            await look_back(self._jobs, offer.person_id)
            return Answered(Answer.STALE, name, title, sheet=sheet)
        await self._queue(settled, participant, offer.questions)
        if settled.changed or reply == Reply.NO:
            # Faces given to the person, or "no"s: /history lines the older lists lack.
            await history_changed(self._events, [offer.person_id])
        if offer.questions and reply != Reply.SOME:
            # The same questions asked of a co-guardian one by one say who answered now,
            # as a single question's answer does, not at the cron's next minute.
            await self._jobs.enqueue(
                job_names.WITHDRAW_QUESTIONS, job_id=job_names.WITHDRAW_QUESTIONS
            )
        if sheet:  # the crops of faces not asked about one by one go now
            for face_id in set(offer.face_ids) - set(settled.kept):
                await drop_crop(self._blobs, self._store, face_id)
        log.info(
            "offer %s answered %s: %d earlier photo(s) sent", offer.id, reply, len(settled.changed)
        )
        return Answered(
            ANSWERS[reply],
            name,
            title,
            settled.handled if offer.questions else len(settled.changed),
            sheet=sheet,
            to_you=await self._offers.deliveries_to(settled.deliveries, participant),
            clips=settled.clips,
            clips_to_you=await self._offers.deliveries_to(settled.of_clips, participant),
            others=[(chat, message) for chat, message in offer.sent_to if chat != user_id],
            questions=offer.questions,
            closed=settled.closed,
        )

    async def _settle(self, offer: Offered, participant: UUID, reply: Reply) -> Settled | None:
        """The answer, inside the transaction that holds the offer's lock; None: answered
        before, or its person is no longer matched (read again under the lock: a deletion
        or merge may have begun since)."""
        locked = await self._offers.lock(offer.id, offer.person_id)
        if locked.status == OfferStatus.CLOSED and not offer.questions:
            return Settled(gone=True)
        if locked.status != OfferStatus.PENDING or locked.person_status not in MATCHABLE:
            return None
        if reply != Reply.NO and not await self._offers.prototypes_still(
            offer.person_id, locked.prototype_ids
        ):
            # Found with a face that is no longer the person's (a guardian corrected it, or
            # it was taken down): not sent; looked for again with what is left.
            await self._offers.mark(offer.id, OfferStatus.STALE)
            return Settled(stale=True)
        await self._offers.mark(offer.id, OFFER_STATUS[reply], participant)
        faces = await self._still_offerable(offer)
        settled = Settled(
            handled=len(faces), closed=len(offer.face_ids) - len(faces) if offer.questions else 0
        )
        if offer.questions and reply != Reply.SOME:
            # Each face's own question is answered by this press: all are (yes), none is
            # (no); "some are" leaves them open, to be asked one by one.
            status = SuggestionStatus.ACCEPTED if reply == Reply.SEND else SuggestionStatus.REJECTED
            await self._offers.answer_questions(faces, offer.person_id, participant, status)
        if reply == Reply.NO:
            if offer.sheet:  # "none is Sara": each face a negative example for her
                await self._offers.reject(faces, offer.person_id, participant)
        elif reply == Reply.SOME:
            for face in faces:
                score = locked.scores.get(face, 0.0)
                suggestion, created = await self._offers.suggest(face, offer.person_id, score)
                settled.kept.append(face)
                if created or offer.questions:
                    settled.asked.append(suggestion)
        else:
            photo_of = await self._offers.photos_of_faces(faces)
            posts = await self._offers.photos(list(set(photo_of.values())))
            for face in faces:
                deliveries = await self._offers.assign(face, offer.person_id, participant, NOTE)
                settled.deliveries += deliveries
                settled.changed.append(face)
                if posts[photo_of[face]].clip:
                    settled.of_clips += deliveries
                    settled.clips += 1
            if offer.questions and faces:  # confirmed faces: candidate prototypes
                settled.choose = await self._offers.choose_prototypes(offer.person_id)
        return settled

    async def _still_offerable(self, offer: Offered) -> list[UUID]:
        """The offer's faces that may still become the person's now (locked): nobody's, of
        a photo of the group not taken down and within retention, one face per photo, in no
        photo the person is already in."""
        since = posted_since(offer, offer, datetime.now(UTC))
        photos = await self._offers.photos_of_person(offer.person_id, offer.group_id)
        kept: list[UUID] = []
        for face, photo in await self._offers.still_offerable(
            offer.id, offer.person_id, offer.group_id, since
        ):
            if photo in photos:
                continue
            photos.add(photo)
            kept.append(face)
        return kept

    async def _queue(self, settled: Settled, participant: UUID, questions: bool) -> None:
        """The jobs the answer calls for, once it committed: the faces' index payloads, the
        prototypes chosen again, the deliveries, the questions."""
        await queue_syncs(self._jobs, settled.changed)
        await prototype_choice.queue(self._jobs, settled.choose)
        for delivery_id in settled.deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        for suggestion_id in settled.asked:
            if questions:  # already asked: now to the presser on its own
                await self._jobs.enqueue(
                    job_names.ASK_ONE,
                    str(suggestion_id),
                    str(participant),
                    job_id=f"{job_names.ASK_ONE}:{suggestion_id}:{participant}",  # as the cron
                )
            else:
                await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)
