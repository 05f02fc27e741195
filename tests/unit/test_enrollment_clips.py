"""A clip sent while enrolling, on enrollment's store in memory (``tests/fakes/enrollment.py``)
and the edge face index, without the model or Telegram: its views are kept as photos sent,
never past the session's room, counted in the verdicts after it, and its one verdict
says which, or why none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast
from uuid import UUID

import numpy as np
import pytest

from domain.delivery.texts import clocks_apart
from domain.enrollment import texts
from domain.enrollment.clip_views import VIEWS_PER_CLIP
from domain.enrollment.rules import MAX_PHOTOS, Tally
from domain.enrollment.service import EnrollmentFaces
from domain.enrollment.stores import Said
from domain.errors import ImageError
from domain.infra.edge_index import EdgeFaceIndex
from domain.languages import chats
from domain.recognition.faces import DetectedFace, FaceEngine, FaceQuality, Vector
from domain.recognition.thresholds import PACK_THRESHOLDS
from domain.states import EnrollmentPhotoStatus, MediaKind, PersonStatus
from domain.telegram import Button, Messenger
from domain.videos.frames import ClipInfo, NotAVideo
from tests.fakes.blobs import KeptBlobs
from tests.fakes.enrollment import MemoryEnrollmentStore
from tests.fakes.languages import MemoryChatStore

ANN = 501  # Ann's Telegram user id, and her private chat's
RNG = np.random.default_rng(35)


def _look(base: Vector | None = None) -> Vector:
    """A face (``base``: the same face turned a little)."""
    v = RNG.normal(size=512).astype(np.float32)
    v = v / np.linalg.norm(v)
    if base is not None:
        v = base + 0.4 * v
        v = v / np.linalg.norm(v)
    return np.asarray(v, dtype=np.float32)


def _face(look: Vector, x: float = 200.0) -> DetectedFace:
    return DetectedFace(
        bbox=(x, 100.0, x + 200.0, 300.0),
        landmarks=(),
        det_score=0.9,
        quality=FaceQuality(size=1.0, sharpness=0.8, pose=1.0, score=0.8, laplacian=300.0),
        embedding=look,
        crop=b"crop",
    )


class Clips:
    """``ClipFrames``: the faces it is told each sampled frame has, or the error to raise."""

    def __init__(self) -> None:
        self.frames: list[tuple[float, list[DetectedFace]]] = []
        self.error: ImageError | None = None

    async def frame_faces(
        self, data: bytes, *, attempt: int, what: str, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, list[DetectedFace]]]]:
        if self.error is not None:
            raise self.error
        return ClipInfo(8.0, 640, 480, 30.0, 0, "h264", "mp4"), self.frames


class Telegram:
    """The ``Messenger`` calls a check makes: the file, and each verdict sent."""

    def __init__(self) -> None:
        self.said: list[str] = []

    async def download(self, file_id: str) -> bytes:
        return b"clip"

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        reply_to: int | None = None,
    ) -> int:
        self.said.append(text)
        return 1000 + len(self.said)


class Session:
    """Ann enrolling Alice, sending photos (checked as the test says) and clips."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.store = MemoryEnrollmentStore()
        self.store.members.add(ANN)
        self.clips = Clips()
        self.telegram = Telegram()
        self.faces = EnrollmentFaces(
            cast(FaceEngine, None),  # a clip's faces come from ``Clips``
            index,
            cast(Messenger, self.telegram),
            KeptBlobs(),  # type: ignore[arg-type]
            PACK_THRESHOLDS["buffalo_sc"],
            None,
            store=self.store,
            approvals=None,  # type: ignore[arg-type]
            shrink=lambda data, side: data,
            clips=self.clips,
        )
        self.alice = self.store.person_of(ANN, "Alice", PersonStatus.ENROLLING)
        self.look = _look()

    async def photos(self, count: int) -> None:
        """``count`` photos accepted and told, as their own checks would."""
        for _ in range(count):
            message = len(self.store.photos) + 10
            photo_id = await self.store.add_photo(self.alice, ANN, "photo", None, message)
            face_id = UUID(int=message)
            self.store.faces[face_id] = (self.alice, True, None)
            await self.store.record_verdict(
                photo_id, EnrollmentPhotoStatus.ACCEPTED, Said("accepted"), face_id
            )
            await self.store.set_reply(photo_id, message + 100)

    async def clip(self, frames: int) -> UUID:
        """A clip of Alice's face turning, ``frames`` sampled frames half a second apart,
        sent and checked; its session photo."""
        self.clips.frames = [(i * 0.5, [_face(_look(self.look))]) for i in range(frames)]
        message = len(self.store.photos) + 10
        clip_id = await self.store.add_photo(
            self.alice, ANN, "clip", None, message, MediaKind.VIDEO
        )
        await self.faces.check_photo(clip_id)
        return clip_id

    def views(self, clip_id: UUID) -> list[float]:
        return sorted(
            p.at_s or 0.0
            for p in self.store.photos.values()
            if p.clip_id == clip_id and p.status == EnrollmentPhotoStatus.ACCEPTED
        )


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[Session]:
    index = EdgeFaceIndex.open(tmp_path / "faces")
    await index.ensure_ready()
    # Ann's language is read from a store of chats (the process's own put back after).
    before = chats.reading_from()
    chats.read_from(MemoryChatStore())
    try:
        yield Session(index)
    finally:
        chats.read_from(before)
        await index.close()


async def test_a_clip_after_a_photo_keeps_its_views_and_counts_them_with_the_photo(
    session: Session,
) -> None:
    await session.photos(1)
    clip = await session.clip(frames=12)

    views = session.views(clip)
    assert len(views) == VIEWS_PER_CLIP
    assert await session.store.accepted(session.alice) == 1 + VIEWS_PER_CLIP
    (said,) = session.telegram.said
    assert said.startswith(f"✅ From your clip I kept {VIEWS_PER_CLIP} views of Alice's face (0:0")
    # Views half a second apart read apart (findings26 8: "0:00, 0:00, 0:01…").
    times = said.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert times == clocks_apart(views) and len(set(times)) == VIEWS_PER_CLIP, times
    # The count tells the views apart from the photo (a view is no photo sent).
    assert said.endswith(
        f"{VIEWS_PER_CLIP} views from your clip and 1 photo so far. Send more, or /done."
    )
    # Each view is a face of Alice's, in the index, as a photo's would be.
    faces = [p.face_id for p in session.store.photos.values() if p.clip_id == clip]
    assert all(session.store.faces[f][0] == session.alice for f in faces if f)


async def test_a_clip_never_takes_more_views_than_the_session_has_room_for(
    session: Session,
) -> None:
    await session.photos(MAX_PHOTOS - 2)
    clip = await session.clip(frames=12)

    assert len(session.views(clip)) == 2
    assert await session.store.accepted(session.alice) == MAX_PHOTOS
    assert "I kept 2 views" in session.telegram.said[-1]


async def test_a_clip_checked_twice_keeps_its_views_once(session: Session) -> None:
    clip = await session.clip(frames=6)
    await session.faces.check_photo(clip)  # the job run again (a worker killed after it)

    assert await session.store.accepted(session.alice) == len(session.views(clip)) == 5
    assert len(session.telegram.said) == 1


async def test_a_clip_to_check_again_once_told_is_checked_again_by_the_next_run(
    session: Session,
) -> None:
    """The guardian's answer came right after the verdict was told, the job still running:
    the queue runs the job again once it ends (``test_redis``'s
    ``test_a_job_asked_for_while_it_runs_runs_again``), and that run checks the clip
    afresh: the verdict just told holds nothing back (before, the answer waited a minute
    for the reconcile cron)."""
    session.clips.error = NotAVideo("moov atom not found")
    clip_id = await session.store.add_photo(session.alice, ANN, "clip", None, 10, MediaKind.VIDEO)
    told = session.store.set_reply

    async def answered_at_once(photo_id: UUID, reply_id: int) -> None:
        await told(photo_id, reply_id)
        if photo_id == clip_id and reply_id > 0 and session.clips.error is not None:
            session.clips.error = None
            session.clips.frames = [(i * 0.5, [_face(_look(session.look))]) for i in range(6)]
            await session.store.recheck(clip_id, Said("checking"), session.alice)

    session.store.set_reply = answered_at_once  # type: ignore[method-assign]
    await session.faces.check_photo(clip_id)
    assert len(session.telegram.said) == 1
    await session.faces.check_photo(clip_id)  # the run again, asked for meanwhile

    assert session.telegram.said[0].startswith("❌ I can't read this file as a video")
    assert "I kept 5 views" in session.telegram.said[1]
    assert len(session.views(clip_id)) == 5


async def test_a_clip_that_is_no_video_keeps_nothing_and_says_so(session: Session) -> None:
    session.clips.error = NotAVideo("moov atom not found")
    clip = await session.clip(frames=0)

    assert session.views(clip) == []
    assert session.store.photos[clip].status == EnrollmentPhotoStatus.REJECTED
    assert session.telegram.said == [
        "❌ I can't read this file as a video. Please send the clip again, or photos."
    ]


async def test_a_clip_of_two_people_all_through_keeps_nothing(session: Session) -> None:
    other = _look()
    session.clips.frames = [
        (i * 0.5, [_face(_look(session.look), x=0.0), _face(other, x=300.0)]) for i in range(6)
    ]
    clip_id = await session.store.add_photo(session.alice, ANN, "clip", None, 10, MediaKind.VIDEO)
    await session.faces.check_photo(clip_id)

    assert session.views(clip_id) == []
    assert session.telegram.said[-1].startswith("❌ I see two people or more all through")


def test_the_answer_names_the_time_of_each_view_kept() -> None:
    """Two views in one second are two times (findings23 4: "5 views" listed 4 times), told
    apart in tenths (findings26 8: "0:00, 0:00" read as one time twice)."""
    assert texts.clip_kept("Alice", [11.2, 1.0, 4.0, 4.5], Tally(views=4, clips=1), 3) == (
        "✅ From your clip I kept 4 views of Alice's face (0:01, 0:04.0, 0:04.5, 0:11). "
        "4 views from your clip so far. Send more, or /done."
    )
    assert texts.clip_kept("Alice", [0.5], Tally(photos=1, views=1, clips=1), 3) == (
        "✅ From your clip I kept 1 view of Alice's face (0:00). "
        "1 view from your clip and 1 photo so far (2 of 3)."
    )


def test_views_that_would_read_alike_are_told_apart() -> None:
    """findings26 8: "(0:00, 0:00, 0:01, 0:02, 0:03)" read as two views at one time."""
    assert clocks_apart([0.0, 0.5, 1.2, 2.4, 3.1]) == ["0:00.0", "0:00.5", "0:01", "0:02", "0:03"]
    assert clocks_apart([1.0, 0.0, 0.04]) == ["0:00.00", "0:00.04", "0:01"]  # tenths alike
    assert clocks_apart([62.3, 62.7, 5.0]) == ["0:05", "1:02.3", "1:02.7"]
    assert clocks_apart([4.5, 4.5]) == ["0:04", "0:04"]  # the same time is the same
    said = texts.views_kept("Jo", [0.0, 0.5, 1.2, 2.4, 3.1])
    assert (
        said == "✅ From your clip I kept 5 views of Jo's face (0:00.0, 0:00.5, 0:01, 0:02, 0:03)."
    )
