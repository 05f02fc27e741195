"""Work that cannot be done now but will succeed later (Telegram busy, a server down)."""

from __future__ import annotations

from domain.errors import FacedropError


class TryAgainLater(FacedropError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"try again in {seconds:.0f}s")
        self.seconds = seconds
