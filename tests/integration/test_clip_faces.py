"""A clip's faces found and followed with the real reader and model: a clip filmed from
two people's photos, one after the other, gives one track each, when each is on screen,
and an embedding that is that person's (``videos.clip_faces.ClipFaceReader``)."""

from __future__ import annotations

import pytest

from domain.errors import ImageError
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.video_reader import PyAVVideoReader
from domain.recognition.faces import cosine
from domain.settings import VideoSettings
from domain.videos.clip_faces import ClipFaceReader
from domain.videos.frames import NotAVideo
from sandbox.clips import film
from sandbox.collages import DATASET, DEMO_CAST
from tests.conftest import shared_photo


def _photo(name: str) -> bytes:
    return shared_photo(f"{DATASET}/{name}").read_bytes()


@pytest.fixture
def clips(engine: InsightFaceEngine) -> ClipFaceReader:
    settings = VideoSettings()
    return ClipFaceReader(
        PyAVVideoReader(settings),
        engine,
        max_duration_s=settings.max_duration_s,
        second_look_share=settings.second_look_share,
    )


async def test_each_person_of_a_clip_is_one_track_seen_when_they_are_on_screen(
    clips: ClipFaceReader, engine: InsightFaceEngine
) -> None:
    angelina, scarlett = DEMO_CAST["angelina"], DEMO_CAST["scarlett"]
    clip = film([(_photo(angelina["group"][0]), 3.0), (_photo(scarlett["group"][0]), 3.0)])
    found = await clips.analyze(clip, attempt=1, what="test clip")
    assert (found.width, found.height) == (640, 360)
    assert found.duration_s == pytest.approx(6.0, abs=0.2)
    assert found.frames_examined == 12  # 2 a second
    first, second = found.tracks
    assert first.seen_from_s == 0.0 and 2.0 <= first.seen_to_s < 3.0
    assert second.seen_from_s >= 3.0 and second.seen_to_s >= 5.0
    assert found.together == set()  # one after the other: two people, but never at once
    assert first.shown.crop and len(first.frames) == 5 and first.sightings == 6

    def likeness(track_embedding: object, enrolled: str) -> float:
        (face,) = engine.analyze_sync(_photo(enrolled)).faces
        return cosine(track_embedding, face.embedding)  # type: ignore[arg-type]

    assert likeness(first.embedding, angelina["enroll"][0]) > 0.45  # buffalo_sc's auto
    assert likeness(first.embedding, scarlett["enroll"][0]) < 0.3
    assert likeness(second.embedding, scarlett["enroll"][0]) > 0.45
    # The frame a question about a track shows: the whole frame its best face is in.
    for track, person in ((first, angelina), (second, scarlett)):
        assert track.frame is not None
        (face,) = engine.analyze_sync(track.frame).faces
        assert likeness(face.embedding, person["enroll"][0]) > 0.45


async def test_bytes_that_are_no_video_are_refused_with_why(clips: ClipFaceReader) -> None:
    with pytest.raises(NotAVideo) as refused:
        await clips.analyze(b"this is not a video at all", attempt=1, what="text")
    assert isinstance(refused.value, ImageError)  # recognition ends it with the reason
