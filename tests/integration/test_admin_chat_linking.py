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
from domain.moderation.linking import AdminChatLinking, Outcome
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
