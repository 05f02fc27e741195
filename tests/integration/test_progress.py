"""What counts as work still going on: what the tests and `facedrop eval` wait for before
they look at the outcome."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis

from domain.infra.models import Group, Person, Photo
from domain.infra.progress import PLANNED_S, unfinished_work
from domain.jobs import queue as job_names
from domain.states import GroupType, PersonStatus, PhotoStatus


@pytest.fixture
async def queue(db: str, embedded_redis: str) -> AsyncIterator[tuple[Redis, ArqRedis]]:
    url = f"{embedded_redis}?db=5"  # a queue of its own
    redis = Redis.from_url(url)
    pool = await create_pool(RedisSettings.from_dsn(url))
    await redis.flushdb()
    try:
        yield redis, pool
    finally:
        await redis.flushdb()
        await pool.aclose()
        await redis.aclose()


async def test_an_album_planned_minutes_ahead_is_not_work_under_way(
    queue: tuple[Redis, ArqRedis],
) -> None:
    redis, pool = queue
    assert await unfinished_work(redis, job_names.UPKEEP) == []
    # An album waiting for its window (3 minutes): nothing anyone waits for now.
    await pool.enqueue_job("send_batch", "p", "g", _job_id="send_batch:p:g", _defer_by=180)
    assert await unfinished_work(redis, job_names.UPKEEP) == []
    # The look a resume asks for, at once, and an album due within the wait: work.
    await pool.enqueue_job("send_batch", "p", "g", _job_id="send_batch:now:p:g")
    assert await unfinished_work(redis, job_names.UPKEEP) == ["1 queued jobs"]
    await pool.enqueue_job(
        "send_batch", "q", "g", _job_id="send_batch:q:g", _defer_by=PLANNED_S / 3
    )
    assert await unfinished_work(redis, job_names.UPKEEP) == ["2 queued jobs"]


async def test_a_regrouping_planned_for_later_is_upkeep_until_it_is_due(
    queue: tuple[Redis, ArqRedis],
) -> None:
    redis, pool = queue
    # The regrouping a burst of photos starts later: upkeep, even within the wait.
    await pool.enqueue_job(
        job_names.REGROUP_CLUSTERS, "g", _job_id="regroup_clusters:g", _defer_by=PLANNED_S / 3
    )
    assert await unfinished_work(redis, job_names.UPKEEP) == []
    # Any other job that close is work under way, and so is a regrouping once it is due.
    assert await unfinished_work(redis, ()) == ["1 queued jobs"]
    await pool.enqueue_job(job_names.REGROUP_CLUSTERS, "h", _job_id="regroup_clusters:h")
    assert await unfinished_work(redis, job_names.UPKEEP) == ["1 queued jobs"]


async def test_unfinished_rows_are_work_unless_their_group_is_paused(
    queue: tuple[Redis, ArqRedis],
) -> None:
    redis, _ = queue
    group = await Group.create(chat_id=-1, title="1A", type=GroupType.SUPERGROUP, join_token="t")
    photo = await Photo.create(
        group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
    )
    await Person.create(name="Alice", status=PersonStatus.INDEXING)
    assert await unfinished_work(redis, job_names.UPKEEP) == ["1 photos", "1 persons indexing"]
    # A paused group's photo waits for the resume: nobody waits for it now.
    await Group.filter(id=group.id).update(paused_at=datetime.now(UTC))
    assert await unfinished_work(redis, job_names.UPKEEP) == ["1 persons indexing"]
    await Photo.filter(id=photo.id).update(status=PhotoStatus.DONE)
    await Group.filter(id=group.id).update(paused_at=None)
    await Person.all().update(status=PersonStatus.ACTIVE)
    assert await unfinished_work(redis, job_names.UPKEEP) == []
