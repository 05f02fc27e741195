"""What work is still going on: updates this process's bot is handling, jobs queued or
running in arq, and anything unfinished in Postgres. Empty when everything a post, an
answer or a command caused is done (the tests and `facedrop eval` wait for it); a
regrouping of unknown faces scheduled for later is upkeep, not counted until it runs, and
a job planned for more than ``PLANNED_S`` ahead (an album waiting for its window: 3
minutes by default) is not counted until then."""

from __future__ import annotations

import functools
import time
from collections.abc import Collection

from redis.asyncio import Redis
from tortoise import connections
from tortoise.queryset import CountQuery

from domain.infra.models import (
    Delivery,
    EnrollmentPhoto,
    FaceSyncRequest,
    Person,
    Photo,
    StaleCopy,
    Suggestion,
    UserRequest,
)
from domain.observability import metrics
from domain.states import (
    DeliveryStatus,
    EnrollmentPhotoStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)

PLANNED_S = 30.0
DUE_WITHIN_MS = 1000.0  # upkeep queued to run within this is due now


async def unfinished_work(redis: Redis, upkeep: Collection[str]) -> list[str]:
    """ "2 queued jobs", "1 deliveries"...: what is not done yet (a paused group's or
    person's work waits for the resume: not counted; nor the jobs named in ``upkeep``,
    ``domain.jobs.queue.UPKEEP``, before they are due)."""
    checks = {
        # aiogram handles each update in a task of its own: the next may be answered first
        "updates being handled": metrics.updates_handling(),
        # A process's own work in a task of its own (the admin chats' menus at the bot's start)
        "background tasks": metrics.background_work(),
        "queued jobs": await _queued(redis, upkeep),
        # arq keeps a finished cron job's in-progress key a while: not work.
        "running jobs": len(
            [k for k in await redis.keys("arq:in-progress:*") if b":cron:" not in k]
        ),
        **await _unfinished_in_postgres(),
    }
    return [f"{count} {what}" for what, count in checks.items() if count]


def _unfinished_rows() -> dict[str, CountQuery]:
    """What Postgres holds that is not done yet, by what it is."""
    return {
        "photos": Photo.filter(
            status__in=(PhotoStatus.PENDING, PhotoStatus.PROCESSING),
            group__paused_at__isnull=True,
        ).count(),
        "deliveries": Delivery.filter(
            status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING),
            photo__group__paused_at__isnull=True,
        ).count(),
        "enrollment photos": EnrollmentPhoto.filter(status=EnrollmentPhotoStatus.PENDING).count(),
        "persons indexing": Person.filter(status=PersonStatus.INDEXING).count(),
        "suggestions": Suggestion.filter(
            status=SuggestionStatus.PENDING,
            notified_at=None,
            waiting=False,  # a clip's track waiting for the answer about another
            person__status=PersonStatus.ACTIVE,
            face__photo__group__paused_at__isnull=True,
        ).count(),
        "face syncs": FaceSyncRequest.all().count(),
        "persons deleting": Person.filter(status=PersonStatus.DELETING).count(),
        "requests": UserRequest.filter(done_at=None).count(),
        "copies owed an edit": StaleCopy.all().count(),
    }


@functools.cache
def _unfinished_sql() -> tuple[str, tuple[str, ...]]:
    """The counts of ``_unfinished_rows`` as one statement (its values are the states'
    constants, written in), and their names in its order. Built once: the tests and
    ``facedrop eval`` ask twenty times a second while they wait, and building the ten
    queries through the ORM each time was most of what waiting cost (15% of the CPU of a
    journey test, py-spy --gil)."""
    counts = _unfinished_rows()
    columns = ", ".join(
        f"({query.sql(params_inline=True)}) AS c{n}" for n, query in enumerate(counts.values())
    )
    return f"SELECT {columns}", tuple(counts)


async def _unfinished_in_postgres() -> dict[str, int]:
    sql, names = _unfinished_sql()
    (row,) = await connections.get("default").execute_query_dict(sql)
    return {name: int(row[f"c{n}"]) for n, name in enumerate(names)}


async def _queued(redis: Redis, upkeep: Collection[str]) -> int:
    """Jobs queued, less upkeep scheduled for later (a regrouping of unknown faces a burst
    of photos starts minutes later: not work anyone waits for) and jobs planned for more
    than ``PLANNED_S`` ahead."""
    now_ms = time.time() * 1000
    planned_ms = now_ms + PLANNED_S * 1000
    # arq rounds a job's time to the millisecond: one queued for now may read a fraction
    # of one ahead of this clock, so "later" starts a second from now.
    due_ms = now_ms + DUE_WITHIN_MS
    later = tuple(f"{name}:".encode() for name in upkeep)
    return sum(
        1
        for job_id, due in await redis.zrange("arq:queue", 0, -1, withscores=True)
        if not (job_id.startswith(later) and due > due_ms) and due <= planned_ms
    )
