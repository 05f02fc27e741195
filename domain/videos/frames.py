"""The video reader port: what a clip is, and the frames sampled from it.

A clip is read as a stream: frames are decoded one after the other and only the sampled
ones are kept, each with its time from the clip's own timestamps (variable frame rates
are common on phones), upright (the rotation phones record is applied).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
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


@dataclass(slots=True)
class FacesOnScreen:
    """What the reader of a clip's frames found on the last frame it was given, told back
    to the ``VideoReader``: it picks the next frame only when the next is asked for, so the
    frames are never held while the faces are looked for."""

    faces: bool = False


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

    def frames(self, path: Path, on_screen: FacesOnScreen | None = None) -> Iterator[SampledFrame]:
        """The sampled frames of the clip, in time order (``SamplingRate``): densely after a
        frame ``on_screen`` says had a face, sparsely after one without (or with no
        ``on_screen``, every frame sparsely)."""
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


@dataclass(frozen=True, slots=True)
class SamplingRate:
    """Seconds between two sampled frames: ``sparse_s`` while no face is on screen,
    ``dense_s`` after a frame with one (``dense_s`` divides ``sparse_s`` evenly)."""

    sparse_s: float
    dense_s: float


def sampling_rate(
    duration_s: float, *, per_s: float, dense_per_s: float, max_frames: int
) -> SamplingRate:
    """The sparse interval is ``sampling_interval``; the dense one is the sparse one divided
    by a whole number, as near ``dense_per_s`` as ``max_frames`` allows: every sparse
    sampling time is then a dense one too, so a switch between the two never takes a frame
    just after another, and a clip seen densely all through still gets no more than
    ``max_frames`` (a long clip is sampled more sparsely at both rates)."""
    sparse_s = sampling_interval(duration_s, per_s=per_s, max_frames=max_frames)
    densest_s = sampling_interval(duration_s, per_s=dense_per_s, max_frames=max_frames)
    steps = max(1, math.floor(sparse_s / densest_s + 1e-6))
    return SamplingRate(sparse_s=sparse_s, dense_s=sparse_s / steps)


class Sampler:
    """Picks frames by their timestamps: the first frame at or after each sampling time, on
    the grid of the interval in force (0, interval, 2 x interval, ...), dense after a frame
    taken with a face on screen (``take``'s ``dense``), sparse after one without.

    A frame's time, not its index, decides: a variable-rate clip (phones slow down in the
    dark) has frames at uneven intervals, and counting them would drift; so would
    counting from the frame taken, which comes a little after its sampling time.
    """

    def __init__(self, rate: SamplingRate | float) -> None:
        self._rate = rate if isinstance(rate, SamplingRate) else SamplingRate(rate, rate)
        self._last: float | None = None  # the time of the last frame taken

    def take(self, at_s: float, *, dense: bool = False) -> bool:
        """Whether to take the frame at ``at_s``; ``dense``: the last frame taken had a face
        (told after it was taken, so the next sampling time is reckoned here)."""
        if self._last is not None:
            every = self._rate.dense_s if dense else self._rate.sparse_s
            # The next sampling time after the last frame taken: a gap in the clip is not
            # followed by a burst of frames making up for it.
            due = (math.floor(self._last / every + 1e-6) + 1) * every
            if at_s < due - 1e-6:
                return False
        self._last = at_s
        return True
