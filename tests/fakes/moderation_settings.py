"""The group settings' store (``domain.moderation.settings_store``) in memory, with the
same answers the tortoise store gives: groups by id, and the changes audited."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from domain.groups.stores import GroupView
from domain.moderation.audit import Actor
from domain.moderation.settings import CARDS_SETTING, stored
from domain.moderation.settings_store import SettingChange
from domain.states import MembershipStatus
from tests.fakes.groups import MemoryGroupStore


@dataclass
class MemoryGroupSettingsStore(MemoryGroupStore):
    """``GroupSettingsStore``: groups, and each change audited (group, actor, details)."""

    changes: list[tuple[UUID, Actor, dict[str, Any]]] = field(default_factory=list)
    # Per group, the members who get photos from it (guardians of someone there): the
    # tortoise store reads them from persons, guardianships and approvals.
    receiving: dict[UUID, set[int]] = field(default_factory=dict)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    async def locked(self, group_id: UUID) -> GroupView | None:
        return self.groups.get(group_id)

    async def save(self, group_id: UUID, change: SettingChange, actor: Actor) -> None:
        group = self.groups[group_id]
        name, value = stored(group, change.setting, change.new)
        self.groups[group_id] = replace(group, **{name: value})
        self.changes.append((group_id, actor, change.audited()))

    async def keep_cards(self, group_id: UUID, cards: list[list[int]]) -> None:
        group = self.groups[group_id]
        self.change(group_id, settings={**group.settings, CARDS_SETTING: cards})

    async def member_chats(self, group_id: UUID) -> list[int]:
        return sorted(
            m.telegram_user_id
            for m in self.memberships
            if m.group_id == group_id and m.status == MembershipStatus.MEMBER
        )

    async def receiving_chats(self, group_id: UUID) -> list[int]:
        members = set(await self.member_chats(group_id))
        return sorted(members & self.receiving.get(group_id, set()))
