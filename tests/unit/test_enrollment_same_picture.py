"""An enrollment photo that is the same picture as a face the person already has from
enrollment (the same file again, or a copy of it) is refused: pinned twice, one picture
would count as two agreeing prototypes (findings23 1). Measured with the real model."""

from __future__ import annotations

import io
import json

import numpy as np
from PIL import Image, ImageOps

from cli.eval import enrollment_photo, with_surroundings
from domain.enrollment.rules import SAME_PICTURE_AT, PhotoVerdict, judge, same_picture
from domain.infra.insightface_engine import InsightFaceEngine
from domain.recognition.faces import Vector
from tests.conftest import FACES, REPO, shared_photo

CHILD = "children/fgnet/010A04.jpg"  # subject 010 at 4
SAME_CHILD = ("children/fgnet/010A01.jpg", "children/fgnet/010A05.jpg")


def _jpeg(image: Image.Image, quality: int = 95) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def _as_sent(relative: str) -> Image.Image:
    """A close-up as a chat photo has it: with surroundings."""
    return with_surroundings(Image.open(shared_photo(relative)).convert("RGB"))


def _face(engine: InsightFaceEngine, data: bytes) -> Vector:
    verdict, face = judge(engine.analyze_sync(data).faces)
    assert verdict == PhotoVerdict.ACCEPTED and face is not None
    return face.embedding


def _score(a: Vector, b: Vector) -> float:
    return float(np.dot(a, b))


def test_same_picture_is_a_score_at_or_above_the_threshold() -> None:
    assert SAME_PICTURE_AT == 0.98
    assert same_picture([0.5, 0.98])
    assert not same_picture([0.5, 0.9799])
    assert not same_picture([])  # the first photo: nothing to be again


def test_a_photo_sent_again_or_copied_is_the_same_picture(engine: InsightFaceEngine) -> None:
    photo = _as_sent(CHILD)
    first = _face(engine, _jpeg(photo))
    width, height = photo.size
    copies = {
        "the same file": _jpeg(photo),
        "saved again at quality 75": _jpeg(photo, 75),
        "at twice the size": _jpeg(photo.resize((width * 2, height * 2))),
    }
    for what, data in copies.items():
        assert same_picture([_score(first, _face(engine, data))]), what


def test_another_photo_of_the_same_child_is_not(engine: InsightFaceEngine) -> None:
    first = _face(engine, _jpeg(_as_sent(CHILD)))
    for other in SAME_CHILD:
        score = _score(first, _face(engine, _jpeg(_as_sent(other))))
        assert not same_picture([score]), (other, score)


def test_the_scenarios_mirrored_copy_stays_accepted(engine: InsightFaceEngine) -> None:
    """The closest two enrollment photos of one person any eval scenario sends (0.9747 on
    holdout: a FIW crop padded, and mirrored and padded): below the threshold."""
    holdout = json.loads((REPO / "tests/scenarios/holdout/scenario.json").read_text())
    enrolled = {
        photo
        for guardian in holdout["guardians"]
        for person in guardian["persons"]
        for photo in person["enroll"]
    }
    padded = "fiw/F0150_MID4_P01617_face4.jpg#padded"
    mirrored = "fiw/F0150_MID4_P01617_face4.jpg#mirrored#padded"
    assert {padded, mirrored} <= enrolled
    root = FACES / "children"
    score = _score(
        _face(engine, enrollment_photo(root, padded)),
        _face(engine, enrollment_photo(root, mirrored)),
    )
    assert 0.96 < score < SAME_PICTURE_AT, score


def test_a_mirrored_copy_is_another_picture(engine: InsightFaceEngine) -> None:
    photo = _as_sent(CHILD)
    first = _face(engine, _jpeg(photo))
    assert not same_picture([_score(first, _face(engine, _jpeg(ImageOps.mirror(photo))))])
