"""Decoding untrusted bytes: every bad input becomes a typed, explained error."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from domain.errors import BrokenImage, EmptyImage, ImageTooLarge, NotAnImage
from domain.infra.images import decode_image

LIMITS = {"max_pixels": 30_000_000, "max_bytes": 10_000_000}


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _gradient(width: int = 64, height: int = 48) -> Image.Image:
    x = np.linspace(0, 255, width, dtype=np.uint8)
    y = np.linspace(0, 255, height, dtype=np.uint8)
    red = np.tile(x, (height, 1))
    green = np.tile(y[:, None], (1, width))
    blue = np.full((height, width), 90, dtype=np.uint8)
    return Image.fromarray(np.dstack([red, green, blue]))


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header and holds no pixels at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def test_rgb_jpeg_decodes_to_bgr() -> None:
    pixels = decode_image(_encode(_gradient(), "PNG"), **LIMITS)
    assert pixels.shape == (48, 64, 3)
    assert pixels.dtype == np.uint8
    # Channel order is BGR: blue (90) first, red (the x gradient) last.
    assert pixels[0, -1, 2] == 255
    assert pixels[0, -1, 0] == 90


def test_empty_file() -> None:
    with pytest.raises(EmptyImage, match="empty"):
        decode_image(b"", **LIMITS)


@pytest.mark.parametrize(
    "data",
    [b"hello world", b"%PDF-1.7\n...", b"\x00" * 2048, b"GIF89a"],
    ids=["text", "pdf", "zeros", "gif-magic-only"],
)
def test_bytes_that_are_not_an_image(data: bytes) -> None:
    with pytest.raises((NotAnImage, BrokenImage)):
        decode_image(data, **LIMITS)


def test_not_an_image_says_so() -> None:
    with pytest.raises(NotAnImage) as caught:
        decode_image(b"just some text, not a photo", **LIMITS)
    assert caught.value.reason == "the file is not an image"


def test_truncated_jpeg() -> None:
    whole = _encode(_gradient(640, 480), "JPEG", quality=95)
    with pytest.raises(BrokenImage, match="damaged or incomplete"):
        decode_image(whole[: len(whole) // 2], **LIMITS)


def test_decompression_bomb_is_refused_from_its_header() -> None:
    # 100000 x 100000 pixels claimed in 45 bytes: refused without decoding.
    bomb = _png_header_only(100_000, 100_000)
    assert len(bomb) < 100
    with pytest.raises(ImageTooLarge):
        decode_image(bomb, **LIMITS)


def test_image_over_the_pixel_limit_is_refused_before_decoding() -> None:
    claims_49_megapixels = _png_header_only(7000, 7000)
    with pytest.raises(ImageTooLarge, match="49 megapixels, the limit is 30"):
        decode_image(claims_49_megapixels, **LIMITS)


def test_file_over_the_byte_limit_is_refused() -> None:
    with pytest.raises(ImageTooLarge, match="MB"):
        decode_image(b"\xff\xd8" + b"\x00" * 2000, max_pixels=10**6, max_bytes=1000)


def test_cmyk_jpeg_is_converted() -> None:
    original = _gradient()
    pixels = decode_image(_encode(original.convert("CMYK"), "JPEG", quality=95), **LIMITS)
    expected = np.asarray(original)[:, :, ::-1].astype(int)
    assert pixels.shape == expected.shape
    assert np.abs(pixels.astype(int) - expected).mean() < 12


def test_greyscale_becomes_three_equal_channels() -> None:
    pixels = decode_image(_encode(_gradient().convert("L"), "PNG"), **LIMITS)
    assert pixels.shape == (48, 64, 3)
    assert (pixels[:, :, 0] == pixels[:, :, 1]).all()
    assert (pixels[:, :, 1] == pixels[:, :, 2]).all()


def test_transparent_areas_become_white() -> None:
    image = _gradient().convert("RGBA")
    alpha = np.full((48, 64), 255, dtype=np.uint8)
    alpha[:, :32] = 0
    image.putalpha(Image.fromarray(alpha))
    pixels = decode_image(_encode(image, "PNG"), **LIMITS)
    assert (pixels[:, :32] == 255).all()
    assert not (pixels[:, 40:] == 255).all()


def test_greyscale_with_alpha_and_palette_images() -> None:
    for image in (_gradient().convert("LA"), _gradient().convert("P")):
        assert decode_image(_encode(image, "PNG"), **LIMITS).shape == (48, 64, 3)


def test_sixteen_bit_greyscale_is_scaled_not_clipped() -> None:
    values = np.linspace(0, 65535, 64 * 48, dtype=np.uint16).reshape(48, 64)
    pixels = decode_image(_encode(Image.fromarray(values), "PNG"), **LIMITS)
    assert pixels[0, 0, 0] == 0
    assert pixels[-1, -1, 0] == 255
    assert 100 < pixels[24, 32, 0] < 160


def test_exif_orientation_is_honoured() -> None:
    stored = _gradient(64, 48)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    pixels = decode_image(_encode(stored, "JPEG", quality=95, exif=exif.tobytes()), **LIMITS)
    assert pixels.shape == (64, 48, 3)
    upright = np.asarray(stored.transpose(Image.Transpose.ROTATE_270))[:, :, ::-1].astype(int)
    assert np.abs(pixels.astype(int) - upright).mean() < 6


def test_animation_uses_its_first_frame() -> None:
    first = Image.new("RGB", (32, 32), (255, 0, 0))
    second = Image.new("RGB", (32, 32), (0, 0, 255))
    gif = _encode(first, "GIF", save_all=True, append_images=[second])
    pixels = decode_image(gif, **LIMITS)
    assert pixels[0, 0, 2] > 200  # red, in BGR order
    assert pixels[0, 0, 0] < 50


def test_a_cover_is_shrunk_to_a_small_jpeg_keeping_its_shape() -> None:
    from domain.infra.images import shrink_jpeg

    cover = Image.open(io.BytesIO(shrink_jpeg(_encode(_gradient(256, 200), "JPEG"), 160)))
    assert cover.format == "JPEG"
    assert cover.size == (160, 125)


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_phone_formats_sent_as_files_decode_like_a_jpeg(fmt: str) -> None:
    """iPhones save HEIC; Android phones and browsers AVIF: a photo sent as a file in either
    is read as any other (lossy, so near the original, not equal)."""
    original = _gradient(96, 64)
    pixels = decode_image(_encode(original, fmt, quality=95), **LIMITS)
    assert pixels.shape == (64, 96, 3)
    expected = np.asarray(original)[:, :, ::-1].astype(int)
    assert np.abs(pixels.astype(int) - expected).mean() < 6
