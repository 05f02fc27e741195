"""The face engine port: find faces in an image and describe each one."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from domain.errors import EngineFailed, ImageError
from domain.retry import TryAgainLater

log = logging.getLogger(__name__)

Vector = npt.NDArray[np.float32]
BBox = tuple[float, float, float, float]
Point = tuple[float, float]
# Upright 8-bit BGR pixels, rows by columns by channels: the layout the models take.
BGRPixels = npt.NDArray[np.uint8]

EMBEDDING_SIZE = 512
# An image the engine raises on (other than an ImageError) is tried this many times in
# all, a little later each time: a passing fault (memory, a busy machine) gets over it,
# a fault of the image itself fails the same way every time and should not hold its
# photo or its parent's verdict for long.
ATTEMPTS_PER_IMAGE = 3
RETRY_AFTER_S = 5.0


@dataclass(frozen=True, slots=True)
class FaceQuality:
    """How usable a face is for recognition; each part and the score lie in [0, 1]."""

    size: float
    sharpness: float
    pose: float
    score: float
    laplacian: float = 0.0  # the variance ``sharpness`` is scored from (0: not measured)
    # How evenly sharp the face is across directions (``quality.evenness``): near 0 when it
    # is smeared along one direction (motion blur), 1 when not measured.
    evenness: float = 1.0


@dataclass(frozen=True, slots=True)
class DetectedFace:
    """One face found in an image, in the image's own (EXIF-upright) pixel coordinates."""

    bbox: BBox
    landmarks: tuple[Point, ...]
    det_score: float
    quality: FaceQuality
    embedding: Vector = field(repr=False)
    crop: bytes | None = field(default=None, repr=False)

    @property
    def min_side(self) -> float:
        x1, y1, x2, y2 = self.bbox
        return min(x2 - x1, y2 - y1)


@dataclass(frozen=True, slots=True)
class ImageFaces:
    """The faces of one image, largest detection score first."""

    width: int
    height: int
    faces: list[DetectedFace]


class FaceEngine(Protocol):
    """Detects faces and embeds them as L2-normalized 512-d vectors.

    Raises a subclass of ``domain.errors.ImageError`` for bytes it cannot use.
    """

    @property
    def pack(self) -> str: ...

    async def analyze(self, image: bytes, *, crops: bool = False) -> ImageFaces: ...

    async def analyze_pixels(
        self, pixels: BGRPixels, *, crops: bool = False, closeups: bool = True
    ) -> ImageFaces:
        """``analyze`` on pixels already decoded and upright (a video frame): no image
        file made and read again. ``closeups``: whether an image with no face found is
        looked at again with surroundings (a face filling the frame), as photos are."""
        ...

    def close(self) -> None: ...


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two L2-normalized embeddings."""
    return float(np.dot(a, b))


async def analyze_bounded(
    engine: FaceEngine,
    image: bytes | BGRPixels,
    *,
    crops: bool,
    attempt: int,
    what: str,
    closeups: bool = True,
) -> ImageFaces:
    """``engine.analyze`` (an image file) or ``engine.analyze_pixels`` (decoded pixels),
    where anything unexpected is tried again later (``TryAgainLater``) until ``attempt``
    reaches ``ATTEMPTS_PER_IMAGE``, then is an ``EngineFailed``: the image ends with a
    reason, never retried forever. ``what`` names the image in the log."""
    try:
        if isinstance(image, bytes):
            return await engine.analyze(image, crops=crops)
        return await engine.analyze_pixels(image, crops=crops, closeups=closeups)
    except ImageError:
        raise
    except Exception as error:
        log.exception(
            "%s: the face engine failed on attempt %d of %d (%s)",
            what,
            attempt,
            ATTEMPTS_PER_IMAGE,
            f"{len(image)} bytes" if isinstance(image, bytes) else f"{image.shape} pixels",
        )
        if attempt >= ATTEMPTS_PER_IMAGE:
            raise EngineFailed(f"{type(error).__name__} on each of {attempt} attempts") from error
        raise TryAgainLater(RETRY_AFTER_S * attempt) from None
