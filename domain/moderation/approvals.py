"""Approvals: in a group that requires them, a new person (and a new co-guardian) waits for
an organizer's decision, per group, before anything of that group reaches them.

- Asked (``ask_*``, beside the approvals' adapter: domain/infra/stores/moderation_approvals.py)
  by the other capabilities' adapters, in the same transaction as the change that needs
  them: a person's first enrollment, a co-guardian accepting an invitation, a guardian
  joining a group, a parent's claim.
- A card goes to the group's admin chat (the person's name, the guardian's Telegram name
  and the one enrollment face crop kept, the person's cover); with no admin chat linked
  the approval waits, and its card is posted when one is (``post_waiting``).
- Pending and rejected persons match nothing in that group; a pending or rejected
  co-guardian receives nothing from it (``blocked_persons``, ``blocked_guardians``, beside
  the face changes' adapter, domain/infra/stores/assignments.py: the stores of the
  capabilities that need them ask them in their own queries).
- An organizer decides (``decide``), re-checked by the caller at every press; the
  guardian is told (unless the group banned them), and the decision is an audit event
  that names no one (ids in its details). An approval (or /audit's undo of a rejection)
  looks back: the photos posted while the person or co-guardian waited are looked for and
  offered to its guardians, never sent unasked (``PersonApproved``, earlier photos).
- A rejected person's guardians who add photos to it ask its organizers again
  (``ask_again``, called by enrollment's adapter): pending once more, with a new card; its
  guardians' rejection message says so. A rejected co-guardian's decision stands (a
  co-guardian who leaves and comes back is not asked again): only /audit's undo changes it.
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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from domain.blobs import BlobStore
from domain.errors import BlobNotFound
from domain.events import (
    ClaimRejected,
    EventBus,
    GuardianshipEnded,
    PersonApproved,
    PersonRejected,
    PersonRenamed,
    PersonsMerged,
    UnclaimedPersonsGoing,
)
from domain.groups.service import Groups
from domain.languages.chats import speaking_to, speaking_to_participant
from domain.moderation import texts
from domain.moderation.approval_rules import GONE_GUARDIAN, Withdrawn
from domain.moderation.approval_store import (
    ApprovalCase,
    ApprovalStore,
    Asker,
    Card,
    ClaimTold,
    Decision,
)
from domain.moderation.audit import Actor
from domain.moderation.takedown_store import PhotoGroup
from domain.retry import TryAgainLater
from domain.states import (
    ApprovalKind,
    ApprovalStatus,
    WaitingSaid,
)
from domain.telegram import (
    Button,
    ChatMigrated,
    ChatUnavailable,
    DecideApproval,
    Deletion,
    Edit,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
# Why organizers may reject each kind of approval: (code, button, what its asker is told).
REASONS_OF = {
    ApprovalKind.PERSON: texts.REJECT_REASONS,
    ApprovalKind.GUARDIAN: texts.GUARDIAN_REJECT_REASONS,
    ApprovalKind.CLAIM: texts.CLAIM_REJECT_REASONS,
}


# ----- cards, decisions and telling the guardian ---------------------------------------


class _NothingToApprove(Exception):
    """A claim's approval found nothing to approve: its transaction is rolled back."""


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


def _subject(kind: ApprovalKind) -> str:
    """The audit event's subject: what was decided, naming no one (the audit outlives the
    names: the ids are in its details)."""
    if kind == ApprovalKind.CLAIM:
        return "a claim of a named child"
    return "a new co-guardian" if kind == ApprovalKind.GUARDIAN else "a new person"


def decision_of(
    approval_id: UUID,
    kind: ApprovalKind,
    person_id: UUID,
    asker_id: UUID | None,
    approve: bool,
    reason: str,
    actor: Actor,
    undoing: UUID | None = None,
) -> Decision:
    """An organizer's decision on an approval, and what its audit event says (ids only);
    ``undoing``: the rejection /audit undoes."""
    details: dict[str, str] = {
        "approval": str(approval_id),
        "kind": kind.value,
        "person": str(person_id),
    }
    if asker_id is not None:
        details["participant"] = str(asker_id)
    if not approve:
        details["reason"] = reason
    if undoing is not None:
        details["undoes"] = str(undoing)
    status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    return Decision(status, "" if approve else reason, actor, _subject(kind), details)


def _person(case: ApprovalCase) -> str:
    """The person asked about as the admin chat names it now: merged since into another
    person, it says into whom, named as that one is now."""
    if case.merged_into:
        return texts.merged_person(case.person_name, case.merged_into)
    return case.person_name


def _claimed(case: ApprovalCase) -> str:
    """The child a claim named, as its card says it: the name given (its merge into the
    parent's own child, "it's my Itai", is the card's own sentence)."""
    return case.person_name if case.claimed_into else _person(case)


def _claimed_text(name: str, group_title: str, told: ClaimTold, into: bool) -> str:
    """What told the claimer their claim was approved, of the child ``name`` (``into``: the
    faces are a child of theirs, "the faces you saw are Sara's now")."""
    return texts.claimed(
        name,
        group_title,
        told.photos,
        told.waiting,
        told.one_by_one,
        told.already,
        told.own,
        told.clips,
        told.already_clips,
        told.own_clips,
        into,
    )


async def _say_claimed_again(messenger: Messenger, case: ApprovalCase) -> None:
    """An approved claim's message to the claimer names the child as it stands now: renamed,
    by the new name; merged since into another child, that one ("the faces you saw are
    Sara's now", as a claim into Sara says). Best effort."""
    told, asker = case.claim_told, case.asker
    if told is None or asker is None or not case.approved:
        return  # none sent, or the claimer used /forget (which said it in the past)
    name = case.claimed_into or case.merged_into or case.person_name
    with speaking_to_participant(asker):
        text = _claimed_text(
            name, case.group.title, told, bool(case.claimed_into or case.merged_into)
        )
    try:
        await messenger.replace_text(told.chat_id, told.message_id, text)
    except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
        log.info("claim %s: its approval's message left as it was: %s", case.id, error)


def _guardian(case: ApprovalCase) -> str:
    if case.asker is None:
        return texts.guardian_forgotten()
    return texts.guardian_label(case.asker.first_name, case.asker.username)


class ClaimDecisions(Protocol):
    """What an organizers' decision on a claim does (``domain.claims.service``, given by
    the composition root: the claims service asks its approvals of this module)."""

    async def approve(self, approval_id: UUID) -> Any:
        """Inside the decision's transaction (the approval locked); None when there is
        nothing to approve."""

    async def approved(self, result: Any) -> None:
        """After the transaction: what ``approve`` planned (photos, prototypes)."""

    async def reject(self, person_id: UUID) -> None: ...


class Reapproved(Protocol):
    """The rejection /audit undid, as its audit event says (a row, or a store's plain
    data of one)."""

    @property
    def details(self) -> Mapping[str, Any]: ...


async def _waits_since_merged(store: ApprovalStore, case: ApprovalCase) -> bool:
    """Whether a person approved here waits for its organizers again since a merge: merged
    with one not approved here, or into one (its record says so: issue 32)."""
    if not case.approved or case.kind != ApprovalKind.PERSON:
        return False
    return await store.person_blocked_in(case.group.id, case.merged_into_id or case.person_id)


def _record(case: ApprovalCase, by: str, *, waits: bool = False) -> str:
    """The one line a decided approval leaves in the admin chat (``by`` "": an organizer,
    said in the chat's language; ``waits``: ``_waits_since_merged``)."""
    by = by or texts.an_organizer()
    if case.kind == ApprovalKind.CLAIM and case.asker is None and case.approved:
        # The claimer used /forget: no longer "the guardian of Sam now" (findings24 11).
        return texts.claim_record_forgotten(case.group.title, _person(case), by)
    if case.kind == ApprovalKind.CLAIM:
        return texts.claim_record(
            case.group.title,
            _claimed(case),
            _guardian(case),
            case.approved,
            by,
            case.claimed_into,
        )
    record = texts.approval_record(
        case.group.title,
        case.kind == ApprovalKind.GUARDIAN,
        _person(case),
        _guardian(case),
        case.approved,
        by,
        texts.recorded_reason(case.reason),
    )
    if waits:
        record += "\n" + texts.approved_record_waits(case.person_name, case.merged_into)
    return record


def _card(chat_id: int, message_id: int, face: bool) -> Card:
    return {"chat": chat_id, "message": message_id, "face": face}


def _only(cards: list[Card], _recorded: list[Card]) -> list[Card]:
    return cards


class GuardianNotices(Protocol):
    """Where the notices that a co-guardian gets a person's photos are kept, for their
    /forget to make true (``domain.privacy.notices.Notices``)."""

    async def guardian(self, chat_id: int, message_id: int, person_ids: Collection[UUID]) -> None:
        """Told the user in ``chat_id`` that they are a guardian of these persons."""

    async def ready(self, chat_id: int, message_id: int, person_ids: Collection[UUID]) -> None:
        """Told the user in ``chat_id`` that these persons' photos come now (made true at
        "Forget faces" too)."""

    async def approved(
        self, chat_id: int, message_id: int, person_id: UUID, group_id: UUID, *, co_guardian: bool
    ) -> None:
        """Told the user in ``chat_id`` that the group's organizers approved the person (or
        the user as its guardian) and its photos from there come from now on (said apart
        while the user, or I, are away from the group)."""

    async def guarded_by(
        self, chat_id: int, message_id: int, user_id: int, person_ids: Collection[UUID]
    ) -> None:
        """Told another guardian that the user ``user_id`` guards these persons too."""

    async def guardian_again(self, messenger: Messenger, person_id: UUID) -> None:
        """A guardianship of the person began: a guardian's "Since then you are no longer
        a guardian of anyone here…" says it in the past."""

    async def unsaid(self, chat_id: int, message_id: int) -> None:
        """The message no longer says they get the photos: nothing of it to make true."""


class ShownAudits(Protocol):
    """The /audit lists shown in the admin chats (``audit_view.AuditView``)."""

    async def refresh_shown(self, messenger: Messenger, group_ids: list[UUID]) -> None:
        """Every /audit of these groups still shown says what is true now."""


async def card_text(store: ApprovalStore, case: ApprovalCase, *, cover: bool, by: str = "") -> str:
    """The text of an approval's card as it stands now (decided: with its decision)."""
    if case.kind == ApprovalKind.CLAIM and case.claimed_into_gone:
        # "It's my Itai", Itai deleted since: nothing to approve (issue 32: the card still
        # named Itai, and its Approve only said "expired").
        text = texts.claim_card_into_gone(case.group.title, case.person_name, _guardian(case))
    elif case.kind == ApprovalKind.CLAIM:
        text = texts.claim_card(
            case.group.title, _claimed(case), _guardian(case), case.claimed_into
        )
    else:
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        text = texts.approval_card(
            case.group.title,
            co_guardian,
            _person(case),
            _guardian(case),
            cover,
            # The child itself not approved there: approving a guardian sends nothing
            # (findings26 10: the card did not say the child was rejected there).
            person_blocked=co_guardian
            and await store.person_blocked_in(case.group.id, case.person_id),
        )
    if case.status != ApprovalStatus.PENDING:
        text += texts.approval_decided(
            case.approved,
            by or await store.decider(case) or texts.an_organizer(),
            texts.recorded_reason(case.reason),
        )
    return text


class Approvals:
    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        store: ApprovalStore,
        events: EventBus | None = None,
        claims: ClaimDecisions | None = None,
        groups: Groups | None = None,
        notices: GuardianNotices | None = None,
        audits: ShownAudits | None = None,
    ) -> None:
        self._messenger = messenger
        # Redrawn when a rejection they list is asked again (None: not kept true here).
        self._audits = audits
        # Where the notices that a co-guardian gets the photos are, for their /forget to
        # make true (None: not kept here).
        self._notices = notices
        self._groups = groups  # follows an admin chat become a supergroup (None: not here)
        self._blobs = blobs
        self._store = store
        # Tells what was decided (a person approved, a claim rejected) to the capabilities
        # that react (``domain.composition.reactions``); None: nobody decides here.
        self._events = events
        self._claims = claims  # decides claims (None: no claim is decided here)

    async def _decider(self, case: ApprovalCase) -> str:
        """Who decided an approval, from its audit event ("": no name is known, and the
        line says "an organizer" in the language it is written in: findings27 10)."""
        return await self._store.decider(case) or ""

    async def card_text(self, case: ApprovalCase, *, cover: bool, by: str = "") -> str:
        return await card_text(self._store, case, cover=cover, by=by)

    async def _cover(self, case: ApprovalCase) -> bytes | None:
        if case.cover_face_id is None:
            return None
        key = await self._store.cover_key(case.cover_face_id)
        if not key:
            return None
        try:
            return await self._blobs.get(key)
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
            if self._groups is None:
                raise
            await self._groups.migrated(migrated.old_chat_id, migrated.new_chat_id)
            return await self._post_card(approval_id, follow=False)

    async def _post_card(self, approval_id: UUID, *, follow: bool = True) -> bool:
        case = await self._store.approval(approval_id)
        if case is None or case.status != ApprovalStatus.PENDING:
            return False
        chat_id = case.group.admin_chat_id
        if chat_id is None or not case.group.is_active:
            return False
        cover = await self._cover(case)
        async with speaking_to(chat_id):
            text = await self.card_text(case, cover=cover is not None)
            buttons = decide_buttons(case.id, approvable=not case.claimed_into_gone)
        try:
            if cover is not None:
                message_id = await self._messenger.send_photo(chat_id, cover, text, buttons)
            else:
                message_id = await self._messenger.send_text(chat_id, text, buttons)
        except ChatMigrated:
            if follow:
                raise
            log.warning("approval card %s not posted: %s upgraded twice?", case.id, chat_id)
            return False
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            # Kept pending without a card: /pending in the admin chat posts it again.
            log.warning("approval card %s not posted to %s: %s", case.id, chat_id, error)
            return False
        # The new card replaces the older ones (posted again by /pending, or in the chat
        # the group's admin chat moved from).
        await self._replace_cards(case.id, _card(chat_id, message_id, cover is not None))
        return True

    async def _title(self, approval_id: UUID) -> str:
        case = await self._store.approval(approval_id)
        return case.group.title if case is not None else ""

    async def _replace_cards(self, approval_id: UUID, card: Card) -> None:
        """``card`` is now the approval's only message in an admin chat: the others are
        deleted (those Telegram refuses to delete stay recorded)."""
        recorded = await self._store.change_cards(approval_id, lambda _: [card])
        older = [c for c in recorded if c != card]
        title = await self._title(approval_id)
        kept = await delete_cards(
            self._messenger, older, lambda: texts.approval_card_replaced(title)
        )
        if kept:
            await self._add_cards(approval_id, kept)

    async def _add_cards(self, approval_id: UUID, cards: Sequence[Card]) -> None:
        await self._store.change_cards(
            approval_id, lambda recorded: [*recorded, *[c for c in cards if c not in recorded]]
        )

    async def _post_record(self, approval_id: UUID, by: str = "") -> None:
        """A decided approval: one text record of the decision, without the face, in the
        admin chat, in place of its cards."""
        case = await self._store.approval(approval_id)
        if case is None or case.status == ApprovalStatus.PENDING:
            return
        chat_id = case.group.admin_chat_id
        if chat_id is None:
            await self.withdraw([case.id])
            return
        by = by or await self._decider(case)
        waits = await _waits_since_merged(self._store, case)
        async with speaking_to(chat_id):
            text = _record(case, by, waits=waits)
        try:
            message_id = await self._messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            # The card stays (its caption says the decision); its face with it.
            log.warning("approval %s: decision not recorded in %s: %s", case.id, chat_id, error)
            return
        await self._replace_cards(case.id, _card(chat_id, message_id, False))

    async def withdraw(
        self,
        approval_ids: Sequence[UUID],
        *,
        faces_only: bool = False,
        outside: int | None = None,
        why: Withdrawn | None = None,
    ) -> None:
        """Delete what was posted about these approvals in admin chats: every message, or
        only the cards that show a face (``faces_only``), or only those outside the chat
        ``outside`` (the group's admin chat moved). One too old to delete says why it went
        (``why``; those two say theirs)."""
        if faces_only:
            why = Withdrawn.FACES
        elif outside is not None:
            why = Withdrawn.MOVED

        def going(card: Card) -> bool:
            return (not faces_only or bool(card.get("face"))) and card["chat"] != outside

        for approval_id in approval_ids:
            recorded = await self._store.change_cards(
                approval_id, lambda cards: [c for c in cards if not going(c)]
            )
            goes = [c for c in recorded if going(c)]
            if not goes:
                continue
            title = await self._title(approval_id)
            kept = await delete_cards(
                self._messenger, goes, partial(texts.approval_card_withdrawn, title, why)
            )
            if kept:
                await self._add_cards(approval_id, kept)

    async def persons_deleted(
        self, person_ids: Sequence[UUID], *, why: Withdrawn = Withdrawn.DELETED
    ) -> None:
        """The persons are being deleted: every message naming them in an admin chat goes
        (their approvals go with them; one too old to delete says ``why``). Telegram
        unavailable, a card may still show the name (and face): its record is kept and the
        caller comes back (``TryAgainLater``), before the approval goes with the person."""
        await withdraw_cards_of(self._messenger, self._store, person_ids, why=why)
        # The claims still waiting whose parent said the faces are one of them ("it's my
        # Itai"): nothing is left to approve, and their cards say so.
        for case in await self._store.claims_into(person_ids):
            await redraw_cards(self._messenger, self._store, case)

    async def relinked(self, group_id: UUID) -> int:
        """The group's admin chat was linked (or moved here): what was posted about its
        approvals in another chat goes, and the pending ones are posted here."""
        group = await self._store.group(group_id)
        if group is None:
            return 0
        await self.withdraw(await self._store.of_group(group_id), outside=group.admin_chat_id)
        return await self.post_waiting(group_id)

    async def guardian_forgotten(self, approval_ids: Sequence[UUID]) -> None:
        """Their guardian used /forget: the approvals that stay (their person has other
        guardians) are shown again without that guardian's name."""
        for approval_id in approval_ids:
            case = await self._store.approval(approval_id)
            if case is None or not case.cards:
                continue
            if case.status == ApprovalStatus.PENDING:
                if not await self.post_card(approval_id):
                    # Not posted again (no admin chat now, Telegram refused): the old
                    # cards, naming that guardian, go anyway.
                    await self.withdraw([approval_id])
            else:
                await self._post_record(approval_id)

    async def decider_forgotten(self, user_id: int) -> None:
        """An organizer used /forget: the records of their decisions still in admin chats
        say who decided as the audit now does, without their name (findings22 3: "✅
        Approved by Olga." stayed under an /audit saying "Someone approved"). Best effort:
        one Telegram cannot edit stays as it was."""
        for approval_id in await self._store.decided_by(user_id):
            case = await self._store.approval(approval_id)
            if case is None or case.status == ApprovalStatus.PENDING:
                continue
            by = await self._decider(case)
            waits = await _waits_since_merged(self._store, case)
            for card in case.cards:
                if card.get("face") or card.get("photo"):
                    continue  # a card with a face: its decision replaces it, or it goes
                async with speaking_to(card["chat"]):
                    text = _record(case, by, waits=waits)
                try:
                    await self._messenger.replace_text(card["chat"], card["message"], text)
                except TelegramUnavailable as error:
                    log.info("approval record %s left as it was: %s", card, error)

    async def faces_forgotten(self, person_id: UUID) -> None:
        """The person's faces were deleted: no card shows them any more; a pending card is
        posted again, without a face."""
        cases = await self._store.of_person(person_id)
        await self.withdraw([case.id for case in cases], faces_only=True)
        for case in cases:
            if case.status == ApprovalStatus.PENDING and case.cards:
                await self.post_card(case.id)
            if case.waiting_inside:
                # "Alice is ready…" says since that her faces were deleted (its notice):
                # no decision says "ready" of her again.
                await self._store.told_inside(case.id, ())

    async def announce(self, approval_ids: Sequence[UUID], *, tell: bool = True) -> None:
        """Post the cards of new approvals, and tell each guardian what waits (a person's
        first enrollment tells it in its "ready" message instead: ``tell`` False)."""
        for approval_id in approval_ids:
            posted = await self.post_card(approval_id)
            if not tell:
                continue
            case = await self._store.approval(approval_id)
            if case is None or case.asker is None:
                continue
            told = await self._tell(case.asker, await self._waiting(case, posted))
            if told is None:
                continue
            # Redrawn at the decision, and at their /forget or the person's deletion
            # (findings27 7: "⏳ You… need the approval…" stayed as it was after both).
            chat = case.asker.telegram_user_id
            await self._store.told_waiting(case.id, (chat, told))
            if self._notices is not None:
                await self._notices.guardian(chat, told, [case.person_id])

    async def asked_again(self, approval_ids: Sequence[UUID]) -> None:
        """Rejections asked again (photos were added to the person): their new cards are
        posted, and each /audit shown of their groups no longer offers to undo the
        rejection, which would only refuse now (it changed since)."""
        await self.announce(approval_ids, tell=False)
        groups = set()
        for approval_id in approval_ids:
            case = await self._store.approval(approval_id)
            if case is not None:
                groups.add(case.group.id)
        if self._audits is not None and groups:
            await self._audits.refresh_shown(self._messenger, sorted(groups))

    async def approval_off(self, group_id: UUID) -> None:
        """The group's organizers turned approval off: what waited for them is matched
        without it (``ApprovalStatus.blocks``). Each waiting card (a claim's stays: claims
        are always checked) becomes one text record saying so, without the face or the
        buttons, and its asker hears that the photos come now (walkhe 1: the cards, and
        "I'll tell you when they decide", stayed as if nothing was matched)."""
        for case in await self._pending_but_claims(group_id):
            await self._close_card(case)
            await self._tell_approval_off(case)
        await self._approved_told_redrawn(group_id)

    async def _pending_but_claims(self, group_id: UUID) -> list[ApprovalCase]:
        """The group's approvals still pending that approval on or off changes (a claim's
        is always checked)."""
        cases = [await self._store.approval(a) for a in await self._store.of_group(group_id)]
        return [
            case
            for case in cases
            if case is not None
            and case.status == ApprovalStatus.PENDING
            and case.kind != ApprovalKind.CLAIM
        ]

    async def _close_card(self, case: ApprovalCase) -> None:
        """A pending approval no longer waits (approval is off): its cards give way to a
        record that says so."""
        if not case.cards:
            return  # never posted: nothing shows it
        chat_id = case.group.admin_chat_id
        if chat_id is None:
            await self.withdraw([case.id])
            return
        async with speaking_to(chat_id):
            text = _approval_off_text(case)
        try:
            message_id = await self._messenger.send_text(chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.warning("approval %s: approval off not recorded in %s: %s", case.id, chat_id, error)
            await self.withdraw([case.id])
            return
        await self._replace_cards(case.id, _card(chat_id, message_id, False))

    async def in_chat_language(self, group_id: UUID, *, requires_approval: bool) -> None:
        """The group's language was switched, and its admin chat's with it: its approvals'
        messages there say them in it (walk33 5), each as it stands: a card waiting, with
        its face and buttons; the record that replaced one when approval was turned off
        (``requires_approval``: on now, or not); a decided one's record. Best effort, as
        a rename's redraw (``redraw_pending``)."""
        for approval_id in await self._store.of_group(group_id):
            case = await self._store.approval(approval_id)
            if case is None or not case.cards:
                continue
            if case.status != ApprovalStatus.PENDING:
                await redraw_records(self._messenger, self._store, case)
            elif case.kind == ApprovalKind.CLAIM or requires_approval:
                await redraw_cards(self._messenger, self._store, case)
            else:
                for card in case.cards:
                    async with speaking_to(card["chat"]):
                        text = _approval_off_text(case)
                    try:
                        await self._messenger.replace_text(card["chat"], card["message"], text)
                    except TelegramUnavailable as error:
                        log.info("approval record %s left as it was: %s", card, error)

    async def _tell_approval_off(self, case: ApprovalCase) -> None:
        """The asker of an approval that no longer waits: their waiting notice says so, and
        one line says the photos come now (not to one banned, away, or whose child is not
        approved there)."""
        asker = case.asker
        if asker is None or not await self._store.still_guardian(case.person_id, asker.id):
            return
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        if case.waiting_told is not None:
            chat, message = case.waiting_told
            with speaking_to_participant(asker):
                text = texts.waited_approval_off(case.person_name, case.group.title, co_guardian)
            try:
                await self._messenger.replace_text(chat, message, text)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("waiting notice of approval %s left as it was: %s", case.id, error)
        await self._redraw_inside(
            case,
            "off",
            partial(texts.waited_approval_off, case.person_name, case.group.title, False),
        )
        if (
            await self._store.banned(case.group.id, asker.telegram_user_id)
            or not await self._store.in_group(asker.id, case.group.id)
            or await self._store.person_blocked_in(case.group.id, case.person_id)
        ):
            return
        told = await self._tell(
            asker,
            partial(texts.approval_turned_off, case.person_name, case.group.title, co_guardian),
        )
        if told is None:
            return
        # Taken back if they turn approval on again while it still waits (issue 32).
        await self._store.told_approval_off(case.id, (asker.telegram_user_id, told))
        if self._notices is not None:
            # "…from now on I'll send you…": made true at "Forget faces" too (issue 32).
            await self._notices.ready(asker.telegram_user_id, told, [case.person_id])

    async def approval_on(self, group_id: UUID) -> None:
        """The group's organizers turned approval on again: what still waited for them when
        they turned it off waits again (``ApprovalStatus.blocks``). Each card is posted
        again in the admin chat, in place of the record that said approval was off, and its
        asker's "the photos come now" is taken back, with a new "⏳" that is redrawn at
        the decision (issue 32: only /pending showed the cards, and the parents still read
        that the photos come)."""
        for case in await self._pending_but_claims(group_id):
            posted = await self.post_card(case.id)
            await self._tell_approval_on(case, posted)
        await self._approved_told_redrawn(group_id)

    async def _approved_told_redrawn(self, group_id: UUID) -> None:
        """Approval turned off or on: each "✅ approved…" told of the group's approved
        children merged with another, and their records in the admin chat, say whether
        the child waits now (issue 32: "merged with a child they haven't approved" stayed
        while approval was off)."""
        approved = []
        for approval_id in await self._store.of_group(group_id):
            case = await self._store.approval(approval_id)
            if case is None or not case.approved or case.kind != ApprovalKind.PERSON:
                continue
            if (
                case.merged_into_id is None
                and len(await self._store.named_with([case.person_id])) < 2
            ):
                continue  # merged with none: approval off or on changes nothing it says
            approved.append(case.person_id)
            await redraw_records(self._messenger, self._store, case)
        if approved:
            await redraw_approved_told(self._messenger, self._store, approved, changed_only=True)

    async def _tell_approval_on(self, case: ApprovalCase, posted: bool) -> None:
        """The asker of an approval that waits again: the line that said the photos come
        now says they come no more, and they are told it waits again (one told nothing
        then, banned, away or whose child is not approved there: its waiting notice says it
        waits again, in place)."""
        asker = case.asker
        if asker is None or not await self._store.still_guardian(case.person_id, asker.id):
            return
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        waits = await self._waiting(case, posted)
        await self._redraw_inside(case, "waits", lambda: waits().removeprefix("⏳ "))
        if case.approval_off_told is None:
            if case.waiting_told is not None:
                await self._replace(case, case.waiting_told, waits, asker)
            return
        await self._store.told_approval_off(case.id, None)
        chat, message = case.approval_off_told
        await self._replace(
            case,
            case.approval_off_told,
            partial(texts.approval_turned_back_on, case.person_name, case.group.title, co_guardian),
            asker,
        )
        # "… needs their approval again before I send more": redrawn at the decision
        # (walkhe4 5), as the lines that said it waits inside another are.
        await self._store.told_inside(
            case.id, [*case.waiting_inside, (chat, message, WaitingSaid.BACK_ON)]
        )
        if self._notices is not None:
            await self._notices.unsaid(chat, message)  # it no longer says the photos come
        told = await self._tell(asker, waits)
        if told is None:
            return
        await self._store.told_waiting(case.id, (asker.telegram_user_id, told))
        if self._notices is not None:
            await self._notices.guardian(asker.telegram_user_id, told, [case.person_id])

    async def _waiting(self, case: ApprovalCase, posted: bool) -> Callable[[], str]:
        """The "⏳ waiting for the organizers" text of ``case``, to be made in its asker's
        language; ``posted``: its card is in the admin chat now. A co-guardian's says so too
        where the child itself is not approved in the group."""
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        blocked = co_guardian and await self._store.person_blocked_in(case.group.id, case.person_id)
        return partial(
            texts.waiting_for_approval,
            case.person_name,
            case.group.title,
            co_guardian,
            posted or case.group.admin_chat_id is not None,
            person_blocked=blocked,
        )

    async def _replace(
        self, case: ApprovalCase, told: tuple[int, int], say: Callable[[], str], asker: Asker
    ) -> None:
        """A message told to the asker says ``say()`` now, in their language (best effort:
        one Telegram cannot edit stays as it was)."""
        with speaking_to_participant(asker):
            text = say()
        try:
            await self._messenger.replace_text(told[0], told[1], text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("message %s about approval %s left as it was: %s", told, case.id, error)

    async def reasons(self, approval_id: UUID) -> tuple[tuple[str, str, str], ...]:
        """The reasons its organizers may reject this approval for (``REASONS_OF`` its
        kind): none when it is gone."""
        case = await self._store.approval(approval_id)
        return () if case is None else REASONS_OF[case.kind]

    async def is_claim(self, approval_id: UUID) -> bool:
        """Whether the approval is of a parent's claim of a named child (its reasons are
        the claims')."""
        case = await self._store.approval(approval_id)
        return case is not None and case.kind == ApprovalKind.CLAIM

    async def card_group(self, approval_id: UUID) -> PhotoGroup | None:
        """The group an approval's card is about (its admin chat, where it is pressed)."""
        case = await self._store.approval(approval_id)
        return None if case is None else case.group

    async def any_pending(self, group_id: UUID) -> bool:
        """Whether an approval of the group waits for its organizers."""
        return bool(await self._store.pending(group_id))

    async def announce_since(self, user_id: int, since: datetime) -> None:
        """Announce the approvals this user's last action asked for (created since)."""
        await self.announce(await self._store.pending_asked_by(user_id, since))

    async def persons_asked_since(self, user_id: int, since: datetime) -> set[str]:
        """The names of the persons whose approval this user's last action asked for (their
        "⏳" announced by ``announce_since``)."""
        cases = [
            await self._store.approval(a)
            for a in await self._store.pending_asked_by(user_id, since)
        ]
        return {case.person_name for case in cases if case is not None}

    async def post_waiting(self, group_id: UUID) -> int:
        """Post the cards of every approval of the group that waits (an admin chat was just
        linked, or an organizer asked with /pending; not one approval turned off lets in);
        how many were posted."""
        pending = await self._store.pending(group_id)
        return sum([await self.post_card(approval_id) for approval_id in pending])

    async def still_posted(self, approval_id: UUID, chat_id: int, message_id: int) -> bool:
        """This message about the approval is still up as it was posted (neither deleted nor
        blanked): a pressed card may then be edited to say the decision. A blanked card is
        never edited again (it would show the child's name once more)."""
        case = await self._store.approval(approval_id)
        if case is None:
            return False
        return any(c["chat"] == chat_id and c["message"] == message_id for c in case.cards)

    async def decision(self, approval_id: UUID, *, cover: bool) -> Decided | None:
        """The decision already taken on an approval (None while it is pending)."""
        case = await self._store.approval(approval_id)
        if case is None:
            return Decided(DecideOutcome.GONE)
        if case.status == ApprovalStatus.PENDING:
            return None
        return await self._already(case, cover=cover)

    async def _already(self, case: ApprovalCase, *, cover: bool) -> Decided:
        by = await self._decider(case) or texts.an_organizer()  # to the presser
        card = await self.card_text(case, cover=cover, by=by)
        return Decided(DecideOutcome.ALREADY, case.approved, by, card)

    async def decide(
        self, approval_id: UUID, approve: bool, reason: str, actor: Actor, *, cover: bool
    ) -> Decided:
        """An organizer's decision (their right is the caller's to check, at every press).
        Decided once: a second press, or another organizer's, hears who decided."""
        claimed = None
        try:
            async with self._store.transaction():
                case = await self._store.lock(approval_id)
                if case is None:
                    return Decided(DecideOutcome.GONE)
                if case.status != ApprovalStatus.PENDING:
                    return await self._already(case, cover=cover)
                asker_id = case.asker.id if case.asker is not None else None
                decision = decision_of(
                    case.id, case.kind, case.person_id, asker_id, approve, reason, actor
                )
                case = await self._record_decision(case, decision)
                if case.kind == ApprovalKind.CLAIM and approve:
                    claimed = await self._approve_claim(case)
                    if claimed is None:
                        raise _NothingToApprove  # the decision is not recorded either
        except _NothingToApprove:
            # The claim is no longer this claimer's to approve: never "X is the guardian of
            # Jen now" of a claim that did nothing (findings13 6).
            log.info("approval %s: its claim is no longer there to approve", approval_id)
            return Decided(DecideOutcome.GONE)
        if case.kind == ApprovalKind.CLAIM:
            return await self._claim_decided(case, actor, claimed, cover=cover)
        await self._post_record(case.id, actor.name)
        if approve and case.rejected_told is not None:
            # Rejected, asked again with new photos, approved now: "wasn't approved… I won't
            # send photos" says so (walken3 1), as an /audit undo has it say.
            await self._rejection_undone(case, again=True)
        await self._tell_decision(case)
        if case.kind == ApprovalKind.PERSON:
            # The records of the approvals merged with it say whether they wait still.
            await redraw_merged_records(
                self._messenger, self._store, case.merged_into_id or case.person_id, case.id
            )
        if approve and self._events is not None:
            # Photos of the group posted while the person waited are looked for.
            await self._events.publish(PersonApproved(case.person_id, case.group.id))
        elif self._events is not None:
            # Its cards and lists no longer say it waits: it was not approved there.
            await self._events.publish(PersonRejected(case.person_id, case.group.id))
        return Decided(
            DecideOutcome.DECIDED,
            approve,
            actor.name,
            await self.card_text(case, cover=cover, by=actor.name),
        )

    async def _approve_claim(self, case: ApprovalCase) -> Any:
        """The claimer becomes the owner (inside the decision's transaction)."""
        assert self._claims is not None, "deciding a claim needs the claims' decisions"
        return await self._claims.approve(case.id)

    async def _claim_decided(
        self, case: ApprovalCase, actor: Actor, claimed: Any, *, cover: bool
    ) -> Decided:
        """After a claim's decision: approved, its photos go to the claimer (and the look
        back runs); rejected, the unclaimed person goes (``reject_claim``). The claimer
        hears it either way."""
        assert self._claims is not None
        card = await self.card_text(case, cover=cover, by=actor.name)
        asker = case.asker
        if asker is not None:
            await self._claim_waited(case, asker)
        banned = asker is not None and await self._store.banned(
            case.group.id, asker.telegram_user_id
        )
        if case.approved:
            await self._post_record(case.id, actor.name)
            if claimed is not None:
                # Told first: "Tom is yours now. I'll ask you about each face" comes before
                # the questions and photos it announces (queued by ``approved``).
                if asker is not None and not banned:
                    said = ClaimTold(
                        asker.telegram_user_id,
                        0,
                        claimed.photos,
                        tuple(a.group.title for a in claimed.asked),
                        len(claimed.questions),
                        claimed.already,
                        claimed.own,
                        claimed.clips,
                        claimed.already_clips,
                        claimed.own_clips,
                    )
                    told = await self._tell(
                        asker,
                        partial(_claimed_text, claimed.name, claimed.group, said, claimed.into),
                    )
                    if told is not None:
                        # Said again with the child as now at a rename or a merge.
                        await self._store.told_claimed(case.id, replace(said, message_id=told))
                    # "Sam is yours now… I'll look for more": made true at their /forget
                    # or Sam's deletion (findings26 6, findings27 8).
                    if told is not None and self._notices is not None:
                        await self._notices.guardian(
                            asker.telegram_user_id, told, [claimed.person_id]
                        )
                await self._claims.approved(claimed)
                if self._notices is not None:  # no longer "a guardian of no one" (walk35 2)
                    await self._notices.guardian_again(self._messenger, claimed.person_id)
                await self.announce([a.id for a in claimed.asked])
            return Decided(DecideOutcome.DECIDED, True, actor.name, card)
        # Rejected: the cards (naming the child) and the sheets of its faces go with the
        # person; one line stays.
        await self.withdraw([case.id])
        if self._events is not None:
            await self._events.publish(ClaimRejected(case.person_id))
        chat_id = case.group.admin_chat_id
        if chat_id is not None:
            async with speaking_to(chat_id):
                record = texts.claim_record(
                    case.group.title, _person(case), _guardian(case), False, actor.name
                )
            try:
                await self._messenger.send_text(chat_id, record)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.warning("claim %s: rejection not recorded: %s", case.id, error)
        if asker is not None and not banned:
            await self._tell(
                asker,
                lambda: texts.claim_rejected(
                    case.person_name,
                    case.group.title,
                    case.reason or "",
                    case.claimed_into,
                    into_gone=case.claimed_into_gone,
                ),
            )
        await self._claims.reject(case.person_id)
        return Decided(DecideOutcome.DECIDED, False, actor.name, card)

    async def claim_waits(self, approval_id: UUID, chat_id: int, message_id: int) -> None:
        """The claimer was told in this message that their claim waits for the organizers:
        redrawn at the decision (walkhe4 10)."""
        await self._store.told_waiting(approval_id, (chat_id, message_id))

    async def _claim_waited(self, case: ApprovalCase, asker: Asker) -> None:
        """The claimer's "… check claims first … I'll tell you when they decide" says what
        they decided since (best effort: one Telegram cannot edit stays as it was)."""
        if case.waiting_told is None:
            return
        await self._store.told_waiting(case.id, None)
        chat, message = case.waiting_told
        with speaking_to_participant(asker):
            text = texts.claim_waited(case.person_name, case.group.title, approved=case.approved)
        try:
            await self._messenger.replace_text(chat, message, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("waiting notice of claim %s left as it was: %s", case.id, error)

    async def _record_decision(self, case: ApprovalCase, decision: Decision) -> ApprovalCase:
        """Record a decision and its audit event (inside the caller's transaction)."""
        await self._store.record_decision(case, decision)
        log.info(
            "approval %s %s by %s",
            case.id,
            decision.status.value,
            decision.actor.user_id or "anonymous",
        )
        return replace(case, status=decision.status, reason=decision.reason)

    async def _tell_decision(self, case: ApprovalCase) -> None:
        asker = case.asker
        if asker is None or not await self._store.still_guardian(case.person_id, asker.id):
            return  # no longer their guardian: nothing of this person is theirs to hear
        await self._waited(case, asker)
        if await self._store.banned(case.group.id, asker.telegram_user_id):
            # Banned from the group: nothing of it reaches them, so no promise of photos
            # (and no news of its organizers' decisions).
            return
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        person, title = case.person_name, case.group.title
        if case.approved and case.kind == ApprovalKind.PERSON and case.merged_into_id:
            # Merged since into another: told by the name that stays (walkhe 4).
            still = await self._store.person_blocked_in(case.group.id, case.merged_into_id)
            told = await self._tell(
                asker,
                lambda: texts.approved_merged_away(person, case.merged_into, title, blocked=still),
            )
            if told is not None and self._notices is not None:
                await self._notices.guardian(asker.telegram_user_id, told, [case.person_id])
            # The kept child's own "approved" notice no longer says it waits, if it doesn't.
            await redraw_approved_told(self._messenger, self._store, [case.merged_into_id])
        elif case.approved:
            # A guardian approved for a child the organizers have not approved (or
            # rejected) there is promised nothing (findings26 10: "…from now on").
            blocked = co_guardian and await self._store.person_blocked_in(
                case.group.id, case.person_id
            )
            # Unbanned (or gone) and not back in the group yet: its photos reach them only
            # once they are, not "from now on" (issue 32).
            away = not await self._store.in_group(asker.id, case.group.id)
            told = await self._tell(
                asker,
                lambda: texts.approved_for_guardian(
                    person, title, co_guardian, person_blocked=blocked, away=away
                ),
            )
            if told is not None and not blocked and not away and not case.merged_into:
                # "…from now on": redrawn if a merge makes the child wait again (walkhe 4).
                await self._store.told_approved(case.id, (asker.telegram_user_id, told, False))
            if not co_guardian:
                # Those merged into it since no longer wait for it (issue 32: "merged since
                # into Amy, who still needs their approval" stayed).
                into = await self._store.named_with([case.person_id])
                merged = [p for p in into if p != case.person_id]
                if merged:
                    await redraw_approved_told(self._messenger, self._store, merged)
            # Kept to be made true at their /forget or the person's deletion (an owner's
            # too: findings26 7, findings27 7), and at "Forget faces" (walken3 10); "…from
            # now on" also while they, or I, are away from the group (issue 32).
            if told is not None and self._notices is not None:
                if blocked or away or case.merged_into:
                    await self._notices.ready(asker.telegram_user_id, told, [case.person_id])
                else:
                    await self._notices.approved(
                        asker.telegram_user_id,
                        told,
                        case.person_id,
                        case.group.id,
                        co_guardian=co_guardian,
                    )
        else:
            reason = case.reason
            # "Your other groups are not affected" only to one who has others (findings25
            # 12: said to a parent in one group, it read as if she had more).
            others = await self._store.in_another_group(asker.id, case.group.id)
            told = await self._tell(
                asker,
                lambda: texts.rejected_for_guardian(
                    person, title, co_guardian, reason, other_groups=others
                ),
            )
            if told is not None:
                # Redrawn if /audit undoes the rejection (issue 32: "wasn't approved"
                # stayed above the approval that followed).
                await self._store.told_rejected(case.id, (asker.telegram_user_id, told))
            # "Add clearer photos of Alice from /persons…": said in the past at their
            # /forget, or the person's deletion (issue 32: it sent them to /persons).
            if told is not None and self._notices is not None:
                await self._notices.guardian(asker.telegram_user_id, told, [case.person_id])
        if co_guardian:
            await self._tell_other_guardians(
                case, asker, away=not await self._store.in_group(asker.id, case.group.id)
            )

    async def _waited(self, case: ApprovalCase, asker: Asker) -> None:
        """The message that told the asker it waits, and those that said it inside another
        line, say what they decided since (best effort: one Telegram cannot edit stays as
        it was); a later decision (asked again, an undo) redraws them again."""
        say = partial(
            texts.waited_for_approval,
            case.person_name,
            case.group.title,
            case.kind == ApprovalKind.GUARDIAN,
            approved=case.approved,
        )
        await self._redraw_inside(case, "approved" if case.approved else "rejected", say)
        if case.waiting_told is None:
            return
        chat, message = case.waiting_told
        with speaking_to_participant(asker):
            text = say()
        try:
            await self._messenger.replace_text(chat, message, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("waiting notice of approval %s left as it was: %s", case.id, error)

    async def told_inside(
        self,
        person_id: UUID,
        chat_id: int,
        message_id: int,
        line: str,
        *,
        co_guardian: int | None = None,
    ) -> None:
        """The message ``message_id`` to the user ``chat_id`` said, inside another line
        (``line``: a ``WaitingSaid``), that the person waits for the organizers of their
        groups (``co_guardian``: that this co-guardian, the Telegram user, waits for them
        as a guardian of the person): redrawn with the "⏳" notice of each such approval
        pending, at approval off and on, and at the decision."""
        kind = ApprovalKind.PERSON if co_guardian is None else ApprovalKind.GUARDIAN
        asker = chat_id if co_guardian is None else co_guardian
        for case in await self._store.of_person(person_id):
            if (
                case.kind == kind
                and case.status == ApprovalStatus.PENDING
                and case.asker is not None
                and case.asker.telegram_user_id == asker
            ):
                told = (chat_id, message_id, line)
                await self._store.told_inside(case.id, [*case.waiting_inside, told])

    async def _redraw_inside(self, case: ApprovalCase, now: str, say: Callable[[], str]) -> None:
        await _redraw_inside(self._messenger, self._store, case, now, say)

    async def _rejection_undone(self, case: ApprovalCase, *, again: bool = False) -> None:
        """The message that told the asker of the rejection /audit undid says so now (it
        stayed "wasn't approved…" above the approval that followed: issue 32); ``again``:
        not undone, but approved once asked again with new photos (walken3 1). Best effort,
        once."""
        asker = case.asker
        if case.rejected_told is None or asker is None:
            return
        await self._store.told_rejected(case.id, None)
        if not await self._store.still_guardian(case.person_id, asker.id):
            return  # not theirs to hear of now: left as it was said
        chat, message = case.rejected_told
        with speaking_to_participant(asker):
            text = texts.rejection_undone(
                case.person_name, case.group.title, case.kind == ApprovalKind.GUARDIAN, again=again
            )
        try:
            await self._messenger.replace_text(chat, message, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("rejection notice of approval %s left as it was: %s", case.id, error)

    async def _tell_guardians_reapproved(self, case: ApprovalCase) -> None:
        """A person's rejection undone from /audit: its other guardians who get its photos
        from the group (members, approved there themselves) learn it is approved there now
        (issue 32: only the asker was told)."""
        asker_id = case.asker.id if case.asker is not None else GONE_GUARDIAN
        others: list[tuple[int, int, bool]] = []
        for other, in_group in await self._store.other_guardians(
            case.person_id, asker_id, case.group.id
        ):
            if not in_group or await self._store.guardian_blocked_in(
                case.group.id, case.person_id, other.id
            ):
                continue
            told = await self._tell(
                other,
                partial(texts.approved_for_guardian, case.person_name, case.group.title, False),
            )
            if told is None:
                continue
            # "…from now on": redrawn if a merge makes the child wait again (issue 32).
            others.append((other.telegram_user_id, told, False))
            if self._notices is not None:  # and at "Forget faces", and away (issue 32)
                await self._notices.approved(
                    other.telegram_user_id, told, case.person_id, case.group.id, co_guardian=False
                )
        if others:
            await self._store.told_approved_others(case.id, others)

    async def _tell_other_guardians(
        self, case: ApprovalCase, asker: Asker, *, away: bool = False
    ) -> None:
        """A co-guardian's decision, to the person's other guardians: they were told "I'll
        tell you when they decide" when the invitation was accepted (findings11 14);
        ``away``: the co-guardian is not in the group now (unbanned and not back, or gone),
        so an approval brings them nothing until they are (issue 32: "now gets")."""
        who, person, approved = asker.first_name, case.person_name, case.approved
        blocked = approved and await self._store.person_blocked_in(case.group.id, case.person_id)
        for other, in_group in await self._store.other_guardians(
            case.person_id, asker.id, case.group.id
        ):
            title = case.group.title if in_group else None
            told = await self._tell(
                other,
                partial(
                    texts.co_guardian_decided,
                    who,
                    person,
                    title,
                    approved=approved,
                    person_blocked=blocked,
                    away=away,
                ),
            )
            if approved and told is not None and self._notices is not None:
                await self._notices.guarded_by(
                    other.telegram_user_id, told, asker.telegram_user_id, [case.person_id]
                )

    async def _waiting_redrawn(self, case: ApprovalCase) -> None:
        """A person's rejection undone from /audit: the co-guardians still waiting for their
        own approval in the group get nothing more from it yet, so nothing new is said to
        them (their own decision is, when it comes), but their "⏳" no longer says the
        person is not approved there either (issue 32). Best effort: one Telegram cannot
        edit stays as it was."""
        for waits in await self._store.of_person(case.person_id):
            if (
                waits.kind != ApprovalKind.GUARDIAN
                or waits.status != ApprovalStatus.PENDING
                or waits.group.id != case.group.id
                or waits.waiting_told is None
                or waits.asker is None
            ):
                continue
            chat, message = waits.waiting_told
            with speaking_to_participant(waits.asker):
                text = texts.waiting_for_approval(
                    waits.person_name,
                    waits.group.title,
                    True,
                    waits.group.admin_chat_id is not None,
                )
            try:
                await self._messenger.replace_text(chat, message, text)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("waiting notice of approval %s left as it was: %s", waits.id, error)

    async def _tell(self, asker: Asker, say: Callable[[], str]) -> int | None:
        """Send ``say()``, made in the guardian's language; the message sent (None: not)."""
        with speaking_to_participant(asker):
            text = say()
        try:
            return await self._messenger.send_text(asker.telegram_user_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("could not tell participant %s about an approval: %s", asker.id, error)
            return None

    async def tell_reapproved(self, event: Reapproved) -> None:
        """After /audit undid the rejection ``event`` (``reapprove``): tell the guardian,
        and react as to an approval (the photos posted while they waited looked for, the
        person's cards no longer saying it waits)."""
        approval_id = event.details.get("approval")
        case = await self._store.approval(UUID(approval_id)) if approval_id else None
        if case is not None and case.status == ApprovalStatus.APPROVED:
            await self._post_record(case.id)
            await self._rejection_undone(case)
            await self._tell_decision(case)
            if case.kind == ApprovalKind.PERSON:
                await self._tell_guardians_reapproved(case)
                await self._waiting_redrawn(case)
            if case.kind != ApprovalKind.CLAIM and self._events is not None:
                await self._events.publish(PersonApproved(case.person_id, case.group.id))


async def delete_cards(
    messenger: Messenger, cards: Sequence[Card], say: Callable[[], str]
) -> list[Card]:
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
                blanked = (
                    await messenger.replace_text(card["chat"], card["message"], caption)
                    != Edit.REFUSED
                )
            if blanked:
                continue
        except TelegramUnavailable as error:
            log.warning("approval message %s not deleted: %s", card, error)
        kept.append(card)
    return kept


async def withdraw_cards_of(
    messenger: Messenger,
    store: ApprovalStore,
    person_ids: Sequence[UUID],
    *,
    why: Withdrawn = Withdrawn.GONE,
) -> None:
    """Every message naming these persons in an admin chat goes (they are being deleted,
    their approvals with them). Telegram unavailable, a card may still show the name (and
    face): its record is kept and ``TryAgainLater`` raised, before the approval goes with
    the person."""
    for person_id in person_ids:
        for case in await store.of_person(person_id):
            say = partial(texts.approval_card_withdrawn, case.group.title, why)
            kept = await delete_cards(messenger, case.cards, say)
            if kept:
                await store.change_cards(case.id, partial(_only, kept))
                raise TryAgainLater(5)


async def on_unclaimed_going(
    messenger: Messenger, store: ApprovalStore, event: UnclaimedPersonsGoing
) -> None:
    """Claims' unclaimed persons are about to go: the cards of their claims still waiting
    go from the admin chats (``withdraw_cards_of``)."""
    await withdraw_cards_of(messenger, store, event.person_ids)


async def on_guardianship_ended(
    messenger: Messenger,
    store: ApprovalStore,
    event: GuardianshipEnded,
    notices: GuardianNotices | None = None,
) -> None:
    """A co-guardian left the person or was removed: an approval of them still waiting, or
    rejected, decides nothing any more (findings16 3, 4: "Approve" on its card, or /audit's
    Undo of its rejection, announced "✅ Approved by Olga" of a guardianship gone): its
    messages go from the admin chats (best effort) and it is forgotten, so such a press
    finds nothing to decide. One approved stays: its record says what was decided then.
    The co-guardian's own "⏳ … need the approval" of one still waiting says they are no
    longer a guardian (issue 32: it still said it waits); ``notices`` forgets it (their
    /forget would say they were a guardian until then)."""
    gone = [
        case
        for case in await store.of_person(event.person_id)
        if case.kind == ApprovalKind.GUARDIAN
        and case.asker is not None
        and case.asker.id == event.participant_id
        and case.status != ApprovalStatus.APPROVED
    ]
    for case in gone:
        await delete_cards(
            messenger, case.cards, partial(texts.approval_card_withdrawn, case.group.title)
        )
        if case.status == ApprovalStatus.PENDING and case.asker is not None:
            await _waited_no_more(messenger, case, case.asker, notices)
    if gone:
        await store.forget([case.id for case in gone])


async def _waited_no_more(
    messenger: Messenger, case: ApprovalCase, asker: Asker, notices: GuardianNotices | None
) -> None:
    """The co-guardian's "⏳ … need the approval" says they are no longer a guardian, so
    nothing is left to decide (best effort: one Telegram cannot edit stays as it was)."""
    if case.waiting_told is None:
        return
    chat, message = case.waiting_told
    with speaking_to_participant(asker):
        text = texts.waited_no_longer_guardian(case.person_name, case.group.title)
    try:
        await messenger.replace_text(chat, message, text)
    except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
        log.info("waiting notice of approval %s left as it was: %s", case.id, error)
    if notices is not None:
        await notices.unsaid(chat, message)


async def _redraw_inside(
    messenger: Messenger,
    store: ApprovalStore,
    case: ApprovalCase,
    now: str,
    say: Callable[[], str],
) -> None:
    """The lines that said ``case`` waits inside another say of the wait what is true
    ``now`` ("approved", "rejected", "off", "waits"), the asker's own with ``say()`` (and,
    merged since, into whom: walkhe2 4), each in its reader's language (best effort). One
    in another guardian's chat only while they guard the person (their /forget, or their
    leaving it, said it in the past)."""
    readers: set[int] = set()
    own = (WaitingSaid.READY, WaitingSaid.ADDED, WaitingSaid.BACK_ON)
    if case.asker is not None and any(line not in own for _c, _m, line in case.waiting_inside):
        others = await store.other_guardians(case.person_id, case.asker.id, case.group.id)
        readers = {other.telegram_user_id for other, _member in others}
    for chat, message, line in case.waiting_inside:
        if line not in own and chat not in readers:
            continue
        async with speaking_to(chat):
            if line == WaitingSaid.BACK_ON:
                text = texts.approval_back_on_since(
                    case.person_name, case.group.title, case.kind == ApprovalKind.GUARDIAN, now
                )
            elif line in (WaitingSaid.READY, WaitingSaid.ADDED):
                text = texts.said_inside(line, case.person_name, say())
                if case.merged_into:
                    text += " " + texts.merged_since(case.person_name, case.merged_into)
            else:
                who = case.asker.first_name if case.asker is not None else ""
                text = texts.co_guardian_request(
                    line, who or "?", case.person_name, case.group.title, now
                )
        try:
            await messenger.replace_text(chat, message, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("line about approval %s left as it was: %s", case.id, error)


async def redraw_inside_merged(
    messenger: Messenger, store: ApprovalStore, person_ids: Collection[UUID]
) -> None:
    """A merge (or its undo) of these persons: the lines that said a new person of them
    waits inside another ("Noni is ready… I'll tell you when they decide") say what stands
    now, and whom it was merged into since (walkhe2 4: "Noni is ready" stayed after Noni
    was merged into Noa)."""
    for person_id in await store.named_with(person_ids):
        for case in await store.of_person(person_id):
            if (
                case.kind != ApprovalKind.PERSON
                or not case.waiting_inside
                or case.asker is None  # their /forget said it in the past
                or not await store.still_guardian(case.person_id, case.asker.id)
            ):
                continue
            name, title = case.person_name, case.group.title
            if case.status != ApprovalStatus.PENDING:
                now = "approved" if case.approved else "rejected"
                say = partial(texts.waited_for_approval, name, title, False, approved=case.approved)
            elif await store.person_blocked_in(case.group.id, case.merged_into_id or person_id):
                now = "waits"
                admin_chat = case.group.admin_chat_id is not None
                say = partial(_waiting_said, name, title, admin_chat)
            else:
                now, say = "off", partial(texts.waited_approval_off, name, title, False)
            await _redraw_inside(messenger, store, case, now, say)


def _waiting_said(name: str, title: str, admin_chat: bool) -> str:
    """A new person's "⏳ waiting for the organizers", said inside another line."""
    return texts.waiting_for_approval(name, title, False, admin_chat).removeprefix("⏳ ")


def decide_buttons(approval_id: UUID, *, approvable: bool = True) -> list[list[Button]]:
    """A pending card's buttons (made in the admin chat's language); ``approvable`` False:
    only Reject (a claim into a child deleted since)."""
    if not approvable:
        return [[DecideApproval(approval_id, False, texts.reject_button())]]
    return [
        [
            DecideApproval(approval_id, True, texts.approve_button()),
            DecideApproval(approval_id, False, texts.reject_button()),
        ]
    ]


def _approval_off_text(case: ApprovalCase) -> str:
    """The record that replaces a waiting card once approval is turned off."""
    return texts.approval_off_record(
        case.group.title, case.kind == ApprovalKind.GUARDIAN, _person(case), _guardian(case)
    )


async def redraw_pending(
    messenger: Messenger, store: ApprovalStore, person_ids: Collection[UUID]
) -> None:
    """The cards still pending about these persons (and those merged into them) say them
    as they stand now, in place, their buttons kept: a rename or a merge since they were
    posted (fixm's leftover: "Amy" stayed on a pending card after Amy was merged into
    Alice, until decided). The records of those decided say them as now too (issue 32:
    "new person Amy" stayed after Ann renamed Amy). Best effort: one Telegram cannot edit
    stays as it was."""
    for person_id in await store.named_with(person_ids):
        for case in await store.of_person(person_id):
            if case.status != ApprovalStatus.PENDING:
                await redraw_records(messenger, store, case)
                continue
            await redraw_cards(messenger, store, case)


async def redraw_cards(messenger: Messenger, store: ApprovalStore, case: ApprovalCase) -> None:
    """A pending approval's cards say it as it stands now, in place, with its buttons (only
    Reject once there is nothing to approve). Best effort: one Telegram cannot edit stays
    as it was."""
    for card in case.cards:
        face = bool(card.get("face"))
        async with speaking_to(card["chat"]):
            text = await card_text(store, case, cover=face)
            buttons = decide_buttons(case.id, approvable=not case.claimed_into_gone)
        try:
            if face:
                await messenger.recaption(card["chat"], card["message"], text, buttons)
            else:
                await messenger.replace_text(card["chat"], card["message"], text, buttons)
        except TelegramUnavailable as error:
            log.info("approval card %s left as it was: %s", card, error)


async def redraw_records(messenger: Messenger, store: ApprovalStore, case: ApprovalCase) -> None:
    """A decided approval's messages in the admin chats say it as it stands now: its record
    (a card left with its face, where the record could not be posted: the card and its
    decision). Best effort: one Telegram cannot edit stays as it was."""
    if case.kind == ApprovalKind.CLAIM:
        await _say_claimed_again(messenger, case)
    by = await store.decider(case)
    waits = await _waits_since_merged(store, case)
    for card in case.cards:
        face = bool(card.get("face") or card.get("photo"))
        async with speaking_to(card["chat"]):
            text = (
                await card_text(store, case, cover=True, by=by)
                if face
                else _record(case, by, waits=waits)
            )
        try:
            if face:
                await messenger.recaption(card["chat"], card["message"], text)
            else:
                await messenger.replace_text(card["chat"], card["message"], text)
        except TelegramUnavailable as error:
            log.info("approval record %s left as it was: %s", card, error)


async def redraw_merged_records(
    messenger: Messenger, store: ApprovalStore, person_id: UUID, but: UUID
) -> None:
    """A decision on the person (or one merged into it): the records of the other decided
    approvals of it, and of those merged into it, say whether it waits for the organizers
    still (issue 32: "✅ Approved" stayed beside the card of a child merged into it)."""
    for named in await store.named_with([person_id]):
        for case in await store.of_person(named):
            if case.id != but and case.status != ApprovalStatus.PENDING:
                await redraw_records(messenger, store, case)


async def on_person_renamed(
    messenger: Messenger, store: ApprovalStore, event: PersonRenamed
) -> None:
    await redraw_pending(messenger, store, [event.person_id])
    await redraw_waiting_renamed(messenger, store, event.person_id)


async def redraw_waiting_renamed(
    messenger: Messenger, store: ApprovalStore, person_id: UUID
) -> None:
    """The person was renamed: what told its guardians that it, or one of them as its
    guardian, waits for a group's organizers ("⏳ Alice needs the approval of the organizers
    of Class 1A… I'll tell you when they decide.", and the lines that said so inside
    another: "Alice is ready… I'll tell you when they decide", "Carl is now also a guardian
    of Alice… once its organizers approve"), or what their decision redrew it to, says
    what stands in the new name (they kept the old one). One merged into another since is
    the merge's to say; one whose asker no longer guards it is left as it was."""
    for case in await store.of_person(person_id):
        asker = case.asker
        if (
            case.kind == ApprovalKind.CLAIM
            or case.merged_into_id is not None
            or asker is None
            or (case.waiting_told is None and not case.waiting_inside)
            or not await store.still_guardian(case.person_id, asker.id)
        ):
            continue
        name, title = case.person_name, case.group.title
        co_guardian = case.kind == ApprovalKind.GUARDIAN
        if case.status != ApprovalStatus.PENDING:
            now = "approved" if case.approved else "rejected"
            told = partial(
                texts.waited_for_approval, name, title, co_guardian, approved=case.approved
            )
            inside = partial(texts.waited_for_approval, name, title, False, approved=case.approved)
        elif case.approval_off_told is not None:  # turned off while it waited
            now = "off"
            told = partial(texts.waited_approval_off, name, title, co_guardian)
            inside = partial(texts.waited_approval_off, name, title, False)
        else:
            now = "waits"
            blocked = co_guardian and await store.person_blocked_in(case.group.id, person_id)
            told = partial(
                texts.waiting_for_approval,
                name,
                title,
                co_guardian,
                case.group.admin_chat_id is not None or bool(case.cards),
                person_blocked=blocked,
            )
            inside = partial(lambda said: said().removeprefix("⏳ "), told)
        await _redraw_inside(messenger, store, case, now, inside)
        if case.waiting_told is None:
            continue
        with speaking_to_participant(asker):
            text = told()
        try:
            await messenger.replace_text(*case.waiting_told, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("waiting notice of approval %s left as it was: %s", case.id, error)


async def on_persons_merged(
    messenger: Messenger, store: ApprovalStore, event: PersonsMerged
) -> None:
    persons = await store.of_merge(event.event_id)
    await redraw_pending(messenger, store, persons)
    await redraw_approved_told(messenger, store, persons)
    await redraw_inside_merged(messenger, store, persons)


async def redraw_approved_told(
    messenger: Messenger,
    store: ApprovalStore,
    person_ids: Collection[UUID],
    *,
    changed_only: bool = False,
) -> None:
    """A merge (or its undo) of these persons (or a decision on them): each "✅ approved…
    from now on" told of them, or of those merged into them, to the asker or by /audit's
    undo of a rejection to the person's other guardians, says whether the child waits for
    the organizers again there (merged with one not approved, or into one), or no longer
    (walkhe 4: it still promised the photos; issue 32: of a child merged into one still
    waiting, and the undo's, it did still). ``changed_only``: only those whose child's
    waiting changed since they were drawn (approval turned off or on). Best effort: one
    Telegram cannot edit stays as it was."""
    for person_id in await store.named_with(person_ids):
        for case in await store.of_person(person_id):
            if not case.approved or (
                case.merged_into_id is not None and case.kind != ApprovalKind.PERSON
            ):
                continue
            kept = case.merged_into_id or case.person_id
            blocked = await store.person_blocked_in(case.group.id, kept)
            told, asker = case.approved_told, case.asker
            if told is not None and asker is not None and not (changed_only and told[2] == blocked):
                chat, message, _said = told
                with speaking_to_participant(asker):
                    text = _approved_now(case, blocked, case.kind == ApprovalKind.GUARDIAN)
                if await _redrawn(messenger, case, chat, message, text):
                    await store.told_approved(case.id, (chat, message, blocked))
            others = []
            for chat, message, said in case.approved_told_others:
                if changed_only and said == blocked:
                    others.append((chat, message, said))
                    continue
                async with speaking_to(chat):
                    text = _approved_now(case, blocked, False)
                redrawn = await _redrawn(messenger, case, chat, message, text)
                others.append((chat, message, blocked if redrawn else said))
            if others:
                await store.told_approved_others(case.id, others)


def _approved_now(case: ApprovalCase, blocked: bool, co_guardian: bool) -> str:
    """What a "✅ approved… from now on" told of ``case`` says now (``blocked``: the child,
    or the one it was merged into since, waits for the organizers there)."""
    if case.merged_into_id is not None:
        return texts.approved_merged_away(
            case.person_name, case.merged_into, case.group.title, blocked=blocked
        )
    if blocked:
        return texts.approved_since_merged(case.person_name, case.group.title, co_guardian)
    return texts.approved_for_guardian(case.person_name, case.group.title, co_guardian)


async def _redrawn(
    messenger: Messenger, case: ApprovalCase, chat: int, message: int, text: str
) -> bool:
    try:
        await messenger.replace_text(chat, message, text)
    except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
        log.info("approval notice %s left as it was: %s", case.id, error)
        return False
    return True
