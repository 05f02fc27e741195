"""What ``/stats`` asks of the database, in its words: the port its store implements (on
tortoise: ``domain/infra/stores/moderation_stats.py``; in memory, for the unit tests of the
figures: ``tests/fakes/moderation_stats.py``). Plain facts only: the counting is
``stats.Statistics``'s."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.states import PersonStatus, PhotoStatus


@dataclass(frozen=True, slots=True)
class PostedPhoto:
    """A photo posted in the group and not taken down: when, how far recognition got, and
    whether one of its faces is a person's. ``clip``: a video, round video or animation;
    ``thumbnail_only``: a clip over the 20 MB a bot may download through the cloud Bot API,
    read from its thumbnail alone."""

    posted_at: datetime
    status: PhotoStatus
    recognized: bool
    clip: bool = False
    thumbnail_only: bool = False


@dataclass(frozen=True, slots=True)
class Guarded:
    """A person one of the group's members is a guardian of, and the person's status."""

    guardian: UUID  # the participant
    person: UUID
    status: PersonStatus


def hour_of(at: datetime) -> datetime:
    """The start of ``at``'s hour, in UTC: copies sent are counted per hour."""
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class StatsStore(Protocol):
    """The database side of ``stats.Statistics``: reads only, each of one group."""

    async def group_settings(self, group_id: UUID) -> Mapping[str, Any] | None:
        """The group's ``settings`` (where its time zone is kept); None: no such group."""

    async def members(self, group_id: UUID) -> frozenset[UUID]:
        """The participants who joined the group through its link and are members now."""

    async def guarded(self, participant_ids: Collection[UUID]) -> list[Guarded]:
        """The persons these participants are guardians of (any status), one per pair."""

    async def blocked_persons(self, group_id: UUID) -> frozenset[UUID]:
        """The persons not recognized in this group: the organizers' approval of them
        there is pending or rejected."""

    async def photos_since(self, group_id: UUID, since: datetime) -> list[PostedPhoto]:
        """The group's photos posted at ``since`` or later, not taken down."""

    async def sent_since(self, group_id: UUID, since: datetime) -> list[tuple[datetime, int]]:
        """The copies of the group's posts sent per hour (its start, UTC), of the hours
        that end after ``since``: every copy sent, whatever became of it since (a
        /forget, a takedown, a correction); counts only, about no one."""

    async def failed_deliveries_since(self, group_id: UUID, since: datetime) -> int:
        """The deliveries of the group's photos that failed (last changed at ``since`` or
        later)."""

    async def pending_questions(self, group_id: UUID) -> int:
        """The "Is this ...?" questions about faces of the group's photos not answered yet
        that a member of the group may answer: one whose person's guardians were all banned
        from the group (or left it) waits for no one (findings19 8). A face asked about as
        either of two siblings is one question."""
