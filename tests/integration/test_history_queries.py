"""/history decides, line by line, whether an Undo would act and whether the reader may
press it; on the real Postgres, a full page costs the same number of queries as a page
of two lines (findings11, history's third: not a few queries more for each line)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import cast

import pytest

from domain.blobs import BlobStore
from domain.events import EventBus
from domain.infra.models import Face, Group, Guardianship, Participant, Person, Photo
from domain.infra.stores import assignments
from domain.infra.stores.persons import TortoisePersonStore, TortoiseShownStore
from domain.persons.service import EventRow, Persons
from domain.persons.shown import ShownCards
from domain.recognition.assignments import MOVE_NOTE, Actor
from domain.states import GroupType, GuardianRole, PersonStatus
from tests.fakes.recognition import MemoryJobQueue

pytestmark = pytest.mark.usefixtures("db")

ANN = 1  # Telegram user id of the owner who reads /history


@contextmanager
def counted(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """The SQL statements sent to Postgres inside the block (tortoise logs each one)."""
    caplog.clear()
    sent: list[str] = []
    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        yield sent
    sent += [r.getMessage() for r in caplog.records if r.name == "tortoise.db_client"]


async def thirty_changes() -> None:
    """Ann owns Alice and Ally, Bob co-guards Alice; twenty faces of one photo, each
    changed once or twice by one of them: thirty changes, of every kind an Undo is
    decided on (another guardian's, changed since, an undo's own faces moved on)."""
    ann = await Participant.create(telegram_user_id=ANN, first_name="Ann")
    bob = await Participant.create(telegram_user_id=2, first_name="Bob")
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    ally = await Person.create(name="Ally", status=PersonStatus.ACTIVE)
    for person in (alice, ally):
        await Guardianship.create(person=person, participant=ann, role=GuardianRole.OWNER)
    await Guardianship.create(person=alice, participant=bob, role=GuardianRole.CO_GUARDIAN)
    group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
    photo = await Photo.create(
        group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    by_ann, by_bob = Actor.participant(ann), Actor.participant(bob)
    for i in range(20):
        face = await Face.create(
            photo=photo,
            bbox_x=100 * i,
            bbox_y=0,
            bbox_w=90,
            bbox_h=90,
            det_score=0.9,
            quality=0.9,
        )
        kind = (i + 1) % 4  # the newest two: Ann's "yes", then Bob's "no" to it
        actor = by_bob if kind == 2 else by_ann
        await assignments.assign(face, alice.id, actor, prototype=None, note="yes")
        if kind == 0:
            await assignments.unassign(face, by_bob, remember_rejection=True, note="no")
        elif kind == 1:
            await assignments.move(face, ally.id, by_ann, note=MOVE_NOTE)


async def test_a_full_history_page_costs_what_two_lines_do(
    caplog: pytest.LogCaptureFixture,
) -> None:
    await thirty_changes()
    nothing = cast(BlobStore, object())  # /history reads no blob
    persons = Persons(
        MemoryJobQueue(),
        nothing,
        TortoisePersonStore(),
        ShownCards(TortoiseShownStore()),
        EventBus(),
    )

    with counted(caplog) as for_two:
        two = await persons.history(ANN, limit=2)
    with counted(caplog) as for_twenty:
        twenty = await persons.history(ANN, limit=20)

    assert len(two) == 2 and len(twenty) == 20

    def offered(row: EventRow) -> bool:
        return row.may_undo and not (row.undone or row.changed_since or row.faces_gone)

    # The page decides both ways, for both reasons: an Undo offered, one the change's
    # later change rules out, and Bob's own (Ann owns Alice: she may undo it too).
    assert any(offered(row) for row in twenty)
    assert any(row.changed_since for row in twenty)
    assert any(row.by == "Bob" and offered(row) for row in twenty)
    assert len(for_twenty) == len(for_two), "\n".join(for_twenty)
