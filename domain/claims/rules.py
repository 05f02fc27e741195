"""Which clusters an organizer is shown to name, and what a claim link may still do: pure."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple, Protocol, TypeVar
from uuid import UUID

from domain.states import DeliveryStatus

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


class OnAPhoto(Protocol):
    @property
    def photo_id(self) -> UUID: ...


Shown = TypeVar("Shown", bound=OnAPhoto)


def one_per_photo(faces: Iterable[Shown]) -> list[Shown]:
    """The first face of each photo, at most ``SHEET_MAX``: two faces of one photo are two
    children, so a sheet of one child shows one of them."""
    seen: set[UUID] = set()
    kept = []
    for face in faces:
        if face.photo_id not in seen:
            seen.add(face.photo_id)
            kept.append(face)
    return kept[:SHEET_MAX]


def may_answer(
    *,
    found: bool,
    code_matches: bool,
    used: bool,
    expires_at: datetime | None,
    named_by_opener: bool,
    person_unclaimed: bool,
    now: datetime,
) -> bool:
    """Whether the opener of a claim link may still answer it: the link is the one they
    opened, unused, unexpired, not the namer's own, and the person still unclaimed."""
    return (
        found
        and code_matches
        and not used
        and expires_at is not None
        and expires_at >= now
        and not named_by_opener
        and person_unclaimed
    )


# A delivery in one of these states reaches the claimer (now, with its album or digest).
ON_ITS_WAY = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.WAITING)


class ClaimerShare(NamedTuple):
    """Of the claimed faces' photos: how many are on their way to the claimer, how many
    they had already (e.g. sent for another of their children), how many they posted
    themselves and so are not sent back; and of each, how many are clips (counted apart:
    "3 photos and 1 clip")."""

    sending: int = 0
    already: int = 0
    own: int = 0
    clips: int = 0
    already_clips: int = 0
    own_clips: int = 0


def photos_for_claimer(
    fates: Iterable[tuple[DeliveryStatus | None, bool, bool]], *, waiting: bool = False
) -> ClaimerShare:
    """Of the claimed faces' photos, each as (its delivery's status to the claimer, None
    when none; whether the claimer posted it; whether it is a clip): what becomes of them
    (``ClaimerShare``). A photo is sent to a participant once, so "Sending you 4 photos"
    counts only those on their way. ``waiting``: read while the claim waits for the
    organizers, before its approval plans the deliveries: a photo with none to the claimer
    yet, not theirs, is counted as the approval will count it, on its way (what she is told
    she will get is what she is told she gets)."""
    sending = already = own = clips = already_clips = own_clips = 0
    for fate, posted_by_claimer, clip in fates:
        planned = waiting and fate is None and not posted_by_claimer
        status = DeliveryStatus.PENDING if planned else fate
        if status in ON_ITS_WAY:
            sending += 1
            clips += clip
        elif status == DeliveryStatus.SENT:
            already += 1
            already_clips += clip
        # A poster gets their own photos back only if they asked to (/settings): no delivery.
        elif status is None and posted_by_claimer:
            own += 1
            own_clips += clip
    return ClaimerShare(sending, already, own, clips, already_clips, own_clips)


class ClaimState(Protocol):
    """What ``claim_waits`` reads of a claim (``stores.ClaimRecord``)."""

    @property
    def person_unclaimed(self) -> bool: ...

    @property
    def used_at(self) -> datetime | None: ...

    @property
    def used_by_user_id(self) -> int | None: ...


def claim_waits(claim: ClaimState) -> bool:
    """A parent said yes to the claim's link and the organizers have yet to decide (an
    approval is always asked: ``ClaimStore.answered``): while it waits, no second link may
    let another parent claim the same child, nor the name change under the card."""
    return (
        claim.person_unclaimed and claim.used_at is not None and claim.used_by_user_id is not None
    )
