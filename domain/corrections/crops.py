"""A question's face crop: kept while a question about the face is open, or while the
next family may still be asked about it (``next_family``), then deleted. And the part of
the posted photo a question shows ("Is this Alice?"): the face zoomed, with enough of the
photo around it to know the moment, and the port that draws what a question shows
(``QuestionPictures``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol
from uuid import UUID

from domain.blobs import BlobStore
from domain.corrections.stores import CropStore
from domain.recognition.service import crop_blobs


async def drop_crop(blobs: BlobStore, store: CropStore, face_id: UUID) -> None:
    """Delete the face's crop unless a question about it is open or about to be asked."""
    crop_key = await store.crop_to_drop(face_id)
    if crop_key is None:
        return
    for key in crop_blobs(crop_key):
        await blobs.delete(key)
    await store.crop_dropped(face_id, crop_key)


# The window a question shows spans at least this many face sizes each way (where the
# photo has them), so the face is big enough to tell...
CONTEXT = 4.0
# ...and at least this share of each side of the photo: the moment (the place, what the
# child was doing), not a passport photo.
MIN_SHARE = 0.25


def question_window(
    size: tuple[int, int], box: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    """The part of a posted photo of ``size`` (width, height) a question about the face at
    ``box`` (x, y, width, height) shows: (left, top, right, bottom), centred on the face
    as far as the photo allows, never beyond it. The photo's other faces in it stay as
    they are in the group (seen by everyone asked, who are members); those outside are
    not shown at all."""
    width, height = size
    x, y, w, h = box
    side = max(w, h)

    def span(length: int) -> float:
        return min(float(length), max(side * CONTEXT, length * MIN_SHARE))

    def start(centre: float, extent: float, length: int) -> float:
        return min(max(centre - extent / 2, 0.0), length - extent)

    across, down = span(width), span(height)
    left, top = start(x + w / 2, across, width), start(y + h / 2, down, height)
    return round(left), round(top), round(left + across), round(top + down)


Box = tuple[int, int, int, int]  # x, y, width, height
Window = Callable[[tuple[int, int], Box], Box]


class QuestionPictures(Protocol):
    """What a question shows, drawn (the image codec: ``infra/face_crops.py``)."""

    def marked(self, data: bytes, box: Box, window: Window) -> bytes:
        """The posted photo, upright, with the face at ``box`` framed, cut to ``window``
        (of the photo's size and the box: left, top, right, bottom; ``question_window``),
        small enough to send, as a JPEG. ``ImageError``: the data is no image, or too large."""

    def sheet(self, crops: Sequence[bytes]) -> bytes:
        """One JPEG of the face crops (the JPEGs the blobs keep) in a grid, each numbered
        from 1 in its corner: several faces asked about in one message."""
