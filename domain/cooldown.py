"""Answer once, not once per message: a per-key cooldown shared by every bot process."""

from __future__ import annotations

from typing import Protocol

# /start and /help in a group get the link once in this many seconds, however many ask.
GROUP_HINT_COOLDOWN_S = 30
# A non-admin's organizers' command in a photo group (/ban, /takedown, /admin...) is
# refused at most once in this many seconds per user and group, whatever the command.
REFUSAL_COOLDOWN_S = 300
# A private album sent outside /add is answered once, not once per photo: its photos
# come within seconds of each other.
ALBUM_HINT_COOLDOWN_S = 600
# A copy of an update Telegram sends again (its webhook did not answer it in time) is
# skipped this long after the first: Telegram gives up on an update after 24 hours.
UPDATE_SEEN_S = 24 * 3600


class Cooldown(Protocol):
    async def claim(self, key: str) -> bool:
        """True for the first caller of ``key`` in the period (it may act); False after."""
        ...
