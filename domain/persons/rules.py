"""Who may do what to a person: its owner, a co-guardian, or someone else (pure rules).

The guardian who enrolled a person is its owner. Co-guardians receive its photos,
correct them, invite others and leave; only the owner deletes the person, forgets its
faces, merges it away or removes another guardian. When the owner leaves, the
longest-standing co-guardian becomes the owner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.states import GuardianRole, PersonStatus


@dataclass(frozen=True, slots=True)
class DecidedSince:
    """What the organizers of a person's groups decided since an invitee accepted to guard
    it while none of them had approved it (``Persons.decided_since``)."""

    approved: bool = False  # approved in one of its groups now
    rejected: bool = False  # rejected in each of its groups
    refused_you: tuple[str, ...] = ()  # the reader's groups that rejected them as its guardian

    @property
    def anything(self) -> bool:
        return self.approved or self.rejected or bool(self.refused_you)


class InviteEnd(StrEnum):
    """Why a co-guardian invitation no longer works, as told to whoever opened its link and
    did not answer it ("Ann invited you… Accept?")."""

    USED = "used"  # someone else used its link
    EXPIRED = "expired"  # unused for 48 hours
    LEFT = "left"  # its maker no longer guards the person (left, or was removed)
    DELETED = "deleted"  # the person was deleted
    FORGOTTEN = "forgotten"  # its maker deleted their data (/forget)
    MERGED = "merged"  # the person was merged into another (an undo would revive it)


class PersonAction(StrEnum):
    RECEIVE = "receive"
    CORRECT = "correct"  # rename, photos, cover, pause, "Not X?", undo
    INVITE = "invite"
    LEAVE = "leave"
    DELETE = "delete"
    FORGET_FACES = "forget_faces"
    MERGE = "merge"  # merge this person away into another
    REMOVE_GUARDIAN = "remove_guardian"


OWNER_ONLY = frozenset(
    {
        PersonAction.DELETE,
        PersonAction.FORGET_FACES,
        PersonAction.MERGE,
        PersonAction.REMOVE_GUARDIAN,
    }
)


class Verdict(StrEnum):
    ALLOWED = "allowed"
    NOT_A_GUARDIAN = "not_a_guardian"
    OWNER_ONLY = "owner_only"  # a co-guardian asked for what only the owner may do
    OWNER_STAYS = "owner_stays"  # nobody removes the owner; the owner can only leave


@dataclass(frozen=True, slots=True)
class Seat:
    """One guardian of a person, as the rules need it."""

    participant_id: UUID
    role: GuardianRole
    since: datetime


def _by_seniority(seats: Sequence[Seat]) -> list[Seat]:
    return sorted(seats, key=lambda s: (s.since, str(s.participant_id)))


def owner(seats: Sequence[Seat]) -> Seat | None:
    """The person's owner: the senior seat marked owner; with none (the owner's account was
    deleted), the longest-standing guardian."""
    ordered = _by_seniority(seats)
    marked = [s for s in ordered if s.role == GuardianRole.OWNER]
    candidates = marked or ordered
    return candidates[0] if candidates else None


def role_of(seats: Sequence[Seat], participant_id: UUID) -> GuardianRole | None:
    """The participant's effective role, or None when they are not a guardian."""
    if not any(s.participant_id == participant_id for s in seats):
        return None
    current = owner(seats)
    if current is not None and current.participant_id == participant_id:
        return GuardianRole.OWNER
    return GuardianRole.CO_GUARDIAN


def successor(seats: Sequence[Seat], leaving: UUID) -> Seat | None:
    """Who becomes the owner when ``leaving`` (the owner) goes: the longest-standing of the
    others; None when nobody is left."""
    others = [s for s in _by_seniority(seats) if s.participant_id != leaving]
    return others[0] if others else None


def may(role: GuardianRole | None, action: PersonAction) -> Verdict:
    """Whether a guardian with ``role`` (None: not a guardian) may do ``action``."""
    if role is None:
        return Verdict.NOT_A_GUARDIAN
    if action in OWNER_ONLY and role != GuardianRole.OWNER:
        return Verdict.OWNER_ONLY
    return Verdict.ALLOWED


def may_remove(seats: Sequence[Seat], actor: UUID, target: UUID) -> Verdict:
    """Whether ``actor`` may remove ``target`` from the person's guardians (themselves: leave)."""
    actor_role = role_of(seats, actor)
    if actor_role is None or role_of(seats, target) is None:
        return Verdict.NOT_A_GUARDIAN
    if actor == target:
        return may(actor_role, PersonAction.LEAVE)
    if role_of(seats, target) == GuardianRole.OWNER:
        return Verdict.OWNER_STAYS
    return may(actor_role, PersonAction.REMOVE_GUARDIAN)


def card_version(name: str) -> str:
    """What a person card's buttons carry of what the card shows: a card showing another
    name than the person's (an older card, before a rename) is out of date."""
    return hashlib.sha256(name.encode()).hexdigest()[:8]


# What a card or a /persons list says of an active person while its reader is in none of
# the groups (never joined, left every one, or banned and unbanned without joining again):
# nothing of it comes to them, so "active" would be untrue. A key of texts.PERSON_STATUS.
IN_NO_GROUP = "in_no_group"


# ... and while the organizers of every one of them rejected it: not "waiting" (it said so
# after a rejection), nor "active".
NOT_APPROVED = "not_approved"
# ... or rejected the reader as its guardian, in the rest of them: nothing of it comes to
# the reader there, whatever it waits for ("waiting" said so after their rejection).
NOT_APPROVED_YOU = "not_approved_you"
# ... and while the reader is in none of them because their organizers turned facedrop off
# for the reader (/ban): "open my link" would send them to a link that refuses them.
TURNED_OFF = "turned_off"
# ... and while the organizers of every group the person is in (its other guardians') did
# not approve it: "open my link ... to get its photos" promised what no group of it sends.
NOT_APPROVED_ELSEWHERE = "not_approved_elsewhere"


def status_shown(
    status: PersonStatus,
    groups: Collection[str],
    waiting: Collection[str],
    refused: Collection[str] = (),
    refused_you: Collection[str] = (),
    banned: Collection[str] = (),
    rejected_elsewhere: int = 0,
) -> str:
    """What a card or a /persons list says of a person in the reader's ``groups`` (a key of
    ``texts.PERSON_STATUS``), of which ``waiting`` are not recognizing it yet (awaiting the
    organizers' approval, or rejected by them: ``refused``, of ``waiting``): an active
    person recognized in none of them yet is "waiting for an organizer's approval" (the
    lists said "active"), or ``NOT_APPROVED`` where every one of them rejected it,
    ``NOT_APPROVED_YOU`` where each rejected it or the reader as its guardian
    (``refused_you``), the reader at least once; with the reader in no group at all,
    ``IN_NO_GROUP``, or ``TURNED_OFF`` where groups ``banned`` the reader, or
    ``NOT_APPROVED_ELSEWHERE`` where the organizers of each of the person's groups (its
    other guardians', ``rejected_elsewhere`` of them) rejected it."""
    if status == PersonStatus.ACTIVE and not groups:
        if banned:
            return TURNED_OFF
        return NOT_APPROVED_ELSEWHERE if rejected_elsewhere else IN_NO_GROUP
    if status == PersonStatus.ACTIVE and set(groups) <= set(waiting):
        if set(groups) <= set(refused):
            return NOT_APPROVED
        if refused_you and set(groups) <= set(refused) | set(refused_you):
            return NOT_APPROVED_YOU
        return PersonStatus.PENDING_APPROVAL.value
    return status.value


def may_merge_with(status: str) -> bool:
    """Whether a person may be merged with another: not an enrollment still unfinished, which
    has no face to bring and is nobody yet (walkhe 5: merging one told the co-guardian of
    a child who never existed)."""
    return status != PersonStatus.ENROLLING
