"""What "Is this Alice?" shows: the photo posted in the group zoomed on the face asked
about, marked by a frame, with the photo around it (the context a parent needs, nothing
the group did not see), downloaded again from Telegram when the question goes; the face's
crop when Telegram cannot give it."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image

from domain.infra.images import MARK_COLOUR
from domain.infra.insightface_engine import InsightFaceEngine
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


def _framed(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """How much of a frame around a face's box (x1, y1, x2, y2, as the model finds it) is
    in the mark's colour: the best of a few margins, the frame sits a little out."""
    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1)
    width, height = image.size
    best = 0.0
    for share in (0.1, 0.15, 0.2, 0.25, 0.3):
        m = side * share
        frame = (
            max(round(x1 - m), 0),
            max(round(y1 - m), 0),
            min(round(x2 + m), width - 1),
            min(round(y2 + m), height - 1),
        )
        best = max(best, _marked(image, frame))
    return best


async def test_a_question_zooms_on_the_face_with_the_moment_around_it(
    journey_factory: JourneyFactory, collages: Collages, engine: InsightFaceEngine
) -> None:
    """Alice at one end of a wide photo of four children: the question shows her face
    zoomed and framed, with the photo around it (not the whole photo with a small frame,
    not a passport crop); the children far from her are not in it, and a face next to hers
    that is stays as the group saw it, unframed."""
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        wide = collages.make(X["group"][0], *NOBODY["group"][:3])
        (posted,) = await journey.post(group, poster, wide)
        await journey.settle()
        (question,) = journey.suggestions(ann)
        picture = _picture(journey, question)
        posted_width = posted["photo"][-1]["width"]
        assert len(engine.analyze_sync(wide).faces) == 4

        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=95)
        found = engine.analyze_sync(out.getvalue()).faces
        framed = [f for f in found if _framed(picture, f.bbox) > 0.6]
        assert len(framed) == 1, [(f.bbox, _framed(picture, f.bbox)) for f in found]
        (alice,) = framed
        x1, _y1, x2, _y2 = alice.bbox
        face = await Face.get(suggestions__person__name="Alice")
        # Zoomed: her face takes more than twice the share of the width it takes in the
        # photo posted...
        assert (x2 - x1) / picture.width > 2 * face.bbox_w / posted_width
        # ...with the moment around it: several faces' widths of the photo.
        assert picture.width >= 4 * (x2 - x1)
        # The children far from her are not shown; one beside her, if any, is not framed.
        assert len(found) < 4
        assert all(_framed(picture, f.bbox) < 0.2 for f in found if f is not alice)


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
        assert await Suggestion.all().update(notified_at=None, sent_to=None) == 1
        journey.world.add_fault(fault)
        await journey.shutdown()
        await journey.start()  # the workers reconcile at start
        await journey.settle()

        first, again = journey.suggestions(ann)
        assert max(_picture(journey, again).size) <= 256  # the crop: still asked
        assert max(_picture(journey, first).size) > 256
