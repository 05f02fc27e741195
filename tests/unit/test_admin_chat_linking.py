"""Linking an admin chat with /admin's link, over the organizers' store in memory
(``tests/fakes/moderation_groups.py``), without Postgres or Telegram
(``AdminChatLinking``): who may bind which chat, and what binding changes."""

from __future__ import annotations

from typing import cast

import pytest

from domain.moderation.audit import Actor
from domain.moderation.linking import GREETINGS, AdminChatLinking, Outcome
from domain.moderation.organizers import Organizers
from domain.states import ModerationAction
from domain.telegram import Messenger
from tests.fakes.moderation_groups import MemoryChatMembers, MemoryLinkingStore

CLASS_1A, CLASS_2B, OFFICE, STAFF_ROOM = -1001, -1002, -2001, -2002
TEACHER, PARENT = 11, 22
TOKEN = "A" * 32


class School:
    """Class 1A, whose /admin link is out; the office chat the bot was just added to (and
    greeted as if it were a photo group); Class 2B, a photo group in use."""

    def __init__(self) -> None:
        self.store = MemoryLinkingStore()
        telegram = MemoryChatMembers(chats={CLASS_1A}, statuses={(CLASS_1A, TEACHER): "creator"})
        self.linking = AdminChatLinking(
            Organizers(cast(Messenger, telegram), self.store), self.store
        )
        self.class_1a = self.store.add(CLASS_1A, "Class 1A", admin_token=TOKEN)
        self.office = self.store.add(OFFICE, "Office", settings={GREETINGS: [5, 6]})
        self.store.add(CLASS_2B, "Class 2B")
        self.store.in_use.add(CLASS_2B)

    async def bind(self, chat_id: int, user_id: int, token: str = TOKEN) -> Outcome:
        bound = await self.linking.bind(
            token, chat_id, "Office", user_id=user_id, actor=Actor(user_id, "Ms Cohen")
        )
        return bound.outcome


@pytest.fixture
def school() -> School:
    return School()


async def test_an_admin_binds_a_chat_and_the_link_is_spent(school: School) -> None:
    bound = await school.linking.bind(
        TOKEN, OFFICE, "Office", user_id=TEACHER, actor=Actor(TEACHER, "Ms Cohen")
    )
    assert bound.outcome == Outcome.LINKED
    assert bound.group is not None and bound.group.admin_chat_id == OFFICE
    assert bound.greetings == (5, 6)  # the bot's welcome there, to delete
    office = school.store.groups[school.office.id]
    assert not office.is_active and GREETINGS not in office.settings  # nobody joins it
    assert school.store.events == [
        (
            school.class_1a.id,
            ModerationAction.ADMIN_CHAT_LINKED,
            (TEACHER, "Ms Cohen"),
            "Office",
            {"chat_id": OFFICE, "previous_chat_id": None},
        )
    ]
    assert await school.bind(STAFF_ROOM, TEACHER) == Outcome.EXPIRED  # the same link again
    assert [g.title for g in await school.linking.organizers.served_by(OFFICE)] == ["Class 1A"]


async def test_linking_another_chat_moves_the_admin_chat(school: School) -> None:
    await school.bind(OFFICE, TEACHER)
    token = await school.linking.admin_token(school.class_1a.id)
    moved = await school.linking.bind(
        token, STAFF_ROOM, "Staff", user_id=TEACHER, actor=Actor(TEACHER, "Ms Cohen")
    )
    assert moved.outcome == Outcome.LINKED and moved.previous_admin_chat_id == OFFICE
    assert await school.linking.organizers.served_by(OFFICE) == []


async def test_only_an_admin_of_the_group_binds_and_a_stranger_learns_nothing(
    school: School,
) -> None:
    assert await school.bind(OFFICE, PARENT) == Outcome.NOT_ORGANIZER
    # Not told that the chat is a photo group either: that is read only for an admin.
    assert await school.bind(CLASS_2B, PARENT) == Outcome.NOT_ORGANIZER
    assert school.store.groups[school.class_1a.id].admin_chat_id is None
    assert school.store.events == []


async def test_a_link_binds_no_chat_that_cannot_serve_the_group(school: School) -> None:
    assert await school.bind(CLASS_1A, TEACHER) == Outcome.SAME_CHAT
    assert await school.bind(CLASS_2B, TEACHER) == Outcome.PHOTO_GROUP
    assert await school.bind(OFFICE, TEACHER, token="made-up") == Outcome.EXPIRED
    assert await school.bind(OFFICE, TEACHER, token="not a token!") == Outcome.EXPIRED
    await school.bind(OFFICE, TEACHER)
    token = await school.linking.admin_token(school.class_1a.id)
    assert await school.bind(OFFICE, TEACHER, token=token) == Outcome.ALREADY
    assert len(school.store.events) == 1


async def test_a_link_used_by_someone_else_a_moment_before_binds_nothing(school: School) -> None:
    # Another admin's /start with the same link commits while this one is being checked.
    school.store.meanwhile.append(
        lambda: school.store.change(school.class_1a.id, admin_chat_id=STAFF_ROOM, admin_token="B")
    )
    assert await school.bind(OFFICE, TEACHER) == Outcome.EXPIRED
    assert school.store.groups[school.class_1a.id].admin_chat_id == STAFF_ROOM
    assert school.store.events == [] and school.store.groups[school.office.id].is_active


async def test_the_link_token_is_made_once_and_the_group_keeps_one_link_message(
    school: School,
) -> None:
    lone = school.store.add(-1003, "Class 3C")
    token = await school.linking.admin_token(lone.id)
    assert await school.linking.admin_token(lone.id) == token
    assert await school.linking.swap_link_message(lone.id, 40) is None
    assert await school.linking.swap_link_message(lone.id, 41) == 40


async def test_a_chat_greeted_after_its_link_was_used_is_closed_and_left_unlinked(
    school: School,
) -> None:
    await school.bind(OFFICE, TEACHER)
    school.store.change(school.office.id, is_active=True)  # the bot's welcome came late
    assert await school.linking.greeted(OFFICE, [7])  # the caller deletes it
    assert not school.store.groups[school.office.id].is_active
    assert not await school.linking.greeted(CLASS_2B, [8])  # a photo group keeps it
    assert school.store.groups[next(iter(school.store.groups))].title == "Class 1A"
    unlinked = await school.linking.unlink_chat(OFFICE)
    assert [(g.title, g.admin_chat_id) for g in unlinked] == [("Class 1A", None)]
    assert not await school.linking.is_admin_chat(OFFICE)
