"""Telegram's flood limits and injected faults, on the emulator's clock."""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass, field

from sandbox.clock import Clock


@dataclass
class RateLimitConfig:
    enabled: bool = False
    per_chat_per_s: float = 1.0
    per_chat_burst: int = 3
    per_group_per_min: int = 20
    global_per_s: int = 30


class RateLimiter:
    """About 1 message/s per chat (with a small burst), 20/min per group, 30/s overall.

    A call over a limit gets ``retry_after`` (whole seconds, rounded up); every
    call in the same scope is refused until that moment has passed.
    """

    def __init__(self, clock: Clock, config: RateLimitConfig | None = None) -> None:
        self.clock = clock
        self.config = config or RateLimitConfig()
        self._chat_tokens: dict[int, tuple[float, float]] = {}
        self._group_sends: dict[int, deque[float]] = defaultdict(deque)
        self._global_sends: deque[float] = deque()
        self._blocked_until: dict[object, float] = {}

    def reset(self) -> None:
        self._chat_tokens.clear()
        self._group_sends.clear()
        self._global_sends.clear()
        self._blocked_until.clear()

    def check(self, chat_id: int, *, count: int = 1, is_group: bool = False) -> int | None:
        """Take ``count`` sends to ``chat_id``; returns retry_after when refused."""
        if not self.config.enabled:
            return None
        now = self.clock.monotonic()
        scopes: list[object] = ["global", ("chat", chat_id)]
        if is_group:
            scopes.append(("group", chat_id))
        for scope in scopes:
            until = self._blocked_until.get(scope, 0.0)
            if until > now:
                return _seconds(until - now)

        waits = {
            "global": self._window_wait(
                self._global_sends, now, 1.0, self.config.global_per_s, count
            ),
            ("chat", chat_id): self._bucket_wait(chat_id, now, count),
        }
        if is_group:
            waits[("group", chat_id)] = self._window_wait(
                self._group_sends[chat_id], now, 60.0, self.config.per_group_per_min, count
            )
        refused = {scope: wait for scope, wait in waits.items() if wait > 0}
        if refused:
            for scope, wait in refused.items():
                self._blocked_until[scope] = now + wait
            return _seconds(max(refused.values()))

        self._take_bucket(chat_id, now, count)
        self._global_sends.extend([now] * count)
        if is_group:
            self._group_sends[chat_id].extend([now] * count)
        return None

    def _refill(self, chat_id: int, now: float) -> float:
        capacity = float(self.config.per_chat_burst)
        tokens, last = self._chat_tokens.get(chat_id, (capacity, now))
        return min(capacity, tokens + (now - last) * self.config.per_chat_per_s)

    def _bucket_wait(self, chat_id: int, now: float, count: int) -> float:
        """An album counts each of its items, yet one of up to 10 goes to a chat at rest
        (Telegram sends it): a request bigger than the burst needs a full bucket and
        leaves it in debt, so the chat waits longer after it."""
        tokens = self._refill(chat_id, now)
        needed = min(count, float(self.config.per_chat_burst))
        if tokens >= needed:
            return 0.0
        return (needed - tokens) / self.config.per_chat_per_s

    def _take_bucket(self, chat_id: int, now: float, count: int) -> None:
        self._chat_tokens[chat_id] = (self._refill(chat_id, now) - count, now)

    @staticmethod
    def _window_wait(
        sends: deque[float], now: float, window: float, limit: int, count: int
    ) -> float:
        while sends and sends[0] <= now - window:
            sends.popleft()
        if len(sends) + count <= limit:
            return 0.0
        if count > limit:
            return window
        # Wait until enough of the oldest sends have left the window.
        return sends[len(sends) + count - limit - 1] + window - now


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait - 1e-9))


@dataclass
class Fault:
    """The next ``times`` calls of ``method`` (to ``chat_id``, if given) fail."""

    method: str
    error_code: int
    times: int = 1
    chat_id: int | None = None
    description: str | None = None
    retry_after: int | None = None
    served: int = field(default=0)

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.served >= self.times or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def text(self) -> str:
        if self.description:
            return self.description
        defaults = {
            400: "Bad Request: injected fault",
            401: "Unauthorized",
            403: "Forbidden: injected fault",
            404: "Not Found",
            409: "Conflict: injected fault",
            429: f"Too Many Requests: retry after {self.retry_after or 1}",
            500: "Internal Server Error",
            502: "Bad Gateway",
        }
        return defaults.get(self.error_code, f"Error {self.error_code}: injected fault")
