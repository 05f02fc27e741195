"""Telegram's flood limits, shared by every process through Redis.

At most ``per_chat_per_s`` messages per second to one chat and ``global_per_s`` in all;
after a 429 the chat is held for its ``retry_after``. An album counts each of its photos,
as Telegram counts them.

The global limit is paced and counted: each send reserves the next free moment of a
schedule spaced ``1/global_per_s`` apart (the generic cell rate algorithm), no earlier
than the moment at which the last ``GLOBAL_WINDOW_MS`` hold room for its messages (a log
of the reservations, as Telegram counts a sliding second), then sleeps until it; one Lua
script, so processes never take the same moment. A gathered album takes what room there
is, its other photos going at their own turn. Spacing alone let an album through with a
full second before it (its photos all go at once: 2 or 3 429s in a 600-message bench);
counting alone sends a second's worth at once, and a request that reaches Telegram a
little late falls into the next second's count; counting per clock second let twice as
many through around a second's edge.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from domain.telegram import TelegramUnavailable

PREFIX = "facedrop:throttle"

AlbumSize = Callable[[], Awaitable[int]]  # how many messages are ready, asked when it is time

GLOBAL_BURST = 4  # messages that may go at once while the schedule is free
GLOBAL_WINDOW_MS = 1050  # a second, and a margin: a request reaches Telegram a little late

# KEYS: the chat's key, the global schedule's key, the global log's key, the log's
# sequence key. ARGV: the chat's interval and the global interval in ms, how many
# messages, the fewest worth taking, the chat's margin in ms (a request may reach
# Telegram a little later than the one before it did: an album right after a lone photo
# needs the chat's whole allowance back), the global window in ms, the global limit.
# Returns {1, ms to wait before sending, how many taken} when the turn is taken, {0, ms
# the chat is still held, 0} when it is not. A reservation may come before a later one
# the log pushed back (the burst allowance): the window ending at it counts every entry
# after its start, later ones included, which only errs on the safe side.
_TAKE_TURN = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local held = redis.call('PTTL', KEYS[1])
if held > 0 then
    return {0, held, 0}
end
local count = tonumber(ARGV[3])
local fewest = tonumber(ARGV[4])
local window = tonumber(ARGV[6])
local limit = tonumber(ARGV[7])
-- the schedule's next moment, of which a few sends may go ahead: a photo's few
-- guardians get it at once
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, tat - tonumber(ARGV[8]))
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
local before = redis.call('ZCOUNT', KEYS[3], '-inf', at - window)
local within = redis.call('ZCARD', KEYS[3]) - before
if within > limit - fewest then
    -- later: once enough of the window's sends have left it
    local rank = before + within - (limit - fewest) - 1
    at = tonumber(redis.call('ZRANGE', KEYS[3], rank, rank, 'WITHSCORES')[2]) + window
    within = redis.call('ZCOUNT', KEYS[3], '(' .. (at - window), '+inf')
end
local taken = math.min(count, limit - within)
for _ = 1, taken do
    redis.call('ZADD', KEYS[3], at, redis.call('INCR', KEYS[4]))
end
local next_due = math.max(tat, at) + tonumber(ARGV[2]) * taken
local kept = next_due - now + window + 1000
redis.call('SET', KEYS[2], next_due, 'PX', kept)
redis.call('PEXPIRE', KEYS[3], kept)
redis.call('PEXPIRE', KEYS[4], kept)
local wait = at - now
redis.call('SET', KEYS[1], '1', 'PX', wait + tonumber(ARGV[1]) * taken + tonumber(ARGV[5]))
return {1, wait, taken}
"""


class RedisThrottle:
    def __init__(self, redis: Redis, *, per_chat_per_s: float, global_per_s: int) -> None:
        self._redis = redis
        self._chat_interval_ms = max(1, int(1000 / per_chat_per_s))
        self._global_interval_ms = max(1, int(1000 / global_per_s + 0.999))
        self._global_per_s = max(1, global_per_s)
        self._take = redis.register_script(_TAKE_TURN)

    async def wait_turn(
        self, chat_id: int, longest: float | None = None, count: int | AlbumSize = 1
    ) -> int:
        """Wait until ``count`` messages to ``chat_id`` are within both limits, and take
        them (an album of ``count`` photos); how many were taken.

        ``count`` may be asked once the chat is free, just before the turn is taken: what
        is ready to go then (a burst's photos gather while the chat is held); 0 takes
        nothing and returns 0. Then fewer may be taken when the last second has room for
        only some of them: the first go now, the rest at their own turn.

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
            wanted = min(max(1, wanted), self._global_per_s)
            taken, wait_ms, how_many = await self._take(
                keys=[
                    chat_key,
                    f"{PREFIX}:global",
                    f"{PREFIX}:global:log",
                    f"{PREFIX}:global:seq",
                ],
                args=[
                    self._chat_interval_ms,
                    self._global_interval_ms,
                    wanted,
                    wanted if isinstance(count, int) else 1,
                    self._chat_interval_ms // 10,
                    GLOBAL_WINDOW_MS,
                    self._global_per_s,
                    self._global_interval_ms * (GLOBAL_BURST - 1),
                ],
            )
            if taken:
                if wait_ms > 0:
                    await asyncio.sleep(wait_ms / 1000)
                return int(how_many)
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
