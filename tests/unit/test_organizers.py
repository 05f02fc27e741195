"""Who is an organizer of a group, and which groups their commands act on, over the
organizers' store in memory (``tests/fakes/moderation_groups.py``), without Postgres or
Telegram (``Organizers``)."""

from __future__ import annotations

from typing import cast

import pytest

from domain.moderation.organizers import Organizers
from domain.telegram import Messenger
from tests.fakes.moderation_groups import MemoryChatMembers, MemoryOrganizerStore

CLASS_1A, CLASS_2B, OFFICE = -1001, -1002, -2001
TEACHER, PARENT, STRANGER = 11, 22, 33


class School:
    """Two classes served by one office chat; the teacher is an admin of both."""

    def __init__(self) -> None:
        self.store = MemoryOrganizerStore()
        self.telegram = MemoryChatMembers(chats={CLASS_1A, CLASS_2B})
        self.class_2b = self.store.add(CLASS_2B, "Class 2B", admin_chat_id=OFFICE)
        self.class_1a = self.store.add(CLASS_1A, "Class 1A", admin_chat_id=OFFICE)
        self.store.add(OFFICE, "School office")
        for chat in (CLASS_1A, CLASS_2B):
            self.telegram.statuses[(chat, TEACHER)] = "administrator"
            self.telegram.statuses[(chat, PARENT)] = "member"
        self.organizers = Organizers(cast(Messenger, self.telegram), self.store)


@pytest.fixture
def school() -> School:
    return School()


async def test_the_groups_admins_moderate_it_and_its_members_do_not(school: School) -> None:
    may = school.organizers.may_moderate
    assert await may(school.class_1a, TEACHER)
    assert not await may(school.class_1a, PARENT)
    assert not await may(school.class_1a, STRANGER)
    assert not await may(school.class_1a, None)  # no sender: nobody in particular
    school.telegram.statuses[(CLASS_1A, PARENT)] = "creator"
    assert await may(school.class_1a, PARENT)


async def test_an_anonymous_admin_posting_as_the_group_moderates_it(school: School) -> None:
    may = school.organizers.may_moderate
    assert await may(school.class_1a, None, sender_chat_id=CLASS_1A)
    # Another chat (a linked channel, another group) is not the group's admins.
    assert not await may(school.class_1a, None, sender_chat_id=CLASS_2B)


async def test_nobody_moderates_a_group_the_bot_left_or_cannot_see(school: School) -> None:
    gone = school.store.change(school.class_1a.id, is_active=False)
    assert not await school.organizers.may_moderate(gone, TEACHER)
    assert school.telegram.asked == []  # not even asked
    school.telegram.chats.discard(CLASS_2B)  # Telegram does not answer: the answer is no
    assert not await school.organizers.may_moderate(school.class_2b, TEACHER)


async def test_an_admin_chat_serves_its_active_groups_by_title(school: School) -> None:
    served = await school.organizers.served_by(OFFICE)
    assert [g.title for g in served] == ["Class 1A", "Class 2B"]
    school.store.change(school.class_2b.id, is_active=False)
    assert [g.title for g in await school.organizers.served_by(OFFICE)] == ["Class 1A"]
    assert await school.organizers.served_by(CLASS_1A) == []  # a photo group serves none


async def test_a_photo_group_is_found_by_its_chat_while_the_bot_serves_it(school: School) -> None:
    found = await school.organizers.photo_group(CLASS_1A)
    assert found is not None and found.title == "Class 1A"
    school.store.change(school.class_1a.id, is_active=False)
    assert await school.organizers.photo_group(CLASS_1A) is None
    assert await school.organizers.photo_group(-999) is None


async def test_the_admin_chat_is_named_as_the_bot_last_saw_it(school: School) -> None:
    assert await school.organizers.admin_chat_title(school.class_1a) == "School office"
    unseen = school.store.change(school.class_2b.id, admin_chat_id=-3001)
    assert await school.organizers.admin_chat_title(unseen) == "-3001"
    lone = school.store.add(-1003, "Class 3C")
    assert await school.organizers.admin_chat_title(lone) is None


async def test_claim_links_go_to_who_named_a_child_or_organizes_a_group_with_an_admin_chat(
    school: School,
) -> None:
    asks = school.organizers.asks_for_claim_links
    assert await asks(TEACHER)  # an admin of a group with an admin chat
    assert not await asks(PARENT)
    school.store.namers[PARENT] = {school.class_1a.id}
    assert await asks(PARENT)  # named a child in a group still served
    school.store.change(school.class_1a.id, is_active=False)
    assert not await asks(PARENT)
