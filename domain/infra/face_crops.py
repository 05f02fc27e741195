"""Faces cut out of posted photos, numbered sheets of them, and a posted photo with one
face marked, with Pillow (``claims.service.FaceCrops``, ``corrections.crops.QuestionPictures``)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.corrections.crops import Box, Window
from domain.infra.images import decode_image, encode_jpeg, face_sheet, marked_photo, shrink_jpeg

# A posted photo is read within these bounds (Telegram lets a bot download up to 20 MB).
MAX_PIXELS = 60_000_000
MAX_BYTES = 50_000_000


class PillowFaceCrops:
    """``FaceCrops`` and ``QuestionPictures`` on Pillow and numpy."""

    def crop(
        self, data: bytes, box: tuple[float, float, float, float], *, margin: float, side: int
    ) -> bytes | None:
        pixels = decode_image(data, max_pixels=MAX_PIXELS, max_bytes=MAX_BYTES)
        height, width = pixels.shape[:2]
        x, y, w, h = box
        mx, my = w * margin, h * margin
        left, top = max(int(x - mx), 0), max(int(y - my), 0)
        right, bottom = min(int(x + w + mx), width), min(int(y + h + my), height)
        if right <= left or bottom <= top:
            return None
        return shrink_jpeg(encode_jpeg(pixels[top:bottom, left:right]), side)

    def sheet(self, crops: Sequence[bytes]) -> bytes:
        return face_sheet(crops)

    def marked(self, data: bytes, box: Box, window: Window) -> bytes:
        return marked_photo(data, box, window)
