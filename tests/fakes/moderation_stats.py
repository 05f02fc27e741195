"""``/stats``' store (``domain.moderation.stats_store``) in memory: one group's plain facts,
which a test fills, with the same answers the tortoise store gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.moderation.stats_store import Guarded, PostedPhoto, hour_of
from domain.states import PersonStatus, PhotoStatus


@dataclass
class MemoryStatsStore:
    """``StatsStore`` of the one group ``group_id``: its members, their persons, its photos
    (taken down ones too, ``REMOVED``), when each copy was sent (counted per hour, as the
    tortoise store counts them), its deliveries' failed times and its open questions."""

    group_id: UUID = field(default_factory=uuid4)
    settings: dict[str, Any] = field(default_factory=dict)
    member_ids: set[UUID] = field(default_factory=set)
    guardianships: list[Guarded] = field(default_factory=list)
    blocked: set[UUID] = field(default_factory=set)
    photos: list[PostedPhoto] = field(default_factory=list)
    sent: list[datetime] = field(default_factory=list)
    failed: list[datetime] = field(default_factory=list)
    questions: int = 0

    def member(self, *persons: PersonStatus) -> tuple[UUID, list[UUID]]:
        """A member now, guardian of persons in these statuses: their id and the persons'."""
        guardian = uuid4()
        self.member_ids.add(guardian)
        return guardian, [self.guards(guardian, status) for status in persons]

    def guards(self, guardian: UUID, status: PersonStatus, person: UUID | None = None) -> UUID:
        person = person or uuid4()
        self.guardianships.append(Guarded(guardian, person, status))
        return person

    def post(
        self,
        at: datetime,
        status: PhotoStatus = PhotoStatus.DONE,
        *,
        recognized: bool = False,
        clip: bool = False,
        thumbnail_only: bool = False,
    ) -> None:
        self.photos.append(PostedPhoto(at, status, recognized, clip, thumbnail_only))

    async def group_settings(self, group_id: UUID) -> Mapping[str, Any] | None:
        return self.settings if group_id == self.group_id else None

    async def members(self, group_id: UUID) -> frozenset[UUID]:
        return frozenset(self.member_ids if group_id == self.group_id else ())

    async def guarded(self, participant_ids: Collection[UUID]) -> list[Guarded]:
        return [g for g in self.guardianships if g.guardian in participant_ids]

    async def blocked_persons(self, group_id: UUID) -> frozenset[UUID]:
        return frozenset(self.blocked if group_id == self.group_id else ())

    async def photos_since(self, group_id: UUID, since: datetime) -> list[PostedPhoto]:
        if group_id != self.group_id:
            return []
        return [p for p in self.photos if p.posted_at >= since and p.status != PhotoStatus.REMOVED]

    async def sent_since(self, group_id: UUID, since: datetime) -> list[tuple[datetime, int]]:
        if group_id != self.group_id:
            return []
        hours = Counter(hour_of(t) for t in self.sent)
        return [(hour, count) for hour, count in hours.items() if hour >= hour_of(since)]

    async def failed_deliveries_since(self, group_id: UUID, since: datetime) -> int:
        return len([t for t in self.failed if t >= since]) if group_id == self.group_id else 0

    async def pending_questions(self, group_id: UUID) -> int:
        return self.questions if group_id == self.group_id else 0
