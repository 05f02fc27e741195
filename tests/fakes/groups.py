"""The groups' stores (``domain.groups.stores``) in memory: a dict of groups and one of
memberships a test fills and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

import contextlib
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.groups.stores import GroupView, MembershipFacts, Migrated
from domain.states import GroupType, MembershipStatus


@dataclass
class MemoryMembership:
    """A participant's membership of a group, as a row has it."""

    participant_id: UUID
    telegram_user_id: int
    group_id: UUID
    status: MembershipStatus = MembershipStatus.MEMBER
    verified_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    id: UUID = field(default_factory=uuid4)


@dataclass
class MemoryGroupStore:
    """``GroupStore``, ``GroupChanges`` and ``MembershipStore``: groups by id, and
    memberships; ``kinds``: each group's ``GroupType``."""

    groups: dict[UUID, GroupView] = field(default_factory=dict)
    memberships: list[MemoryMembership] = field(default_factory=list)
    kinds: dict[UUID, GroupType] = field(default_factory=dict)

    def add(self, chat_id: int, title: str, **fields: Any) -> GroupView:
        group = GroupView(uuid4(), chat_id, title, **fields)
        self.groups[group.id] = group
        return group

    def change(self, group_id: UUID, **fields: Any) -> GroupView:
        self.groups[group_id] = replace(self.groups[group_id], **fields)
        return self.groups[group_id]

    def member(
        self,
        group_id: UUID,
        telegram_user_id: int,
        participant_id: UUID | None = None,
        **fields: Any,
    ) -> MemoryMembership:
        """A participant (a new one unless named) who is a member of the group."""
        who = participant_id or uuid4()
        membership = MemoryMembership(who, telegram_user_id, group_id, **fields)
        self.memberships.append(membership)
        return membership

    async def group(self, group_id: UUID) -> GroupView | None:
        return self.groups.get(group_id)

    async def at_chat(self, chat_id: int) -> GroupView | None:
        return next((g for g in self.groups.values() if g.chat_id == chat_id), None)

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        served = [g for g in self.groups.values() if g.admin_chat_id == admin_chat_id]
        return sorted((g for g in served if g.is_active), key=lambda g: g.title)

    async def formerly_served(self, chat_id: int) -> GroupView | None:
        return None  # no moves here: the tortoise store reads its links' record

    async def with_admin_chat(self) -> list[GroupView]:
        return [g for g in self.groups.values() if g.is_active and g.admin_chat_id is not None]

    async def record_chat(
        self, chat_id: int, title: str, kind: GroupType, join_token: str
    ) -> GroupView:
        group = await self.at_chat(chat_id)
        if group is None:
            group = self.add(chat_id, title or str(chat_id), join_token=join_token)
        elif title and (group.title != title or self.kinds.get(group.id) != kind):
            group = self.change(group.id, title=title)
        self.kinds[group.id] = kind
        return group

    async def set_active(self, group_id: UUID, active: bool) -> bool:
        changed = self.groups[group_id].is_active != active
        self.change(group_id, is_active=active)
        return changed

    async def members(self, group_id: UUID) -> list[int]:
        return [
            m.telegram_user_id
            for m in self.memberships
            if m.group_id == group_id and m.status == MembershipStatus.MEMBER
        ]

    async def bot_came(
        self, group_id: UUID, *, welcomed_at: datetime | None, language: str
    ) -> None:
        self.change(group_id, is_active=True, welcomed_at=welcomed_at, language=language)

    async def merge_setting(self, group_id: UUID, key: str, value: Any) -> None:
        self.change(group_id, settings={**self.groups[group_id].settings, key: value})

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return contextlib.nullcontext()

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> Migrated:
        served = [g for g in self.groups.values() if g.admin_chat_id == old_chat_id]
        for each in served:
            self.change(each.id, admin_chat_id=new_chat_id)
        group = await self.at_chat(old_chat_id)
        if group is None:
            return Migrated(await self.at_chat(new_chat_id), len(served))
        twin = await self.at_chat(new_chat_id)
        if twin is not None:
            members = {m.participant_id for m in self.memberships if m.group_id == group.id}
            for membership in [m for m in self.memberships if m.group_id == twin.id]:
                if membership.participant_id in members:
                    self.memberships.remove(membership)
                else:
                    membership.group_id = group.id
            del self.groups[twin.id]
        self.kinds[group.id] = GroupType.SUPERGROUP
        return Migrated(self.change(group.id, chat_id=new_chat_id), len(served), moved=True)

    async def member_left(self, chat_id: int, user_id: int) -> GroupView | None:
        group = await self.at_chat(chat_id)
        left = False
        for membership in self.memberships:
            if (
                group is not None
                and membership.group_id == group.id
                and membership.telegram_user_id == user_id
                and membership.status == MembershipStatus.MEMBER
            ):
                membership.status = MembershipStatus.LEFT
                left = True
        return group if group is not None and left else None

    async def membership(self, participant_id: UUID, group_id: UUID) -> MembershipFacts | None:
        for membership in self.memberships:
            if membership.participant_id == participant_id and membership.group_id == group_id:
                group = self.groups[group_id]
                return MembershipFacts(
                    membership.id,
                    membership.status,
                    membership.verified_at,
                    group.chat_id,
                    dict(group.settings),
                )
        return None

    async def verified(self, membership_id: UUID, member: bool, at: datetime) -> bool:
        for membership in self.memberships:
            if membership.id == membership_id and membership.status == MembershipStatus.MEMBER:
                membership.status = MembershipStatus.MEMBER if member else MembershipStatus.LEFT
                membership.verified_at = at
                return True
        return False
