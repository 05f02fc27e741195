"""Turning untrusted bytes into pixels, safely.

The size is checked from the header before anything is decoded, so a
decompression bomb costs a few bytes of reading, not gigabytes of memory.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import pillow_heif
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from domain.errors import (
    BrokenImage,
    EmptyImage,
    ImageOddShape,
    ImageTooLarge,
    ImageTooSmall,
    NotAnImage,
)

BGRImage = npt.NDArray[np.uint8]

# HEIC/HEIF (iPhones' photos sent as files) opens as any image; AVIF, Pillow reads itself.
pillow_heif.register_heif_opener()
# Above this Pillow itself refuses to open a file; our own limit is lower and
# comes from the settings.
Image.MAX_IMAGE_PIXELS = 200_000_000
# A face the detector can find is at least ~20 pixels across: a smaller image has none.
MIN_SIDE = 32
# Phone panoramas stay well under 20:1; the detector scales the long side to its input
# (640), so beyond this the short side shrinks to nothing (and, past 640:1, to zero
# pixels, which makes OpenCV raise).
MAX_ASPECT = 20


def check_size(width: int, height: int, *, max_pixels: int) -> None:
    """Refuses an image the models cannot use: of no size, too many pixels, a strip, too
    small (an ``ImageError`` saying which)."""
    if width <= 0 or height <= 0:
        raise BrokenImage(f"it claims to be {width}x{height} pixels")
    if width * height > max_pixels:
        raise ImageTooLarge(
            f"{width}x{height} is {width * height / 1e6:.0f} megapixels, "
            f"the limit is {max_pixels / 1e6:.0f}"
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageOddShape(
            f"{width}x{height} pixels, a photo's long side is at most {MAX_ASPECT} times "
            "its short side"
        )
    if min(width, height) < MIN_SIDE:
        raise ImageTooSmall(f"{width}x{height} pixels, a photo needs at least {MIN_SIDE} a side")


def decode_image(data: bytes, *, max_pixels: int, max_bytes: int) -> BGRImage:
    """Decode an image to upright 8-bit BGR pixels (the layout the models take).

    Honours the EXIF orientation; flattens alpha onto white; converts CMYK,
    greyscale, palette and 16-bit images. Only the first frame of an animation
    is used.
    """
    if not data:
        raise EmptyImage
    if len(data) > max_bytes:
        raise ImageTooLarge(f"{len(data) / 1e6:.1f} MB, the limit is {max_bytes / 1e6:.1f} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise NotAnImage from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(str(exc)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BrokenImage(str(exc)) from None

    width, height = image.size
    check_size(width, height, max_pixels=max_pixels)
    try:
        image.load()
        upright: Image.Image = ImageOps.exif_transpose(image) or image
        rgb = _to_rgb(upright)
    except Image.DecompressionBombError as exc:  # a later frame larger than the first
        raise ImageTooLarge(str(exc)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise BrokenImage(str(exc)) from None
    pixels = np.asarray(rgb, dtype=np.uint8)
    return np.ascontiguousarray(pixels[:, :, ::-1])


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # High bit depth greyscale: scale to 8 bits instead of clipping.
        values = np.asarray(image, dtype=np.float64)
        top = float(values.max()) or 1.0
        image = Image.fromarray((values * (255.0 / top)).astype(np.uint8))
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def encode_jpeg(pixels: BGRImage, *, quality: int = 90) -> bytes:
    """Encode BGR pixels as a JPEG."""
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels[:, :, ::-1])).save(
        out, format="JPEG", quality=quality
    )
    return out.getvalue()


def shrink_jpeg(data: bytes, max_side: int, *, quality: int = 85) -> bytes:
    """A JPEG of ``data`` (an image we made ourselves) at most ``max_side`` pixels on a side."""
    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB")
        small.thumbnail((max_side, max_side))
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=quality)
    return out.getvalue()


# A posted photo a question shows: read within these bounds (Telegram lets a bot download
# files up to 20 MB), sent at most this many pixels on a side.
MARKED_MAX_BYTES = 20_000_000
MARKED_MAX_PIXELS = 60_000_000
MARKED_MAX_SIDE = 1280
MARK_COLOUR = (255, 200, 0)


Box = tuple[int, int, int, int]


def marked_photo(
    data: bytes, box: Box, window: Callable[[tuple[int, int], Box], Box] | None = None
) -> bytes:
    """The posted photo (upright, as recognized) with one face marked by a frame around its
    box (x, y, width, height), at most ``MARKED_MAX_SIDE`` pixels on a side: what a
    question shows, the context a parent needs and nothing the group did not see.
    ``window``: the part of the photo to show (left, top, right, bottom) for its size and
    the box; the whole photo without it."""
    pixels = decode_image(data, max_pixels=MARKED_MAX_PIXELS, max_bytes=MARKED_MAX_BYTES)
    image = Image.fromarray(np.ascontiguousarray(pixels[:, :, ::-1]))
    x, y, w, h = box
    if window is not None:
        left, top, right, bottom = window(image.size, box)
        image = image.crop((left, top, right, bottom))
        x, y = x - left, y - top
    margin = max(w, h) * 0.15
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        (x - margin, y - margin, x + w + margin, y + h + margin),
        outline=MARK_COLOUR,
        width=max(3, round(max(image.size) / 250)),
    )
    image.thumbnail((MARKED_MAX_SIDE, MARKED_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def face_sheet(crops: Sequence[bytes], *, side: int = 160, per_row: int = 4) -> bytes:
    """One JPEG of face crops (our own JPEGs) in a grid, each numbered from 1 in its
    corner: several faces asked about in one message."""
    rows = (len(crops) + per_row - 1) // per_row
    sheet = Image.new("RGB", (side * min(len(crops), per_row), side * rows), (245, 245, 240))
    draw = ImageDraw.Draw(sheet)
    for number, data in enumerate(crops, 1):
        with Image.open(io.BytesIO(data)) as opened:
            tile = ImageOps.pad(opened.convert("RGB"), (side, side), color=(245, 245, 240))
        x, y = side * ((number - 1) % per_row), side * ((number - 1) // per_row)
        sheet.paste(tile, (x, y))
        draw.rectangle((x, y, x + 22, y + 18), fill=(20, 20, 20))
        draw.text((x + 5, y + 3), str(number), fill=(255, 255, 255))
    out = io.BytesIO()
    sheet.save(out, format="JPEG", quality=88)
    return out.getvalue()
