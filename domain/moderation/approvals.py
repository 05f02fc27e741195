"""Approvals: in a group that requires them, a new person (and a new co-guardian) waits for
an organizer's decision, per group, before anything of that group reaches them.

- Asked (``ask_*``) in the same transaction as the change that needs them: a person's
  first enrollment, a co-guardian accepting an invitation, a guardian joining a group.
- A card goes to the group's admin chat (the person's name, the guardian's Telegram name
  and the one enrollment face crop kept, the person's cover); with no admin chat linked
  the approval waits, and its card is posted when one is (``post_waiting``).
- Pending and rejected persons match nothing in that group; a pending or rejected
  co-guardian receives nothing from it (``blocked_persons``, ``blocked_guardians``).
- An organizer decides (``decide``), re-checked by the caller at every press; the
  guardian is told, and the decision is an audit event. Photos posted before an approval
  are not looked at again: matching starts with the next photo.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from tortoise.transactions import in_transaction

from domain import texts
from domain.blobs import BlobStore
from domain.errors import BlobNotFound
from domain.infra.models import (
    Approval,
    Face,
    Group,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
)
from domain.moderation import audit
from domain.moderation.approval_rules import blocks, kind_needed
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    GuardianRole,
    MembershipStatus,
    ModerationAction,
    PersonStatus,
)
from domain.telegram import (
    ChatUnavailable,
    DecideApproval,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
# Persons whose joining a group with approval on asks for them there.
ENROLLED = (PersonStatus.ACTIVE, PersonStatus.PAUSED)
REASONS = {code: sentence for code, _, sentence in texts.REJECT_REASONS}


# ----- asking (inside the caller's transaction) -------------------------------------


async def ask(
    group: Group, person: Person, participant: Participant, *, fresh: bool = False
) -> Approval | None:
    """The approval this guardian of the person needs in the group, created once (an
    earlier decision stands: a guardian who leaves and comes back is not asked again)."""
    person_approval = await Approval.get_or_none(
        group_id=group.id, kind=ApprovalKind.PERSON, person_id=person.id
    )
    others_present = (
        await Membership.filter(
            group_id=group.id,
            status=MembershipStatus.MEMBER,
            participant__guardianships__person_id=person.id,
        )
        .exclude(participant_id=participant.id)
        .exists()
    )
    kind = kind_needed(
        requires_approval=group.requires_approval,
        participant_id=participant.id,
        person_asked_by=person_approval.participant_id if person_approval else None,  # type: ignore[attr-defined]
        others_present=others_present,
        fresh=fresh,
    )
    if kind is None:
        return None
    approval, created = await Approval.get_or_create(
        group_id=group.id, kind=kind, person_id=person.id, participant_id=participant.id
    )
    if not created:
        return None
    approval.group = group  # the caller tells the guardian which group waits
    log.info("approval %s (%s) asked in group %s", approval.id, kind.value, group.id)
    return approval


async def _approval_groups(participant: Participant) -> list[Group]:
    return await Group.filter(
        requires_approval=True,
        is_active=True,
        memberships__participant_id=participant.id,
        memberships__status=MembershipStatus.MEMBER,
    ).order_by("title")


async def ask_for_new_person(person: Person) -> list[Approval]:
    """A person just enrolled: its approval in each approval group of its guardians (the
    owner's own; a co-guardian in the same group needs theirs)."""
    asked = []
    rows = await Guardianship.filter(person_id=person.id).prefetch_related("participant")
    rows.sort(key=lambda g: (g.role != GuardianRole.OWNER, g.created_at))
    for guardianship in rows:
        for group in await _approval_groups(guardianship.participant):
            approval = await ask(group, person, guardianship.participant, fresh=True)
            if approval is not None:
                asked.append(approval)
    return asked


async def ask_for_guardian(person: Person, participant: Participant) -> list[Approval]:
    """A new co-guardian of an enrolled person, in each of their approval groups."""
    if person.status not in ENROLLED:
        return []  # asked when the person's enrollment finishes
    return [
        approval
        for group in await _approval_groups(participant)
        if (approval := await ask(group, person, participant)) is not None
    ]


async def ask_for_persons(participant: Participant, group: Group) -> list[Approval]:
    """A guardian joined a group: each of their enrolled persons, there."""
    if not group.requires_approval:
        return []
    persons = await Person.filter(
        guardianships__participant_id=participant.id, status__in=ENROLLED
    ).order_by("created_at")
    return [
        approval
        for person in persons
        if (approval := await ask(group, person, participant)) is not None
    ]


# ----- what recognition and delivery respect ------------------------------------------


async def blocked_persons(group_id: UUID) -> set[UUID]:
    """Persons not to be recognized in this group: pending or rejected there."""
    group = await Group.get_or_none(id=group_id)
    if group is None:
        return set()
    rows = await Approval.filter(
        group_id=group_id,
        kind=ApprovalKind.PERSON,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
    ).values_list("person_id", "status")
    return {
        UUID(str(person))
        for person, status in rows
        if blocks(ApprovalStatus(status), group.requires_approval)
    }


async def blocked_guardians(group_id: UUID, person_id: UUID) -> set[UUID]:
    """Guardians of the person who get nothing of it from this group: their own approval
    there is pending or rejected."""
    group = await Group.get_or_none(id=group_id)
    if group is None:
        return set()
    rows = await Approval.filter(
        group_id=group_id,
        kind=ApprovalKind.GUARDIAN,
        person_id=person_id,
        status__in=[ApprovalStatus.PENDING, ApprovalStatus.REJECTED],
    ).values_list("participant_id", "status")
    return {
        UUID(str(participant))
        for participant, status in rows
        if blocks(ApprovalStatus(status), group.requires_approval)
    }


# ----- cards, decisions and telling the guardian ---------------------------------------


class DecideOutcome(StrEnum):
    DECIDED = "decided"
    ALREADY = "already"  # decided before (by ``by``)
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Decided:
    outcome: DecideOutcome
    approved: bool = False
    by: str = ""
    card: str = ""  # the card's text with its decision


def _subject(approval: Approval) -> str:
    if approval.kind == ApprovalKind.GUARDIAN:
        return f"{approval.participant.first_name} as a guardian of {approval.person.name}"
    return f"{approval.person.name} (enrolled by {approval.participant.first_name})"


async def _load(approval_id: UUID) -> Approval | None:
    return await Approval.get_or_none(id=approval_id).prefetch_related(
        "group", "person", "participant"
    )


async def _decider(approval: Approval) -> str:
    """Who decided an approval, from its audit event."""
    events = await ModerationEvent.filter(
        group_id=approval.group_id,  # type: ignore[attr-defined]
        action__in=[ModerationAction.APPROVED, ModerationAction.REJECTED],
    ).order_by("-created_at")
    for event in events:
        if event.details.get("approval") == str(approval.id):
            return event.actor_name
    return "an organizer"


class Approvals:
    def __init__(self, messenger: Messenger, blobs: BlobStore) -> None:
        self._messenger = messenger
        self._blobs = blobs

    @staticmethod
    async def card_text(approval: Approval, *, cover: bool, by: str = "") -> str:
        text = texts.approval_card(
            approval.group.title,
            approval.kind == ApprovalKind.GUARDIAN,
            approval.person.name,
            texts.guardian_label(approval.participant.first_name, approval.participant.username),
            cover,
        )
        if approval.status != ApprovalStatus.PENDING:
            text += texts.approval_decided(
                approval.status == ApprovalStatus.APPROVED,
                by or await _decider(approval),
                REASONS.get(approval.reason or "", approval.reason or ""),
            )
        return text

    async def _cover(self, person: Person) -> bytes | None:
        if person.cover_face_id is None:
            return None
        face = await Face.get_or_none(id=person.cover_face_id)
        if face is None or not face.crop_key:
            return None
        try:
            return await self._blobs.get(face.crop_key)
        except BlobNotFound:
            return None

    async def post_card(self, approval_id: UUID) -> bool:
        """Post (or post again) the card of a pending approval in its group's admin chat;
        False when there is none to post to (the approval waits for one)."""
        approval = await _load(approval_id)
        if approval is None or approval.status != ApprovalStatus.PENDING:
            return False
        chat_id = approval.group.admin_chat_id
        if chat_id is None or not approval.group.is_active:
            return False
        cover = await self._cover(approval.person)
        text = await self.card_text(approval, cover=cover is not None)
        buttons = [
            [
                DecideApproval(approval.id, True, texts.APPROVE_BUTTON),
                DecideApproval(approval.id, False, texts.REJECT_BUTTON),
            ]
        ]
        try:
            if cover is not None:
                message_id = await self._messenger.send_photo(chat_id, cover, text, buttons)
            else:
                message_id = await self._messenger.send_text(chat_id, text, buttons)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            # Kept pending without a card: /pending in the admin chat posts it again.
            log.warning("approval card %s not posted to %s: %s", approval.id, chat_id, error)
            return False
        await Approval.filter(id=approval.id).update(
            card_chat_id=chat_id, card_message_id=message_id
        )
        return True

    async def announce(self, approvals: Sequence[Approval], *, tell: bool = True) -> None:
        """Post the cards of new approvals, and tell each guardian what waits (a person's
        first enrollment tells it in its "ready" message instead: ``tell`` False)."""
        for approval in approvals:
            posted = await self.post_card(approval.id)
            if not tell:
                continue
            loaded = await _load(approval.id)
            if loaded is None:
                continue
            text = texts.waiting_for_approval(
                loaded.person.name,
                loaded.group.title,
                loaded.kind == ApprovalKind.GUARDIAN,
                posted or loaded.group.admin_chat_id is not None,
            )
            await self._tell(loaded.participant, text)

    async def announce_since(self, user_id: int, since: datetime) -> None:
        """Announce the approvals this user's last action asked for (created since)."""
        new = await Approval.filter(
            participant__telegram_user_id=user_id,
            status=ApprovalStatus.PENDING,
            created_at__gte=since,
        ).order_by("created_at")
        await self.announce(new)

    async def post_waiting(self, group: Group) -> int:
        """Post the cards of every pending approval of the group (an admin chat was just
        linked, or an organizer asked with /pending); how many were posted."""
        pending = await Approval.filter(group_id=group.id, status=ApprovalStatus.PENDING).order_by(
            "created_at"
        )
        return sum([await self.post_card(approval.id) for approval in pending])

    async def decision(self, approval_id: UUID, *, cover: bool) -> Decided | None:
        """The decision already taken on an approval (None while it is pending)."""
        approval = await _load(approval_id)
        if approval is None:
            return Decided(DecideOutcome.GONE)
        if approval.status == ApprovalStatus.PENDING:
            return None
        by = await _decider(approval)
        approved = approval.status == ApprovalStatus.APPROVED
        card = await self.card_text(approval, cover=cover, by=by)
        return Decided(DecideOutcome.ALREADY, approved, by, card)

    async def decide(
        self, approval_id: UUID, approve: bool, reason: str, actor: audit.Actor, *, cover: bool
    ) -> Decided:
        """An organizer's decision (their right is the caller's to check, at every press).
        Decided once: a second press, or another organizer's, hears who decided."""
        async with in_transaction():
            locked = await Approval.select_for_update().get_or_none(id=approval_id)
            approval = await _load(approval_id) if locked is not None else None
            if approval is None:
                return Decided(DecideOutcome.GONE)
            if approval.status != ApprovalStatus.PENDING:
                by = await _decider(approval)
                return Decided(
                    DecideOutcome.ALREADY,
                    approval.status == ApprovalStatus.APPROVED,
                    by,
                    await self.card_text(approval, cover=cover, by=by),
                )
            await self._set(approval, approve, reason, actor)
        await self._tell_decision(approval)
        return Decided(
            DecideOutcome.DECIDED,
            approve,
            actor.name,
            await self.card_text(approval, cover=cover, by=actor.name),
        )

    @staticmethod
    async def _set(
        approval: Approval,
        approve: bool,
        reason: str,
        actor: audit.Actor,
        undoing: ModerationEvent | None = None,
    ) -> None:
        """Record a decision and its audit event (inside the caller's transaction)."""
        approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        approval.reason = None if approve else reason  # type: ignore[assignment]
        approval.decided_by_user_id = actor.user_id
        approval.decided_at = datetime.now(UTC)
        await approval.save(update_fields=["status", "reason", "decided_by_user_id", "decided_at"])
        details: dict[str, str] = {
            "approval": str(approval.id),
            "kind": approval.kind.value,
            "person": str(approval.person.id),
        }
        if not approve:
            details["reason"] = reason
        if undoing is not None:
            details["undoes"] = str(undoing.id)
        await audit.record(
            approval.group,
            ModerationAction.APPROVED if approve else ModerationAction.REJECTED,
            actor,
            _subject(approval),
            details,
        )
        log.info(
            "approval %s %s by %s", approval.id, approval.status.value, actor.user_id or "anonymous"
        )

    async def _tell_decision(self, approval: Approval) -> None:
        if not await Guardianship.exists(
            person_id=approval.person.id, participant_id=approval.participant.id
        ):
            return  # no longer their guardian: nothing of this person is theirs to hear
        co_guardian = approval.kind == ApprovalKind.GUARDIAN
        if approval.status == ApprovalStatus.APPROVED:
            text = texts.approved_for_guardian(
                approval.person.name, approval.group.title, co_guardian
            )
        else:
            text = texts.rejected_for_guardian(
                approval.person.name,
                approval.group.title,
                co_guardian,
                REASONS.get(approval.reason or "", approval.reason or ""),
            )
        await self._tell(approval.participant, text)

    async def _tell(self, participant: Participant, text: str) -> None:
        try:
            await self._messenger.send_text(participant.telegram_user_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("could not tell participant %s about an approval: %s", participant.id, error)

    async def tell_reapproved(self, event: ModerationEvent) -> None:
        """After /audit undid the rejection ``event`` (``reapprove``): tell the guardian."""
        approval_id = event.details.get("approval")
        approval = await _load(UUID(approval_id)) if approval_id else None
        if approval is not None and approval.status == ApprovalStatus.APPROVED:
            await self._tell_decision(approval)


async def reapprove(event: ModerationEvent, actor: audit.Actor) -> Approval | None:
    """Undo a rejection (from /audit, inside its transaction): the approval is approved now.
    None when it is no longer rejected (or gone); ``Approvals.tell_reapproved`` tells the
    guardian once the transaction is done."""
    approval_id = event.details.get("approval")
    if event.action != ModerationAction.REJECTED or not approval_id:
        return None
    locked = await Approval.select_for_update().get_or_none(id=approval_id)
    approval = await _load(UUID(approval_id)) if locked is not None else None
    if approval is None or approval.status != ApprovalStatus.REJECTED:
        return None
    await Approvals._set(approval, True, "", actor, undoing=event)
    return approval
