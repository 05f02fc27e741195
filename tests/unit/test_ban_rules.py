"""Banning a participant from a group and lifting the ban (``Bans`` over the bans' store in
memory, ``tests/fakes/moderation_bans.py``): what a ban holds back, what lifting it
restores (nothing), whom /ban finds, and which questions it withdraws."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import cast
from uuid import UUID, uuid4

from domain.moderation.audit import Actor
from domain.moderation.bans import BanOutcome, Bans, Target, UnbanOutcome
from domain.states import DeliveryStatus, MembershipStatus, ModerationAction
from domain.telegram import Messenger
from tests.fakes.corrections import MemoryQuestionChats
from tests.fakes.moderation_bans import MemoryBanStore

OLGA = Actor(7, "Olga")
ANN, BEN, CARL = 101, 102, 103


@dataclass(frozen=True)
class Named:
    title: str = "Class 1A"
    id: UUID = field(default_factory=uuid4)


@asynccontextmanager
async def in_english(chat_id: int) -> AsyncIterator[str]:
    """Every chat reads English (the languages' store is not the bans')."""
    yield "en"


def _class() -> tuple[MemoryBanStore, Named, Bans]:
    store = MemoryBanStore()
    group = Named()
    for user_id, name in ((ANN, "Ann"), (BEN, "Ben")):
        store.participant(user_id, name, name.lower())
        store.memberships[(group.id, user_id)] = MembershipStatus.MEMBER
    return store, group, Bans(store, speaking=in_english)


async def test_a_ban_holds_back_every_photo_not_yet_sent_to_the_banned() -> None:
    store, group, bans = _class()
    unsent = {status: store.delivery(group.id, ANN, status) for status in DeliveryStatus}
    elsewhere = store.delivery(uuid4(), ANN, DeliveryStatus.PENDING)  # another group's
    bens = store.delivery(group.id, BEN, DeliveryStatus.PENDING)  # her co-guardian's

    assert await bans.ban(group, Target(ANN, "Ann"), OLGA) == BanOutcome.BANNED

    held = {DeliveryStatus.PENDING, DeliveryStatus.HELD, DeliveryStatus.PARKED}
    held.add(DeliveryStatus.WAITING)  # an album's or a digest's, not due yet
    for status, delivery_id in unsent.items():
        expected = DeliveryStatus.CANCELLED if status in held else status
        assert store.status(delivery_id) == expected, status
    assert store.status(elsewhere) == store.status(bens) == DeliveryStatus.PENDING
    assert store.memberships[(group.id, ANN)] == MembershipStatus.BANNED
    assert store.memberships[(group.id, BEN)] == MembershipStatus.MEMBER
    assert store.events == [
        (
            group.id,
            ModerationAction.BANNED,
            OLGA,
            "Ann",
            {"user_id": ANN, "cancelled_deliveries": 4},
        )
    ]


async def test_a_second_ban_changes_nothing() -> None:
    store, group, bans = _class()
    await bans.ban(group, Target(ANN, "Ann"), OLGA)
    later = store.delivery(group.id, ANN, DeliveryStatus.PENDING)
    assert await bans.ban(group, Target(ANN, "Ann"), OLGA) == BanOutcome.ALREADY_BANNED
    assert store.status(later) == DeliveryStatus.PENDING
    assert len(store.events) == 1


async def test_lifting_a_ban_lets_them_join_again_and_restores_nothing() -> None:
    store, group, bans = _class()
    cancelled = store.delivery(group.id, ANN, DeliveryStatus.PENDING)
    await bans.ban(group, Target(ANN, "Ann"), OLGA)
    ban_event = uuid4()

    lifted = await bans.unban(group, Target(ANN, "Ann"), OLGA, undoes=ban_event)

    assert lifted == UnbanOutcome.UNBANNED
    assert not await bans.is_banned(group.id, ANN)
    # Not a member again until she joins through the link; her photos stay cancelled.
    assert store.memberships[(group.id, ANN)] == MembershipStatus.LEFT
    assert store.status(cancelled) == DeliveryStatus.CANCELLED
    assert store.events[-1] == (
        group.id,
        ModerationAction.UNBANNED,
        OLGA,
        "Ann",
        {"user_id": ANN, "undoes": str(ban_event)},
    )
    assert await bans.unban(group, Target(ANN, "Ann"), OLGA) == UnbanOutcome.NOT_BANNED
    assert len(store.events) == 2


async def test_ban_finds_only_people_known_in_the_group() -> None:
    store, group, bans = _class()
    store.participant(CARL, "Carl", "carl")  # knows the bot, never joined this group
    assert await bans.find(group, "ann") == Target(ANN, "Ann (@ann)")
    assert await bans.find(group, BEN) == Target(BEN, "Ben (@ben)")
    assert await bans.find(group, "carl") is None
    assert await bans.find(group, CARL) is None
    assert await bans.find(group, "nobody") is None
    # Left the group (membership kept): still found, to be banned from coming back.
    store.memberships[(group.id, BEN)] = MembershipStatus.LEFT
    assert await bans.find(group, "ben") == Target(BEN, "Ben (@ben)")
    # Banned by id before the bot ever knew them: found to be unbanned, by their id (no
    # name: the reader's language says "user 999", walkhe 1).
    await bans.ban(group, Target(999, ""), OLGA)
    assert await bans.find(group, 999) == Target(999, "")
    assert await bans.known_name(999) is None
    assert await bans.known_name(ANN) == "Ann (@ann)"


async def test_a_username_means_the_one_who_used_it_last() -> None:
    store, group, bans = _class()
    store.participant(CARL, "Carl", "ANN")  # Carl took the name "ann" since Ann changed it
    store.memberships[(group.id, CARL)] = MembershipStatus.MEMBER
    assert await bans.find(group, "ann") == Target(CARL, "Carl (@ANN)")
    store.participant(ANN, "Ann", "ann")  # Ann's update came last
    assert await bans.find(group, "ann") == Target(ANN, "Ann (@ann)")


async def test_a_ban_withdraws_the_banned_users_own_questions_only() -> None:
    store, group, bans = _class()
    store.questions[group.id] = [(ANN, 11), (BEN, 12), (ANN, 13), (ANN, 11)]
    store.questions[uuid4()] = [(ANN, 14)]  # another group's question
    chats = MemoryQuestionChats(refused={(ANN, 13)})  # too old to edit
    assert await bans.open_questions(group.id, ANN) == [(ANN, 11), (ANN, 13)]

    edited = await bans.withdraw_questions(cast(Messenger, chats), group, ANN)

    assert edited == 1
    ((chat, message, caption),) = chats.blanked
    assert (chat, message) == (ANN, 11)
    assert caption.startswith("This question no longer applies")
    assert "Class 1A" in caption
    # They no longer wait for her answer; Ben's does.
    assert await bans.open_questions(group.id, ANN) == []
    assert store.questions[group.id] == [(BEN, 12)]
