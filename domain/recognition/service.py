"""Recognizing a group photo: find the faces, match them to the persons whose
guardians are members of the group, and plan deliveries and suggestions."""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.delivery.batch_jobs import queue_album
from domain.errors import ImageError
from domain.infra.models import (
    Approval,
    AssignmentEvent,
    Delivery,
    Face,
    FaceRejection,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.queries import face_days, ids_of
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.observability import metrics
from domain.recognition import ages
from domain.recognition.assignments import SYSTEM, event
from domain.recognition.face_index import FaceFilter, FaceIndex, Hit, IndexedFace
from domain.recognition.faces import DetectedFace, FaceEngine, Vector, analyze_bounded
from domain.recognition.matching import (
    COHORT_GAP,
    Candidates,
    Decision,
    Verdict,
    alike_elsewhere,
    candidates_from,
    decide,
)
from domain.recognition.strictness import effective
from domain.recognition.thresholds import MatchThresholds
from domain.retry import TryAgainLater
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    AssignmentOperation,
    DeliveryMode,
    DeliveryStatus,
    FaceSource,
    MembershipStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)
from domain.telegram import ChatUnavailable, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)
FACE_IDS = uuid.UUID("0b8f2f7e-64a4-4e0b-8f3c-6a9e1d2c3b4a")
MATCHABLE = (PersonStatus.ACTIVE, PersonStatus.PAUSED)
DELIVERABLE = PersonStatus.ACTIVE
# How many of the group's faces most alike to a face to be asked about are looked at
# (``Recognition._alike_elsewhere``).
COHORT_LOOK = 5


@dataclass
class Timings:
    """Seconds spent in each step of one photo, for logs and the benchmark."""

    download: float = 0.0
    detect_embed: float = 0.0
    match: float = 0.0
    store: float = 0.0
    faces: int = 0


def face_id_for(photo_id: UUID, face: DetectedFace) -> UUID:
    """The same face of the same photo always gets the same id (re-runs overwrite)."""
    x1, y1, x2, y2 = (round(v) for v in face.bbox)
    return uuid.uuid5(FACE_IDS, f"{photo_id}:{x1}:{y1}:{x2 - x1}:{y2 - y1}")


def crop_key(photo_id: UUID, face_id: UUID) -> str:
    return f"crops/{photo_id}/{face_id}.jpg"


async def blocked_persons(group_id: UUID) -> set[UUID]:
    """Persons not to be recognized in this group: the organizers' approval of them there
    is pending or rejected (``ApprovalStatus.blocks``; asked and decided by
    ``domain.moderation.approvals``)."""
    group = await Group.get_or_none(id=group_id)
    if group is None:
        return set()
    rows = await Approval.filter(
        group_id=group_id,
        kind=ApprovalKind.PERSON,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
    ).values_list("person_id", "status")
    return {
        UUID(str(person))
        for person, status in rows
        if ApprovalStatus(status).blocks(group.requires_approval)
    }


async def blocked_guardians(group_id: UUID, person_id: UUID) -> set[UUID]:
    """Guardians of the person who get nothing of it from this group: their own approval
    there is pending or rejected."""
    group = await Group.get_or_none(id=group_id)
    if group is None:
        return set()
    rows = await Approval.filter(
        group_id=group_id,
        kind=ApprovalKind.GUARDIAN,
        person_id=person_id,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
    ).values_list("participant_id", "status")
    return {
        UUID(str(participant))
        for participant, status in rows
        if participant is not None and ApprovalStatus(status).blocks(group.requires_approval)
    }


async def matchable_persons(group_id: UUID, taken_on: date) -> dict[UUID, Person]:
    """Persons who may be recognized in this group: enrolled, with a guardian who is a
    member, born by the day the photo was taken, and not waiting for (or refused) the
    organizers' approval there."""
    persons = await Person.filter(
        Q(birth_date__isnull=True) | Q(birth_date__lte=taken_on),
        status__in=MATCHABLE,
        guardianships__participant__memberships__group_id=group_id,
        guardianships__participant__memberships__status=MembershipStatus.MEMBER,
    ).distinct()
    blocked = await blocked_persons(group_id)
    return {person.id: person for person in persons if person.id not in blocked}


async def negative_examples(person_ids: Collection[UUID]) -> dict[UUID, list[UUID]]:
    """The faces that count as "not this person", by face: each face a guardian rejected
    for a person (a "no", "that isn't Alice", "none is Alice"), and every face nobody
    holds in that face's cluster of look-alikes: a "no" teaches the cluster. A face
    within one is scored against the person's negative examples as a rejected face is
    (``matching``: vetoed unless it scores ``auto`` or more, then only asked about)."""
    rejected: dict[UUID, list[UUID]] = defaultdict(list)  # face -> persons
    by_cluster: dict[UUID, set[UUID]] = defaultdict(set)  # cluster -> persons
    for face_id, person_id, cluster_id in await FaceRejection.filter(
        person_id__in=person_ids
    ).values_list("face_id", "person_id", "face__cluster_id"):
        rejected[face_id].append(person_id)
        if cluster_id is not None:
            by_cluster[cluster_id].add(person_id)
    if by_cluster:
        for face_id, cluster_id in await Face.filter(
            cluster_id__in=list(by_cluster), person_id=None
        ).values_list("id", "cluster_id"):
            for person_id in by_cluster[cluster_id]:
                if person_id not in rejected[face_id]:
                    rejected[face_id].append(person_id)
    return rejected


async def _age_weighting(
    hits: Sequence[Sequence[Hit]], taken_on: date | None, penalty: float
) -> Callable[[Hit], float]:
    """Each prototype hit's score, weighed by the child's growth between the prototype's
    photo and one taken on ``taken_on`` (for persons with a birth date; as found for the
    others, and for every hit without ``taken_on``)."""
    if taken_on is None:
        return lambda hit: hit.score
    persons = {hit.person_id for found in hits for hit in found if hit.person_id is not None}
    born = dict(
        await Person.filter(id__in=list(persons), birth_date__isnull=False).values_list(
            "id", "birth_date"
        )
    )
    if not born:
        return lambda hit: hit.score
    days = await face_days(
        [hit.face_id for found in hits for hit in found if hit.person_id in born]
    )
    return lambda hit: ages.weighted(
        hit.score, born.get(hit.person_id), days.get(hit.face_id), taken_on, penalty
    )


async def babies(person_ids: Collection[UUID], day: date) -> set[UUID]:
    """Of these persons, those younger than ``ages.BABY_YEARS`` on ``day`` (by their birth
    date; a person without one is no baby)."""
    return {
        UUID(str(person))
        for person, born in await Person.filter(
            id__in=list(person_ids), birth_date__isnull=False
        ).values_list("id", "birth_date")
        if ages.is_baby(born, day)
    }


async def sibling_pairs(person_ids: Collection[UUID]) -> set[frozenset[UUID]]:
    """The pairs of these persons who share a guardian (matching asks which of the two a
    face is when both are close to it)."""
    persons_of: dict[UUID, set[UUID]] = defaultdict(set)
    for participant_id, person_id in await Guardianship.filter(
        person_id__in=list(person_ids)
    ).values_list("participant_id", "person_id"):
        persons_of[participant_id].add(person_id)
    return {
        frozenset((first, second))
        for persons in persons_of.values()
        for first in persons
        for second in persons
        if first != second
    }


async def receiving_guardians(person_id: UUID, group_id: UUID) -> list[Participant]:
    """The guardians of a person who get its photos from this group (none while the person
    is not approved there; not a co-guardian waiting for, or refused, their approval)."""
    if person_id in await blocked_persons(group_id):
        return []
    blocked = await blocked_guardians(group_id, person_id)
    guardians = await Participant.filter(
        guardianships__person_id=person_id,
        memberships__group_id=group_id,
        memberships__status=MembershipStatus.MEMBER,
    ).distinct()
    return [guardian for guardian in guardians if guardian.id not in blocked]


async def recipients(photo: Photo, person_id: UUID) -> list[Participant]:
    """The guardians a photo of the person goes to: those in its group, but not the poster
    of their own photo unless they asked for it (``receive_own_photos``)."""
    return [
        guardian
        for guardian in await receiving_guardians(person_id, photo.group_id)  # type: ignore[attr-defined]
        if guardian.telegram_user_id != photo.posted_by_user_id or guardian.receive_own_photos
    ]


def _face_row(photo: Photo, decision: Decision[UUID], face: DetectedFace) -> Face:
    x1, y1, x2, y2 = (round(v) for v in face.bbox)
    suggested = decision.verdict == Verdict.SUGGEST
    return Face(
        id=decision.face,
        photo_id=photo.id,
        person_id=decision.person if decision.verdict == Verdict.ASSIGN else None,
        source=FaceSource.GROUP_PHOTO,
        bbox_x=x1,
        bbox_y=y1,
        bbox_w=x2 - x1,
        bbox_h=y2 - y1,
        landmarks=[list(p) for p in face.landmarks],
        det_score=face.det_score,
        quality=face.quality.score,
        crop_key=crop_key(photo.id, decision.face) if suggested else None,
        **prototype_evidence(decision),
    )


def _suggestions(decision: Decision[UUID]) -> list[Suggestion]:
    """A suggestion for the decision's person; with a sibling close to the face, one for
    each of the two, paired under the leading (best-scoring) one's id."""
    lead = Suggestion(
        id=uuid.uuid4(),
        face_id=decision.face,
        person_id=decision.person,
        score=decision.score or 0.0,
    )
    if decision.also is None:
        return [lead]
    lead.pair_id = lead.id
    return [
        lead,
        Suggestion(
            face_id=decision.face,
            person_id=decision.also,
            score=decision.also_score or 0.0,
            pair_id=lead.id,
        ),
    ]


def prototype_evidence(decision: Decision[UUID]) -> dict[str, Any]:
    """What a face row records of the prototypes that matched the person it was assigned or
    suggested to (seed 002's names): their ids (the prototypes' faces), best first, each
    one's score, and how many; all NULL for a face matched to nobody."""
    if decision.person is None:
        return {
            "matching_prototype_ids": None,
            "prototype_scores": None,
            "prototype_match_count": None,
        }
    return {
        "matching_prototype_ids": [str(p) for p in decision.prototypes],
        "prototype_scores": {str(p): round(s, 4) for p, s in decision.prototypes.items()},
        "prototype_match_count": len(decision.prototypes),
    }


class Recognition:
    def __init__(
        self,
        engine: FaceEngine,
        index: FaceIndex,
        messenger: Messenger,
        jobs: JobQueue,
        blobs: BlobStore,
        thresholds: MatchThresholds,
        *,
        crops_keep: timedelta = timedelta(days=30),
        album_window: timedelta = timedelta(minutes=3),
        age_penalty: float = ages.PENALTY,
    ) -> None:
        self._engine = engine
        self._index = index
        self._messenger = messenger
        self._jobs = jobs
        self._blobs = blobs
        self._thresholds = thresholds
        self._crops_keep = crops_keep
        self._album_window = album_window
        self._age_penalty = age_penalty

    async def process(self, photo_id: UUID) -> Timings | None:
        """Recognize one photo; safe to run again (it only finishes unfinished work)."""
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        if photo is None:
            return None
        if photo.status == PhotoStatus.DONE:
            await self._queue_follow_ups(photo.id)
            return None
        if photo.status in (PhotoStatus.FAILED, PhotoStatus.REMOVED):
            return None
        if not photo.group.is_active:
            await self._fail(photo, "the bot is no longer in the group")
            return None
        if photo.group.paused_at is not None:
            return None  # the organizers paused the group: resuming queues it again
        attempt = photo.attempts + 1
        started_now = await Photo.filter(id=photo.id, removed_at__isnull=True).update(
            status=PhotoStatus.PROCESSING, attempts=attempt
        )
        if not started_now:
            return None  # taken down meanwhile

        timings = Timings()
        started = time.perf_counter()
        try:
            data = await self._messenger.download(photo.file_id)
        except ChatUnavailable as error:
            await self._fail(photo, f"cannot download: {error}")
            return None
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 10) from None
        timings.download = time.perf_counter() - started

        started = time.perf_counter()
        try:
            found = await analyze_bounded(
                self._engine, data, crops=True, attempt=attempt, what=f"photo {photo.id}"
            )
        except ImageError as error:
            await self._fail(photo, str(error))
            return None
        timings.detect_embed = time.perf_counter() - started
        timings.faces = len(found.faces)

        started = time.perf_counter()
        persons = await matchable_persons(photo.group.id, photo.posted_at.date())
        keyed = {face_id_for(photo.id, face): face for face in found.faces}
        # The group's organizers may only make matching stricter than calibrated.
        thresholds = effective(self._thresholds, photo.group.strictness)
        embeddings = {face_id: face.embedding for face_id, face in keyed.items()}
        decisions = await self.decide(
            embeddings,
            list(persons),
            thresholds,
            photo.posted_at.date(),
            among=(photo.group.id, photo.id),
        )
        timings.match = time.perf_counter() - started

        started = time.perf_counter()
        assigned = {d.face: d.person for d in decisions if d.verdict == Verdict.ASSIGN}
        await self._index.upsert(
            [
                IndexedFace(
                    face_id=face_id,
                    embedding=face.embedding,
                    photo_id=photo.id,
                    group_id=photo.group.id,
                    person_id=assigned.get(face_id),
                )
                for face_id, face in keyed.items()
            ]
        )
        for decision in decisions:
            crop = keyed[decision.face].crop
            if decision.verdict == Verdict.SUGGEST and crop:
                await self._blobs.put(
                    crop_key(photo.id, decision.face),
                    crop,
                    expires_at=datetime.now(UTC) + self._crops_keep,
                    content_type="image/jpeg",
                )
        await self._store(photo, keyed, decisions, found.width, found.height)
        if await Photo.exists(id=photo.id, removed_at__isnull=False):
            # Taken down while recognized: take back what was just written.
            await self._index.delete(FaceFilter(photo_ids=[photo.id]))
            await self._blobs.delete_prefix(f"crops/{photo.id}/")
            return None
        timings.store = time.perf_counter() - started
        metrics.FACES_DETECTED.inc(len(keyed))
        metrics.RECOGNITION_SECONDS.observe(
            timings.download + timings.detect_embed + timings.match + timings.store
        )
        log.info(
            "photo %s: %d faces, %d assigned, %d suggested "
            "(download %.3fs, model %.3fs, match %.3fs, store %.3fs)",
            photo.id,
            len(keyed),
            len(assigned),
            sum(d.verdict == Verdict.SUGGEST for d in decisions),
            timings.download,
            timings.detect_embed,
            timings.match,
            timings.store,
            extra={"photo_id": photo.id, "timings": timings},
        )
        await self._queue_follow_ups(photo.id)
        return timings

    @property
    def thresholds(self) -> MatchThresholds:
        """The calibrated thresholds (a group's strictness may raise them: ``effective``)."""
        return self._thresholds

    async def decide(
        self,
        embeddings: Mapping[UUID, Vector],
        person_ids: list[UUID],
        thresholds: MatchThresholds | None = None,
        taken_on: date | None = None,
        among: tuple[UUID, UUID] | None = None,
    ) -> list[Decision[UUID]]:
        """Decide the faces of one photo (by face id, their embeddings) against these
        persons' prototypes and rejected faces (``matching.decide``). ``taken_on``: the
        photo's date; a prototype of a child with a birth date then counts for less the
        more the child grew between the two photos (``ages``). ``among``: the photo's
        (group, photo): a face to be asked about that is far more alike to a face of the
        group's other photos than to the person is asked about to nobody
        (``matching.alike_elsewhere``)."""
        if not embeddings:
            return []
        thresholds = thresholds or self._thresholds
        candidates = await self.candidates(embeddings, person_ids, taken_on)
        decisions = decide(
            candidates,
            thresholds,
            await sibling_pairs(person_ids),
            await babies(person_ids, taken_on) if taken_on is not None else (),
        )
        if among is None:
            return decisions
        return [
            Decision(decision.face, Verdict.UNKNOWN)
            if await self._alike_elsewhere(decision, embeddings[decision.face], among, thresholds)
            else decision
            for decision in decisions
        ]

    async def _alike_elsewhere(
        self,
        decision: Decision[UUID],
        embedding: Vector,
        among: tuple[UUID, UUID],
        thresholds: MatchThresholds,
    ) -> bool:
        """Whether a face to be asked about for a person (not a sibling pair's question) is
        far more alike to a face of another photo of the group, one that does not look like
        the person, than to the person."""
        if decision.verdict != Verdict.SUGGEST or decision.person is None or decision.also:
            return False
        group_id, photo_id = among
        score = decision.score or 0.0
        (hits,) = await self._index.search_batch(
            [embedding],
            where=FaceFilter(group_ids=[group_id]),
            limit=COHORT_LOOK,
            min_score=score + COHORT_GAP,
        )
        others = {
            hit.face_id: hit.score
            for hit in hits
            if hit.photo_id != photo_id and hit.person_id != decision.person
        }
        if not others:
            return False
        vectors = await self._index.vectors(list(others))
        theirs = await self.candidates(vectors, [decision.person])
        return alike_elsewhere(
            score,
            [
                (likeness, theirs[face].positive.get(decision.person, -1.0))
                for face, likeness in others.items()
                if face in theirs
            ],
            thresholds,
        )

    async def candidates(
        self,
        embeddings: Mapping[UUID, Vector],
        person_ids: list[UUID],
        taken_on: date | None = None,
    ) -> dict[UUID, Candidates]:
        """Each face's scores against these persons' prototypes (weighed by the child's
        growth, see ``decide``) and against the faces rejected for them."""
        rejected = await negative_examples(person_ids)
        limit = min(500, max(50, 10 * len(person_ids)))
        # All faces of the photo in one index call per question, not one per face.
        face_ids = list(embeddings)
        vectors = [embeddings[face_id] for face_id in face_ids]
        positives = await self._index.search_batch(
            vectors, where=FaceFilter(person_ids=person_ids, is_prototype=True), limit=limit
        )
        negatives: list[list[Hit]] = [[] for _ in face_ids]
        if rejected:
            negatives = await self._index.search_batch(
                vectors, where=FaceFilter(face_ids=list(rejected)), limit=len(rejected)
            )
        score = await _age_weighting(
            positives, taken_on if self._age_penalty else None, self._age_penalty
        )
        candidates: dict[UUID, Candidates] = {}
        for face_id, hits, near in zip(face_ids, positives, negatives, strict=True):
            negative: dict[UUID, float] = {}
            for hit in near:
                for person_id in rejected[hit.face_id]:
                    negative[person_id] = max(negative.get(person_id, -1.0), hit.score)
            candidates[face_id] = candidates_from(
                [(hit.person_id, hit.face_id, score(hit)) for hit in hits], negative
            )
        return candidates

    async def _store(
        self,
        photo: Photo,
        faces: dict[UUID, DetectedFace],
        decisions: list[Decision[UUID]],
        width: int,
        height: int,
    ) -> None:
        """Faces, assignments, suggestions and deliveries, all at once or not at all, in a
        number of statements that does not grow with the photo's faces."""
        async with in_transaction():
            locked = await Photo.select_for_update().get(id=photo.id)
            if locked.status != PhotoStatus.PROCESSING or locked.removed_at is not None:
                return  # finished by another run, or taken down meanwhile
            rows = {
                decision.face: _face_row(photo, decision, faces[decision.face])
                for decision in decisions
            }
            await Face.bulk_create(list(rows.values()), ignore_conflicts=True)
            assigned = [
                (decision.face, decision.person, decision.score)
                for decision in decisions
                if decision.verdict == Verdict.ASSIGN and decision.person is not None
            ]
            await AssignmentEvent.bulk_create(
                [
                    event(
                        AssignmentOperation.ASSIGN,
                        SYSTEM,
                        [rows[face_id]],
                        from_person=None,
                        to_person=person_id,
                        note=f"recognized with score {score}",
                    )
                    for face_id, person_id, score in assigned
                ]
            )
            await Suggestion.bulk_create(
                [
                    suggestion
                    for d in decisions
                    if d.verdict == Verdict.SUGGEST and d.person is not None
                    for suggestion in _suggestions(d)
                ],
                ignore_conflicts=True,
            )
            await self._plan_deliveries(photo, [person_id for _, person_id, _ in assigned])
            locked.status = PhotoStatus.DONE
            locked.width, locked.height = width, height
            locked.error = None
            await locked.save(update_fields=["status", "width", "height", "error", "updated_at"])

    @staticmethod
    async def _plan_deliveries(photo: Photo, person_ids: list[UUID]) -> None:
        """Each receiving guardian of a person in the photo gets it once; when all of a
        guardian's persons in it are paused, it is held for them to take on resume. A
        poster's own photo goes back to them only if they asked (``receive_own_photos``)."""
        persons = await Person.filter(id__in=set(person_ids), status__in=MATCHABLE)
        # In album or digest mode the photo waits to go with the guardian's others.
        due = (
            DeliveryStatus.PENDING
            if photo.group.delivery_mode == DeliveryMode.EACH
            else DeliveryStatus.WAITING
        )
        statuses: dict[UUID, DeliveryStatus] = {}
        for person in persons:
            held = person.status != DELIVERABLE
            for guardian in await recipients(photo, person.id):
                if statuses.get(guardian.id) != due:
                    statuses[guardian.id] = DeliveryStatus.HELD if held else due
        if not statuses:
            return
        await Delivery.bulk_create(
            [
                Delivery(photo_id=photo.id, participant_id=participant_id, status=status)
                for participant_id, status in statuses.items()
            ],
            ignore_conflicts=True,
        )
        # Planned before (held): another of the guardian's persons in it is active now.
        await Delivery.filter(
            photo_id=photo.id,
            participant_id__in=[p for p, status in statuses.items() if status == due],
            status=DeliveryStatus.HELD,
        ).update(status=due)

    async def _queue_follow_ups(self, photo_id: UUID) -> None:
        for delivery_id in await ids_of(
            Delivery.filter(photo_id=photo_id, status=DeliveryStatus.PENDING)
        ):
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        for participant_id, group_id in await Delivery.filter(
            photo_id=photo_id,
            status=DeliveryStatus.WAITING,
            photo__group__delivery_mode=DeliveryMode.ALBUM,
        ).values_list("participant_id", "photo__group_id"):
            await queue_album(
                self._jobs, UUID(str(participant_id)), UUID(str(group_id)), self._album_window
            )
        pending = Suggestion.filter(
            face__photo_id=photo_id, status=SuggestionStatus.PENDING, notified_at=None
        )
        for suggestion_id in await ids_of(pending):
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)

    async def _fail(self, photo: Photo, reason: str) -> None:
        log.info("photo %s not usable: %s", photo.id, reason)
        # A photo taken down meanwhile stays REMOVED.
        await Photo.filter(id=photo.id, removed_at__isnull=True).update(
            status=PhotoStatus.FAILED, error=reason[:255]
        )
