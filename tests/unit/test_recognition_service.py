"""What recognition decides for a group photo's faces, and what each decision leads to,
on its store in memory (``tests/fakes/recognition.MemoryRecognitionStore``) and the real
in-process face index: a sure match is sent to its guardians, a close one is asked about,
the rest stays unknown; a rejected face is never assigned; a paused group waits. And the
same for a clip's faces, each followed through the clip (a track)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from uuid import UUID, uuid4

import numpy as np
import pytest

from domain.claims.sheets import Sheets
from domain.composition.reactions import wire_events
from domain.delivery.batch_jobs import batch_job_id
from domain.delivery.copies import Copies
from domain.errors import NotDownloaded
from domain.events import EventBus, MediaUnreadable
from domain.infra.edge_index import EdgeFaceIndex
from domain.jobs import queue as job_names
from domain.persons.service import Persons
from domain.recognition.clips import ClipFaces, TrackedFace
from domain.recognition.face_index import FaceFilter, Hit, IndexedFace
from domain.recognition.faces import (
    EMBEDDING_SIZE,
    BGRPixels,
    DetectedFace,
    FaceQuality,
    ImageFaces,
    Vector,
)
from domain.recognition.service import (
    Recognition,
    crop_key,
    face_id_for,
    plan,
    sent_to,
    sibling_pairs,
    track_face_id,
)
from domain.recognition.stores import Receiver
from domain.recognition.thresholds import PACK_THRESHOLDS
from domain.states import DeliveryMode, DeliveryStatus, MediaKind, PersonStatus, PhotoStatus
from domain.telegram import ChatUnavailable, Messenger
from domain.videos.frames import BrokenVideo, NoVideoStream, VideoTooLong, check_length
from tests.fakes.blobs import KeptBlobs
from tests.fakes.claims import MemorySheetStore
from tests.fakes.corrections import MemoryExpiringQuestions
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_takedown import MemoryTakedownStore
from tests.fakes.moderation_unreadable import MemoryUnreadableStore
from tests.fakes.recognition import MemoryJobQueue, MemoryRecognitionStore

THRESHOLDS = PACK_THRESHOLDS["buffalo_sc"]  # suggest 0.34, auto 0.45
GROUP = uuid4()
ALBUM_WINDOW = timedelta(minutes=3)


def _axis(seed: int) -> Vector:
    vector = np.random.default_rng(seed).standard_normal(EMBEDDING_SIZE).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _alike(to: Vector, likeness: float, seed: int) -> Vector:
    """A unit vector whose cosine with ``to`` is ``likeness``."""
    other = _axis(seed)
    other = other - float(np.dot(other, to)) * to
    other = other / np.linalg.norm(other)
    vector: Vector = (likeness * to + np.sqrt(1 - likeness**2) * other).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _mean(frames: list[Vector]) -> Vector:
    """A track's appearance: the mean of its frames' embeddings, normalized."""
    total = np.sum(np.asarray(frames, dtype=np.float32), axis=0)
    return np.asarray(total / np.linalg.norm(total), dtype=np.float32)


def _face(embedding: Vector, x: int) -> DetectedFace:
    return DetectedFace(
        bbox=(x, 10.0, x + 80.0, 90.0),
        landmarks=((1.0, 2.0),) * 5,
        det_score=0.9,
        quality=FaceQuality(size=1.0, sharpness=1.0, pose=1.0, score=0.9),
        embedding=embedding,
        crop=b"crop",
    )


class Engine:
    """``FaceEngine``: the faces it is told each photo has."""

    def __init__(self) -> None:
        self.faces: list[DetectedFace] = []

    @property
    def pack(self) -> str:
        return "buffalo_sc"

    async def analyze(self, image: bytes, *, crops: bool = False) -> ImageFaces:
        return ImageFaces(640, 480, list(self.faces))

    async def analyze_pixels(
        self, pixels: BGRPixels, *, crops: bool = False, closeups: bool = True
    ) -> ImageFaces:
        return ImageFaces(pixels.shape[1], pixels.shape[0], list(self.faces))

    def close(self) -> None:
        pass


class Clips:
    """``ClipAnalyzer``: the tracks it is told each clip has, each as (its best frames'
    embeddings, from, to), or the error it is told to raise."""

    def __init__(self) -> None:
        self.tracks: list[tuple[list[Vector], float, float]] = []
        self.error: Exception | None = None

    def check_length(self, duration_s: float) -> None:
        check_length(duration_s, 30 * 60)

    async def analyze(self, data: bytes, *, attempt: int, what: str) -> ClipFaces:
        if self.error is not None:
            raise self.error
        tracks = [
            TrackedFace(
                number=number,
                shown=_face(frames[0], 100 * number),
                shown_at_s=seen_from,
                frames=frames,
                appearance=_mean(frames),
                seen_from_s=seen_from,
                seen_to_s=seen_to,
                sightings=len(frames),
            )
            for number, (frames, seen_from, seen_to) in enumerate(self.tracks, start=1)
        ]
        return ClipFaces(1280, 720, 42.0, 84, tracks, set())


class Telegram:
    """The one ``Messenger`` call recognition makes: the photo's bytes."""

    def __init__(self) -> None:
        self.downloads: list[str] = []
        self.gone = False

    async def download(self, file_id: str) -> bytes:
        if self.gone:
            raise ChatUnavailable("message to download not found")
        self.downloads.append(file_id)
        return b"jpeg"


class World:
    """A group's photo about to be recognized, the persons its faces may be, and everything
    recognition reads and writes."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.store = MemoryRecognitionStore()
        self.engine = Engine()
        self.telegram = Telegram()
        self.blobs = KeptBlobs()
        self.jobs = MemoryJobQueue()
        self.clips = Clips()
        self.events = wire_events(
            EventBus(),
            messenger=cast(Messenger, None),  # no event here asks Telegram
            persons=cast(Persons, None),
            jobs=self.jobs,
            album_window=ALBUM_WINDOW,
            takedowns=MemoryTakedownStore(),  # no photo here was taken down
            approval_cards=MemoryApprovalStore(),  # no claim here goes
            unreadable_posts=MemoryUnreadableStore(),  # nobody here is told: ``unreadable``
            expiring_questions=MemoryExpiringQuestions(),  # no face here expires
            copies_in_chats=cast(Copies, None),
            claim_sheets=Sheets(cast(Messenger, None), MemorySheetStore()),
        )
        self.unreadable: list[MediaUnreadable] = []
        self.events.subscribe(MediaUnreadable, self._told)
        self.recognition = Recognition(
            self.engine,
            index,
            self.telegram,  # type: ignore[arg-type]
            self.jobs,
            self.blobs,  # type: ignore[arg-type]
            THRESHOLDS,
            store=self.store,
            events=self.events,
            clips=self.clips,
        )

    async def _told(self, event: MediaUnreadable) -> None:
        self.unreadable.append(event)

    async def person(
        self,
        look: Vector,
        *guardians: Receiver,
        status: PersonStatus = PersonStatus.ACTIVE,
    ) -> UUID:
        """A person whose two enrollment faces both look like ``look``."""
        person_id = self.store.add_person(GROUP, *guardians, status=status)
        await self.index.upsert(
            [IndexedFace(uuid4(), look, person_id=person_id, is_prototype=True) for _ in range(2)]
        )
        return person_id

    def photo(self, *embeddings: Vector, **kwargs: object) -> UUID:
        self.engine.faces = [_face(e, 100 * i) for i, e in enumerate(embeddings)]
        return self.store.add_photo(GROUP, **kwargs)  # type: ignore[arg-type]

    def clip(self, *tracks: tuple[list[Vector], float, float]) -> UUID:
        self.clips.tracks = list(tracks)
        return self.store.add_photo(GROUP, kind=MediaKind.VIDEO)

    def face_ids_of_clip(self, photo_id: UUID) -> list[UUID]:
        return [track_face_id(photo_id, n) for n in range(1, len(self.clips.tracks) + 1)]

    def face_ids(self, photo_id: UUID) -> list[UUID]:
        return [face_id_for(photo_id, face) for face in self.engine.faces]

    def deliveries(self, photo_id: UUID) -> dict[UUID, DeliveryStatus]:
        return {
            guardian: status
            for (photo, guardian), (_, status) in self.store.deliveries.items()
            if photo == photo_id
        }

    def queued(self, name: str) -> list[tuple[str, ...]]:
        return [args for job, args in self.jobs.queued.values() if job == name]


def _guardian(user_id: int, *, own: bool = False) -> Receiver:
    return Receiver(uuid4(), user_id, receive_own_photos=own)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    index = EdgeFaceIndex.open(tmp_path / "faces")
    await index.ensure_ready()
    try:
        yield World(index)
    finally:
        await index.close()


ALICE, TOM = _axis(1), _axis(2)


async def test_a_sure_match_is_assigned_and_sent_to_each_guardian(world: World) -> None:
    mum, dad = _guardian(11), _guardian(12)
    alice = await world.person(ALICE, mum, dad)
    photo = world.photo(_alike(ALICE, 0.9, 5))
    assert await world.recognition.process(photo) is not None
    [face_id] = world.face_ids(photo)
    assert world.store.faces[face_id].person_id == alice
    assert world.store.faces[face_id].note is not None  # its assignment is audited
    assert world.deliveries(photo) == {
        mum.id: DeliveryStatus.PENDING,
        dad.id: DeliveryStatus.PENDING,
    }
    assert len(world.queued(job_names.DELIVER)) == 2
    assert world.store.suggestions == {}
    assert world.store.status_of(photo) == PhotoStatus.DONE
    [hit] = await world.index.get([face_id])
    assert hit.person_id == alice


async def test_a_close_match_is_asked_about_with_its_crop_kept_and_nothing_sent(
    world: World,
) -> None:
    alice = await world.person(ALICE, _guardian(11))
    photo = world.photo(_alike(ALICE, 0.40, 5))
    await world.recognition.process(photo)
    [face_id] = world.face_ids(photo)
    assert world.store.faces[face_id].person_id is None
    assert list(world.store.suggestions) == [(face_id, alice)]
    assert crop_key(photo, face_id) in world.blobs.kept
    assert len(world.queued(job_names.SEND_SUGGESTION)) == 1
    assert world.deliveries(photo) == {}


async def test_a_face_like_nobody_stays_unknown(world: World) -> None:
    await world.person(ALICE, _guardian(11))
    photo = world.photo(TOM)
    await world.recognition.process(photo)
    [face_id] = world.face_ids(photo)
    face = world.store.faces[face_id]
    assert (face.person_id, face.crop_key, face.matching_prototype_ids) == (None, None, None)
    assert world.store.suggestions == {} and world.deliveries(photo) == {}
    assert world.blobs.kept == {}


async def test_a_face_rejected_for_a_person_is_never_assigned_to_them(world: World) -> None:
    """Her guardian said "that isn't Alice" of a face; the same face again, however like
    her prototypes, is not sent to her family."""
    alice = await world.person(ALICE, _guardian(11))
    looks_like_her = _alike(ALICE, 0.9, 5)
    rejected = uuid4()
    await world.index.upsert([IndexedFace(rejected, looks_like_her, group_id=GROUP)])
    world.store.rejected[rejected] = [alice]
    photo = world.photo(looks_like_her)
    await world.recognition.process(photo)
    [face_id] = world.face_ids(photo)
    assert world.store.faces[face_id].person_id is None
    assert world.deliveries(photo) == {}


async def test_two_faces_of_one_photo_are_never_the_same_person(world: World) -> None:
    alice = await world.person(ALICE, _guardian(11))
    photo = world.photo(_alike(ALICE, 0.9, 5), _alike(ALICE, 0.85, 6))
    await world.recognition.process(photo)
    owners = [world.store.faces[f].person_id for f in world.face_ids(photo)]
    assert owners.count(alice) == 1


async def test_nothing_is_done_for_a_paused_group_and_resuming_recognizes_it(
    world: World,
) -> None:
    await world.person(ALICE, _guardian(11))
    photo = world.photo(_alike(ALICE, 0.9, 5), paused=True)
    assert await world.recognition.process(photo) is None
    assert world.telegram.downloads == [] and world.store.faces == {}
    assert world.store.status_of(photo) == PhotoStatus.PENDING
    world.store.photos[photo] = replace(world.store.photos[photo], group_paused=False)
    assert await world.recognition.process(photo) is not None
    assert world.store.status_of(photo) == PhotoStatus.DONE


async def test_a_photo_of_a_group_the_bot_left_fails_unread(world: World) -> None:
    photo = world.photo(ALICE, active=False)
    assert await world.recognition.process(photo) is None
    assert world.store.status_of(photo) == PhotoStatus.FAILED
    assert world.telegram.downloads == []


async def test_a_photo_telegram_no_longer_has_fails(world: World) -> None:
    world.telegram.gone = True
    photo = world.photo(ALICE)
    await world.recognition.process(photo)
    assert world.store.status_of(photo) == PhotoStatus.FAILED


async def test_a_photo_taken_down_while_recognized_leaves_nothing_behind(world: World) -> None:
    await world.person(ALICE, _guardian(11))
    photo = world.photo(_alike(ALICE, 0.9, 5), _alike(TOM, 0.40, 6))
    world.store.meanwhile.append(lambda: world.store.taken_down.add(photo))
    assert await world.recognition.process(photo) is None
    assert world.store.faces == {} and world.deliveries(photo) == {}
    assert await world.index.count(FaceFilter(photo_ids=[photo])) == 0
    assert world.blobs.kept == {}
    assert world.jobs.queued == {}


async def test_recognizing_again_only_queues_what_is_left_to_do(world: World) -> None:
    guardian = _guardian(11)
    await world.person(ALICE, guardian)
    photo = world.photo(_alike(ALICE, 0.9, 5))
    await world.recognition.process(photo)
    world.jobs.queued.clear()
    assert await world.recognition.process(photo) is None
    assert world.telegram.downloads == [world.store.photos[photo].file_id]
    assert len(world.queued(job_names.DELIVER)) == 1  # the delivery still pending
    assert len(world.store.faces) == 1


async def test_a_paused_persons_photo_is_held_for_their_guardian(world: World) -> None:
    guardian = _guardian(11)
    await world.person(ALICE, guardian, status=PersonStatus.PAUSED)
    photo = world.photo(_alike(ALICE, 0.9, 5))
    await world.recognition.process(photo)
    assert world.deliveries(photo) == {guardian.id: DeliveryStatus.HELD}
    assert world.queued(job_names.DELIVER) == []


async def test_in_an_album_group_the_photo_waits_and_the_guardians_album_is_queued(
    world: World,
) -> None:
    guardian = _guardian(11)
    await world.person(ALICE, guardian)
    photo = world.photo(_alike(ALICE, 0.9, 5), mode=DeliveryMode.ALBUM)
    await world.recognition.process(photo)
    assert world.deliveries(photo) == {guardian.id: DeliveryStatus.WAITING}
    assert batch_job_id(guardian.id, GROUP) in world.jobs.queued
    assert world.queued(job_names.DELIVER) == []


async def test_a_posters_own_photo_goes_back_only_when_they_asked(world: World) -> None:
    poster, other = _guardian(11), _guardian(12)
    asked = _guardian(13, own=True)
    await world.person(ALICE, poster, other)
    await world.person(TOM, asked)
    photo = world.photo(_alike(ALICE, 0.9, 5), _alike(TOM, 0.9, 6), posted_by=11)
    await world.recognition.process(photo)
    assert set(world.deliveries(photo)) == {other.id, asked.id}
    photo = world.photo(_alike(TOM, 0.9, 7), posted_by=13)
    await world.recognition.process(photo)
    assert set(world.deliveries(photo)) == {asked.id}


# The rules the service applies, as plain functions


def test_a_guardian_of_a_paused_and_an_active_person_gets_the_photo_once_to_send() -> None:
    guardian = _guardian(11)
    paused, active = uuid4(), uuid4()
    for order in ((paused, active), (active, paused)):
        statuses = {
            person: PersonStatus.PAUSED if person == paused else PersonStatus.ACTIVE
            for person in order
        }
        planned = plan(statuses, {paused: [guardian], active: [guardian]}, DeliveryStatus.PENDING)
        assert planned == {guardian.id: DeliveryStatus.PENDING}


def test_a_person_gone_or_deleting_plans_nothing() -> None:
    guardian = _guardian(11)
    for status in (PersonStatus.DELETING, PersonStatus.MERGED):
        person = uuid4()
        assert plan({person: status}, {person: [guardian]}, DeliveryStatus.PENDING) == {}


def test_only_the_poster_who_asked_gets_their_own_photo() -> None:
    poster, other, asking = _guardian(11), _guardian(12), _guardian(13, own=True)
    assert sent_to([poster, other], posted_by_user_id=11) == [other]
    assert sent_to([asking], posted_by_user_id=13) == [asking]
    assert sent_to([poster], posted_by_user_id=None) == [poster]


def test_siblings_are_the_persons_who_share_a_guardian() -> None:
    mum, dad, other = uuid4(), uuid4(), uuid4()
    alice, tom, eve = uuid4(), uuid4(), uuid4()
    rows = [(mum, alice), (mum, tom), (dad, tom), (other, eve)]
    assert sibling_pairs(rows) == {frozenset((alice, tom))}


def _between(alice: float, tom: float, seed: int) -> Vector:
    """A unit vector whose cosine with ALICE is ``alice`` and with TOM ``tom``."""
    vector: Vector = (
        alice * ALICE + tom * TOM + np.sqrt(1 - alice**2 - tom**2) * _axis(seed)
    ).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _frames(to: Vector, *likeness: float) -> list[Vector]:
    return [_alike(to, each, 20 + i) for i, each in enumerate(likeness)]


async def test_a_child_followed_through_a_clip_is_sent_with_when_she_is_on_screen(
    world: World,
) -> None:
    mum = _guardian(11)
    alice = await world.person(ALICE, mum)
    clip = world.clip((_frames(ALICE, 0.8, 0.75, 0.7, 0.8, 0.72), 12.0, 20.5), ([TOM, TOM], 0, 3))
    assert await world.recognition.process(clip) is not None
    hers, toms = (
        world.store.faces[track_face_id(clip, 1)],
        world.store.faces[track_face_id(clip, 2)],
    )
    assert hers.person_id == alice and (hers.seen_from_s, hers.seen_to_s) == (12.0, 20.5)
    assert toms.person_id is None
    assert world.deliveries(clip) == {mum.id: DeliveryStatus.PENDING}
    assert world.store.status_of(clip) == PhotoStatus.DONE
    assert world.store.durations[clip] == 42.0
    [hit] = await world.index.get([hers.id])
    assert hit.person_id == alice  # the track's one face in the index, hers


async def test_one_frame_like_a_child_does_not_carry_a_track_that_is_someone_else(
    world: World,
) -> None:
    """Tom's track, one of its five frames like Alice (a turn of the head): the track is
    not hers, and her family is not even asked."""
    await world.person(ALICE, _guardian(11))
    toms = [_between(0.85, 0.5, 30)] + [_between(0.1, 0.8, 31 + i) for i in range(4)]
    clip = world.clip((toms, 1.0, 6.0))
    await world.recognition.process(clip)
    [face_id] = world.face_ids_of_clip(clip)
    assert world.store.faces[face_id].person_id is None
    assert world.store.suggestions == {} and world.deliveries(clip) == {}


async def test_a_face_seen_in_one_frame_is_never_sent_only_asked_about(world: World) -> None:
    alice = await world.person(ALICE, _guardian(11))
    clip = world.clip((_frames(ALICE, 0.9), 4.0, 4.0))
    await world.recognition.process(clip)
    [face_id] = world.face_ids_of_clip(clip)
    assert world.store.faces[face_id].person_id is None
    assert list(world.store.suggestions) == [(face_id, alice)]
    assert world.deliveries(clip) == {}


class SearchedIndex:
    """The in-process face index, and every embedding recognition searched it with."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self._index = index
        self.searched: list[Vector] = []

    async def search_batch(self, embeddings: Sequence[Vector], **kwargs: Any) -> list[list[Hit]]:
        self.searched.extend(embeddings)
        return await self._index.search_batch(embeddings, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


async def test_only_a_track_its_frames_leave_to_nobody_is_searched_on_its_appearance(
    tmp_path: Path,
) -> None:
    """Alice's track is hers on its frames: its appearance would decide nothing, and is not
    searched for; a stranger's track, nobody's on its frames, is (``left_to_nobody``)."""
    index = EdgeFaceIndex.open(tmp_path / "faces")
    await index.ensure_ready()
    searched = SearchedIndex(index)
    world = World(cast(EdgeFaceIndex, searched))
    try:
        alice = await world.person(ALICE, _guardian(11))
        hers = _frames(ALICE, 0.8, 0.75, 0.7, 0.8, 0.72)
        strangers = [_alike(TOM, 0.9, 40), _alike(TOM, 0.9, 41), _alike(TOM, 0.9, 42)]
        clip = world.clip((hers, 0.0, 4.0), (strangers, 5.0, 6.0))
        await world.recognition.process(clip)
    finally:
        await index.close()

    def was_searched(vector: Vector) -> bool:
        return any(np.allclose(vector, each, atol=1e-5) for each in searched.searched)

    assert world.store.faces[track_face_id(clip, 1)].person_id == alice
    assert world.store.faces[track_face_id(clip, 2)].person_id is None
    assert all(was_searched(frame) for frame in hers + strangers)
    assert not was_searched(_mean(hers))
    assert was_searched(_mean(strangers))


async def test_a_clip_that_cannot_be_read_fails_with_why(world: World) -> None:
    world.clips.error = BrokenVideo("moov atom not found")
    clip = world.clip()
    assert await world.recognition.process(clip) is None
    assert world.store.status_of(clip) == PhotoStatus.FAILED
    assert world.store.faces == {}


async def test_a_clip_that_cannot_be_read_is_told_once_however_often_it_is_run(
    world: World,
) -> None:
    world.clips.error = NoVideoStream("streams: audio")
    clip = world.clip()
    await world.recognition.process(clip)
    await world.recognition.process(clip)  # the job retried, or queued again by reconcile
    assert world.unreadable == [MediaUnreadable(clip, NoVideoStream.reason)]


async def test_a_clip_longer_than_read_by_its_message_is_refused_without_downloading(
    world: World,
) -> None:
    clip = world.clip()
    world.store.photos[clip] = replace(world.store.photos[clip], duration_s=3 * 3600.0)
    assert await world.recognition.process(clip) is None
    assert world.telegram.downloads == []
    assert world.store.status_of(clip) == PhotoStatus.FAILED
    assert world.unreadable == [MediaUnreadable(clip, VideoTooLong.reason)]


async def test_a_file_telegram_will_not_give_is_told_and_a_group_left_is_not(
    world: World,
) -> None:
    world.telegram.gone = True
    photo = world.photo(ALICE)
    await world.recognition.process(photo)
    left = world.photo(ALICE, active=False)
    await world.recognition.process(left)
    assert world.unreadable == [MediaUnreadable(photo, NotDownloaded.reason)]


def _scoring(seed: int, *scores: tuple[Vector, float]) -> Vector:
    """A unit vector whose cosine with each given vector is the score given with it."""
    vectors = np.asarray([v for v, _ in scores], dtype=np.float64)
    targets = np.asarray([s for _, s in scores], dtype=np.float64)
    mix = np.linalg.solve(vectors @ vectors.T, targets)
    within = mix @ vectors
    other = _axis(seed).astype(np.float64)
    other -= vectors.T @ np.linalg.solve(vectors @ vectors.T, vectors @ other)
    other /= np.linalg.norm(other)
    vector = within + np.sqrt(1.0 - float(mix @ targets)) * other
    return np.asarray(vector, dtype=np.float32)


# walk23's scores: two prototypes of one picture agreeing near ``auto`` (0.45), the
# person's other picture far.
WALK23 = (0.4525, 0.4281)


async def _three_pictures(world: World, second: Vector, third: Vector) -> tuple[UUID, list[UUID]]:
    """Alice, guardian Mum, with prototypes ALICE, ``second`` and ``third``, written as
    prototypes stored before their pictures were kept (no picture in the index)."""
    alice = world.store.add_person(GROUP, _guardian(11))
    ids = [uuid4(), uuid4(), uuid4()]
    await world.index.upsert(
        [
            IndexedFace(face, look, person_id=alice, is_prototype=True)
            for face, look in zip(ids, (ALICE, second, third), strict=True)
        ]
    )
    return alice, ids


async def test_prototypes_stored_without_their_picture_are_still_grouped_from_their_vectors(
    world: World,
) -> None:
    b = _axis(3)
    b_mirrored = _alike(b, 0.94, 4)  # walk23's b2s and b2m: one picture
    alice, ids = await _three_pictures(world, b, b_mirrored)
    assert [hit.picture for hit in await world.index.get(ids)] == [None, None, None]

    photo = world.photo(_scoring(7, (ALICE, 0.0), (b, WALK23[0]), (b_mirrored, WALK23[1])))
    await world.recognition.process(photo)

    [face_id] = world.face_ids(photo)
    assert world.store.faces[face_id].person_id is None
    assert list(world.store.suggestions) == [(face_id, alice)]
    assert world.deliveries(photo) == {}


async def test_matching_counts_by_the_picture_kept_with_the_prototypes(world: World) -> None:
    b, c = _axis(3), _axis(4)  # two photos to their vectors (cosine about 0)
    alice, ids = await _three_pictures(world, b, c)
    scores = ((ALICE, 0.0), (b, WALK23[0]), (c, WALK23[1]))

    first = world.photo(_scoring(7, *scores))
    await world.recognition.process(first)
    assert world.store.faces[world.face_ids(first)[0]].person_id == alice  # two pictures agree

    # Kept as one picture where the prototypes were chosen: matching takes that, and the
    # same face is only asked about.
    await world.index.set_pictures(alice, {ids[0]: ids[0], ids[1]: ids[1], ids[2]: ids[1]})
    second = world.photo(_scoring(8, *scores))
    await world.recognition.process(second)

    [face_id] = world.face_ids(second)
    assert world.store.faces[face_id].person_id is None
    assert (face_id, alice) in world.store.suggestions
    assert world.deliveries(second) == {}
