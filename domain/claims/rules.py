"""Which clusters an organizer is shown to name, and what a claim link may still do: pure."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from uuid import UUID

# A cluster with fewer faces left to show is not offered for naming.
MIN_FACES = 3
# At most this many faces on the sheet an organizer or a parent is shown.
SHEET_MAX = 12


def largest_first(faces: Iterable[tuple[UUID, UUID]]) -> list[UUID]:
    """Clusters by how many of the given (face, cluster) pairs they hold, largest first (ties
    by id, so the same faces always give the same order); fewer than ``MIN_FACES`` left out."""
    counts = Counter(cluster for _, cluster in faces)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [cluster for cluster, count in ranked if count >= MIN_FACES]


def fingerprint(face_ids: Sequence[UUID]) -> str:
    """A short fingerprint of the faces a sheet showed (a button is bound to them)."""
    return hashlib.sha256(",".join(sorted(map(str, face_ids))).encode()).hexdigest()[:8]


class LinkState(StrEnum):
    """What opening a claim link finds."""

    INVALID = "invalid"  # unknown code, revoked, or the person deleted
    EXPIRED = "expired"
    USED = "used"  # spent by someone else (claimed, or declined)
    YOURS = "yours"  # this user claimed it already
    WAITING = "waiting"  # this user's claim waits for the organizers' approval
    NAMER = "namer"  # the organizer who named the child opened it
    GROUP_GONE = "group_gone"  # the bot left the group
    OPEN = "open"


def link_state(
    *,
    found: bool,
    person_unclaimed: bool,
    group_active: bool,
    expires_at: datetime | None,
    used: bool,
    used_by_opener: bool,
    named_by_opener: bool,
    waiting_for_opener: bool = False,
    now: datetime,
) -> LinkState:
    """The state of a claim link for the user opening it, refusals first."""
    if not found:
        return LinkState.INVALID
    if used:
        if used_by_opener:
            return LinkState.YOURS
        return LinkState.WAITING if waiting_for_opener else LinkState.USED
    if not person_unclaimed:
        return LinkState.INVALID
    if not group_active:
        return LinkState.GROUP_GONE
    if expires_at is None or expires_at < now:
        return LinkState.EXPIRED
    if named_by_opener:
        return LinkState.NAMER
    return LinkState.OPEN
