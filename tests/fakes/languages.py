"""The chats' store (``domain.languages.stores``) in memory: participants and groups a test
fills, with the same answers the tortoise store gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from domain.languages import chats
from domain.languages.stores import GroupChat, UserLanguage


@dataclass
class MemoryGroupChat:
    chat_id: int
    chat: GroupChat
    admin_chat_id: int | None = None
    is_active: bool = True
    members: set[int] = field(default_factory=set)  # Telegram ids of its members


@dataclass
class MemoryChatStore:
    """``ChatStore``: participants by Telegram id, and groups."""

    users: dict[int, UserLanguage] = field(default_factory=dict)
    groups: list[MemoryGroupChat] = field(default_factory=list)

    def group(
        self, chat_id: int, language: str = "en", zone: str | None = None, **fields: object
    ) -> MemoryGroupChat:
        settings = {} if zone is None else {"zone": zone}
        group = MemoryGroupChat(chat_id, GroupChat(language, settings), **fields)  # type: ignore[arg-type]
        self.groups.append(group)
        return group

    async def user(self, user_id: int) -> UserLanguage | None:
        return self.users.get(user_id)

    async def served_by(self, admin_chat_id: int) -> list[GroupChat]:
        return [g.chat for g in self.groups if g.admin_chat_id == admin_chat_id]

    async def at_chat(self, chat_id: int) -> GroupChat | None:
        return next((g.chat for g in self.groups if g.chat_id == chat_id), None)

    async def formerly_served(self, chat_id: int) -> GroupChat | None:
        return None  # no moves here: the tortoise store reads its links' record

    async def of_member(self, user_id: int) -> list[GroupChat]:
        return [g.chat for g in self.groups if g.is_active and user_id in g.members]


@contextmanager
def chats_in_memory() -> Iterator[MemoryChatStore]:
    """Chats' languages read from a store in memory while inside (English: a chat it does
    not know); the process's own store put back after (a worker of the test run may be
    serving an end-to-end journey from its database)."""
    before = chats.reading_from()
    store = MemoryChatStore()
    chats.read_from(store)
    try:
        yield store
    finally:
        chats.read_from(before)
