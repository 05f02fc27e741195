"""A clip's faces: its frames read (``VideoReader``), each sampled frame's faces found
(``FaceEngine``) and followed into tracks (``Tracker``). Recognition's ``ClipAnalyzer``."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import cv2

from domain.errors import ImageError
from domain.recognition.clips import ClipFaces, TrackedFace
from domain.recognition.faces import DetectedFace, FaceEngine, analyze_bounded
from domain.videos.frames import ClipInfo, VideoReader, check_length
from domain.videos.tracks import Track, Tracker, seen_together

# A sampled frame as the engine's port takes images (docs/videos.md: a port taking pixels
# would save this encoding, a few milliseconds a frame).
JPEG_QUALITY = 92


class ClipFaceReader:
    """``ClipAnalyzer`` on a video reader and the face engine."""

    def __init__(self, reader: VideoReader, engine: FaceEngine, *, max_duration_s: float) -> None:
        self._reader = reader
        self._engine = engine
        self._max_duration_s = max_duration_s  # the reader refuses longer ones, too

    def check_length(self, duration_s: float) -> None:
        check_length(duration_s, self._max_duration_s)

    async def analyze(self, data: bytes, *, attempt: int, what: str) -> ClipFaces:
        info, frames = await self._faces_by_frame(data, attempt=attempt, what=what)
        tracker = Tracker()
        for at_s, _, faces in frames:
            tracker.add_frame(at_s, faces)
        tracks = tracker.tracks
        images = {at_s: image for at_s, image, _ in frames}
        return ClipFaces(
            width=info.width,
            height=info.height,
            duration_s=info.duration_s,
            frames_examined=len(frames),
            tracks=[_tracked(track, images) for track in tracks],
            together=seen_together(tracks),
        )

    async def frame_faces(
        self, data: bytes, *, attempt: int, what: str, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, list[DetectedFace]]]]:
        """The clip's facts and each sampled frame's faces (with their crops), in time
        order; a clip longer than ``longest_s`` is ``VideoTooLong`` before any frame is
        decoded (enrollment's ``ClipFrames``)."""
        info, frames = await self._faces_by_frame(
            data, attempt=attempt, what=what, longest_s=longest_s
        )
        return info, [(at_s, faces) for at_s, _, faces in frames]

    async def _faces_by_frame(
        self, data: bytes, *, attempt: int, what: str, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, bytes, list[DetectedFace]]]]:
        """The clip's facts and each sampled frame: its time, its JPEG and its faces."""
        info, frames = await asyncio.to_thread(self._read, data, longest_s)
        found_faces: list[tuple[float, bytes, list[DetectedFace]]] = []
        for at_s, image in frames:
            try:
                found = await analyze_bounded(
                    self._engine, image, crops=True, attempt=attempt, what=f"{what} at {at_s:.1f}s"
                )
            except ImageError:  # a frame the model cannot use (too small): the others can
                found_faces.append((at_s, image, []))
                continue
            found_faces.append((at_s, image, found.faces))
        return info, found_faces

    def _read(
        self, data: bytes, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, bytes]]]:
        """The clip's facts and its sampled frames as JPEG (a few hundred kilobytes each
        at most, where the pixels of 240 frames of 4K would be gigabytes). Blocking."""
        with tempfile.TemporaryDirectory(prefix="facedrop-clip-") as scratch:
            path = Path(scratch) / "clip"
            path.write_bytes(data)
            info = self._reader.probe(path)
            if longest_s is not None:
                check_length(info.duration_s, longest_s)
            frames = [
                (
                    frame.at_s,
                    cv2.imencode(".jpg", frame.pixels, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])[
                        1
                    ].tobytes(),
                )
                for frame in self._reader.frames(path)
            ]
        return info, frames


def _tracked(track: Track, frames: dict[float, bytes]) -> TrackedFace:
    best = track.best()
    return TrackedFace(
        number=track.number,
        shown=best[0].face,
        shown_at_s=best[0].at_s,
        frames=[sighting.face.embedding for sighting in best],
        seen_from_s=track.first_s,
        seen_to_s=track.last_s,
        sightings=len(track.sightings),
        frame=frames.get(best[0].at_s),
    )
