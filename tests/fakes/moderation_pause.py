"""Pausing a group's store (``domain.moderation.pause_store``) in memory, with the same
answers the tortoise store gives: groups' pauses, their waiting photos and due deliveries,
and the audit's events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.moderation.audit import Actor
from domain.moderation.pause_store import WaitingPost
from domain.states import DeliveryStatus, ModerationAction, PhotoStatus


@dataclass
class MemoryPauseStore:
    """``PauseStore``: when each group was paused (None: it is not), its photos and
    deliveries with their statuses, and the events audited (group, action, actor, details)."""

    paused: dict[UUID, datetime | None] = field(default_factory=dict)
    photos: dict[UUID, tuple[UUID, PhotoStatus]] = field(default_factory=dict)
    clips: set[UUID] = field(default_factory=set)  # of the photos, those that are clips
    deliveries: dict[UUID, tuple[UUID, DeliveryStatus]] = field(default_factory=dict)
    events: list[tuple[UUID, ModerationAction, Actor, dict[str, Any]]] = field(default_factory=list)

    def group(self) -> UUID:
        group_id = uuid4()
        self.paused[group_id] = None
        return group_id

    def photo(self, group_id: UUID, status: PhotoStatus, *, clip: bool = False) -> UUID:
        self.photos[photo_id := uuid4()] = (group_id, status)
        if clip:
            self.clips.add(photo_id)
        return photo_id

    def delivery(self, group_id: UUID, status: DeliveryStatus) -> UUID:
        self.deliveries[delivery_id := uuid4()] = (group_id, status)
        return delivery_id

    async def pause(self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None) -> bool:
        if self.paused[group_id] is not None:
            return False
        self.paused[group_id] = datetime.now(UTC)
        details = {"undoes": str(undoes)} if undoes is not None else {}
        self.events.append((group_id, ModerationAction.PAUSED, actor, details))
        return True

    async def resume(
        self, group_id: UUID, actor: Actor, *, undoes: UUID | None = None
    ) -> datetime | None:
        paused_at = self.paused[group_id]
        if paused_at is None:
            return None
        self.paused[group_id] = None
        details = {"paused_at": paused_at.isoformat()}
        if undoes is not None:
            details["undoes"] = str(undoes)
        self.events.append((group_id, ModerationAction.RESUMED, actor, details))
        return paused_at

    async def waiting_photos(self, group_id: UUID) -> list[WaitingPost]:
        waiting = (PhotoStatus.PENDING, PhotoStatus.PROCESSING)
        return [
            WaitingPost(p, p in self.clips)
            for p, (g, status) in self.photos.items()
            if g == group_id and status in waiting
        ]

    async def pending_deliveries(self, group_id: UUID) -> list[UUID]:
        return [
            d
            for d, (g, status) in self.deliveries.items()
            if g == group_id and status == DeliveryStatus.PENDING
        ]
