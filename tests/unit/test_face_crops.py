"""The pictures of faces the bot shows (``PillowFaceCrops``): for naming and claiming, the
crops of unknown faces, each with its margin, as much of it as the photo has, small enough
for a sheet; for a question ("Is this Alice?"), the posted photo around the face, marked."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from domain.corrections.crops import question_window
from domain.errors import NotAnImage
from domain.infra.face_crops import PillowFaceCrops


def _photo(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(out, format="JPEG")
    return out.getvalue()


def _pixel(jpeg: bytes, at: tuple[int, int]) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(jpeg)) as image:
        red, green, blue = image.convert("RGB").getpixel(at)  # type: ignore[misc]
    return red, green, blue


def _near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    # Within what JPEG's colour compression shifts a thin line by.
    return all(abs(a - b) <= 64 for a, b in zip(colour, expected, strict=True))


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


def test_a_question_shows_the_photo_around_the_face_with_the_face_framed() -> None:
    marked = PillowFaceCrops().marked(_photo(4000, 3000), (1950, 1450, 100, 100), question_window)
    # The window question_window chose: 1000x750 around the face (under 1280 a side).
    assert _size(marked) == (1000, 750)
    yellow, brown = (255, 200, 0), (120, 80, 40)
    # The frame: 15% of the face's size outside its box, the window starting at (1500, 1125).
    assert _near(_pixel(marked, (1950 - 15 - 1500, 1500 - 1125)), yellow)
    assert _near(_pixel(marked, (500 - 1, 375)), brown)  # the face itself is not painted over
    assert _near(_pixel(marked, (10, 10)), brown)


def test_a_large_photo_shown_whole_is_sent_small() -> None:
    def whole(size: tuple[int, int], box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return 0, 0, *size

    assert _size(PillowFaceCrops().marked(_photo(4000, 3000), (10, 10, 100, 100), whole)) == (
        1280,
        960,
    )


def test_a_question_s_photo_that_is_no_image_is_said_so() -> None:
    with pytest.raises(NotAnImage):
        PillowFaceCrops().marked(b"not a photo", (0, 0, 10, 10), question_window)
