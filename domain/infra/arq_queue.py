"""``domain.jobs.queue.JobQueue`` on arq."""

from __future__ import annotations

from arq import ArqRedis
from arq.connections import RedisSettings


def redis_settings(url: str) -> RedisSettings:
    return RedisSettings.from_dsn(url)


class ArqJobQueue:
    def __init__(self, pool: ArqRedis) -> None:
        self._pool = pool

    async def enqueue(self, name: str, *args: str, job_id: str, delay: float | None = None) -> bool:
        job = await self._pool.enqueue_job(name, *args, _job_id=job_id, _defer_by=delay)
        return job is not None
