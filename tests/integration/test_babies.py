"""Babies look alike: a face of a baby (younger than two on the photo's day, by the birth
date on the card) is sent without asking only when two of the baby's prototypes agree; a
match carried by one strong prototype is asked about, where an older child's (or a person
without a birth date) is sent. On the real Postgres and Qdrant Edge."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import Person
from domain.recognition.matching import Verdict
from tests.integration.classroom import Class, unit

pytestmark = pytest.mark.usefixtures("db")


async def test_one_strong_prototype_sends_an_older_childs_face_and_asks_about_a_babys(
    index: EdgeFaceIndex,
) -> None:
    c = Class(index)
    await c.setup()
    await c.second_prototype(unit(c.noise))  # Alice's two enrollment photos differ
    # 0.60 for her first prototype (0.15 above auto), 0.37 for the second (in the band).
    face = unit(0.60 * c.alice_axis + 0.37 * c.noise + np.sqrt(1 - 0.36 - 0.37**2) * c.tom_axis)
    today = date.today()

    async def born(days_ago: int | None) -> Verdict:
        birth = None if days_ago is None else today - timedelta(days=days_ago)
        await Person.filter(id=c.alice.id).update(birth_date=birth)
        return await c.verdict(face, taken_on=today, among=False)

    assert await born(None) == Verdict.ASSIGN  # no birth date: no baby
    assert await born(3 * 365) == Verdict.ASSIGN  # three years old
    assert await born(300) == Verdict.SUGGEST  # ten months old: asked about
