"""The crops of unknown faces naming and claiming show (``PillowFaceCrops``): the face
with its margin, as much of it as the photo has, small enough for a sheet."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from domain.errors import NotAnImage
from domain.infra.face_crops import PillowFaceCrops


def _photo(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(out, format="JPEG")
    return out.getvalue()


def _size(jpeg: bytes | None) -> tuple[int, int]:
    assert jpeg is not None
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.size


def test_a_face_is_cut_with_its_margin_and_kept_small() -> None:
    crops = PillowFaceCrops()
    # 100x100 with 40% on each side: 180x180, under the side asked for.
    assert _size(crops.crop(_photo(), (300, 200, 100, 100), margin=0.4, side=320)) == (180, 180)
    # A large face is shrunk to the side, keeping its shape.
    assert _size(crops.crop(_photo(), (100, 100, 400, 200), margin=0, side=320)) == (320, 160)


def test_a_face_at_the_edge_gets_the_margin_the_photo_has() -> None:
    crops = PillowFaceCrops()
    assert _size(crops.crop(_photo(), (0, 0, 100, 100), margin=0.4, side=320)) == (140, 140)
    assert crops.crop(_photo(), (900, 700, 50, 50), margin=0.4, side=320) is None  # outside


def test_what_is_no_image_is_said_so() -> None:
    with pytest.raises(NotAnImage):
        PillowFaceCrops().crop(b"not a photo", (0, 0, 10, 10), margin=0.4, side=320)


def test_a_sheet_numbers_its_crops_in_rows_of_four() -> None:
    crop = PillowFaceCrops().crop(_photo(), (300, 200, 100, 100), margin=0.4, side=320)
    assert crop is not None
    assert _size(PillowFaceCrops().sheet([crop] * 5)) == (640, 320)
