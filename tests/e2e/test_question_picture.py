"""What "Is this Alice?" shows: the photo posted in the group, with the face asked about
marked by a frame (the context a parent needs, nothing the group did not see), downloaded
again from Telegram when the question goes; the face's crop when Telegram cannot give it."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image

from domain.infra.images import MARK_COLOUR
from domain.infra.models import Face, Suggestion
from domain.settings import MatchingSettings
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory

X, NOBODY = CAST["angelina"], CAST["strangers"]
ASKING = MatchingSettings(auto=0.97, suggest=0.4)


def _picture(journey: Journey, message: dict[str, Any]) -> Image.Image:
    """The largest size of a message's photo, as the recipient would open it."""
    stored = journey.world.file_bytes(message["photo"][-1]["file_id"])
    return Image.open(io.BytesIO(stored.data)).convert("RGB")


def _marked(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The share of the frame's pixels around ``box`` (x1, y1, x2, y2) in the mark's colour."""
    pixels = np.asarray(image).astype(int)
    x1, y1, x2, y2 = box
    edge = np.concatenate(
        [pixels[y1, x1:x2], pixels[y2, x1:x2], pixels[y1:y2, x1], pixels[y1:y2, x2]]
    )
    return float((np.abs(edge - np.array(MARK_COLOUR)).sum(axis=1) < 90).mean())


async def test_a_question_shows_the_posted_photo_with_the_face_marked(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        (posted,) = await journey.post(
            group, poster, collages.make(X["group"][0], NOBODY["group"][0])
        )
        await journey.settle()
        (question,) = journey.suggestions(ann)
        picture = _picture(journey, question)
        assert picture.size == (posted["photo"][-1]["width"], posted["photo"][-1]["height"])

        face = await Face.get(suggestions__person__name="Alice")
        margin = round(max(face.bbox_w, face.bbox_h) * 0.15)
        frame = (
            face.bbox_x - margin,
            face.bbox_y - margin,
            face.bbox_x + face.bbox_w + margin,
            face.bbox_y + face.bbox_h + margin,
        )
        assert _marked(picture, frame) > 0.8  # Alice's face framed
        other = await Face.filter(photo_id=face.photo_id).exclude(id=face.id).get()  # type: ignore[attr-defined]
        theirs = (
            other.bbox_x - margin,
            other.bbox_y - margin,
            other.bbox_x + other.bbox_w + margin,
            other.bbox_y + other.bbox_h + margin,
        )
        assert _marked(picture, theirs) < 0.1  # the stranger's is not


@pytest.mark.parametrize(
    "fault",
    [
        Fault("getFile", 400, times=5, description="Bad Request: wrong file_id"),
        Fault("getFile", 429, times=5, retry_after=30),  # longer than a question waits
    ],
    ids=["file gone", "too many requests"],
)
async def test_without_the_photo_from_telegram_the_question_shows_the_faces_crop(
    journey_factory: JourneyFactory, collages: Collages, fault: Fault
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        # As if the question had not gone out yet when Telegram stopped giving the file.
        assert await Suggestion.all().update(notified_at=None) == 1
        journey.world.add_fault(fault)
        await journey.shutdown()
        await journey.start()  # the workers reconcile at start
        await journey.settle()

        first, again = journey.suggestions(ann)
        assert max(_picture(journey, again).size) <= 256  # the crop: still asked
        assert max(_picture(journey, first).size) > 256
