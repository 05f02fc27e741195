"""A photo and a clip posted together (one Telegram album, a media group) arrive together
in a group that sends each photo at once: an item of a posted album, once recognized,
waits a little for the album's other photos and videos still being read, so that what a
guardian gets of them goes as one album (``Deliveries``' burst gathers it). A photo
posted alone never waits.

The wait is bounded (``longest``, a setting) and lives in Postgres: the delivery stays
``pending`` and its job comes back (a deferred retry; reconcile queues it again after a
restart), so a worker stopping meanwhile loses nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# A media group's items reach the bot as separate updates within about a second: an item
# read before its album's others were even recorded waits this long for them to be.
ARRIVING = timedelta(seconds=2)
# How often a waiting item looks again: the guardians whose children are in the items
# still being read get the album at once when those are (their own deliveries gather it);
# this is the delay the others, in the first item only, may get on top.
LOOK_AGAIN_S = 2.0


@dataclass(frozen=True, slots=True)
class PostedAlbum:
    """Where a delivery's photo or video stands in the album it was posted in."""

    recorded_at: datetime  # when the bot recorded it (the album's others come within ARRIVING)
    planned_at: datetime  # when its delivery was planned: it was recognized
    unread: int  # the album's other photos and videos still waiting to be read, or being read


def wait_for_album(album: PostedAlbum | None, now: datetime, longest: timedelta) -> float:
    """Seconds before the delivery looks again for the rest of its posted album; 0: it goes
    now (posted alone, or as one of what an album cannot take, everything read, or waited
    ``longest`` since it was recognized)."""
    if album is None or longest <= timedelta(0):
        return 0.0
    arrived = album.recorded_at + ARRIVING
    if now < arrived:
        return min(LOOK_AGAIN_S, (arrived - now).total_seconds())
    given_up = album.planned_at + longest
    if album.unread and now < given_up:
        return min(LOOK_AGAIN_S, (given_up - now).total_seconds())
    return 0.0


def looks_at_most(longest: timedelta) -> int:
    """How many times a delivery may look again before it goes (its job's extra tries)."""
    return math.ceil((ARRIVING + longest) / timedelta(seconds=LOOK_AGAIN_S)) + 1
