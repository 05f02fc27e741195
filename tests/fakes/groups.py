"""The groups' store (``domain.groups.stores``) in memory: a dict of groups a test fills
and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID, uuid4

from domain.groups.stores import GroupView


@dataclass
class MemoryGroupStore:
    """``GroupStore``: groups by id."""

    groups: dict[UUID, GroupView] = field(default_factory=dict)

    def add(self, chat_id: int, title: str, **fields: Any) -> GroupView:
        group = GroupView(uuid4(), chat_id, title, **fields)
        self.groups[group.id] = group
        return group

    def change(self, group_id: UUID, **fields: Any) -> GroupView:
        self.groups[group_id] = replace(self.groups[group_id], **fields)
        return self.groups[group_id]

    async def group(self, group_id: UUID) -> GroupView | None:
        return self.groups.get(group_id)

    async def at_chat(self, chat_id: int) -> GroupView | None:
        return next((g for g in self.groups.values() if g.chat_id == chat_id), None)

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        served = [g for g in self.groups.values() if g.admin_chat_id == admin_chat_id]
        return sorted((g for g in served if g.is_active), key=lambda g: g.title)

    async def with_admin_chat(self) -> list[GroupView]:
        return [g for g in self.groups.values() if g.is_active and g.admin_chat_id is not None]
