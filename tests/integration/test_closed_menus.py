"""A "What's wrong" menu the hourly cron closed, on the real Postgres: a choice replayed on
it names the person its face is now only to a guardian of that person (the face may be
another family's child by then)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.infra.models import (
    CorrectionMenu,
    Face,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
)
from domain.infra.stores.corrections import TortoiseMenuStore
from domain.states import GroupType, PersonStatus

pytestmark = pytest.mark.usefixtures("db")


async def test_a_closed_menu_names_only_a_person_its_reader_guards() -> None:
    ann = await Participant.create(telegram_user_id=1, first_name="Ann")
    carl = await Participant.create(telegram_user_id=2, first_name="Carl")
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    yara = await Person.create(name="Yara", status=PersonStatus.ACTIVE)
    for person, guardian in ((alice, ann), (alice, carl), (yara, carl)):
        await Guardianship.create(person=person, participant=guardian)
    group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
    photo = await Photo.create(
        group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    face = await Face.create(
        photo=photo,
        person=alice,
        bbox_x=0,
        bbox_y=0,
        bbox_w=90,
        bbox_h=90,
        det_score=0.9,
        quality=0.9,
    )
    for reader, message_id in ((ann, 10), (carl, 20)):
        await CorrectionMenu.create(
            participant=reader, face=face, message_id=message_id, closed_at=datetime.now(UTC)
        )
    store = TortoiseMenuStore()
    assert await store.closed_unused(1, 10) == "Alice"
    assert await store.closed_unused(1, 11) is None  # no such menu

    await Face.filter(id=face.id).update(person_id=yara.id)  # Carl's Yara now
    assert await store.closed_unused(1, 10) == ""
    assert await store.closed_unused(2, 20) == "Yara"
    await Face.filter(id=face.id).update(person_id=None)  # nobody's
    assert await store.closed_unused(2, 20) == ""
