"""Clips made from still photos (the shared face photos), for tests and ``facedrop eval``:
each shot films one photo as a phone would pan over it (a slow zoom towards its middle),
the shots cut one after the other; H.264 in MP4, made in memory with PyAV (nothing is
copied from ``../shared``)."""

from __future__ import annotations

import fractions
import io
from collections.abc import Sequence

import av
import cv2
import numpy as np


def film(
    shots: Sequence[tuple[bytes, float]],
    *,
    size: tuple[int, int] = (640, 360),
    fps: int = 10,
    zoom: float = 0.2,
) -> bytes:
    """An MP4 of ``shots`` (each a photo's bytes and how many seconds it is on screen),
    ``size`` pixels wide and high, ``fps`` frames a second; each shot zooms in by ``zoom``
    of its size over its length."""
    width, height = size
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = fractions.Fraction(1, fps)
        index = 0
        for image, seconds in shots:
            still = _fitted(image, width, height)
            count = max(1, round(seconds * fps))
            for n in range(count):
                frame = av.VideoFrame.from_ndarray(
                    _zoomed(still, 1 + zoom * n / count), format="bgr24"
                )
                frame.pts = index
                index += 1
                container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return out.getvalue()


def _fitted(image: bytes, width: int, height: int) -> np.ndarray:
    """The photo, whole, in the middle of a black frame of the clip's size."""
    pixels = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_COLOR)
    assert pixels is not None, "not an image"
    scale = min(width / pixels.shape[1], height / pixels.shape[0])
    resized = cv2.resize(pixels, (int(pixels.shape[1] * scale), int(pixels.shape[0] * scale)))
    frame = np.zeros((height, width, 3), np.uint8)
    top, left = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    frame[top : top + resized.shape[0], left : left + resized.shape[1]] = resized
    return frame


def _zoomed(frame: np.ndarray, factor: float) -> np.ndarray:
    height, width = frame.shape[:2]
    crop_w, crop_h = int(width / factor), int(height / factor)
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    return cv2.resize(frame[top : top + crop_h, left : left + crop_w], (width, height))
