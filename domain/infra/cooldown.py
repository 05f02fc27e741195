"""The cooldown in Redis: ``SET key 1 NX EX seconds`` is atomic, so of many bot processes
and concurrent updates exactly one claims each period."""

from __future__ import annotations

from redis.asyncio import Redis


class RedisCooldown:
    def __init__(self, redis: Redis, prefix: str, seconds: int) -> None:
        self._redis = redis
        self._prefix = prefix
        self._seconds = seconds

    async def claim(self, key: str) -> bool:
        return bool(await self._redis.set(f"{self._prefix}:{key}", 1, nx=True, ex=self._seconds))
