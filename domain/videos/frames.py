"""The video reader port: what a clip is, and the frames sampled from it.

A clip is read as a stream: frames are decoded one after the other and only the sampled
ones are kept, each with its time from the clip's own timestamps (variable frame rates
are common on phones), upright (the rotation phones record is applied).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from domain.errors import ImageError
from domain.recognition.faces import BGRPixels


class VideoError(ImageError):
    """A file cannot be read as a video; ``reason`` says why, for people, and ``detail`` what
    exactly was wrong, for the log (FFmpeg's words, a size, a length). An ``ImageError``:
    recognition ends a clip it cannot read as it ends such a photo, with the reason."""

    reason = "the file cannot be read as a video"


class EmptyVideo(VideoError):
    reason = "the file is empty"


class NotAVideo(VideoError):
    reason = "the file is not a video"


class BrokenVideo(VideoError):
    reason = "the video is damaged or incomplete"


class NoVideoStream(VideoError):
    reason = "the file has no picture in it (sound only)"


class NoFrameRate(VideoError):
    reason = "the video has no frame rate or timestamps to read it by"


class VideoTooLong(VideoError):
    reason = "the video is too long"


class VideoFramesTooLarge(VideoError):
    reason = "the video's frames are too large"


@dataclass(frozen=True, slots=True)
class ClipInfo:
    """What a clip is, read from its header. ``width`` and ``height`` are upright (after
    ``rotation``, the clockwise degrees a player turns the picture by); ``fps`` is the
    stream's average rate (a variable-rate clip's frames come at other intervals)."""

    duration_s: float
    width: int
    height: int
    fps: float
    rotation: int
    codec: str
    container: str
    has_video: bool = True

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True, slots=True)
class SampledFrame:
    """One frame kept from a clip: upright BGR pixels and its time in the clip."""

    at_s: float
    pixels: BGRPixels = field(repr=False)


@dataclass(frozen=True, slots=True)
class FrameCount:
    """How much of a clip a read went through: frames decoded, frames kept."""

    decoded: int = 0
    sampled: int = 0


class VideoReader(Protocol):
    """Reads clips from files. Blocking and CPU-bound: call it off the event loop.

    Raises a subclass of ``VideoError`` for a file it cannot use.
    """

    def probe(self, path: Path) -> ClipInfo: ...

    def frames(
        self, path: Path, *, halfway_within: Sequence[tuple[float, float]] = ()
    ) -> Iterator[SampledFrame]:
        """The sampled frames of the clip, in time order (``sampling_interval``); with
        ``halfway_within``, instead the frames halfway between those samples, only within
        these (from, to) spans: a second look, as dense again, where it is needed (the clip
        decoded no further than the last span's end)."""
        ...

    def frame_at(self, path: Path, at_s: float) -> SampledFrame | None:
        """The first frame ``frames`` could give at or after ``at_s`` (a sampled frame's
        own time gives that frame again), decoding only from the keyframe before it; None
        when the clip ends before."""
        ...


def check_length(duration_s: float, max_s: float) -> None:
    """Refuses a clip longer than ``max_s`` (``VideoTooLong``): what its header says, or what
    the message it came in says before it is even downloaded."""
    if duration_s > max_s:
        raise VideoTooLong(f"{_clock(duration_s)}, the limit is {_clock(max_s)}")


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def sampling_interval(duration_s: float, *, per_s: float, max_frames: int) -> float:
    """Seconds between two sampled frames: ``per_s`` a second of clip, but over a long clip
    no more than ``max_frames`` in all, spread evenly over the whole of it (sparser, never
    cut short: the child may be in the last minute)."""
    every = 1.0 / per_s
    if duration_s <= 0:
        return every
    return max(every, duration_s / max_frames)


class Sampler:
    """Picks frames by their timestamps: the first frame at or after each sampling time
    (0, interval, 2 x interval, ...).

    A frame's time, not its index, decides: a variable-rate clip (phones slow down in the
    dark) has frames at uneven intervals, and counting them would drift; so would
    counting from the frame taken, which comes a little after its sampling time.
    """

    def __init__(self, interval_s: float, *, offset_s: float = 0.0) -> None:
        self._interval = interval_s
        self._offset = offset_s  # the sampling times start here (halfway: a second look)
        self._next = offset_s

    def take(self, at_s: float) -> bool:
        if at_s < self._next - 1e-6:
            return False
        # The next sampling time after this frame: a gap in the clip is not followed by a
        # burst of frames making up for it.
        since = (at_s - self._offset) / self._interval
        self._next = self._offset + (math.floor(since + 1e-6) + 1) * self._interval
        return True
