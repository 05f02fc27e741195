"""Linking an admin chat on the real Postgres, with Telegram's answers from the emulator:
one /admin link opened in two chats at once binds one of them (the group's row locked and
its token checked again in the same transaction), recorded once."""

from __future__ import annotations

import asyncio

import pytest

from domain.infra.models import Group, ModerationEvent
from domain.infra.stores.moderation_groups import TortoiseLinkingStore, TortoiseOrganizerStore
from domain.infra.telegram.messenger import AiogramMessenger
from domain.moderation.audit import Actor
from domain.moderation.linking import KEPT_POINTERS, AdminChatLinking, Outcome
from domain.moderation.organizers import Organizers
from domain.states import GroupType, ModerationAction
from sandbox import World

pytestmark = pytest.mark.usefixtures("db")
TOKEN = "A" * 32


async def test_one_link_opened_in_two_chats_at_once_binds_one(
    world: World, messenger: AiogramMessenger
) -> None:
    olga = world.create_user("Olga")
    chat = world.create_group("Class 1A", creator_id=olga["id"])
    office = world.create_group("Office", creator_id=olga["id"])
    staff = world.create_group("Staff room", creator_id=olga["id"])
    await world.set_bot_status(chat["id"], "administrator")
    group = await Group.create(
        chat_id=chat["id"],
        title="Class 1A",
        type=GroupType.SUPERGROUP,
        join_token="t",
        admin_token=TOKEN,
    )
    linking = AdminChatLinking(
        Organizers(messenger, TortoiseOrganizerStore()), TortoiseLinkingStore()
    )
    results = await asyncio.gather(
        *(
            linking.bind(
                TOKEN,
                where["id"],
                where["title"],
                user_id=olga["id"],
                actor=Actor(olga["id"], "Olga"),
            )
            for where in (office, staff)
        )
    )
    assert sorted(result.outcome for result in results) == [Outcome.EXPIRED, Outcome.LINKED]
    (linked,) = [result for result in results if result.outcome == Outcome.LINKED]
    assert linked.group is not None
    stored = await Group.get(id=group.id)
    assert stored.admin_chat_id == linked.group.admin_chat_id
    assert stored.admin_token not in (None, TOKEN)  # spent
    events = await ModerationEvent.filter(group_id=group.id)
    assert [(e.action, e.details["chat_id"]) for e in events] == [
        (ModerationAction.ADMIN_CHAT_LINKED, stored.admin_chat_id)
    ]


async def test_the_newest_answers_pointing_to_the_admin_chat_are_kept() -> None:
    """``keep_pointer`` on Postgres: the newest ``KEPT_POINTERS`` answers of a group, each
    once, none of another group's; they go with their group."""
    store = TortoiseLinkingStore()
    group, other = [
        await Group.create(chat_id=chat_id, title="G", type=GroupType.SUPERGROUP, join_token=t)
        for chat_id, t in ((-1, "t1"), (-2, "t2"))
    ]
    await asyncio.gather(
        *(
            store.keep_pointer(group.id, message_id, "stats", KEPT_POINTERS)
            for message_id in range(1, 23)
        )
    )
    await store.keep_pointer(group.id, 22, "help", KEPT_POINTERS)  # kept already
    await store.keep_pointer(other.id, 5, "help", KEPT_POINTERS)
    assert await store.pointers(group.id) == [(m, "stats") for m in range(3, 23)]
    await group.delete()
    assert await store.pointers(group.id) == []
    assert await store.pointers(other.id) == [(5, "help")]
