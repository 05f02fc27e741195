"""Telegram's flood limits, shared by every process through Redis.

At most ``per_chat_per_s`` messages per second to one chat and ``global_per_s`` in all;
after a 429 the chat is held for its ``retry_after``. An album counts each of its photos,
as Telegram counts them.

The global limit is paced, not counted per clock second: each send reserves the next
free moment of a schedule spaced ``1/global_per_s`` apart (the generic cell rate
algorithm, one Lua script so processes never take the same moment), then sleeps until
it. Any second, wherever it starts, then holds at most ``global_per_s`` + 1 sends, which
is what Telegram's sliding count allows; counting per clock second let twice as many
through around a second's edge.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from domain.telegram import TelegramUnavailable

PREFIX = "facedrop:throttle"

AlbumSize = Callable[[], Awaitable[int]]  # how many messages are ready, asked when it is time

# KEYS: the chat's key, the global schedule's key. ARGV: the chat's interval and the
# global interval in ms, how many messages, the chat's margin in ms (a request may reach
# Telegram a little later than the one before it did: an album right after a lone photo
# needs the chat's whole allowance back). Returns {1, ms to wait before sending} when
# the turn is taken, {0, ms the chat is still held} when it is not.
_TAKE_TURN = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local held = redis.call('PTTL', KEYS[1])
if held > 0 then
    return {0, held}
end
local count = tonumber(ARGV[3])
local due = tonumber(redis.call('GET', KEYS[2]) or '0')
if due < now then
    due = now
end
local wait = due - now
local next_due = due + tonumber(ARGV[2]) * count
redis.call('SET', KEYS[2], next_due, 'PX', next_due - now + 1000)
redis.call('SET', KEYS[1], '1', 'PX', wait + tonumber(ARGV[1]) * count + tonumber(ARGV[4]))
return {1, wait}
"""


class RedisThrottle:
    def __init__(self, redis: Redis, *, per_chat_per_s: float, global_per_s: int) -> None:
        self._redis = redis
        self._chat_interval_ms = max(1, int(1000 / per_chat_per_s))
        self._global_interval_ms = max(1, int(1000 / global_per_s + 0.999))
        self._take = redis.register_script(_TAKE_TURN)

    async def wait_turn(
        self, chat_id: int, longest: float | None = None, count: int | AlbumSize = 1
    ) -> int:
        """Wait until ``count`` messages to ``chat_id`` are within both limits, and take
        them (an album of ``count`` photos); how many were taken.

        ``count`` may be asked once the chat is free, just before the turn is taken: what
        is ready to go then (a burst's photos gather while the chat is held); 0 takes
        nothing and returns 0.

        When the chat is held for more than ``longest`` seconds (after a 429, or while
        earlier messages to it are spaced out), raise ``TelegramUnavailable`` with the
        time left instead of waiting.
        """
        chat_key = f"{PREFIX}:chat:{chat_id}"
        while True:
            if isinstance(count, int):
                wanted = count
            else:
                held_ms = await self._redis.pttl(chat_key)
                if held_ms > 0:
                    await self._wait_or_refuse(chat_id, held_ms, longest)
                    continue
                wanted = await count()
                if wanted <= 0:
                    return 0
            taken, wait_ms = await self._take(
                keys=[chat_key, f"{PREFIX}:global"],
                args=[
                    self._chat_interval_ms,
                    self._global_interval_ms,
                    max(1, wanted),
                    self._chat_interval_ms // 10,
                ],
            )
            if taken:
                if wait_ms > 0:
                    await asyncio.sleep(wait_ms / 1000)
                return wanted
            await self._wait_or_refuse(chat_id, wait_ms, longest)

    @staticmethod
    async def _wait_or_refuse(chat_id: int, held_ms: int, longest: float | None) -> None:
        if longest is not None and held_ms / 1000 > longest:
            raise TelegramUnavailable(
                f"chat {chat_id} is held for {held_ms / 1000:.0f}s", retry_after=held_ms / 1000
            )
        await asyncio.sleep(max(held_ms, 10) / 1000)

    async def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said to wait: nobody sends to this chat for ``seconds``."""
        await self._redis.set(f"{PREFIX}:chat:{chat_id}", b"1", px=max(1, int(seconds * 1000)))
