"""What Telegram carries about a clip or an image file, read from its bytes: a video's
upright size and duration, and the small JPEG thumbnail the apps make of a clip's first
frame (or of an image sent as a file). PyAV (FFmpeg) reads videos and GIFs, Pillow images
(AVIF itself, HEIC through pillow-heif)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import pillow_heif
from PIL import Image, UnidentifiedImageError

# Telegram's thumbnails of videos, animations and documents are JPEGs of at most 320 px a
# side (the "m" size of a photo).
THUMBNAIL_SIDE = 320
# FFmpeg reports a container it cannot place by these names; their clips are none of ours.
_CONTAINER_TYPES = {
    "gif": "image/gif",
    "matroska,webm": "video/webm",
    "mov,mp4,m4a,3gp,3g2,mj2": "video/mp4",
}


@dataclass(frozen=True)
class Clip:
    """A readable clip: its size as shown (rotation applied), whole seconds, and a thumbnail."""

    width: int
    height: int
    duration: int
    thumbnail: bytes | None
    mime_type: str | None  # what its container is, when the poster's app gave none


def read_clip(data: bytes) -> Clip | None:
    """The clip in ``data``, or None when FFmpeg finds no video stream it can decode."""
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            first = next(container.decode(stream), None)
            if first is None:
                return None
            # The display matrix turns the frame: a phone's portrait clip is stored
            # landscape with a 90 degree rotation, and the apps show (and send) it upright.
            turns = round(-float(first.rotation or 0) / 90.0) % 4
            image = Image.fromarray(first.to_ndarray(format="rgb24"))
            if turns:
                image = image.rotate(-90 * turns, expand=True)  # PIL turns counter-clockwise
            if stream.duration is not None and stream.time_base:
                seconds = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                seconds = container.duration / av.time_base
            else:
                seconds = 0.0
            return Clip(
                width=image.width,
                height=image.height,
                # Telegram carries whole seconds.
                duration=int(seconds + 0.5),
                thumbnail=_thumbnail(image),
                mime_type=_CONTAINER_TYPES.get(container.format.name),
            )
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError):
        return None


def image_thumbnail(data: bytes) -> bytes | None:
    """The thumbnail of an image sent as a file (JPEG, PNG, HEIC, AVIF, WebP...), or None."""
    pillow_heif.register_heif_opener()  # once is enough; again changes nothing
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            return _thumbnail(opened.convert("RGB"))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    except Image.DecompressionBombError:
        return None  # a picture too large to decode gets no thumbnail (Telegram makes none)


def _thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB")
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()
