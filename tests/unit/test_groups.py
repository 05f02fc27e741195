"""The groups' rules over their store, in memory (``tests/fakes/groups.py``), without
Postgres or Telegram: a group recorded when the bot sees it, greeted once, gone when the
bot leaves (``Groups``), and whether a member is still one (``MemberCheck``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID

import pytest

from domain.events import EventBus, GroupGone
from domain.groups.memberships import MemberCheck
from domain.groups.service import WELCOME, BotMembershipChange, Groups
from domain.retry import TryAgainLater
from domain.states import MembershipStatus
from domain.telegram import ChatMigrated, Messenger
from tests.fakes.groups import MemoryGroupStore, MemoryMembership

CHAT = -100
ANN = 501


@dataclass
class Telegram:
    """Telegram's ``member_status``: what it answers, and each question asked."""

    statuses: dict[tuple[int, int], str] = field(default_factory=dict)
    migrated_to: int | None = None  # the chat became this supergroup
    asked: list[tuple[int, int]] = field(default_factory=list)

    async def member_status(self, chat_id: int, user_id: int) -> str:
        self.asked.append((chat_id, user_id))
        if self.migrated_to is not None and chat_id != self.migrated_to:
            raise ChatMigrated("upgraded", chat_id, self.migrated_to)
        return self.statuses.get((chat_id, user_id), "left")


class World:
    def __init__(self) -> None:
        self.store = MemoryGroupStore()
        self.gone: list[GroupGone] = []
        events = EventBus()
        events.subscribe(GroupGone, self._gone)
        self.groups = Groups(self.store, events)
        self.telegram = Telegram()
        self.members = MemberCheck(
            cast(Messenger, self.telegram), self.groups, recheck=timedelta(hours=6)
        )

    async def _gone(self, event: GroupGone) -> None:
        self.gone.append(event)

    async def bot_added(
        self, old: str = "left", new: str = "member", language: str | None = None
    ) -> BotMembershipChange:
        return await self.groups.bot_status_changed(
            CHAT,
            "Class 1A",
            "group",
            old_status=old,
            new_status=new,
            sees_all_messages=False,
            added_by_language=language,
        )


@pytest.fixture
def world() -> World:
    return World()


async def test_a_group_is_recorded_once_and_keeps_its_title_current(world: World) -> None:
    first = await world.groups.record(CHAT, "Class 1A", "group")
    again = await world.groups.record(CHAT, "Class 1A (2026)", "group")
    unnamed = await world.groups.record(CHAT, "", "group")
    assert again.id == first.id and again.join_token == first.join_token != ""
    assert unnamed.title == "Class 1A (2026)"
    assert len(world.store.groups) == 1


async def test_the_first_greeting_speaks_the_language_of_whoever_added_the_bot(
    world: World,
) -> None:
    added = await world.bot_added(language="ru-RU")
    assert added.greet and added.needs_admin and added.group.language == "ru"
    assert (await world.store.at_chat(CHAT)).language == "ru"  # type: ignore[union-attr]
    # Added again by someone else: greeted again (it was away), its language kept.
    await world.bot_added(old="member", new="left")
    back = await world.bot_added(language="he")
    assert back.greet and back.group.language == "ru"


async def test_promoted_the_bot_says_it_now_sees_photos_and_is_not_greeted_again(
    world: World,
) -> None:
    await world.bot_added()
    promoted = await world.bot_added(old="member", new="administrator")
    assert not promoted.greet and not promoted.needs_admin and promoted.can_now_see_photos


async def test_the_bot_removed_the_group_is_inactive_and_gone_for_the_others(
    world: World,
) -> None:
    added = await world.bot_added()
    removed = await world.bot_added(old="member", new="kicked")
    assert removed.removed and not removed.group.is_active
    assert not (await world.store.group(added.group.id)).is_active  # type: ignore[union-attr]
    assert world.gone == [GroupGone(added.group.id)]
    # Said again (a second update): removed once, its members told once.
    again = await world.bot_added(old="left", new="kicked")
    assert not again.removed and not again.group.is_active
    # A photo posted there again: the bot is back in it.
    assert await world.groups.photo_seen_in(CHAT, "Class 1A", "group") == added.group.id
    assert (await world.store.group(added.group.id)).is_active  # type: ignore[union-attr]


async def test_the_welcome_is_remembered_to_be_pinned(world: World) -> None:
    added = await world.bot_added()
    assert await world.groups.welcome_message(added.group) is None
    await world.groups.welcomed(added.group, 42)
    assert await world.groups.welcome_message(added.group) == 42
    assert world.store.groups[added.group.id].settings[WELCOME] == 42


async def test_a_recent_membership_is_trusted_without_asking_telegram(world: World) -> None:
    group = (await world.bot_added()).group
    ann = world.store.member(group.id, ANN, verified_at=datetime.now(UTC))
    assert await world.members.still_member(_who(ann), group.id)
    assert world.telegram.asked == []


async def test_back_in_the_group_the_bot_asks_telegram_whether_a_member_left(
    world: World,
) -> None:
    group = (await world.bot_added()).group
    ann = world.store.member(group.id, ANN, verified_at=datetime.now(UTC) - timedelta(minutes=1))
    await world.bot_added(old="member", new="left")
    await world.bot_added()  # back: Ann may have left meanwhile, unseen
    assert not await world.members.still_member(_who(ann), group.id)
    assert world.telegram.asked == [(CHAT, ANN)]
    assert ann.status == MembershipStatus.LEFT


async def test_telegrams_answer_never_overwrites_a_ban(world: World) -> None:
    group = (await world.bot_added()).group
    ann = world.store.member(group.id, ANN, verified_at=datetime.now(UTC) - timedelta(days=1))
    world.telegram.statuses[(CHAT, ANN)] = "member"

    async def banned_while_asked(chat_id: int, user_id: int) -> str:
        ann.status = MembershipStatus.BANNED
        return "member"

    world.telegram.member_status = banned_while_asked  # type: ignore[method-assign]
    assert not await world.members.still_member(_who(ann), group.id)
    assert ann.status == MembershipStatus.BANNED


async def test_a_member_who_left_is_left_but_a_ban_stays_a_ban(world: World) -> None:
    group = (await world.bot_added()).group
    ann = world.store.member(group.id, ANN)
    bob = world.store.member(group.id, 502, status=MembershipStatus.BANNED)
    await world.groups.member_left(CHAT, ANN)
    await world.groups.member_left(CHAT, 502)
    assert (ann.status, bob.status) == (MembershipStatus.LEFT, MembershipStatus.BANNED)


async def test_a_group_become_a_supergroup_is_followed_there(world: World) -> None:
    group = (await world.bot_added()).group
    served = world.store.add(-300, "Class 1B", admin_chat_id=CHAT)
    ann = world.store.member(group.id, ANN, verified_at=datetime.now(UTC) - timedelta(days=1))
    world.telegram.migrated_to = -1000100
    with pytest.raises(TryAgainLater):
        await world.members.still_member(_who(ann), group.id)
    moved = await world.store.group(group.id)
    assert moved is not None and moved.chat_id == -1000100
    assert world.store.groups[served.id].admin_chat_id == -1000100
    assert await world.groups.migrated(CHAT, -1000100) == moved  # again: nothing to do
    assert world.gone == []


async def test_a_record_made_at_the_new_id_first_is_folded_into_the_group(
    world: World,
) -> None:
    group = (await world.bot_added()).group
    ann = world.store.member(group.id, ANN)
    twin = world.store.add(-1000100, "Class 1A")
    world.store.member(twin.id, ANN, participant_id=ann.participant_id)
    bob = world.store.member(twin.id, 502)
    moved = await world.groups.migrated(CHAT, -1000100)
    assert moved is not None and moved.id == group.id and moved.chat_id == -1000100
    assert twin.id not in world.store.groups
    assert world.gone == [GroupGone(twin.id)]  # its unclaimed persons go with it
    assert bob.group_id == group.id
    assert len([m for m in world.store.memberships if m.telegram_user_id == ANN]) == 1


@dataclass(frozen=True)
class Who:
    """A participant as a membership check names them."""

    id: UUID
    telegram_user_id: int


def _who(membership: MemoryMembership) -> Who:
    return Who(membership.participant_id, membership.telegram_user_id)
