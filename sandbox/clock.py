"""The emulator's clock: real time, optionally sped up, and advanceable by tests.

Rate limits and ``retry_after`` run on this clock, so a test can make a
minute pass without waiting a minute.
"""

from __future__ import annotations

import time


class Clock:
    def __init__(self, speed: float = 1.0) -> None:
        self._epoch_at_start = time.time()
        self._real_at_start = time.monotonic()
        self._elapsed_before = 0.0
        self._speed = speed
        self._offset = 0.0

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        # Keep the current emulated time continuous across the change.
        now_real = time.monotonic()
        self._elapsed_before += (now_real - self._real_at_start) * self._speed
        self._real_at_start = now_real
        self._speed = speed

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds

    def monotonic(self) -> float:
        """Emulated seconds since the emulator started."""
        running = (time.monotonic() - self._real_at_start) * self._speed
        return self._elapsed_before + running + self._offset

    def now(self) -> float:
        """Emulated unix time."""
        return self._epoch_at_start + self.monotonic()

    def unix(self) -> int:
        return int(self.now())
