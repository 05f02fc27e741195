"""Approvals: in a group that requires them, a new person (and a new co-guardian) waits for
an organizer's decision, per group, before anything of that group reaches them.

- Asked (``ask_*``) in the same transaction as the change that needs them: a person's
  first enrollment, a co-guardian accepting an invitation, a guardian joining a group.
- A card goes to the group's admin chat (the person's name, the guardian's Telegram name
  and the one enrollment face crop kept, the person's cover); with no admin chat linked
  the approval waits, and its card is posted when one is (``post_waiting``).
- Pending and rejected persons match nothing in that group; a pending or rejected
  co-guardian receives nothing from it (``blocked_persons``, ``blocked_guardians``: kept
  with recognition, which respects them, and named here for the capabilities that ask).
- An organizer decides (``decide``), re-checked by the caller at every press; the
  guardian is told (unless the group banned them), and the decision is an audit event
  that names no one (ids in its details). Photos posted before an approval are not looked
  at again: matching starts with the next photo.
- The decision belongs to the person in the group: a guardian who asks for it and then
  uses /forget leaves it standing (its ``participant`` becomes NULL).
- Every message posted about an approval in an admin chat is recorded (``cards``): a
  card posted again replaces the older ones; once decided, the cards (the child's name
  and face) are deleted and one text record of the decision, without the face, stays.
  When the person is deleted, or its faces are, and when the admin chat moves, the
  messages naming it go too (``withdraw``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.errors import BlobNotFound
from domain.events import ClaimRejected, EventBus, PersonApproved
from domain.groups.service import Groups
from domain.infra.models import (
    Approval,
    Face,
    Group,
    GroupBan,
    Guardianship,
    Membership,
    ModerationEvent,
    Participant,
    Person,
)
from domain.languages.chats import speaking_to, speaking_to_participant
from domain.moderation import audit, texts
from domain.moderation.approval_rules import kind_needed
from domain.moderation.takedown_store import PhotoGroup
from domain.recognition.assignments import blocked_guardians as blocked_guardians
from domain.recognition.assignments import blocked_persons as blocked_persons
from domain.retry import TryAgainLater
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    GuardianRole,
    MembershipStatus,
    ModerationAction,
    PersonStatus,
)
from domain.telegram import (
    ChatMigrated,
    ChatUnavailable,
    DecideApproval,
    Deletion,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
# Persons whose joining a group with approval on asks for them there.
ENROLLED = (PersonStatus.ACTIVE, PersonStatus.PAUSED)
REASONS = {code: sentence for code, _, sentence in texts.REJECT_REASONS}
# Who asked for a person's approval, once they have used /forget (no participant's id).
GONE_GUARDIAN = UUID(int=0)


# ----- asking (inside the caller's transaction) -------------------------------------


async def ask(
    group: Group, person: Person, participant: Participant, *, fresh: bool = False
) -> Approval | None:
    """The approval this guardian of the person needs in the group, created once (an
    earlier decision stands: a guardian who leaves and comes back is not asked again)."""
    # A claim its organizers approved stands for the person's own approval there.
    person_approval = await Approval.get_or_none(
        group_id=group.id,
        kind__in=[ApprovalKind.PERSON, ApprovalKind.CLAIM],
        person_id=person.id,
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
    asked_by: UUID | None = None
    if person_approval is not None:
        # Its guardian may have used /forget since: asked all the same, by someone else.
        asked_by = person_approval.participant_id or GONE_GUARDIAN  # type: ignore[attr-defined]
    kind = kind_needed(
        requires_approval=group.requires_approval,
        participant_id=participant.id,
        person_asked_by=asked_by,
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


async def ask_for_claim(group: Group, person: Person, participant: Participant) -> Approval:
    """A parent said "yes, that's my child" to a claim link: its group's organizers check
    the claim, whether or not the group approves new persons (the link may have reached
    someone else than the parent)."""
    approval, _ = await Approval.get_or_create(
        group_id=group.id, kind=ApprovalKind.CLAIM, person_id=person.id, participant=participant
    )
    approval.group = group
    log.info("approval %s (claim) asked in group %s", approval.id, group.id)
    return approval


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
    """The audit event's subject: what was decided, naming no one (the audit outlives the
    names: the ids are in its details)."""
    if approval.kind == ApprovalKind.CLAIM:
        return "a claim of a named child"
    return "a new co-guardian" if approval.kind == ApprovalKind.GUARDIAN else "a new person"


def _guardian(approval: Approval) -> str:
    participant = approval.participant
    if participant is None:
        return texts.guardian_forgotten()
    return texts.guardian_label(participant.first_name, participant.username)


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
            return event.actor_name or texts.an_organizer()
    return texts.an_organizer()


class ClaimDecisions(Protocol):
    """What an organizers' decision on a claim does (``domain.claims.service``, given by
    the composition root: the claims service asks its approvals of this module)."""

    async def approve(self, approval: Approval) -> Any:
        """Inside the decision's transaction; None when there is nothing to approve."""

    async def approved(self, result: Any) -> None:
        """After the transaction: what ``approve`` planned (photos, prototypes)."""

    async def reject(self, person_id: UUID) -> None: ...


def _record(approval: Approval, by: str) -> str:
    """The one line a decided approval leaves in the admin chat."""
    if approval.kind == ApprovalKind.CLAIM:
        return texts.claim_record(
            approval.group.title,
            approval.person.name,
            _guardian(approval),
            approval.status == ApprovalStatus.APPROVED,
            by,
        )
    return texts.approval_record(
        approval.group.title,
        approval.kind == ApprovalKind.GUARDIAN,
        approval.person.name,
        _guardian(approval),
        approval.status == ApprovalStatus.APPROVED,
        by,
        texts.reject_reason(approval.reason or ""),
    )


class Approvals:
    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        events: EventBus | None = None,
        claims: ClaimDecisions | None = None,
    ) -> None:
        self._messenger = messenger
        self._blobs = blobs
        # Tells what was decided (a person approved, a claim rejected) to the capabilities
        # that react (``domain.composition.reactions``); None: nobody decides here.
        self._events = events
        self._claims = claims  # decides claims (None: no claim is decided here)

    @staticmethod
    async def card_text(approval: Approval, *, cover: bool, by: str = "") -> str:
        if approval.kind == ApprovalKind.CLAIM:
            text = texts.claim_card(approval.group.title, approval.person.name, _guardian(approval))
        else:
            text = texts.approval_card(
                approval.group.title,
                approval.kind == ApprovalKind.GUARDIAN,
                approval.person.name,
                _guardian(approval),
                cover,
            )
        if approval.status != ApprovalStatus.PENDING:
            text += texts.approval_decided(
                approval.status == ApprovalStatus.APPROVED,
                by or await _decider(approval),
                texts.reject_reason(approval.reason or ""),
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
        False when there is none to post to (the approval waits for one). An admin chat
        upgraded to a supergroup unseen (Telegram refuses the old id, naming the new one)
        is followed there."""
        try:
            return await self._post_card(approval_id)
        except ChatMigrated as migrated:
            await Groups().migrated(migrated.old_chat_id, migrated.new_chat_id)
            return await self._post_card(approval_id, follow=False)

    async def _post_card(self, approval_id: UUID, *, follow: bool = True) -> bool:
        approval = await _load(approval_id)
        if approval is None or approval.status != ApprovalStatus.PENDING:
            return False
        chat_id = approval.group.admin_chat_id
        if chat_id is None or not approval.group.is_active:
            return False
        cover = await self._cover(approval.person)
        async with speaking_to(chat_id):
            text = await self.card_text(approval, cover=cover is not None)
            buttons = [
                [
                    DecideApproval(approval.id, True, texts.approve_button()),
                    DecideApproval(approval.id, False, texts.reject_button()),
                ]
            ]
        try:
            if cover is not None:
                message_id = await self._messenger.send_photo(chat_id, cover, text, buttons)
            else:
                message_id = await self._messenger.send_text(chat_id, text, buttons)
        except ChatMigrated:
            if follow:
                raise
            log.warning("approval card %s not posted: %s upgraded twice?", approval.id, chat_id)
            return False
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            # Kept pending without a card: /pending in the admin chat posts it again.
            log.warning("approval card %s not posted to %s: %s", approval.id, chat_id, error)
            return False
        # The new card replaces the older ones (posted again by /pending, or in the chat
        # the group's admin chat moved from).
        await self._replace_cards(approval.id, _card(chat_id, message_id, cover is not None))
        return True

    async def _replace_cards(self, approval_id: UUID, card: dict[str, Any]) -> None:
        """``card`` is now the approval's only message in an admin chat: the others are
        deleted (those Telegram refuses to delete stay recorded)."""
        async with in_transaction():
            locked = await Approval.select_for_update().get_or_none(id=approval_id)
            if locked is None:
                older = []
            else:
                older = [c for c in _recorded(locked) if c != card]
                await Approval.filter(id=approval_id).update(cards=[card])
        title = await _title(approval_id)
        kept = await delete_cards(
            self._messenger, older, lambda: texts.approval_card_replaced(title)
        )
        if kept:
            await _add_cards(approval_id, kept)

    async def _post_record(self, approval_id: UUID, by: str = "") -> None:
        """A decided approval: one text record of the decision, without the face, in the
        admin chat, in place of its cards."""
        approval = await _load(approval_id)
        if approval is None or approval.status == ApprovalStatus.PENDING:
            return
        chat_id = approval.group.admin_chat_id
        if chat_id is None:
            await self.withdraw([approval])
            return
        by = by or await _decider(approval)
        async with speaking_to(chat_id):
            text = _record(approval, by)
        try:
            message_id = await self._messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            # The card stays (its caption says the decision); its face with it.
            log.warning("approval %s: decision not recorded in %s: %s", approval.id, chat_id, error)
            return
        await self._replace_cards(approval.id, _card(chat_id, message_id, False))

    async def withdraw(
        self,
        approvals: Sequence[Approval],
        *,
        faces_only: bool = False,
        outside: int | None = None,
    ) -> None:
        """Delete what was posted about these approvals in admin chats: every message, or
        only the cards that show a face (``faces_only``), or only those outside the chat
        ``outside`` (the group's admin chat moved)."""
        for approval in approvals:
            async with in_transaction():
                locked = await Approval.select_for_update().get_or_none(id=approval.id)
                if locked is None:
                    continue
                going = [
                    c
                    for c in _recorded(locked)
                    if (not faces_only or c.get("face")) and c["chat"] != outside
                ]
                await Approval.filter(id=approval.id).update(
                    cards=[c for c in _recorded(locked) if c not in going]
                )
            title = await _title(approval.id)
            kept = await delete_cards(
                self._messenger, going, partial(texts.approval_card_withdrawn, title)
            )
            if kept:
                await _add_cards(approval.id, kept)

    async def withdraw_ids(self, approval_ids: Sequence[UUID]) -> None:
        """As ``withdraw``, for a capability that holds these approvals' ids only."""
        await self.withdraw(await Approval.filter(id__in=list(approval_ids)))

    async def persons_deleted(self, person_ids: Sequence[UUID]) -> None:
        """As ``withdraw_person``: every message naming these persons goes."""
        await withdraw_person(self._messenger, person_ids)

    async def relinked(self, group: Group) -> int:
        """The group's admin chat was linked (or moved here): what was posted about its
        approvals in another chat goes, and the pending ones are posted here."""
        await self.withdraw(await Approval.filter(group_id=group.id), outside=group.admin_chat_id)
        return await self.post_waiting(group.id)

    async def guardian_forgotten(self, approval_ids: Sequence[UUID]) -> None:
        """Their guardian used /forget: the approvals that stay (their person has other
        guardians) are shown again without that guardian's name."""
        for approval_id in approval_ids:
            approval = await Approval.get_or_none(id=approval_id)
            if approval is None or not approval.cards:
                continue
            if approval.status == ApprovalStatus.PENDING:
                if not await self.post_card(approval_id):
                    # Not posted again (no admin chat now, Telegram refused): the old
                    # cards, naming that guardian, go anyway.
                    await self.withdraw([approval])
            else:
                await self._post_record(approval_id)

    async def faces_forgotten(self, person_id: UUID) -> None:
        """The person's faces were deleted: no card shows them any more; a pending card is
        posted again, without a face."""
        approvals = await Approval.filter(person_id=person_id)
        await self.withdraw(approvals, faces_only=True)
        for approval in approvals:
            if approval.status == ApprovalStatus.PENDING and approval.cards:
                await self.post_card(approval.id)

    async def announce(self, approval_ids: Sequence[UUID], *, tell: bool = True) -> None:
        """Post the cards of new approvals, and tell each guardian what waits (a person's
        first enrollment tells it in its "ready" message instead: ``tell`` False)."""
        for approval_id in approval_ids:
            posted = await self.post_card(approval_id)
            if not tell:
                continue
            loaded = await _load(approval_id)
            if loaded is None or loaded.participant is None:
                continue
            await self._tell(
                loaded.participant,
                partial(
                    texts.waiting_for_approval,
                    loaded.person.name,
                    loaded.group.title,
                    loaded.kind == ApprovalKind.GUARDIAN,
                    posted or loaded.group.admin_chat_id is not None,
                ),
            )

    @staticmethod
    async def card_group(approval_id: UUID) -> PhotoGroup | None:
        """The group an approval's card is about (its admin chat, where it is pressed)."""
        group = await Group.get_or_none(approvals__id=approval_id)
        if group is None:
            return None
        return PhotoGroup(
            group.id, group.chat_id, group.title, group.admin_chat_id, group.is_active
        )

    @staticmethod
    async def any_pending(group_id: UUID) -> bool:
        """Whether an approval of the group waits for its organizers."""
        return await Approval.exists(group_id=group_id, status=ApprovalStatus.PENDING)

    async def announce_since(self, user_id: int, since: datetime) -> None:
        """Announce the approvals this user's last action asked for (created since)."""
        new = (
            await Approval.filter(
                participant__telegram_user_id=user_id,
                status=ApprovalStatus.PENDING,
                created_at__gte=since,
            )
            .order_by("created_at")
            .values_list("id", flat=True)
        )
        await self.announce([UUID(str(approval_id)) for approval_id in new])

    async def post_waiting(self, group_id: UUID) -> int:
        """Post the cards of every pending approval of the group (an admin chat was just
        linked, or an organizer asked with /pending); how many were posted."""
        pending = await Approval.filter(group_id=group_id, status=ApprovalStatus.PENDING).order_by(
            "created_at"
        )
        return sum([await self.post_card(approval.id) for approval in pending])

    @staticmethod
    async def still_posted(approval_id: UUID, chat_id: int, message_id: int) -> bool:
        """This message about the approval is still up as it was posted (neither deleted nor
        blanked): a pressed card may then be edited to say the decision. A blanked card is
        never edited again (it would show the child's name once more)."""
        approval = await Approval.get_or_none(id=approval_id)
        if approval is None:
            return False
        return any(c["chat"] == chat_id and c["message"] == message_id for c in _recorded(approval))

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
        claimed = None
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
            if approval.kind == ApprovalKind.CLAIM and approve:
                claimed = await self._approve_claim(approval)
        if approval.kind == ApprovalKind.CLAIM:
            return await self._claim_decided(approval, approve, actor, claimed, cover=cover)
        await self._post_record(approval.id, actor.name)
        await self._tell_decision(approval)
        if approve and self._events is not None:
            # Photos of the group posted while the person waited are looked for.
            await self._events.publish(PersonApproved(approval.person.id, approval.group.id))
        return Decided(
            DecideOutcome.DECIDED,
            approve,
            actor.name,
            await self.card_text(approval, cover=cover, by=actor.name),
        )

    async def _approve_claim(self, approval: Approval) -> Any:
        """The claimer becomes the owner (inside the decision's transaction)."""
        assert self._claims is not None, "deciding a claim needs the claims' decisions"
        return await self._claims.approve(approval)

    async def _claim_decided(
        self, approval: Approval, approve: bool, actor: audit.Actor, claimed: Any, *, cover: bool
    ) -> Decided:
        """After a claim's decision: approved, its photos go to the claimer (and the look
        back runs); rejected, the unclaimed person goes (``reject_claim``). The claimer
        hears it either way."""
        assert self._claims is not None
        card = await self.card_text(approval, cover=cover, by=actor.name)
        participant = approval.participant
        banned = participant is not None and await GroupBan.exists(
            group_id=approval.group.id, telegram_user_id=participant.telegram_user_id
        )
        if approve:
            await self._post_record(approval.id, actor.name)
            if claimed is not None:
                await self._claims.approved(claimed)
                await self.announce([a.id for a in claimed.asked])
                if participant is not None and not banned:
                    await self._tell(
                        participant,
                        lambda: texts.claimed(
                            claimed.name,
                            claimed.group,
                            claimed.photos,
                            [a.group.title for a in claimed.asked],
                            len(claimed.questions),
                            claimed.already,
                            claimed.own,
                        ),
                    )
            return Decided(DecideOutcome.DECIDED, True, actor.name, card)
        # Rejected: the cards (naming the child) and the sheets of its faces go with the
        # person; one line stays.
        await self.withdraw([approval])
        if self._events is not None:
            await self._events.publish(ClaimRejected(approval.person.id))
        chat_id = approval.group.admin_chat_id
        if chat_id is not None:
            async with speaking_to(chat_id):
                record = texts.claim_record(
                    approval.group.title,
                    approval.person.name,
                    _guardian(approval),
                    False,
                    actor.name,
                )
            try:
                await self._messenger.send_text(chat_id, record)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.warning("claim %s: rejection not recorded: %s", approval.id, error)
        if participant is not None and not banned:
            await self._tell(
                participant,
                lambda: texts.claim_rejected(approval.person.name, approval.group.title),
            )
        await self._claims.reject(approval.person.id)
        return Decided(DecideOutcome.DECIDED, False, actor.name, card)

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
        if approval.participant is not None:
            details["participant"] = str(approval.participant.id)
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
        participant = approval.participant
        if participant is None or not await Guardianship.exists(
            person_id=approval.person.id, participant_id=participant.id
        ):
            return  # no longer their guardian: nothing of this person is theirs to hear
        if await GroupBan.exists(
            group_id=approval.group.id, telegram_user_id=participant.telegram_user_id
        ):
            # Banned from the group: nothing of it reaches them, so no promise of photos
            # (and no news of its organizers' decisions).
            return
        co_guardian = approval.kind == ApprovalKind.GUARDIAN
        person, title = approval.person.name, approval.group.title
        if approval.status == ApprovalStatus.APPROVED:
            await self._tell(
                participant, lambda: texts.approved_for_guardian(person, title, co_guardian)
            )
        else:
            reason = approval.reason or ""
            await self._tell(
                participant,
                lambda: texts.rejected_for_guardian(
                    person, title, co_guardian, texts.reject_reason(reason)
                ),
            )

    async def _tell(self, participant: Participant, say: Callable[[], str]) -> None:
        """Send ``say()``, made in the participant's language."""
        with speaking_to_participant(participant):
            text = say()
        try:
            await self._messenger.send_text(participant.telegram_user_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("could not tell participant %s about an approval: %s", participant.id, error)

    async def tell_reapproved(self, event: ModerationEvent) -> None:
        """After /audit undid the rejection ``event`` (``reapprove``): tell the guardian."""
        approval_id = event.details.get("approval")
        approval = await _load(UUID(approval_id)) if approval_id else None
        if approval is not None and approval.status == ApprovalStatus.APPROVED:
            await self._post_record(approval.id)
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


# ----- the messages posted about approvals in admin chats ------------------------------


def _card(chat_id: int, message_id: int, face: bool) -> dict[str, Any]:
    return {"chat": chat_id, "message": message_id, "face": face}


def _recorded(approval: Approval) -> list[dict[str, Any]]:
    """Its messages in admin chats, as far as we know still there."""
    return list(approval.cards)


async def _add_cards(approval_id: UUID, cards: Sequence[dict[str, Any]]) -> None:
    async with in_transaction():
        locked = await Approval.select_for_update().get_or_none(id=approval_id)
        if locked is not None:
            await Approval.filter(id=approval_id).update(
                cards=[*locked.cards, *[c for c in cards if c not in locked.cards]]
            )


async def _title(approval_id: UUID) -> str:
    group = await Group.get_or_none(approvals__id=approval_id)
    return group.title if group is not None else ""


async def delete_cards(
    messenger: Messenger, cards: Sequence[dict[str, Any]], say: Callable[[], str]
) -> list[dict[str, Any]]:
    """Delete these messages from their admin chats; those that may still show what they
    showed (Telegram unavailable, or refusing both to delete and to edit them) are
    returned, to try again later.

    A message Telegram refuses to delete (past 48 hours) can still be edited: a photo
    card's face is replaced by a neutral image and its caption by ``caption`` (naming no
    one), a text card or record says ``caption`` instead. Once blanked (or gone) it names
    no one and is forgotten: it is not returned, so nothing edits it again."""
    kept = []
    for card in cards:
        async with speaking_to(card["chat"]):
            caption = say()
        try:
            deletion = await messenger.delete_message(card["chat"], card["message"])
            if deletion != Deletion.REFUSED:
                continue
            if card.get("blank"):  # recorded by older code: blanked already
                continue
            log.warning("approval message %s: Telegram refuses to delete it", card)
            photo = card.get("face") or card.get("photo")
            blanked = bool(photo) and await messenger.blank_photo(
                card["chat"], card["message"], caption
            )
            if not blanked:  # a text card, or a card recorded as a photo that is text
                blanked = await messenger.replace_text(card["chat"], card["message"], caption)
            if blanked:
                continue
        except TelegramUnavailable as error:
            log.warning("approval message %s not deleted: %s", card, error)
        kept.append(card)
    return kept


async def withdraw_person(messenger: Messenger, person_ids: Sequence[UUID]) -> None:
    """The persons are being deleted: every message naming them in an admin chat goes
    (their approvals go with them)."""
    for approval in await Approval.filter(person_id__in=list(person_ids)):
        title = await _title(approval.id)
        kept = await delete_cards(
            messenger, _recorded(approval), partial(texts.approval_card_withdrawn, title)
        )
        if kept:
            # Telegram was unavailable: a card may still show the name (and face). Keep
            # the record and come back, before the approval goes with the person.
            await Approval.filter(id=approval.id).update(cards=kept)
            raise TryAgainLater(5)
