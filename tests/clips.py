"""Clips that tests make themselves with PyAV: a second or two of a few colours, in the
containers phones and apps send (MP4 with H.264, WebM with VP8, a GIF), upright or
stored turned with a rotation in the display matrix as phones store portrait clips."""

from __future__ import annotations

import fractions
import io
from collections.abc import Sequence
from pathlib import Path

import av
import numpy as np

# What each container is written with (codec, pixel format).
CODECS = {
    "mp4": ("libx264", "yuv420p"),
    "webm": ("libvpx", "yuv420p"),
    "gif": ("gif", "rgb8"),
}


def make_clip(
    width: int = 64,
    height: int = 48,
    *,
    seconds: float = 2.0,
    fps: int = 10,
    container: str = "mp4",
    rotation: int | None = None,
) -> bytes:
    """``seconds`` of video at ``fps``, each frame a shade of its own (the first frame dark
    red, so a thumbnail of it can be told apart); ``rotation``: the degrees the display
    matrix turns the stored frames (90 stores a portrait clip as landscape)."""
    codec, pixel_format = CODECS[container]
    out = io.BytesIO()
    with av.open(out, "w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = width, height
        stream.pix_fmt = pixel_format
        stream.time_base = fractions.Fraction(1, fps)
        if rotation is not None:
            stream.set_display_rotation(rotation)
        for index in range(round(seconds * fps)):
            pixels = np.zeros((height, width, 3), np.uint8)
            pixels[:, :] = (120 + index * 5 % 120, 20, 20)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts = index
            muxer.mux(stream.encode(frame))
        muxer.mux(stream.encode())
    return out.getvalue()


# The bad inputs of the video reader's tests and of the bad clips' journeys
# (tests/integration/test_video_reader.py, tests/e2e/test_bad_clips.py).

# An animated sticker: Lottie JSON, gzipped (a .tgs file); no video.
ANIMATED_STICKER = b"\x1f\x8b\x08\x00" + bytes(200)


def clip_at_times(
    path: Path,
    times: Sequence[float],
    *,
    size: tuple[int, int] = (64, 48),
    rotation: int | None = None,
    codec: str = "libx264",
) -> Path:
    """A clip whose frames are shown at ``times`` (seconds): a white top-left quarter on
    black, so which way is up can be read back."""
    width, height = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=30)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuvj420p" if codec == "mjpeg" else "yuv420p"
        if codec == "libx264":
            stream.options = {"bf": "0"}  # no B-frames: every frame is decoded
        stream.time_base = fractions.Fraction(1, 1000)
        if rotation is not None:
            stream.set_display_rotation(rotation)
        for at in times:
            pixels = np.zeros((height, width, 3), np.uint8)
            pixels[: height // 2, : width // 2] = 255
            frame = av.VideoFrame.from_ndarray(pixels, format="bgr24")
            frame.pts, frame.time_base = round(at * 1000), stream.time_base
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


def sound_only(path: Path) -> Path:
    """An MP4 with a second of silence and no picture (a voice memo sent as a video)."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=16000)
        for i in range(20):
            sound = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
            )
            sound.sample_rate, sound.pts = 16000, i * 1024
            container.mux(stream.encode(sound))
        container.mux(stream.encode())
    return path


def without_frame_rate(path: Path) -> Path:
    """A Matroska clip whose every frame is at 0 s and whose header gives no rate (a broken
    muxer's output)."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mjpeg")
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuvj420p"
        stream.time_base = stream.codec_context.time_base = fractions.Fraction(1, 1000)
        packets = []
        for i in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="bgr24")
            frame.pts, frame.time_base = i, stream.time_base
            packets += stream.encode(frame)
        for packet in packets + stream.encode():
            packet.pts = packet.dts = 0
            packet.duration = 0
            container.mux(packet)
    data = bytearray(path.read_bytes())
    at = data.find(b"\x23\xe3\x83")  # Matroska's DefaultDuration: renamed, so not read
    data[at : at + 3] = b"\x2f\xff\xfe"
    path.write_bytes(bytes(data))
    return path
