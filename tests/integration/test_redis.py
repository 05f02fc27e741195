"""The embedded Redis, through redis-py's asyncio client and through arq."""

from __future__ import annotations

import asyncio
import uuid

from arq import create_pool
from arq.connections import RedisSettings
from arq.jobs import Job, JobStatus
from redis.asyncio import Redis


async def test_round_trip_with_expiry(embedded_redis: str) -> None:
    client = Redis.from_url(embedded_redis)
    try:
        key = f"test:{uuid.uuid4()}"
        await client.set(key, "value", px=150)
        assert await client.get(key) == b"value"
        assert 0 < await client.pttl(key) <= 150
        await asyncio.sleep(0.3)
        assert await client.get(key) is None
    finally:
        await client.aclose()


async def test_arq_enqueues_a_job_id_only_once(embedded_redis: str) -> None:
    pool = await create_pool(RedisSettings.from_dsn(embedded_redis))
    try:
        job_id = f"recognize:{uuid.uuid4()}"
        first = await pool.enqueue_job("recognize_photo", "photo-1", _job_id=job_id)
        again = await pool.enqueue_job("recognize_photo", "photo-1", _job_id=job_id)
        assert first is not None
        assert again is None
        assert await Job(job_id, pool).status() == JobStatus.queued
        queued = await pool.queued_jobs()
        assert [job.job_id for job in queued].count(job_id) == 1
    finally:
        await pool.aclose()
