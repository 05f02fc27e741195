"""The organizers' stores of their groups (``domain.moderation.group_stores``) in memory,
with the same answers the tortoise stores give; and Telegram's answer to "is this user an
admin of that group?", for ``Organizers`` without Telegram."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domain.telegram import ChatUnavailable
from tests.fakes.groups import MemoryGroupStore


@dataclass
class MemoryOrganizerStore(MemoryGroupStore):
    """``OrganizerStore``: groups, and who named a child in which (user id: group ids)."""

    namers: dict[int, set[UUID]] = field(default_factory=dict)

    async def named_a_child(self, user_id: int) -> bool:
        named = [self.groups.get(group_id) for group_id in self.namers.get(user_id, set())]
        return any(group is not None and group.is_active for group in named)


@dataclass
class MemoryChatMembers:
    """Telegram's ``member_status`` from a table (chat, user): status; a chat not in
    ``chats`` is one the bot cannot see; ``asked`` records each question."""

    statuses: dict[tuple[int, int], str] = field(default_factory=dict)
    chats: set[int] = field(default_factory=set)
    asked: list[tuple[int, int]] = field(default_factory=list)

    async def member_status(self, chat_id: int, user_id: int) -> str:
        self.asked.append((chat_id, user_id))
        if chat_id not in self.chats:
            raise ChatUnavailable("chat not found")
        return self.statuses.get((chat_id, user_id), "left")
