"""The copies sent per group and hour (``SentCount``): counted when a copy is marked sent,
never taken back, so that /stats counts what was sent, whatever became of it since."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID, uuid4

from domain.infra.models import SentCount
from domain.moderation.stats_store import hour_of

COUNT = """
INSERT INTO sent_counts (id, group_id, hour, sent) VALUES ($1, $2, $3, $4)
ON CONFLICT (group_id, hour) DO UPDATE SET sent = sent_counts.sent + EXCLUDED.sent
"""


async def count_sent(group_ids: Iterable[object], at: datetime) -> None:
    """One more copy sent at ``at`` from each of these groups' posts (a group once a copy)."""
    for group_id, sent in Counter(str(g) for g in group_ids).items():
        await SentCount._meta.db.execute_query(COUNT, [uuid4(), UUID(group_id), hour_of(at), sent])


async def sent_since(group_id: UUID, since: datetime) -> list[tuple[datetime, int]]:
    """The copies sent from the group's posts per hour, of the hours that end after
    ``since``."""
    rows = await SentCount.filter(group_id=group_id, hour__gte=hour_of(since)).values_list(
        "hour", "sent"
    )
    return [(hour, int(sent)) for hour, sent in rows]
