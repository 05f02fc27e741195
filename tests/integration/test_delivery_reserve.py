"""Reserving a delivery for sending holds against decisions that commit while the reservation
waits for the row (on the real Postgres): a ban committed meanwhile is not overwritten,
and two senders never both win."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from domain.infra.models import (
    Delivery,
    Face,
    Group,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
)
from domain.infra.stores.delivery import reserve
from domain.states import DeliveryStatus, GroupType, MembershipStatus, PersonStatus

pytestmark = pytest.mark.usefixtures("db")


async def _planned() -> tuple[Delivery, Participant, Group]:
    """Ann, a member of Class 1A, guardian of active Alice, who is in a photo: its delivery
    to Ann is pending."""
    group = await Group.create(
        chat_id=-1001, title="Class 1A", type=GroupType.SUPERGROUP, join_token="t"
    )
    ann = await Participant.create(telegram_user_id=11, first_name="Ann")
    await Membership.create(
        group=group, participant=ann, status=MembershipStatus.MEMBER, verified_at=datetime.now(UTC)
    )
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    await Guardianship.create(person=alice, participant=ann)
    photo = await Photo.create(
        group=group, message_id=5, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    await Face.create(
        photo=photo,
        person=alice,
        bbox_x=1,
        bbox_y=1,
        bbox_w=100,
        bbox_h=100,
        det_score=0.9,
        quality=0.8,
    )
    delivery = await Delivery.create(photo=photo, participant=ann)
    return delivery, ann, group


async def test_a_ban_committed_while_the_reservation_waits_holds() -> None:
    delivery, ann, group = await _planned()
    banning = asyncio.Event()

    async def ban() -> None:
        # What /ban does: the membership ends, the unsent delivery is cancelled; the
        # transaction holds its locks a moment before it commits.
        async with in_transaction():
            await Membership.filter(participant=ann, group=group).update(
                status=MembershipStatus.BANNED
            )
            await Delivery.filter(id=delivery.id).update(status=DeliveryStatus.CANCELLED)
            banning.set()
            await asyncio.sleep(0.5)

    banned = asyncio.create_task(ban())
    await banning.wait()
    reserved = await reserve(delivery.id, DeliveryStatus.PENDING, ann.id, group.id)
    await banned
    assert reserved is False
    assert (await Delivery.get(id=delivery.id)).status == DeliveryStatus.CANCELLED


async def test_two_senders_never_both_reserve_one_delivery() -> None:
    delivery, ann, group = await _planned()
    results = await asyncio.gather(
        *(reserve(delivery.id, DeliveryStatus.PENDING, ann.id, group.id) for _ in range(5))
    )
    assert sorted(results) == [False] * 4 + [True]
    stored = await Delivery.get(id=delivery.id)
    assert (stored.status, stored.attempts) == (DeliveryStatus.SENDING, 1)


async def test_a_banned_member_is_not_reserved_for() -> None:
    delivery, ann, group = await _planned()
    await Membership.filter(participant=ann).update(status=MembershipStatus.BANNED)
    assert await reserve(delivery.id, DeliveryStatus.PENDING, ann.id, group.id) is False
    assert (await Delivery.get(id=delivery.id)).status == DeliveryStatus.PENDING
