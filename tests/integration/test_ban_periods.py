"""The ban periods on the real Postgres: a ban opens one, its lifting (``/unban``, or
``/audit``'s undo, which goes through the same unban) closes it, and a look back for
earlier photos reads them for the person's guardians only, in that group only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from domain.infra.models import Group, Guardianship, Participant, Person
from domain.infra.stores.earlier_photos import TortoiseEarlierPhotoStore
from domain.infra.stores.moderation_bans import TortoiseBanStore
from domain.moderation.audit import Actor
from domain.states import GroupType, PersonStatus

pytestmark = pytest.mark.usefixtures("db")
ANN, BEN = 1, 2
ORGANIZER = Actor(user_id=9, name="Org")


async def test_a_ban_lifted_and_a_ban_that_holds_are_the_spans_looked_past() -> None:
    group = await Group.create(chat_id=-1, title="Class", type=GroupType.SUPERGROUP, join_token="a")
    other = await Group.create(chat_id=-2, title="Other", type=GroupType.SUPERGROUP, join_token="b")
    ann = await Participant.create(telegram_user_id=ANN, first_name="Ann")
    await Participant.create(telegram_user_id=BEN, first_name="Ben")
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    await Guardianship.create(person=alice, participant=ann)
    bans, store = TortoiseBanStore(), TortoiseEarlierPhotoStore()

    start = datetime.now(UTC)
    assert await bans.ban(group.id, ANN, ORGANIZER, "Ann") is not None
    assert await bans.ban(group.id, ANN, ORGANIZER, "Ann") is None  # already: no second one
    assert await bans.unban(group.id, ANN, ORGANIZER, "Ann", undoes=None)
    lifted = datetime.now(UTC)
    assert await bans.ban(group.id, ANN, ORGANIZER, "Ann") is not None
    await bans.ban(group.id, BEN, ORGANIZER, "Ben")  # not Alice's guardian
    await bans.ban(other.id, ANN, ORGANIZER, "Ann")  # another group

    first, holding = sorted(await store.banned_spans(alice.id, group.id))
    assert start <= first[0] <= first[1] <= lifted
    assert lifted <= holding[0] <= holding[1] <= datetime.now(UTC)  # open: to now

    # Lifted by /audit's undo (the same unban, naming the event): closed then, no longer
    # running to now.
    assert await bans.unban(group.id, ANN, ORGANIZER, "Ann", undoes=group.id)
    undone = datetime.now(UTC)
    await asyncio.sleep(0.05)
    again, closed = sorted(await store.banned_spans(alice.id, group.id))
    assert again == first
    assert closed[0] == holding[0]
    assert holding[1] <= closed[1] <= undone  # an open span would end now, after undone
