"""A clip's faces as recognition matches them: each face followed through the clip (a
track) with the embeddings of its best frames. The port; reading a clip and following
its faces live in ``domain/videos`` (``videos.clip_faces.ClipFaceReader``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from domain.recognition.faces import DetectedFace, Vector


@dataclass(frozen=True, slots=True)
class TrackedFace:
    """One face followed through a clip: ``shown`` is its best sighting (its box, its crop:
    what a question or a card shows), ``frames`` the embeddings of its best sightings (each
    scored against the persons), ``appearance`` the mean of every sighting's embedding,
    normalized (``Track.appearance``: what asks about a small face whose frames are each too
    soft to), ``seen_from_s``/``seen_to_s`` when it is on screen;
    ``frame``: the best sighting's whole frame as JPEG (what a question about the face
    shows, marked: the clip itself is no picture to draw on)."""

    number: int
    shown: DetectedFace
    shown_at_s: float
    frames: Sequence[Vector] = field(repr=False)
    appearance: Vector = field(repr=False)
    seen_from_s: float
    seen_to_s: float
    sightings: int
    frame: bytes | None = field(default=None, repr=False)

    @property
    def embedding(self) -> Vector:
        """The face's one embedding in the index: its best frames' mean, normalized."""
        total = np.sum(np.asarray(self.frames, dtype=np.float32), axis=0)
        return np.asarray(total / np.linalg.norm(total), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class ClipFaces:
    """The faces of one clip: its upright size, its length, how many frames were examined,
    its tracks, and the pairs of tracks seen at the same time (two people, never one)."""

    width: int
    height: int
    duration_s: float
    frames_examined: int
    tracks: list[TrackedFace]
    together: set[frozenset[int]]


class ClipAnalyzer(Protocol):
    """Finds and follows the faces of a clip.

    Raises a subclass of ``domain.errors.ImageError`` for bytes it cannot use (a video's
    are ``videos.frames.VideoError``), and ``TryAgainLater`` while the model fails.
    """

    def check_length(self, duration_s: float) -> None:
        """Raises an ``ImageError`` for a clip longer than any clip is read: asked with the
        length its message gives, before it is downloaded."""

    async def analyze(self, data: bytes, *, attempt: int, what: str) -> ClipFaces: ...


class ClipStills(Protocol):
    """A clip's frame as a still picture: what a face of a clip read whole is cut from
    again, as a photo's face is from the photo (a /whois sheet, an earlier clip's offer).
    No model: the bot, which runs none, cuts /whois sheets with it."""

    async def frame_at(self, data: bytes, at_s: float) -> bytes:
        """The clip's frame at ``at_s`` (a face's ``shown_at_s``: the frame its box is in),
        upright, as JPEG. Raises an ``ImageError`` when the clip cannot be read or ends
        before."""
        ...
