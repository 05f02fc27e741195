"""``domain.videos.frames.VideoReader`` on PyAV (FFmpeg, shipped in its wheels).

The clip is demuxed and decoded packet by packet from the file, so memory holds a frame
or two and the frames kept, never the clip. Only the sampled frames are converted to
pixels (the conversion costs about as much as the decoding).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import av
import numpy as np

from domain.recognition.faces import BGRPixels
from domain.settings import VideoSettings
from domain.videos.frames import (
    BrokenVideo,
    ClipInfo,
    EmptyVideo,
    FrameCount,
    NoFrameRate,
    NotAVideo,
    NoVideoStream,
    SampledFrame,
    Sampler,
    VideoFramesTooLarge,
    VideoTooLong,
    check_length,
    sampling_interval,
)

# The first bytes of the containers phones and chats produce: a file that starts like
# one of them and cannot be opened is a broken video, any other a file that is not one.
SIGNATURES = (
    (4, b"ftyp"),  # MP4, MOV, 3GP, HEIF's family
    (4, b"moov"),
    (4, b"mdat"),
    (4, b"wide"),
    (4, b"free"),
    (0, b"\x1a\x45\xdf\xa3"),  # Matroska, WebM
    (0, b"GIF8"),
    (0, b"RIFF"),  # AVI
    (0, b"OggS"),
    (0, b"FLV"),
    (0, b"\x00\x00\x01\xba"),  # MPEG program stream
    (0, b"\x47"),  # MPEG transport stream
)
# A clip whose frames stop this long before the end its header gives was cut short.
TRUNCATED_BY_S = 0.5


class PyAVVideoReader:
    """Reads clips with PyAV, within the limits of the ``videos`` settings."""

    def __init__(self, settings: VideoSettings) -> None:
        self._settings = settings
        self.last = FrameCount()  # what the last ``frames`` went through, for benchmarks

    def probe(self, path: Path) -> ClipInfo:
        with self._open(path) as container:
            info = self._info(container)
            # The rotation is in each frame's side data: the first frame's is the clip's.
            try:
                first = next(container.decode(container.streams.video[0]), None)
            except av.FFmpegError as error:
                raise BrokenVideo(str(error)) from None
            if first is None:
                raise BrokenVideo("no frame could be decoded")
            return _turned(info, _clockwise(first))

    def frames(
        self, path: Path, *, halfway_within: Sequence[tuple[float, float]] = ()
    ) -> Iterator[SampledFrame]:
        settings = self._settings
        with self._open(path) as container:
            info = self._info(container)
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"  # FFmpeg decodes on every core it may use
            # Frames nothing else is predicted from (B-frames) are not decoded: a third of
            # a phone's H.264 720p clip, and decoding is most of the reading's time
            # (docs/videos.md, "Reading and sampling rate"); a sample then falls on the
            # next frame decoded.
            stream.codec_context.skip_frame = "NONREF"
            interval = sampling_interval(
                info.duration_s, per_s=settings.frames_per_s, max_frames=settings.max_frames
            )
            sampler = Sampler(interval, offset_s=interval / 2 if halfway_within else 0.0)
            # A second look stops after its last span: the first look read the clip's end.
            until_s = max((end for _, end in halfway_within), default=math.inf)
            decoded = sampled = 0
            last_s = 0.0
            try:
                for frame in container.decode(stream):
                    decoded += 1
                    at_s = _time_of(frame, decoded, info.fps)
                    last_s = max(last_s, at_s)
                    if at_s > settings.max_duration_s:
                        raise VideoTooLong(f"more than {settings.max_duration_s:.0f} s")
                    if at_s > until_s:
                        return
                    if not sampler.take(at_s):
                        continue
                    if halfway_within and not any(a <= at_s <= b for a, b in halfway_within):
                        continue  # after ``take``: the samples keep their times
                    sampled += 1
                    self.last = FrameCount(decoded, sampled)
                    yield SampledFrame(at_s, _upright(frame))
            except av.FFmpegError as error:
                raise BrokenVideo(str(error)) from None
            finally:
                self.last = FrameCount(decoded, sampled)
            if decoded == 0:
                raise BrokenVideo("no frame could be decoded")
            if decoded > 1 and last_s == 0.0:
                raise NoFrameRate(f"its {decoded} frames all have the same time")
            if info.duration_s - last_s > TRUNCATED_BY_S + (2 / info.fps if info.fps else 0.0):
                raise BrokenVideo(f"the frames end at {last_s:.1f} s of {info.duration_s:.1f} s")

    def frame_at(self, path: Path, at_s: float) -> SampledFrame | None:
        with self._open(path) as container:
            info = self._info(container)
            stream = container.streams.video[0]
            stream.codec_context.skip_frame = "NONREF"  # the frames ``frames`` decodes
            try:
                if at_s > 0 and stream.time_base:
                    container.seek(int(at_s / stream.time_base), stream=stream, backward=True)
                    try:
                        return _first_at(container.decode(stream), at_s, info.fps, seeked=True)
                    except _SeekMissed:
                        # Past the frame, or frames without times (their place counts only
                        # from the clip's first): read from the start, as ``frames`` does.
                        container.seek(0, stream=stream, backward=True)
                return _first_at(container.decode(stream), at_s, info.fps, seeked=False)
            except av.FFmpegError as error:
                raise BrokenVideo(str(error)) from None

    def _open(self, path: Path) -> Any:
        try:
            with path.open("rb") as file:
                head = file.read(16)
        except OSError as error:
            raise BrokenVideo(str(error)) from None
        if not head:
            raise EmptyVideo
        try:
            return av.open(str(path), mode="r", metadata_errors="ignore")
        except av.FFmpegError as error:
            if any(head[at : at + len(magic)] == magic for at, magic in SIGNATURES):
                raise BrokenVideo(str(error)) from None
            raise NotAVideo from None

    def _info(self, container: Any) -> ClipInfo:
        settings = self._settings
        if not container.streams.video:
            kinds = sorted({s.type for s in container.streams})
            raise NoVideoStream(f"streams: {', '.join(kinds) or 'none'}")
        stream = container.streams.video[0]
        # The header's average rate; absent (0) in some clips, whose frames' own times are
        # then all there is (a clip whose times do not advance is refused in ``frames``).
        fps = float(stream.average_rate) if stream.average_rate else 0.0
        width, height = stream.codec_context.width, stream.codec_context.height
        if width <= 0 or height <= 0:
            raise BrokenVideo("the frames have no size")
        if width * height > settings.max_frame_pixels:
            raise VideoFramesTooLarge(f"{width}x{height}")
        duration_s = _duration_of(container, stream)
        check_length(duration_s, settings.max_duration_s)
        return ClipInfo(
            duration_s=duration_s,
            width=width,
            height=height,
            fps=round(fps, 3),
            rotation=0,
            codec=stream.codec_context.name,
            container=container.format.name,
        )


# A sampled frame's time found again: a float read back from Postgres may differ a little.
SAME_TIME_S = 1e-3


class _SeekMissed(Exception):
    """After a seek, the frames cannot say which is the one asked for."""


def _first_at(
    frames: Iterator[Any], at_s: float, fps: float, *, seeked: bool
) -> SampledFrame | None:
    """The first of ``frames`` at or after ``at_s``, upright; None when there is none.
    After a seek, ``_SeekMissed`` where the frames cannot say it (no timestamps: their
    place counts only from the clip's first frame) or the seek went past it."""
    for index, frame in enumerate(frames, start=1):
        if seeked and (frame.time is None or (index == 1 and frame.time > at_s + SAME_TIME_S)):
            raise _SeekMissed
        if _time_of(frame, index, fps) >= at_s - SAME_TIME_S:
            return SampledFrame(_time_of(frame, index, fps), _upright(frame))
    return None


def _duration_of(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration / av.time_base)
    return 0.0  # unknown (a live stream): the frames' own times bound the work


def _time_of(frame: Any, index: int, fps: float) -> float:
    """The frame's time from its timestamp; by its place only where it has none."""
    if frame.time is not None:
        return max(float(frame.time), 0.0)
    if not fps:
        raise NoFrameRate("its frames have no timestamps")
    return (index - 1) / fps


def _clockwise(frame: Any) -> int:
    """Clockwise degrees a player turns the frame by (FFmpeg gives the display matrix's
    angle counter-clockwise: a phone held upright writes -90)."""
    return round(-float(frame.rotation or 0) / 90.0) * 90 % 360


def _turned(info: ClipInfo, rotation: int) -> ClipInfo:
    if rotation in (90, 270):
        return replace(info, width=info.height, height=info.width, rotation=rotation)
    return replace(info, rotation=rotation)


def _upright(frame: Any) -> BGRPixels:
    pixels = frame.to_ndarray(format="bgr24")
    rotation = _clockwise(frame)
    if rotation:
        pixels = np.ascontiguousarray(np.rot90(pixels, k=-rotation // 90))
    return cast(BGRPixels, pixels)
