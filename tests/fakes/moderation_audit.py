"""The audit's store (``domain.moderation.audit_store``) in memory: plain lists a test fills
and reads, with the same answers the tortoise store gives."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.moderation.audit_store import BACK, AuditedGroup, AuditEvent, Correction, Said, lifting
from domain.moderation.audit_view import NOT_CORRECTIONS, SHOWN_SETTING
from domain.states import ModerationAction


@dataclass
class MemoryAuditStore:
    """``AuditStore``: active groups, their events (oldest first) and corrections (each
    with the operation it was)."""

    kept_groups: dict[UUID, AuditedGroup] = field(default_factory=dict)
    events: list[AuditEvent] = field(default_factory=list)
    kept_corrections: dict[UUID, list[Correction]] = field(default_factory=dict)
    # (event id, chat id, message id, kind): the admin-chat messages kept on events.
    kept_said: list[tuple[UUID, int, int, str]] = field(default_factory=list)
    corrected_in: dict[UUID, list[UUID]] = field(default_factory=dict)  # change: its groups
    # Approvals no longer rejected (asked again, or gone); every other one named stands.
    not_rejected: set[str] = field(default_factory=set)

    def group_with_admin_chat(self, admin_chat_id: int) -> AuditedGroup:
        group = AuditedGroup(uuid4(), "Class 1A", admin_chat_id)
        self.kept_groups[group.id] = group
        return group

    def record(self, group: AuditedGroup, action: ModerationAction, **details: Any) -> AuditEvent:
        """An event recorded a minute after the one before."""
        at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC) + timedelta(minutes=len(self.events))
        event = AuditEvent(uuid4(), group.id, action, "Olga", "", details, at)
        self.events.append(event)
        return event

    def undone(self, event: AuditEvent) -> None:
        self.events = [
            replace(e, undone_at=datetime.now(UTC)) if e.id == event.id else e for e in self.events
        ]

    async def group(self, group_id: UUID) -> AuditedGroup | None:
        return self.kept_groups.get(group_id)

    async def groups(self, group_ids: Collection[UUID]) -> list[AuditedGroup]:
        return [g for i, g in self.kept_groups.items() if i in group_ids]

    async def recent(self, group_id: UUID, limit: int, until: datetime | None) -> list[AuditEvent]:
        events = [
            e
            for e in self.events
            if e.group_id == group_id and (until is None or e.created_at <= until)
        ]
        return sorted(events, key=lambda e: e.created_at, reverse=True)[:limit]

    async def groups_claimed_into(
        self, person_ids: Collection[UUID], merge_id: UUID | None = None
    ) -> list[UUID]:
        return []

    async def groups_corrected(self, change_id: UUID) -> list[UUID]:
        return list(self.corrected_in.get(change_id, []))

    async def later(
        self, event: AuditEvent, actions: Collection[ModerationAction]
    ) -> list[AuditEvent]:
        return [
            e
            for e in self.events
            if e.group_id == event.group_id
            and e.action in actions
            and e.created_at > event.created_at
            and e.id != event.id
        ]

    async def standing_rejections(self, approval_ids: Collection[str]) -> set[str]:
        return {each for each in approval_ids if each not in self.not_rejected}

    async def corrections(
        self, group_id: UUID, limit: int, until: datetime | None
    ) -> list[Correction]:
        kept = [
            c
            for c in self.kept_corrections.get(group_id, [])
            if c.operation not in NOT_CORRECTIONS and (until is None or c.at <= until)
        ]
        return sorted(kept, key=lambda c: c.at, reverse=True)[:limit]

    async def keep_shown(self, group_id: UUID, change: Callable[[Any], list[Any]]) -> None:
        group = self.kept_groups[group_id]
        settings = {**group.settings, SHOWN_SETTING: change(group.settings.get(SHOWN_SETTING))}
        self.kept_groups[group_id] = replace(group, settings=settings)

    async def latest(
        self, group_id: UUID, action: ModerationAction, user_id: int | None
    ) -> AuditEvent | None:
        about = [
            e
            for e in self.events
            if e.group_id == group_id and e.action == action and e.details.get("user_id") == user_id
        ]
        return about[-1] if about else None

    async def keep_said(self, event_id: UUID, chat_id: int, message_id: int, kind: str) -> None:
        self.kept_said.append((event_id, chat_id, message_id, kind))

    async def said_on_latest(self, group_id: UUID, action: ModerationAction) -> list[Said]:
        events = [e for e in self.events if e.group_id == group_id]
        of_action = [e for e in events if e.action == action]
        if not of_action:
            return []
        latest = of_action[-1]
        return [
            Said(chat_id, message_id, kind, latest, lifted=lifting(latest, events))
            for event_id, chat_id, message_id, kind in self.kept_said
            if event_id == latest.id
        ]

    async def said_in(self, group_id: UUID) -> list[Said]:
        return self._said({group_id}, lambda _event: True)

    async def mark_back(self, group_id: UUID, user_id: int) -> bool:
        bans = (ModerationAction.BANNED, ModerationAction.UNBANNED)
        about = [
            n
            for n, e in enumerate(self.events)
            if e.group_id == group_id and e.action in bans and e.details.get("user_id") == user_id
        ]
        if not about:
            return False
        latest = self.events[about[-1]]
        if latest.action != ModerationAction.UNBANNED or latest.details.get(BACK):
            return False
        self.events[about[-1]] = replace(latest, details={**latest.details, BACK: True})
        return True

    async def said_naming(self, group_ids: Collection[UUID], user_id: int) -> list[Said]:
        """Only the events about the user (this fake's events record no actor's id)."""
        return self._said(group_ids, lambda event: event.details.get("user_id") == user_id)

    def _said(self, group_ids: Collection[UUID], about: Callable[[AuditEvent], bool]) -> list[Said]:
        """The messages kept on the groups' events that ``about`` picks, each lifted or not
        by the groups' later events."""
        events = {e.id: e for e in self.events if e.group_id in group_ids}
        return [
            Said(
                chat_id,
                message_id,
                kind,
                events[event_id],
                lifted=lifting(events[event_id], events.values()),
            )
            for event_id, chat_id, message_id, kind in self.kept_said
            if event_id in events and about(events[event_id])
        ]
