"""A clip's frame as a still (recognition's ``ClipStills``): one frame decoded again, by
its time, to cut a face of the clip from, as a photo's is cut from the photo."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from domain.videos.clip_faces import frame_jpeg
from domain.videos.frames import BrokenVideo, VideoReader


class VideoStills:
    """``ClipStills`` on the video reader: a seek and the frames up to the one asked for
    (a keyframe interval's worth, not the clip), and no model."""

    def __init__(self, reader: VideoReader) -> None:
        self._reader = reader

    async def frame_at(self, data: bytes, at_s: float) -> bytes:
        with tempfile.TemporaryDirectory(prefix="facedrop-still-") as scratch:
            path = Path(scratch) / "clip"
            await asyncio.to_thread(path.write_bytes, data)
            frame = await asyncio.to_thread(self._reader.frame_at, path, at_s)
        if frame is None:
            raise BrokenVideo(f"no frame at {at_s:.2f} s")
        return await asyncio.to_thread(frame_jpeg, frame.pixels)
