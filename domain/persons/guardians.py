"""Co-guardians: invite another participant with a one-time, expiring link; remove a
co-guardian, or leave. A person with no guardian left is deleted.

An invitation speaks for its creator: it stops working (unused ones are deleted) when
the creator stops being a guardian of the person, and accepting one re-checks that.
Who may remove whom is in ``domain.persons.rules``."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import (
    Group,
    GuardianInvite,
    Guardianship,
    Membership,
    Participant,
    Person,
)
from domain.jobs import requests
from domain.jobs.queue import JobQueue
from domain.moderation import approvals
from domain.onboarding.service import Onboarding, TelegramUser
from domain.persons.rules import Seat, Verdict, may_remove, owner, successor
from domain.recognition.assignments import merged_into
from domain.states import GuardianRole, MembershipStatus, PersonStatus, RequestKind

log = logging.getLogger(__name__)
INVITE_PREFIX = "inv_"
INVITE_VALID = timedelta(hours=48)


class RemoveOutcome(StrEnum):
    NOT_ALLOWED = "not_allowed"  # not a guardian (or the target is not one)
    OWNER_ONLY = "owner_only"  # a co-guardian tried to remove another guardian
    OWNER_STAYS = "owner_stays"  # nobody removes the owner
    REMOVED = "removed"
    LEFT = "left"
    PERSON_DELETED = "person_deleted"


class InviteOutcome(StrEnum):
    INVALID = "invalid"  # unknown, used, expired, or the person is gone
    ALREADY = "already"  # already a guardian of this person
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class Removal:
    outcome: RemoveOutcome
    person_name: str = ""
    owner_name: str = ""  # who may do it, for a refusal
    new_owner: Participant | None = None  # the owner left and this co-guardian took over


@dataclass(frozen=True, slots=True)
class JoiningNews:
    """A guardian told that a co-guardian joined their first group."""

    chat_id: int
    who: str  # the co-guardian's first name
    persons: list[str]  # the persons the reader shares with them
    group_title: str | None  # None: the reader is not in that group, so it is not named
    waiting: bool  # the group's organizers have yet to approve


@dataclass(frozen=True, slots=True)
class Invite:
    payload: str  # the deep-link payload: ``inv_<code>``
    expires_at: datetime


def hash_code(code: str) -> str:
    """The stored form of a one-time link's code (co-guardian invitations, claim links)."""
    return hashlib.sha256(code.encode()).hexdigest()


class Guardians:
    def __init__(self, onboarding: Onboarding, jobs: JobQueue) -> None:
        self._onboarding = onboarding
        self._jobs = jobs

    async def invite(self, person_id: UUID, user_id: int) -> Invite | None:
        """A new invitation; only its hash is stored, so the link is shown this once."""
        participant = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        if participant is None:
            return None
        code = secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + INVITE_VALID
        await GuardianInvite.create(
            person_id=person_id,
            invited_by=participant,
            code_hash=hash_code(code),
            expires_at=expires,
        )
        return Invite(payload=INVITE_PREFIX + code, expires_at=expires)

    async def find(self, payload: str) -> GuardianInvite | None:
        """A still-valid invitation for a deep-link payload."""
        if not payload.startswith(INVITE_PREFIX):
            return None
        invite = await GuardianInvite.get_or_none(
            code_hash=hash_code(payload.removeprefix(INVITE_PREFIX))
        ).prefetch_related("person")
        if invite is None or invite.used_at is not None or invite.expires_at < datetime.now(UTC):
            return None
        if not await _still_valid(invite, invite.person):
            return None
        return invite

    async def accept(self, invite_id: UUID, user: TelegramUser) -> tuple[InviteOutcome, str]:
        """The invitee accepts (which includes agreeing to the terms); the invite is spent."""
        participant = await Participant.get(id=(await self._onboarding.register(user)).id)
        async with in_transaction():
            invite = await GuardianInvite.select_for_update().get_or_none(id=invite_id)
            if (
                invite is None
                or invite.used_at is not None
                or invite.expires_at < datetime.now(UTC)
            ):
                return InviteOutcome.INVALID, ""
            # Locked like a removal locks it: the creator cannot leave half-way through.
            person = await Person.select_for_update().get_or_none(id=invite.person_id)  # type: ignore[attr-defined]
            if person is None or not await _still_valid(invite, person):
                return InviteOutcome.INVALID, ""
            invite.used_at, invite.used_by_id = datetime.now(UTC), participant.id
            await invite.save(update_fields=["used_at", "used_by_id"])
            _, created = await Guardianship.get_or_create(
                person=person, participant=participant, defaults={"role": GuardianRole.CO_GUARDIAN}
            )
            if created:  # in groups whose organizers approve new guardians: pending there
                await approvals.ask_for_guardian(person, participant)
        await self._onboarding.record_consent(participant.id, group_id=None)
        log.info("participant %s became a guardian of person %s", participant.id, person.id)
        return (InviteOutcome.ACCEPTED if created else InviteOutcome.ALREADY), person.name

    async def to_tell_of(self, invite_id: UUID) -> tuple[str, str, list[int], bool]:
        """Once an invitation is accepted: who accepted it (first name), the person's name,
        the person's other guardians, who are told (Telegram user ids), and whether the
        new guardian is in a group yet (in none, they get no photo until they join one)."""
        invite = await GuardianInvite.get_or_none(id=invite_id).prefetch_related(
            "person", "used_by"
        )
        if invite is None or invite.used_by is None or invite.person is None:
            return "", "", [], False
        joined = invite.used_by
        others = await Participant.filter(
            guardianships__person_id=invite.person.id, is_reachable=True
        ).exclude(id=joined.id)
        in_a_group = await Membership.exists(
            participant=joined, status=MembershipStatus.MEMBER, group__is_active=True
        )
        return (
            joined.first_name or "?",
            invite.person.name,
            [p.telegram_user_id for p in others],
            in_a_group,
        )

    async def to_tell_of_joining(self, user_id: int, payload: str) -> list[JoiningNews]:
        """A co-guardian joined their first group (through its link, ``payload``): what the
        other guardians of the persons shared with them are told (they were promised it
        when the invitation was accepted). The group is named only to those in it too."""
        joiner = await Participant.get_or_none(telegram_user_id=user_id)
        group = await Group.get_or_none(join_token=payload) if payload else None
        if joiner is None or group is None:
            return []
        shared = await Person.filter(
            guardianships__participant=joiner,
            guardianships__role=GuardianRole.CO_GUARDIAN,
            status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
        ).order_by("name")
        blocked = await approvals.blocked_persons(group.id)
        members = set(
            await Membership.filter(group=group, status=MembershipStatus.MEMBER).values_list(
                "participant_id", flat=True
            )
        )
        told: dict[tuple[int, bool], list[str]] = {}
        in_group: dict[int, bool] = {}
        for person in shared:
            waiting = person.id in blocked or joiner.id in await approvals.blocked_guardians(
                group.id, person.id
            )
            for other in await Participant.filter(
                guardianships__person_id=person.id, is_reachable=True
            ).exclude(id=joiner.id):
                told.setdefault((other.telegram_user_id, waiting), []).append(person.name)
                in_group[other.telegram_user_id] = other.id in members
        return [
            JoiningNews(
                chat_id,
                joiner.first_name or "?",
                names,
                group.title if in_group[chat_id] else None,
                waiting,
            )
            for (chat_id, waiting), names in told.items()
        ]

    async def remove(self, person_id: UUID, user_id: int, target: UUID) -> Removal:
        """A guardian removes a co-guardian (owner only), or leaves (``target`` is themselves).

        When the owner leaves, the longest-standing co-guardian becomes the owner
        (``Removal.new_owner``, to be told)."""
        actor = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        person = await Person.get_or_none(id=person_id)
        if actor is None or person is None:
            return Removal(RemoveOutcome.NOT_ALLOWED)
        seats, names = await seats_of(person_id)
        verdict = may_remove(seats, actor.id, target)
        current = owner(seats)
        owner_name = names.get(current.participant_id, "") if current else ""
        refusals = {
            Verdict.NOT_A_GUARDIAN: RemoveOutcome.NOT_ALLOWED,
            Verdict.OWNER_ONLY: RemoveOutcome.OWNER_ONLY,
            Verdict.OWNER_STAYS: RemoveOutcome.OWNER_STAYS,
        }
        if verdict != Verdict.ALLOWED:
            return Removal(refusals[verdict], person.name, owner_name)
        orphaned, new_owner = await self._drop(person_id, target)
        if orphaned:
            return Removal(RemoveOutcome.PERSON_DELETED, person.name)
        outcome = RemoveOutcome.LEFT if target == actor.id else RemoveOutcome.REMOVED
        return Removal(outcome, person.name, owner_name, new_owner)

    async def _drop(self, person_id: UUID, participant_id: UUID) -> tuple[bool, Participant | None]:
        """Remove a guardianship and the unused invitations it gave; True when that left the
        person without guardians (deleted). The second value is the new owner, if the owner
        left."""
        new_owner = None
        async with in_transaction():
            await Person.select_for_update().filter(id=person_id).first()
            seats, _ = await seats_of(person_id)
            current = owner(seats)
            # The persons merged into this one go too: an undone merge must not bring back
            # a guardian who was removed meanwhile.
            hidden = await merged_into(person_id)
            await Guardianship.filter(
                person_id__in=[person_id, *hidden], participant_id=participant_id
            ).delete()
            await revoke_invites(person_id, participant_id)
            orphaned = not await Guardianship.exists(person_id=person_id)
            if orphaned:
                await revoke_invites(person_id)
                await Person.filter(id=person_id).update(status=PersonStatus.DELETING)
                # Nobody to tell: the last guardian who left was answered already.
                await requests.ask(RequestKind.DELETE_PERSON, person_id, None)
            elif current is not None and current.participant_id == participant_id:
                heir = successor(seats, participant_id)
                if heir is not None:
                    await Guardianship.filter(
                        person_id=person_id, participant_id=heir.participant_id
                    ).update(role=GuardianRole.OWNER)
                    new_owner = await Participant.get(id=heir.participant_id)
                    log.info("participant %s now owns person %s", new_owner.id, person_id)
        if orphaned:
            await requests.queue(self._jobs, RequestKind.DELETE_PERSON, person_id)
        return orphaned, new_owner


async def seats_of(person_id: UUID) -> tuple[list[Seat], dict[UUID, str]]:
    """The person's guardians for the rules, and their first names."""
    rows = await Guardianship.filter(person_id=person_id).prefetch_related("participant")
    seats = [Seat(g.participant.id, g.role, g.created_at) for g in rows]
    return seats, {g.participant.id: g.participant.first_name or "?" for g in rows}


async def revoke_invites(person_id: UUID, created_by: UUID | None = None) -> int:
    """Delete the unused invitations to a person (only those ``created_by`` one participant)."""
    query = GuardianInvite.filter(person_id=person_id, used_at__isnull=True)
    if created_by is not None:
        query = query.filter(invited_by_id=created_by)
    return await query.delete()


async def _still_valid(invite: GuardianInvite, person: Person) -> bool:
    """The person is still there and whoever created the invitation still guards it."""
    if person.status in (PersonStatus.DELETING, PersonStatus.MERGED):
        return False
    creator = invite.invited_by_id  # type: ignore[attr-defined]
    return creator is not None and await Guardianship.exists(
        person_id=person.id, participant_id=creator
    )
