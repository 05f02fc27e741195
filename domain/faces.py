"""The face engine port: find faces in an image and describe each one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]
BBox = tuple[float, float, float, float]
Point = tuple[float, float]

EMBEDDING_SIZE = 512


@dataclass(frozen=True, slots=True)
class FaceQuality:
    """How usable a face is for recognition; each part and the score lie in [0, 1]."""

    size: float
    sharpness: float
    pose: float
    score: float


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

    def close(self) -> None: ...


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two L2-normalized embeddings."""
    return float(np.dot(a, b))
