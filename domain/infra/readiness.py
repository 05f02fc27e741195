"""Whether a process can do its work now (``/readyz``): each component it uses answers a
cheap question in time. A process that is alive but not ready (Redis down, the model not
loaded yet) is taken out of rotation by its orchestrator, not restarted."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from arq.constants import default_queue_name
from redis.asyncio import Redis
from tortoise import connections

from domain.blobs import BlobStore
from domain.infra.stack import Stack
from domain.observability import metrics
from domain.recognition.face_index import FaceFilter, FaceIndex

CHECK_TIMEOUT_S = 3.0
PROBE_KEY = "readyz/probe"  # never written: asking whether it exists reaches the store

Check = Callable[[], Awaitable[None]]


@dataclass
class Readiness:
    """The checks of one process: its stack's components, and what its parts add to
    ``stack.checks`` (the worker's model)."""

    stack: Stack

    def checks(self) -> dict[str, Check]:
        stack = self.stack
        found: dict[str, Check] = {}
        if stack.database_url is not None:
            found["database"] = _database
        if stack.redis is not None:
            redis = stack.redis
            found["redis"] = lambda: _redis(redis)
        if stack.face_index is not None:
            index = stack.face_index
            found["face_index"] = lambda: _count(index)
        if stack.blobs is not None:
            blobs = stack.blobs
            found["blobs"] = lambda: _exists(blobs)
        return {**found, **self.stack.checks}

    async def report(self) -> dict[str, str]:
        """Each component: "ok", or what went wrong (all checked at once, each in time)."""
        checks = self.checks()
        results = await asyncio.gather(*(_timed(check) for check in checks.values()))
        return dict(zip(checks, results, strict=True))

    async def refresh_metrics(self) -> None:
        """The gauges read when scraped: each readiness check (so Prometheus can alert on
        a process that stays unready), the jobs due in the queue (arq scores them by when
        they may run, in ms; later ones, like a regrouping in ten minutes, are not a
        backlog), the index's size."""
        for check, result in (await self.report()).items():
            metrics.READY.labels(check=check).set(1 if result == "ok" else 0)
        stack = self.stack
        if stack.redis is not None:
            now_ms = int(time.time() * 1000)
            metrics.QUEUE_DEPTH.set(await stack.redis.zcount(default_queue_name, 0, now_ms))
        if stack.face_index is not None:
            metrics.index_size(await stack.face_index.count(FaceFilter()))


async def _timed(check: Check) -> str:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_S)
    except TimeoutError:
        return f"no answer in {CHECK_TIMEOUT_S:.0f}s"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:200] or "failed"
    elapsed = time.perf_counter() - started
    return "ok" if elapsed < CHECK_TIMEOUT_S else "slow"


async def _database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _redis(redis: Redis) -> None:
    await redis.ping()


async def _count(index: FaceIndex) -> None:
    await index.count(FaceFilter())


async def _exists(blobs: BlobStore) -> None:
    await blobs.exists(PROBE_KEY)
