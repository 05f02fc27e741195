"""A clip's faces: its frames read (``VideoReader``), each sampled frame's faces found
(``FaceEngine``) and followed into tracks (``Tracker``). Recognition's ``ClipAnalyzer``."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import cv2

from domain.errors import ImageError
from domain.recognition.clips import ClipFaces, TrackedFace
from domain.recognition.faces import BGRPixels, DetectedFace, FaceEngine, analyze_bounded
from domain.videos.frames import ClipInfo, SampledFrame, VideoReader, check_length
from domain.videos.tracks import Track, Tracker, second_look, seen_together, track_faces

# The JPEG of a frame shown with a question about a track (its best frame).
JPEG_QUALITY = 92

# A frame and its faces, as each is read (``ClipFaceReader._read``).
EachFrame = Callable[[SampledFrame, list[DetectedFace]], None]


class ClipFaceReader:
    """``ClipAnalyzer`` on a video reader and the face engine."""

    def __init__(
        self,
        reader: VideoReader,
        engine: FaceEngine,
        *,
        max_duration_s: float,
        second_look_share: float,
    ) -> None:
        self._reader = reader
        self._engine = engine
        self._max_duration_s = max_duration_s  # the reader refuses longer ones, too
        self._second_look_share = second_look_share  # ``tracks.second_look``'s cap

    def check_length(self, duration_s: float) -> None:
        check_length(duration_s, self._max_duration_s)

    async def analyze(self, data: bytes, *, attempt: int, what: str) -> ClipFaces:
        async with _on_disk(data) as path:
            return await self._faces(path, attempt=attempt, what=what)

    async def _faces(self, path: Path, *, attempt: int, what: str) -> ClipFaces:
        """The clip's tracks: its sampled frames followed, then, where a face was seen too
        briefly to judge (``tracks.second_look``), the frames halfway between those samples
        read too and every frame's faces followed again, in time order."""
        tracker = Tracker()
        seen: list[tuple[float, list[DetectedFace]]] = []
        # The JPEG of each frame that is a track's best, made when it becomes one: a track's
        # best frame changes only to a frame just added (``Track.best`` keeps the first of
        # equals), so a frame passed over is never needed again, and its pixels are let go.
        shown: dict[float, bytes] = {}

        def follow(frame: SampledFrame, faces: list[DetectedFace]) -> None:
            seen.append((frame.at_s, faces))
            tracker.add_frame(frame.at_s, faces)
            best = {track.best(1)[0].at_s for track in tracker.tracks}
            if frame.at_s in best:
                shown[frame.at_s] = frame_jpeg(frame.pixels)
            for at_s in shown.keys() - best:
                del shown[at_s]

        info, examined = await self._read(path, attempt=attempt, what=what, each=follow)
        tracks = tracker.tracks
        sampled_at = [at_s for at_s, _ in seen]
        spans = second_look(tracks, sampled_at, share=self._second_look_share)
        if spans:

            def look_again(frame: SampledFrame, faces: list[DetectedFace]) -> None:
                seen.append((frame.at_s, faces))
                if faces:  # it may hold a track's best sighting now
                    shown[frame.at_s] = frame_jpeg(frame.pixels)

            _, again = await self._read(
                path, attempt=attempt, what=what, each=look_again, halfway_within=spans, info=info
            )
            examined += again
            tracks = track_faces(sorted(seen, key=lambda frame: frame[0]))
            for track in tracks:
                at_s = track.best(1)[0].at_s
                if at_s not in shown:  # a sighting of the first look no track kept best
                    frame = await asyncio.to_thread(self._reader.frame_at, path, at_s)
                    if frame is not None:
                        shown[at_s] = frame_jpeg(frame.pixels)
        return ClipFaces(
            width=info.width,
            height=info.height,
            duration_s=info.duration_s,
            frames_examined=examined,
            tracks=[_tracked(track, shown) for track in tracks],
            together=seen_together(tracks),
        )

    async def frame_faces(
        self, data: bytes, *, attempt: int, what: str, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, list[DetectedFace]]]]:
        """The clip's facts and each sampled frame's faces (with their crops), in time
        order; a clip longer than ``longest_s`` is ``VideoTooLong`` before any frame is
        decoded (enrollment's ``ClipFrames``)."""
        found: list[tuple[float, list[DetectedFace]]] = []
        async with _on_disk(data) as path:
            info, _ = await self._read(
                path,
                attempt=attempt,
                what=what,
                longest_s=longest_s,
                each=lambda frame, faces: found.append((frame.at_s, faces)),
            )
        return info, found

    async def _read(
        self,
        path: Path,
        *,
        attempt: int,
        what: str,
        each: EachFrame,
        longest_s: float | None = None,
        halfway_within: Sequence[tuple[float, float]] = (),
        info: ClipInfo | None = None,
    ) -> tuple[ClipInfo, int]:
        """The clip's facts and how many frames were examined; each sampled frame (or each
        halfway between, within ``halfway_within``: ``VideoReader.frames``) and its faces
        are given to ``each`` in time order, one frame decoded at a time (the pixels of 240
        frames of 4K would be gigabytes). ``info``: the clip's facts as a reading before
        probed them (the second look), so the clip is not opened and decoded for them again."""
        if info is None:
            info = await asyncio.to_thread(self._reader.probe, path)
        if longest_s is not None:
            check_length(info.duration_s, longest_s)
        frames = self._reader.frames(path, halfway_within=halfway_within)
        examined = 0
        while (frame := await asyncio.to_thread(next, frames, None)) is not None:
            examined += 1
            try:
                # The frame's pixels as they are (no JPEG made and read again), and no
                # second look with surroundings when no face is found: that is for a
                # close-up photo, where a face missed is lost; a clip has the next
                # frames, and up to two more detector runs on each empty frame would
                # cost more than the clip's whole budget allows.
                found = await analyze_bounded(
                    self._engine,
                    frame.pixels,
                    crops=True,
                    closeups=False,
                    attempt=attempt,
                    what=f"{what} at {frame.at_s:.1f}s",
                )
            except ImageError:  # a frame the model cannot use (too small): the others can
                each(frame, [])
                continue
            each(frame, found.faces)
        return info, examined


@asynccontextmanager
async def _on_disk(data: bytes) -> AsyncIterator[Path]:
    """The clip written to a scratch file, deleted after: the decoder reads and seeks a
    file (each look reads it again), never the whole clip held as frames."""
    with tempfile.TemporaryDirectory(prefix="facedrop-clip-") as scratch:
        path = Path(scratch) / "clip"
        await asyncio.to_thread(path.write_bytes, data)
        yield path


def frame_jpeg(pixels: BGRPixels) -> bytes:
    return cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])[1].tobytes()


def _tracked(track: Track, frames: dict[float, bytes]) -> TrackedFace:
    best = track.best()
    return TrackedFace(
        number=track.number,
        shown=best[0].face,
        shown_at_s=best[0].at_s,
        frames=[sighting.face.embedding for sighting in best],
        appearance=track.appearance,
        seen_from_s=track.first_s,
        seen_to_s=track.last_s,
        sightings=len(track.sightings),
        frame=frames.get(best[0].at_s),
    )
