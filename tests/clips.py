"""Clips that tests make themselves with PyAV: a second or two of a few colours, in the
containers phones and apps send (MP4 with H.264, WebM with VP8, a GIF), upright or
stored turned with a rotation in the display matrix as phones store portrait clips."""

from __future__ import annotations

import fractions
import io

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
