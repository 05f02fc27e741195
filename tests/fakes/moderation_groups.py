"""The organizers' stores of their groups (``domain.moderation.group_stores``) in memory,
with the same answers the tortoise stores give; and Telegram's answer to "is this user an
admin of that group?", for ``Organizers`` without Telegram."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.groups.stores import GroupView
from domain.states import ModerationAction
from domain.telegram import ChatUnavailable
from tests.fakes.groups import MemoryGroupStore


@dataclass
class MemoryOrganizerStore(MemoryGroupStore):
    """``OrganizerStore``: groups, and who named a child in which (user id: group ids)."""

    namers: dict[int, set[UUID]] = field(default_factory=dict)

    async def named_a_child(self, user_id: int) -> bool:
        named = [self.groups.get(group_id) for group_id in self.namers.get(user_id, set())]
        return any(group is not None and group.is_active for group in named)

    async def linked_groups_of(self, user_id: int) -> list[GroupView]:
        ids = {m.group_id for m in self.memberships if m.telegram_user_id == user_id}
        ids |= self.namers.get(user_id, set())
        found = [self.groups[i] for i in ids if i in self.groups]
        return sorted(
            (g for g in found if g.is_active and g.admin_chat_id is not None),
            key=lambda g: g.title,
        )


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


@dataclass
class MemoryLinkingStore(MemoryOrganizerStore):
    """``LinkingStore``: groups, which chats are photo groups in use, and the moderation
    events recorded (group, action, actor, subject, details)."""

    in_use: set[int] = field(default_factory=set)  # chats with members or photos
    events: list[tuple[UUID, ModerationAction, tuple[int | None, str], str, dict[str, Any]]] = (
        field(default_factory=list)
    )
    # The group's answers kept by ``keep_pointer``: group id: {message id: command}.
    kept_pointers: dict[UUID, dict[int, str]] = field(default_factory=dict)
    # Called when a transaction opens: what another request does meanwhile.
    meanwhile: list[Callable[[], object]] = field(default_factory=list)

    async def by_admin_token(self, token: str) -> GroupView | None:
        return next(
            (g for g in self.groups.values() if g.admin_token == token and g.is_active), None
        )

    async def admin_token(self, group_id: UUID, fresh: str) -> str:
        token = self.groups[group_id].admin_token or fresh
        return self.change(group_id, admin_token=token).admin_token or fresh

    async def keep_setting(self, group_id: UUID, key: str, value: object) -> object:
        settings = dict(self.groups[group_id].settings)
        previous = settings.get(key)
        self.change(group_id, settings={**settings, key: value})
        return previous

    async def keep_in_list(self, group_id: UUID, key: str, item: object, keep: int) -> None:
        kept = self.groups[group_id].settings.get(key)
        await self.keep_setting(
            group_id, key, [*(kept if isinstance(kept, list) else []), item][-keep:]
        )

    async def keep_pointer(self, group_id: UUID, message_id: int, command: str, keep: int) -> None:
        kept = self.kept_pointers.setdefault(group_id, {})
        kept.setdefault(message_id, command)
        for older in sorted(kept)[:-keep]:
            del kept[older]

    async def pointers(self, group_id: UUID) -> list[tuple[int, str]]:
        return sorted(self.kept_pointers.get(group_id, {}).items())

    async def is_photo_group(self, chat_id: int) -> bool:
        return chat_id in self.in_use and await self.at_chat(chat_id) is not None

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        while self.meanwhile:
            self.meanwhile.pop(0)()
        yield self

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    async def locked(self, group_id: UUID) -> GroupView:
        return self.groups[group_id]

    async def link(self, group_id: UUID, admin_chat_id: int, fresh_token: str) -> None:
        self.change(group_id, admin_chat_id=admin_chat_id, admin_token=fresh_token)

    async def record(
        self,
        group_id: UUID,
        action: ModerationAction,
        actor: tuple[int | None, str],
        subject: str,
        details: dict[str, Any],
    ) -> None:
        self.events.append((group_id, action, actor, subject, details))

    async def close_own_group(self, chat_id: int, greetings: str) -> tuple[int, ...]:
        own = await self.at_chat(chat_id)
        if own is None:
            return ()
        kept = tuple(own.settings.get(greetings, []))
        settings = {k: v for k, v in own.settings.items() if k != greetings}
        self.change(own.id, is_active=False, settings=settings)
        return kept

    async def keep_greetings(self, chat_id: int, message_ids: list[int], greetings: str) -> bool:
        own = await self.at_chat(chat_id)
        admin_chat = bool(await self.served_by(chat_id))
        if own is not None and admin_chat:
            self.change(own.id, is_active=False)
        elif own is not None:
            kept = list(own.settings.get(greetings, []))
            self.change(own.id, settings={**own.settings, greetings: kept + message_ids})
        return admin_chat

    async def unlink(self, chat_id: int) -> list[GroupView]:
        served = [g for g in self.groups.values() if g.admin_chat_id == chat_id]
        return [self.change(g.id, admin_chat_id=None) for g in served]
