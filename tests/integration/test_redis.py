"""The embedded Redis, through redis-py's asyncio client and through arq."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from arq import Worker, create_pool, func
from arq.connections import RedisSettings
from arq.jobs import Job, JobStatus
from redis.asyncio import Redis

from domain.infra.arq_queue import ArqJobQueue, queue_again_if_asked
from workers.app import arq_job


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


@asynccontextmanager
async def _worker(url: str, job: Callable[..., Awaitable[None]]) -> AsyncIterator[ArqJobQueue]:
    """A real arq worker running ``job`` as ours are run (``workers.app.arq_job``), on a
    queue of its own, and our queue in front of it."""
    queue_name = f"test:{uuid.uuid4()}"
    settings = RedisSettings.from_dsn(url)
    pool = await create_pool(settings, default_queue_name=queue_name)
    worker = Worker(
        functions=[func(arq_job(job), name="check")],
        queue_name=queue_name,
        redis_settings=settings,
        handle_signals=False,
        keep_result=0,
        poll_delay=0.01,
        after_job_end=queue_again_if_asked,
    )
    running = asyncio.create_task(worker.async_run())
    try:
        yield ArqJobQueue(pool)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        # A run queued again by the last request may be under way: cancelled with the worker.
        with contextlib.suppress(asyncio.CancelledError):
            await worker.close()
        await pool.aclose()


async def test_a_job_asked_for_while_it_runs_runs_again(embedded_redis: str) -> None:
    """A request made while the job of its id runs ("Yes, add to Alice" pressed while the
    photo's verdict was being told): arq refuses it, the id being taken, and the run had
    read the photo before the answer. The job runs again as soon as it ends (before, the
    request was lost until the reconcile cron, a minute later); once, for two requests."""
    runs: list[str] = []
    first_runs, released = asyncio.Event(), asyncio.Event()

    async def check(ctx: dict[str, object], photo: str) -> None:
        runs.append(photo)
        if len(runs) == 1:
            first_runs.set()
            await released.wait()

    async with _worker(embedded_redis, check) as queue:
        job_id = f"check:{uuid.uuid4()}"
        assert await queue.enqueue("check", "photo-1", job_id=job_id)
        await asyncio.wait_for(first_runs.wait(), 10)
        meanwhile = [await queue.enqueue("check", "photo-1", job_id=job_id) for _ in range(2)]
        released.set()
        async with asyncio.timeout(5):  # not the cron's minute
            while len(runs) < 2:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)
        assert runs == ["photo-1", "photo-1"]
        assert meanwhile == [True, True]  # a run is to come for each


async def test_a_job_asked_for_only_by_the_cron_while_it_runs_runs_once(
    embedded_redis: str,
) -> None:
    """The reconcile cron finds unfinished what a running job is at: no run again."""
    runs: list[str] = []
    first_runs, released = asyncio.Event(), asyncio.Event()

    async def check(ctx: dict[str, object], photo: str) -> None:
        runs.append(photo)
        first_runs.set()
        await released.wait()

    async with _worker(embedded_redis, check) as queue:
        job_id = f"check:{uuid.uuid4()}"
        assert await queue.enqueue("check", "photo-1", job_id=job_id)
        await asyncio.wait_for(first_runs.wait(), 10)
        assert not await queue.enqueue("check", "photo-1", job_id=job_id, again=False)
        released.set()
        await asyncio.sleep(0.5)
        assert runs == ["photo-1"]


async def test_every_request_is_followed_by_a_run_that_began_after_it(
    embedded_redis: str,
) -> None:
    """Requests at any moment of short runs, their ends included (the run found no mark,
    arq has not yet let go of the id): each is followed, at once, by a run that began
    after it."""
    began: list[float] = []

    async def check(ctx: dict[str, object], photo: str) -> None:
        began.append(time.monotonic())
        await asyncio.sleep(random.uniform(0, 0.004))

    async with _worker(embedded_redis, check) as queue:
        job_id = f"check:{uuid.uuid4()}"
        for _ in range(150):
            asked = time.monotonic()
            await queue.enqueue("check", "photo-1", job_id=job_id)
            async with asyncio.timeout(5):  # not the cron's minute
                while not began or began[-1] < asked:
                    await asyncio.sleep(0.001)
            await asyncio.sleep(random.uniform(0, 0.006))  # the run's start, middle or end


async def test_a_job_asked_for_while_a_run_fails_runs_again(embedded_redis: str) -> None:
    """A run that fails (not retried) while it was asked for again: the request is not
    lost with it; the new run is a job of its own (arq's first try, its own timeout)."""
    tries: list[object] = []
    first_runs, released = asyncio.Event(), asyncio.Event()

    async def check(ctx: dict[str, object], photo: str) -> None:
        tries.append(ctx["job_try"])
        if len(tries) == 1:
            first_runs.set()
            await released.wait()
            raise RuntimeError("the first run fails")

    async with _worker(embedded_redis, check) as queue:
        job_id = f"check:{uuid.uuid4()}"
        assert await queue.enqueue("check", "photo-1", job_id=job_id)
        await asyncio.wait_for(first_runs.wait(), 10)
        assert await queue.enqueue("check", "photo-1", job_id=job_id)
        released.set()
        async with asyncio.timeout(5):
            while len(tries) < 2:
                await asyncio.sleep(0.01)
        assert tries == [1, 1]
