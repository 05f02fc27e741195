"""A face far more alike to another face of the class than to the person is asked about
to nobody, on the real Postgres and Qdrant Edge: a classmate nobody enrolled, posted
before, who scores in the question band for Alice is not shown to Alice's family; a face
with no such look-alike is asked about as before."""

from __future__ import annotations

import numpy as np
import pytest

from domain.infra.edge_index import EdgeFaceIndex
from domain.recognition.matching import Verdict
from tests.integration.classroom import Class, unit

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
async def class_5b(index: EdgeFaceIndex) -> Class:
    made = Class(index)
    await made.setup()
    return made


def _tom(c: Class, alice: float) -> np.ndarray:
    """A face of Tom (nobody's child here) scoring about ``alice`` for Alice."""
    return unit(alice * c.alice_axis + np.sqrt(1 - alice**2) * c.tom_axis)


async def test_a_classmate_seen_before_is_not_asked_about_for_alice(class_5b: Class) -> None:
    c = class_5b
    tom_now = _tom(c, 0.40)  # in the question band for Alice (0.34-0.45)
    assert await c.verdict(tom_now) == Verdict.SUGGEST  # nobody like him posted yet
    await c.posted_before(_tom(c, 0.10), c.earlier, None)  # Tom before: not like Alice
    assert await c.verdict(tom_now) == Verdict.UNKNOWN  # far more like that face: asked nobody
    # Matching without the group (as before) still asks.
    assert await c.verdict(tom_now, among=False) == Verdict.SUGGEST


async def test_a_face_is_still_asked_about_when_its_look_alike_looks_like_alice_too(
    class_5b: Class,
) -> None:
    c = class_5b
    await c.posted_before(_tom(c, 0.36), c.earlier, None)  # scores for Alice itself
    assert await c.verdict(_tom(c, 0.40)) == Verdict.SUGGEST


async def test_alices_own_faces_and_the_same_photos_faces_are_no_look_alikes(
    class_5b: Class,
) -> None:
    c = class_5b
    await c.posted_before(_tom(c, 0.10), c.new, None)  # in the same photo: another child
    await c.posted_before(_tom(c, 0.10), c.earlier, c.alice)  # given to Alice by a guardian
    assert await c.verdict(_tom(c, 0.40)) == Verdict.SUGGEST


async def test_a_look_alike_only_somewhat_more_alike_changes_nothing(class_5b: Class) -> None:
    c = class_5b
    # Eve's face: 0.45 alike to the new face, less than 0.12 above its 0.40 for Alice.
    eve = unit(0.45 * c.tom_axis + np.sqrt(1 - 0.45**2) * c.eve_axis)
    await c.posted_before(eve, c.earlier, None)
    tom_now = _tom(c, 0.40)
    assert 0.40 < float(tom_now @ eve) < 0.40 + 0.12
    assert await c.verdict(tom_now) == Verdict.SUGGEST
