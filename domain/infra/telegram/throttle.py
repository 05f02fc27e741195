"""Telegram's flood limits, shared by every process through Redis.

At most ``per_chat_per_s`` messages per second to one chat and ``global_per_s``
in all; after a 429 the chat is held for its ``retry_after``.
"""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from domain.telegram import TelegramUnavailable

PREFIX = "facedrop:throttle"


class RedisThrottle:
    def __init__(self, redis: Redis, *, per_chat_per_s: float, global_per_s: int) -> None:
        self._redis = redis
        self._chat_interval_ms = max(1, int(1000 / per_chat_per_s))
        self._global_per_s = global_per_s

    async def wait_turn(self, chat_id: int, longest: float | None = None) -> None:
        """Wait until a message to ``chat_id`` is within both limits, and take the slot.

        When the chat is held for more than ``longest`` seconds (after a 429), raise
        ``TelegramUnavailable`` with the time left instead of waiting.
        """
        chat_key = f"{PREFIX}:chat:{chat_id}"
        while True:
            if not await self._redis.set(chat_key, b"1", nx=True, px=self._chat_interval_ms):
                wait_ms = await self._redis.pttl(chat_key)
                if longest is not None and wait_ms / 1000 > longest:
                    raise TelegramUnavailable(
                        f"chat {chat_id} is held for {wait_ms / 1000:.0f}s",
                        retry_after=wait_ms / 1000,
                    )
                await asyncio.sleep(max(wait_ms, 10) / 1000)
                continue
            second = int(time.time())
            global_key = f"{PREFIX}:global:{second}"
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(global_key)
                pipe.expire(global_key, 2)
                count, _ = await pipe.execute()
            if count <= self._global_per_s:
                return
            # Over the global limit: give the chat slot back and try in the next second.
            await self._redis.delete(chat_key)
            await asyncio.sleep(max(second + 1 - time.time(), 0.01))

    async def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said to wait: nobody sends to this chat for ``seconds``."""
        await self._redis.set(f"{PREFIX}:chat:{chat_id}", b"1", px=max(1, int(seconds * 1000)))
