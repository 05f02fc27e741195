"""Co-guardians: invite another participant with a one-time, expiring link; remove a
co-guardian, or leave. A person with no guardian left is deleted."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import jobs as job_names
from domain.infra.models import GuardianInvite, Guardianship, Participant, Person
from domain.jobs import JobQueue, enqueue_for
from domain.onboarding import Onboarding, TelegramUser
from domain.states import GuardianRole, PersonStatus

log = logging.getLogger(__name__)
INVITE_PREFIX = "inv_"
INVITE_VALID = timedelta(hours=48)


class RemoveOutcome(StrEnum):
    NOT_ALLOWED = "not_allowed"
    REMOVED = "removed"
    LEFT = "left"
    PERSON_DELETED = "person_deleted"


class InviteOutcome(StrEnum):
    INVALID = "invalid"  # unknown, used, expired, or the person is gone
    ALREADY = "already"  # already a guardian of this person
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class Invite:
    payload: str  # the deep-link payload: ``inv_<code>``
    expires_at: datetime


def _hash(code: str) -> str:
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
            person_id=person_id, invited_by=participant, code_hash=_hash(code), expires_at=expires
        )
        return Invite(payload=INVITE_PREFIX + code, expires_at=expires)

    async def find(self, payload: str) -> GuardianInvite | None:
        """A still-valid invitation for a deep-link payload."""
        if not payload.startswith(INVITE_PREFIX):
            return None
        invite = await GuardianInvite.get_or_none(
            code_hash=_hash(payload.removeprefix(INVITE_PREFIX))
        ).prefetch_related("person")
        if invite is None or invite.used_at is not None or invite.expires_at < datetime.now(UTC):
            return None
        if invite.person.status in (PersonStatus.DELETING, PersonStatus.MERGED):
            return None
        return invite

    async def accept(self, invite_id: UUID, user: TelegramUser) -> tuple[InviteOutcome, str]:
        """The invitee accepts (which includes agreeing to the terms); the invite is spent."""
        participant = await self._onboarding.register(user)
        async with in_transaction():
            invite = await GuardianInvite.select_for_update().get_or_none(id=invite_id)
            if (
                invite is None
                or invite.used_at is not None
                or invite.expires_at < datetime.now(UTC)
            ):
                return InviteOutcome.INVALID, ""
            person = await Person.get(id=invite.person_id)  # type: ignore[attr-defined]
            if person.status in (PersonStatus.DELETING, PersonStatus.MERGED):
                return InviteOutcome.INVALID, ""
            invite.used_at, invite.used_by_id = datetime.now(UTC), participant.id
            await invite.save(update_fields=["used_at", "used_by_id"])
            _, created = await Guardianship.get_or_create(
                person=person, participant=participant, defaults={"role": GuardianRole.CO_GUARDIAN}
            )
        await self._onboarding.record_consent(participant, group=None)
        log.info("participant %s became a guardian of person %s", participant.id, person.id)
        return (InviteOutcome.ACCEPTED if created else InviteOutcome.ALREADY), person.name

    async def remove(self, person_id: UUID, user_id: int, target: UUID) -> RemoveOutcome:
        """A guardian removes a co-guardian, or leaves (``target`` is themselves)."""
        actor = await Participant.get_or_none(
            telegram_user_id=user_id, guardianships__person_id=person_id
        )
        guardianship = await Guardianship.get_or_none(person_id=person_id, participant_id=target)
        if actor is None or guardianship is None:
            return RemoveOutcome.NOT_ALLOWED
        if target != actor.id and guardianship.role == GuardianRole.OWNER:
            return RemoveOutcome.NOT_ALLOWED  # the one who enrolled can only leave
        if await self._drop(person_id, target):
            return RemoveOutcome.PERSON_DELETED
        return RemoveOutcome.LEFT if target == actor.id else RemoveOutcome.REMOVED

    async def _drop(self, person_id: UUID, participant_id: UUID) -> bool:
        """Remove a guardianship; True when that left the person without guardians (deleted)."""
        async with in_transaction():
            await Guardianship.filter(person_id=person_id, participant_id=participant_id).delete()
            orphaned = not await Guardianship.exists(person_id=person_id)
            if orphaned:
                await Person.filter(id=person_id).update(status=PersonStatus.DELETING)
        if orphaned:
            await enqueue_for(self._jobs, job_names.DELETE_PERSON, person_id)
        return orphaned
