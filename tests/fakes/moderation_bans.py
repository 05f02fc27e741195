"""The bans' store (``domain.moderation.ban_store``) in memory, with the same answers the
tortoise store gives: participants, memberships, bans, deliveries and open questions, and
the events audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from domain.moderation.audit import Actor
from domain.moderation.ban_store import UNSENT, Known
from domain.states import DeliveryStatus, MembershipStatus, ModerationAction


@dataclass
class MemoryBanStore:
    """``BanStore``: participants (the one updated last last), memberships and deliveries
    by (group, Telegram user), bans, each group's open questions' messages, and the events
    audited (group, action, actor, subject, details)."""

    participants: list[Known] = field(default_factory=list)
    memberships: dict[tuple[UUID, int], MembershipStatus] = field(default_factory=dict)
    banned: set[tuple[UUID, int]] = field(default_factory=set)
    deliveries: dict[UUID, tuple[UUID, int, DeliveryStatus]] = field(default_factory=dict)
    questions: dict[UUID, list[tuple[int, int]]] = field(default_factory=dict)
    events: list[tuple[UUID, ModerationAction, Actor, str, dict[str, Any]]] = field(
        default_factory=list
    )

    def participant(self, user_id: int, first_name: str, username: str | None = None) -> Known:
        """A participant, as their latest update names them."""
        known = Known(user_id, first_name, username)
        self.participants = [p for p in self.participants if p.user_id != user_id] + [known]
        return known

    def delivery(self, group_id: UUID, user_id: int, status: DeliveryStatus) -> UUID:
        self.deliveries[delivery_id := uuid4()] = (group_id, user_id, status)
        return delivery_id

    def status(self, delivery_id: UUID) -> DeliveryStatus:
        return self.deliveries[delivery_id][2]

    async def known(self, user_id: int) -> Known | None:
        return next((p for p in self.participants if p.user_id == user_id), None)

    async def by_username(self, username: str) -> Known | None:
        used = [p for p in self.participants if (p.username or "").lower() == username.lower()]
        return used[-1] if used else None

    async def is_banned(self, group_id: UUID, user_id: int) -> bool:
        return (group_id, user_id) in self.banned

    async def was_member(self, group_id: UUID, user_id: int) -> bool:
        return (group_id, user_id) in self.memberships

    async def ban(self, group_id: UUID, user_id: int, actor: Actor, name: str) -> int | None:
        if (group_id, user_id) in self.banned:
            return None
        self.banned.add((group_id, user_id))
        cancelled = 0
        if await self.known(user_id) is not None:
            if (group_id, user_id) in self.memberships:
                self.memberships[(group_id, user_id)] = MembershipStatus.BANNED
            for delivery_id, (group, user, status) in self.deliveries.items():
                if (group, user) == (group_id, user_id) and status in UNSENT:
                    self.deliveries[delivery_id] = (group, user, DeliveryStatus.CANCELLED)
                    cancelled += 1
        details = {"user_id": user_id, "cancelled_deliveries": cancelled}
        self.events.append((group_id, ModerationAction.BANNED, actor, name, details))
        return cancelled

    async def unban(
        self, group_id: UUID, user_id: int, actor: Actor, name: str, *, undoes: UUID | None
    ) -> bool:
        if (group_id, user_id) not in self.banned:
            return False
        self.banned.discard((group_id, user_id))
        if self.memberships.get((group_id, user_id)) == MembershipStatus.BANNED:
            self.memberships[(group_id, user_id)] = MembershipStatus.LEFT
        details: dict[str, Any] = {"user_id": user_id}
        if undoes is not None:
            details["undoes"] = str(undoes)
        self.events.append((group_id, ModerationAction.UNBANNED, actor, name, details))
        return True

    async def open_questions(self, group_id: UUID) -> list[tuple[int, int]]:
        return list(self.questions.get(group_id, []))

    async def release_questions(self, group_id: UUID, user_id: int) -> None:
        self.questions[group_id] = [
            (chat, message) for chat, message in self.questions.get(group_id, []) if chat != user_id
        ]
