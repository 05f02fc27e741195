"""Recognizing a group photo: find the faces, match them to the persons whose
guardians are members of the group, and plan deliveries and suggestions."""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.blobs import BlobStore
from domain.errors import ConfigurationError, ImageError, NotDownloaded
from domain.events import EventBus, MediaUnreadable, PhotoWaitsForAlbum, history_changed
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.observability import metrics
from domain.recognition import ages
from domain.recognition.clip_matching import TrackCandidates, decide_tracks, left_to_nobody
from domain.recognition.clips import ClipAnalyzer, ClipFaces
from domain.recognition.face_index import FaceFilter, FaceIndex, Hit, IndexedFace
from domain.recognition.faces import DetectedFace, FaceEngine, ImageFaces, Vector, analyze_bounded
from domain.recognition.matching import (
    COHORT_GAP,
    Candidates,
    Decision,
    Verdict,
    alike_elsewhere,
    candidates_from,
    decide,
    pictures_of,
)
from domain.recognition.stores import (
    NewSuggestion,
    PhotoToRecognize,
    Receiver,
    RecognitionStore,
    RecognizedFace,
)
from domain.recognition.strictness import effective
from domain.recognition.thresholds import MatchThresholds
from domain.retry import TryAgainLater
from domain.states import DeliveryMode, DeliveryStatus, PersonStatus, PhotoStatus
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


def track_face_id(photo_id: UUID, number: int) -> UUID:
    """A clip's face (its ``number``-th track) always gets the same id (re-runs overwrite)."""
    return uuid.uuid5(FACE_IDS, f"{photo_id}:track:{number}")


@dataclass(frozen=True, slots=True)
class Found:
    """What recognition keeps of a photo's or a clip's faces, by face id: the face as shown
    (its box and crop: a clip's best sighting), its embedding in the index, and, for a
    clip, when it is on screen."""

    faces: dict[UUID, DetectedFace]
    embeddings: dict[UUID, Vector]
    width: int
    height: int
    seen: dict[UUID, tuple[float, float]] = field(default_factory=dict)
    duration_s: float | None = None
    frames: dict[UUID, bytes] = field(default_factory=dict)  # a clip face's best frame
    shown_at: dict[UUID, float] = field(default_factory=dict)  # and that frame's time

    @classmethod
    def of_photo(cls, photo_id: UUID, found: ImageFaces) -> Found:
        faces = {face_id_for(photo_id, face): face for face in found.faces}
        return cls(
            faces, {key: face.embedding for key, face in faces.items()}, found.width, found.height
        )

    @classmethod
    def of_clip(cls, photo_id: UUID, found: ClipFaces) -> Found:
        tracks = {track_face_id(photo_id, track.number): track for track in found.tracks}
        return cls(
            {key: track.shown for key, track in tracks.items()},
            {key: track.embedding for key, track in tracks.items()},
            found.width,
            found.height,
            {key: (track.seen_from_s, track.seen_to_s) for key, track in tracks.items()},
            found.duration_s,
            {key: track.frame for key, track in tracks.items() if track.frame is not None},
            {key: track.shown_at_s for key, track in tracks.items()},
        )


def crop_key(photo_id: UUID, face_id: UUID) -> str:
    return f"crops/{photo_id}/{face_id}.jpg"


def frame_key(crop: str) -> str:
    """Where a clip's face asked about keeps its best frame, beside its crop (``crop``'s
    key) and for as long: what its question shows. Whoever deletes a crop deletes both."""
    return crop.removesuffix(".jpg") + ".frame.jpg"


def crop_blobs(crop: str) -> tuple[str, str]:
    """The blobs a face's crop key stands for: the crop, and a clip face's best frame."""
    return crop, frame_key(crop)


@dataclass(frozen=True, slots=True)
class FaceCut:
    """A face cut again from its post: its crop, and a clip's face's frame it was cut from
    (what its question shows, marked: a clip is no picture to draw on)."""

    crop: bytes
    frame: bytes | None = None


async def keep_crop(blobs: BlobStore, key: str, cut: FaceCut, keep: timedelta) -> None:
    """A face's crop kept under ``key`` for ``keep`` (what its question shows), and a clip's
    face's frame beside it (``frame_key``); whatever drops the crop drops both."""
    kept = {key: cut.crop} if cut.frame is None else {key: cut.crop, frame_key(key): cut.frame}
    for name, data in kept.items():
        await blobs.put(name, data, expires_at=datetime.now(UTC) + keep, content_type="image/jpeg")


def babies(born: Mapping[UUID, date], day: date) -> set[UUID]:
    """Of these persons (by their birth dates), those younger than ``ages.BABY_YEARS`` on
    ``day``."""
    return {person for person, birth_date in born.items() if ages.is_baby(birth_date, day)}


def sibling_pairs(guardianships: Iterable[tuple[UUID, UUID]]) -> set[frozenset[UUID]]:
    """The pairs of persons who share a guardian, from (guardian, person) rows (matching
    asks which of the two a face is when both are close to it)."""
    persons_of: dict[UUID, set[UUID]] = defaultdict(set)
    for participant_id, person_id in guardianships:
        persons_of[participant_id].add(person_id)
    return {
        frozenset((first, second))
        for persons in persons_of.values()
        for first in persons
        for second in persons
        if first != second
    }


def sent_to(receivers: Iterable[Receiver], posted_by_user_id: int | None) -> list[Receiver]:
    """The guardians a photo of their person goes to: not the poster of their own photo
    unless they asked for it (``receive_own_photos``)."""
    return [
        receiver
        for receiver in receivers
        if receiver.telegram_user_id != posted_by_user_id or receiver.receive_own_photos
    ]


def plan(
    statuses: Mapping[UUID, PersonStatus],
    receivers: Mapping[UUID, Sequence[Receiver]],
    due: DeliveryStatus,
) -> dict[UUID, DeliveryStatus]:
    """Each receiving guardian of a person in the photo gets it once (``due``); when all of
    a guardian's persons in it are paused, it is held for them to take on resume."""
    planned: dict[UUID, DeliveryStatus] = {}
    for person_id, status in statuses.items():
        if status not in MATCHABLE:
            continue
        held = status != DELIVERABLE
        for guardian in receivers.get(person_id, ()):
            if planned.get(guardian.id) != due:
                planned[guardian.id] = DeliveryStatus.HELD if held else due
    return planned


def _face_record(
    photo_id: UUID,
    decision: Decision[UUID],
    face: DetectedFace,
    seen: tuple[float, float] | None = None,
    shown_at_s: float | None = None,
) -> RecognizedFace:
    x1, y1, x2, y2 = (round(v) for v in face.bbox)
    assigned = decision.verdict == Verdict.ASSIGN
    evidence = decision.person is not None
    return RecognizedFace(
        id=decision.face,
        photo_id=photo_id,
        person_id=decision.person if assigned else None,
        bbox=(x1, y1, x2 - x1, y2 - y1),
        landmarks=[list(p) for p in face.landmarks],
        det_score=face.det_score,
        quality=face.quality.score,
        crop_key=crop_key(photo_id, decision.face) if decision.verdict == Verdict.SUGGEST else None,
        # What matched the person it was assigned or suggested to: nothing for nobody.
        matching_prototype_ids=[str(p) for p in decision.prototypes] if evidence else None,
        prototype_scores={str(p): round(s, 4) for p, s in decision.prototypes.items()}
        if evidence
        else None,
        prototype_match_count=len(decision.prototypes) if evidence else None,
        note=f"recognized with score {decision.score}" if assigned else None,
        seen_from_s=None if seen is None else round(seen[0], 2),
        seen_to_s=None if seen is None else round(seen[1], 2),
        # Unrounded: the frame is found again by its time (``videos.stills``).
        shown_at_s=shown_at_s,
    )


def _suggestions(decision: Decision[UUID]) -> list[NewSuggestion]:
    """A suggestion for the decision's person; with a sibling close to the face, one for
    each of the two, paired under the leading (best-scoring) one's id."""
    assert decision.person is not None
    lead_id = uuid.uuid4()
    if decision.also is None:
        return [NewSuggestion(lead_id, decision.face, decision.person, decision.score or 0.0)]
    return [
        NewSuggestion(
            lead_id, decision.face, decision.person, decision.score or 0.0, pair_id=lead_id
        ),
        NewSuggestion(
            uuid.uuid4(),
            decision.face,
            decision.also,
            decision.also_score or 0.0,
            pair_id=lead_id,
        ),
    ]


class Recognition:
    """Recognizes each group photo once (``process``), and decides faces for the services
    that look again (``decide``, ``candidates``: earlier photos, the next family)."""

    def __init__(
        self,
        engine: FaceEngine,
        index: FaceIndex,
        messenger: Messenger,
        jobs: JobQueue,
        blobs: BlobStore,
        thresholds: MatchThresholds,
        *,
        store: RecognitionStore,
        events: EventBus,
        clips: ClipAnalyzer | None = None,
        crops_keep: timedelta = timedelta(days=30),
        age_penalty: float = ages.PENALTY,
    ) -> None:
        self._engine = engine
        self._index = index
        self._messenger = messenger
        self._jobs = jobs
        self._blobs = blobs
        self._thresholds = thresholds
        self._store = store
        self._events = events  # a photo waiting for an album: delivery's to queue
        self._clips = clips  # None: a process that reads no clip (benchmarks of photos)
        self._crops_keep = crops_keep
        self._age_penalty = age_penalty

    async def process(self, photo_id: UUID) -> Timings | None:
        """Recognize one photo; safe to run again (it only finishes unfinished work)."""
        photo = await self._store.photo(photo_id)
        if photo is None:
            return None
        if photo.status == PhotoStatus.DONE:
            await self._queue_follow_ups(photo.id)
            return None
        if photo.status in (PhotoStatus.FAILED, PhotoStatus.REMOVED):
            return None
        if not photo.group_active:
            await self._fail(photo.id, "the bot is no longer in the group")
            return None
        if photo.group_paused:
            return None  # the organizers paused the group: resuming queues it again
        attempt = photo.attempts + 1
        if not await self._store.start(photo.id, attempt):
            return None  # taken down meanwhile

        timings = Timings()
        found = await self._analyze(photo, attempt, timings)
        if found is None:
            return None

        started = time.perf_counter()
        persons = await self._store.matchable(photo.group_id, photo.posted_at.date())
        # The group's organizers may only make matching stricter than calibrated.
        thresholds = effective(self._thresholds, photo.strictness)
        among = (photo.group_id, photo.id)
        if isinstance(found, ClipFaces):
            kept = Found.of_clip(photo.id, found)
            decisions = await self.decide_clip(
                found, kept, persons, thresholds, photo.posted_at.date(), among
            )
        else:
            kept = Found.of_photo(photo.id, found)
            decisions = await self.decide(
                kept.embeddings, persons, thresholds, photo.posted_at.date(), among=among
            )
        timings.match = time.perf_counter() - started

        started = time.perf_counter()
        if not await self._keep(photo, kept, decisions):
            return None
        timings.store = time.perf_counter() - started
        self._report(photo.id, len(kept.faces), timings, decisions)
        matched = {d.person for d in decisions if d.verdict == Verdict.ASSIGN and d.person}
        await history_changed(self._events, sorted(matched))  # "/history all" lists the matches
        await self._queue_follow_ups(photo.id)
        return timings

    async def _analyze(
        self, photo: PhotoToRecognize, attempt: int, timings: Timings
    ) -> ImageFaces | ClipFaces | None:
        """The photo's faces (a clip's: followed through its frames), found and embedded by
        the model; None: the photo cannot be had or read (it is failed, with why)."""
        started = time.perf_counter()
        try:
            if photo.media_kind.is_clip and photo.duration_s and self._clips is not None:
                # Refused on the length its message gives, before downloading what may be
                # gigabytes.
                self._clips.check_length(photo.duration_s)
            data = await self._messenger.download(photo.preview_file_id or photo.file_id)
        except ChatUnavailable as error:
            await self._unreadable(photo.id, NotDownloaded(str(error)))
            return None
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 10) from None
        except ImageError as error:
            await self._unreadable(photo.id, error)
            return None
        timings.download = time.perf_counter() - started

        started = time.perf_counter()
        found: ImageFaces | ClipFaces
        try:
            if not photo.media_kind.is_clip or photo.preview_file_id is not None:
                found = await analyze_bounded(
                    self._engine, data, crops=True, attempt=attempt, what=f"photo {photo.id}"
                )
            elif self._clips is not None:
                found = await self._clips.analyze(data, attempt=attempt, what=f"clip {photo.id}")
            else:
                raise ConfigurationError("this process reads no clips")
        except ImageError as error:
            await self._unreadable(photo.id, error)
            return None
        timings.detect_embed = time.perf_counter() - started
        timings.faces = len(found.faces) if isinstance(found, ImageFaces) else len(found.tracks)
        return found

    async def _keep(
        self, photo: PhotoToRecognize, found: Found, decisions: list[Decision[UUID]]
    ) -> bool:
        """The faces in the index, the crops of those asked about, and the decisions in the
        database; False: the photo was taken down meanwhile (what was written is taken
        back)."""
        assigned = {d.face: d.person for d in decisions if d.verdict == Verdict.ASSIGN}
        await self._index.upsert(
            [
                IndexedFace(
                    face_id=face_id,
                    embedding=embedding,
                    photo_id=photo.id,
                    group_id=photo.group_id,
                    person_id=assigned.get(face_id),
                )
                for face_id, embedding in found.embeddings.items()
            ]
        )
        for decision in decisions:
            crop = found.faces[decision.face].crop
            if decision.verdict == Verdict.SUGGEST and crop:
                cut = FaceCut(crop, found.frames.get(decision.face))
                await keep_crop(
                    self._blobs, crop_key(photo.id, decision.face), cut, self._crops_keep
                )
        await self._store_decisions(photo, found, decisions)
        if await self._store.is_taken_down(photo.id):
            # Taken down while recognized: take back what was just written.
            await self._index.delete(FaceFilter(photo_ids=[photo.id]))
            await self._blobs.delete_prefix(f"crops/{photo.id}/")
            return False
        return True

    @staticmethod
    def _report(
        photo_id: UUID, faces: int, timings: Timings, decisions: list[Decision[UUID]]
    ) -> None:
        metrics.FACES_DETECTED.inc(faces)
        metrics.RECOGNITION_SECONDS.observe(
            timings.download + timings.detect_embed + timings.match + timings.store
        )
        log.info(
            "photo %s: %d faces, %d assigned, %d suggested "
            "(download %.3fs, model %.3fs, match %.3fs, store %.3fs)",
            photo_id,
            faces,
            sum(d.verdict == Verdict.ASSIGN for d in decisions),
            sum(d.verdict == Verdict.SUGGEST for d in decisions),
            timings.download,
            timings.detect_embed,
            timings.match,
            timings.store,
            extra={"photo_id": photo_id, "timings": timings},
        )

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
            sibling_pairs(await self._store.guardianships(person_ids)),
            babies(await self._store.birth_dates(person_ids), taken_on)
            if taken_on is not None
            else (),
        )
        if among is None:
            return decisions
        return await self._unless_alike_elsewhere(decisions, embeddings, among, thresholds)

    async def decide_clip(
        self,
        clip: ClipFaces,
        found: Found,
        person_ids: list[UUID],
        thresholds: MatchThresholds,
        taken_on: date,
        among: tuple[UUID, UUID],
    ) -> list[Decision[UUID]]:
        """Decide each face of a clip (a track) on its best frames and its appearance
        (``decide_tracks``): each scored as a photo's face would be, the track decided on
        them together; then asked about nobody when far more alike to another face of the
        group, as a photo's face is (``decide``). A track's appearance is scored only when
        its frames leave it to nobody (``left_to_nobody``): nothing else reads it."""
        if not clip.tracks:
            return []
        frames = {
            uuid.uuid5(FACE_IDS, f"{track.number}:{i}"): (track.number, vector)
            for track in clip.tracks
            for i, vector in enumerate(track.frames)
        }
        candidates = await self.candidates(
            {key: vector for key, (_, vector) in frames.items()}, person_ids, taken_on
        )
        by_track: dict[int, list[Candidates]] = defaultdict(list)
        for key, (number, _) in frames.items():
            by_track[number].append(candidates[key])
        siblings = sibling_pairs(await self._store.guardianships(person_ids))
        young = babies(await self._store.birth_dates(person_ids), taken_on)
        unknown = left_to_nobody(by_track, thresholds, siblings=siblings, babies=young)
        appearances = {
            track.number: uuid.uuid5(FACE_IDS, f"{track.number}:appearance")
            for track in clip.tracks
            if track.number in unknown
        }
        if appearances:
            candidates |= await self.candidates(
                {
                    appearances[track.number]: track.appearance
                    for track in clip.tracks
                    if track.number in appearances
                },
                person_ids,
                taken_on,
            )
        face_of = {track.number: track_face_id(among[1], track.number) for track in clip.tracks}
        decisions = decide_tracks(
            {
                track.number: TrackCandidates(
                    by_track[track.number],
                    candidates[appearances[track.number]] if track.number in appearances else None,
                )
                for track in clip.tracks
            },
            thresholds,
            overlapping=clip.together,
            siblings=siblings,
            babies=young,
        )
        return await self._unless_alike_elsewhere(
            [d.of(face_of[d.face]) for d in decisions],
            found.embeddings,
            among,
            thresholds,
        )

    async def _unless_alike_elsewhere(
        self,
        decisions: list[Decision[UUID]],
        embeddings: Mapping[UUID, Vector],
        among: tuple[UUID, UUID],
        thresholds: MatchThresholds,
    ) -> list[Decision[UUID]]:
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
        rejected = await self._store.negative_examples(person_ids)
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
        score = await self._age_weighting(positives, taken_on)
        pictures = await self._pictures(positives)
        candidates: dict[UUID, Candidates] = {}
        for face_id, hits, near in zip(face_ids, positives, negatives, strict=True):
            negative: dict[UUID, float] = {}
            for hit in near:
                for person_id in rejected[hit.face_id]:
                    negative[person_id] = max(negative.get(person_id, -1.0), hit.score)
            candidates[face_id] = candidates_from(
                [(hit.person_id, hit.face_id, score(hit)) for hit in hits], negative, pictures
            )
        return candidates

    async def _pictures(self, hits: Sequence[Sequence[Hit]]) -> dict[UUID, UUID]:
        """Which picture each prototype found is of (``matching.pictures_of``): copies of one
        picture count once among a person's agreeing prototypes. Only persons found with
        two or more prototypes are looked at. Kept with the prototypes where they are chosen
        (``prototype_choice.keep_pictures``) and read with the hits; a person one of whose
        prototypes has none kept (stored before it was kept, or a face moved or merged to
        it since) is grouped here from the found prototypes' vectors, as it was before."""
        person_of: dict[UUID, UUID] = {}
        kept: dict[UUID, UUID | None] = {}
        for found in hits:
            for hit in found:
                if hit.person_id is not None:
                    person_of[hit.face_id] = hit.person_id
                    kept[hit.face_id] = hit.picture
        counts = Counter(person_of.values())
        several = {face: person for face, person in person_of.items() if counts[person] >= 2}
        unknown = {person for face, person in several.items() if kept[face] is None}
        pictures = {
            face: picture
            for face, picture in kept.items()
            if face in several and several[face] not in unknown and picture is not None
        }
        read = {face: person for face, person in several.items() if person in unknown}
        if read:
            pictures.update(pictures_of(await self._index.vectors(list(read)), read))
        return pictures

    async def _age_weighting(
        self, hits: Sequence[Sequence[Hit]], taken_on: date | None
    ) -> Callable[[Hit], float]:
        """Each prototype hit's score, weighed by the child's growth between the prototype's
        photo and one taken on ``taken_on`` (for persons with a birth date; as found for the
        others, and for every hit without ``taken_on`` or without an age penalty)."""
        if taken_on is None or not self._age_penalty:
            return lambda hit: hit.score
        persons = {hit.person_id for found in hits for hit in found if hit.person_id is not None}
        born = await self._store.birth_dates(persons)
        if not born:
            return lambda hit: hit.score
        days = await self._store.face_days(
            [hit.face_id for found in hits for hit in found if hit.person_id in born]
        )
        penalty = self._age_penalty
        return lambda hit: ages.weighted(
            hit.score,
            born.get(hit.person_id) if hit.person_id is not None else None,
            days.get(hit.face_id),
            taken_on,
            penalty,
        )

    async def _store_decisions(
        self, photo: PhotoToRecognize, found: Found, decisions: list[Decision[UUID]]
    ) -> None:
        """Faces, assignments, suggestions and deliveries, all at once or not at all, in a
        number of statements that does not grow with the photo's faces."""
        async with self._store.transaction():
            if not await self._store.lock_unfinished(photo.id):
                return  # finished by another run, or taken down meanwhile
            await self._store.add_faces(
                [
                    _face_record(
                        photo.id,
                        d,
                        found.faces[d.face],
                        found.seen.get(d.face),
                        found.shown_at.get(d.face),
                    )
                    for d in decisions
                ]
            )
            await self._store.add_suggestions(
                [
                    suggestion
                    for d in decisions
                    if d.verdict == Verdict.SUGGEST and d.person is not None
                    for suggestion in _suggestions(d)
                ]
            )
            assigned = [
                d.person for d in decisions if d.verdict == Verdict.ASSIGN and d.person is not None
            ]
            await self._plan_deliveries(photo, assigned)
            await self._store.finish(photo.id, found.width, found.height, found.duration_s)

    async def _plan_deliveries(self, photo: PhotoToRecognize, person_ids: list[UUID]) -> None:
        """Each receiving guardian of a person in the photo gets it once (``plan``). A
        poster's own photo goes back to them only if they asked (``sent_to``)."""
        statuses = await self._store.statuses(set(person_ids))
        receivers = {
            person_id: sent_to(
                await self._store.receiving_guardians(person_id, photo.group_id),
                photo.posted_by_user_id,
            )
            for person_id, status in statuses.items()
            if status in MATCHABLE
        }
        # In album or digest mode the photo waits to go with the guardian's others.
        due = (
            DeliveryStatus.PENDING
            if photo.delivery_mode == DeliveryMode.EACH
            else DeliveryStatus.WAITING
        )
        planned = plan(statuses, receivers, due)
        if planned:
            await self._store.plan_deliveries(photo.id, planned, due)

    async def _queue_follow_ups(self, photo_id: UUID) -> None:
        for delivery_id in await self._store.pending_deliveries(photo_id):
            await enqueue_for(self._jobs, job_names.DELIVER, delivery_id)
        for participant_id, group_id in await self._store.waiting_for_albums(photo_id):
            await self._events.publish(PhotoWaitsForAlbum(participant_id, group_id))
        for suggestion_id in await self._store.unasked_suggestions(photo_id):
            await enqueue_for(self._jobs, job_names.SEND_SUGGESTION, suggestion_id)

    async def _fail(self, photo_id: UUID, reason: str) -> None:
        log.info("photo %s not usable: %s", photo_id, reason)
        await self._store.fail(photo_id, reason)

    async def _unreadable(self, photo_id: UUID, error: ImageError) -> None:
        """The photo cannot be read: failed with why, and the poster's side told
        (``MediaUnreadable``) by the run that failed it only, so a retry tells no one twice."""
        log.info("photo %s not usable: %s", photo_id, error)
        if await self._store.fail(photo_id, str(error)):
            await self._events.publish(MediaUnreadable(photo_id, error.reason))
