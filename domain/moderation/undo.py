"""Undoing a moderation event from ``/audit``: what each action's undo does.

A ban is lifted, a pause resumed, a resume paused again, a rejection approved and a
setting changed back, each by its own slice's service (``Bans``, ``Pauses``,
``GroupSettings``) or store (``ApprovalStore``), recording the opposite action with
``undoes`` in its details. The change back runs inside the transaction that marks the event
undone, with the event and the group's row locked (``UndoStore``); the caller has checked
that the presser may moderate the group (now). Other actions cannot be undone and say why
not (``texts.CANNOT_UNDO``); the undo of an undo neither (the organizer acts again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from domain.delivery.stores import HeldMedia
from domain.groups.stores import GroupRef
from domain.moderation.approval_store import ApprovalStore
from domain.moderation.approvals import decision_of
from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditEvent
from domain.moderation.bans import Bans, Target, UnbanOutcome
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings
from domain.moderation.undo_store import UndoStore
from domain.states import ApprovalKind, ApprovalStatus, ModerationAction

# The actions /audit can undo (``Undo._change_back`` says how).
UNDOABLE = frozenset(
    {
        ModerationAction.BANNED,
        ModerationAction.PAUSED,
        ModerationAction.RESUMED,
        ModerationAction.REJECTED,
        ModerationAction.SETTING_CHANGED,
    }
)


class Recorded(Protocol):
    """An audit event as the rules of undoing read it (the audit store's ``AuditEvent``,
    or a row that has these)."""

    @property
    def id(self) -> UUID: ...

    @property
    def action(self) -> ModerationAction: ...

    @property
    def details(self) -> Mapping[str, Any]: ...

    @property
    def undone_at(self) -> datetime | None: ...


def is_an_undo(event: Recorded) -> bool:
    """An event that undid another: not undone in turn (the organizer acts again)."""
    return bool(event.details.get("undoes"))


def rejected_a_claim(event: Recorded) -> bool:
    """A claim's rejection: it deleted the child the claim named, so nothing is there to
    approve again (findings18 7: /audit offered an Undo that only refused)."""
    return (
        event.action == ModerationAction.REJECTED
        and event.details.get("kind") == ApprovalKind.CLAIM.value
    )


def can_undo(event: Recorded) -> bool:
    return (
        event.undone_at is None
        and event.action in UNDOABLE
        and not is_an_undo(event)
        and not rejected_a_claim(event)
    )


class UndoOutcome(StrEnum):
    UNDONE = "undone"
    ALREADY = "already"  # undone before (by ``by``)
    NOT_POSSIBLE = "not_possible"  # this action cannot be undone
    REFUSED = "refused"  # the state has moved on (``reason``)
    EXPIRED = "expired"  # no such event, or not this group's


@dataclass(frozen=True, slots=True)
class UndoResult:
    outcome: UndoOutcome
    event: AuditEvent | None = None
    by: str = ""  # who undid it, for ALREADY
    reason: str = ""  # a key of texts.UNDO_REFUSED, for REFUSED
    # A pause undone: the photos and clips posted while it was paused, handled now (as
    # /resume says them).
    waiting: HeldMedia | None = None


# ----- superseded decisions --------------------------------------------------------------

# The actions that decide the same thing: a later one of them (about the same subject)
# supersedes an earlier one, whose undo would otherwise reverse the newer decision.
_BAN_DECISIONS = (ModerationAction.BANNED, ModerationAction.UNBANNED)
_PAUSE_DECISIONS = (ModerationAction.PAUSED, ModerationAction.RESUMED)
# A later change of the same setting (its undo included) replaces an earlier one: only the
# latest change of each setting is offered an Undo that would not just refuse.
_SETTING_DECISIONS = (ModerationAction.SETTING_CHANGED,)
# A rejection is replaced by a later decision on the same approval (asked again after new
# photos, then approved or rejected again): its undo would only refuse.
_APPROVAL_DECISIONS = (ModerationAction.APPROVED, ModerationAction.REJECTED)


def _same_subject(event: Recorded, other: Recorded) -> bool:
    if event.action in _BAN_DECISIONS:
        return bool(other.details.get("user_id") == event.details.get("user_id"))
    if event.action in _SETTING_DECISIONS:
        return bool(other.details.get("setting") == event.details.get("setting"))
    if event.action in _APPROVAL_DECISIONS:
        return bool(other.details.get("approval") == event.details.get("approval"))
    return True  # a pause or a resume: the group itself


def decisions_like(event: Recorded) -> tuple[ModerationAction, ...]:
    """The actions whose later events may replace ``event`` (none: nothing replaces it)."""
    if event.action in _BAN_DECISIONS:
        return _BAN_DECISIONS
    if event.action in _PAUSE_DECISIONS:
        return _PAUSE_DECISIONS
    if event.action in _SETTING_DECISIONS:
        return _SETTING_DECISIONS
    if event.action == ModerationAction.REJECTED:
        return _APPROVAL_DECISIONS
    return ()


def replaced(event: Recorded, later: Iterable[Recorded]) -> bool:
    """Whether one of ``later`` (the group's events of ``decisions_like(event)`` recorded
    after it) decided the same subject again (the same user for a ban, the group for a
    pause, the same setting for a settings change, the same approval for a rejection):
    then undoing ``event`` is refused (``changed_since``). A later decision undone is no
    longer in force. Its undo cancels out with it when the undo decides as ``event`` did
    (the state ``event`` made is back, and its undo would act); an undo that decides
    otherwise stands as a later decision: the approval made by undoing a later rejection
    replaces an earlier rejection of the same approval (findings19 1)."""
    later = list(later)
    ids = {str(each.id) for each in later}
    undone_since = {str(other.details["undoes"]) for other in later if is_an_undo(other)}
    standing = [
        other
        for other in later
        if str(other.id) not in undone_since
        and not (
            is_an_undo(other)
            and other.action == event.action
            and str(other.details["undoes"]) in ids
        )
    ]
    return any(_same_subject(event, other) for other in standing)


# ----- the service ---------------------------------------------------------------------------


class Undo:
    """/audit's Undo button: one event of a group undone once, by the slice it belongs to
    (built once by the composition root, with the services and stores it undoes with)."""

    def __init__(
        self,
        store: UndoStore,
        bans: Bans,
        pauses: Pauses,
        settings: GroupSettings,
        approvals: ApprovalStore,
    ) -> None:
        self._store = store
        self._bans = bans
        self._pauses = pauses
        self._settings = settings
        self._approvals = approvals

    async def event(self, event_id: UUID) -> AuditEvent | None:
        """The event an Undo button names, as recorded; None: no such event (any more)."""
        return await self._store.event(event_id)

    async def undo(self, event_id: UUID, group: GroupRef, actor: Actor) -> UndoResult:
        """Undo one event of ``group`` (the caller checked the actor's right). Idempotent:
        a second press says who undid it."""
        async with self._store.transaction():
            event = await self._store.lock(event_id, group.id)
            if event is None:
                return UndoResult(UndoOutcome.EXPIRED)
            if event.undone_at is not None:
                return UndoResult(UndoOutcome.ALREADY, event, by=await self._store.undone_by(event))
            if event.action not in UNDOABLE or is_an_undo(event) or rejected_a_claim(event):
                return UndoResult(UndoOutcome.NOT_POSSIBLE, event)
            await self._store.lock_group(group.id)
            changed = await self._change_back(event, group, actor)
            if isinstance(changed, str):
                return UndoResult(UndoOutcome.REFUSED, event, reason=changed)
            await self._store.mark_undone(event.id, actor)
        return UndoResult(UndoOutcome.UNDONE, event, waiting=changed)

    async def _superseded(self, event: AuditEvent) -> bool:
        """Whether a later decision about the same subject replaced ``event``."""
        actions = decisions_like(event)
        return bool(actions) and replaced(event, await self._store.later(event, actions))

    async def _change_back(
        self, event: AuditEvent, group: GroupRef, actor: Actor
    ) -> str | HeldMedia | None:
        """The state before ``event`` back, recorded as its undo (inside the undo's
        transaction); None when done (a pause undone: what waited while it was paused),
        else why not now (a key of ``texts.UNDO_REFUSED``: "changed_since" when the state
        moved on)."""
        match event.action:
            case ModerationAction.BANNED:
                user_id = event.details.get("user_id")
                if not isinstance(user_id, int) or await self._superseded(event):
                    return "changed_since"  # e.g. unbanned and banned again since
                # recorded before a name-less ban kept no name: "user <id>", in English
                legacy = event.subject == f"user {user_id}"
                target = Target(user_id, "" if legacy else event.subject)
                lifted = await self._bans.unban(group, target, actor, undoes=event.id)
                return None if lifted == UnbanOutcome.UNBANNED else "changed_since"
            case ModerationAction.PAUSED:
                if await self._superseded(event):
                    return "changed_since"  # resumed and paused again since
                # No job queue here: the reconcile cron queues the photos that waited
                # (within a minute).
                resumed = await self._pauses.resume(group, actor, None, undoes=event.id)
                return resumed if resumed is not None else "changed_since"
            case ModerationAction.RESUMED:
                if await self._superseded(event):
                    return "changed_since"
                paused = await self._pauses.pause(group, actor, undoes=event.id)
                return None if paused else "changed_since"
            case ModerationAction.REJECTED:
                return await self._reapprove(event, actor)
            case ModerationAction.SETTING_CHANGED:
                if await self._superseded(event):
                    return "changed_since"  # changed again since, if back to the same value
                return await self._settings.revert(event, group, actor)
        return "changed_since"  # not in UNDOABLE: never asked

    async def _reapprove(self, event: AuditEvent, actor: Actor) -> str | None:
        """The rejection undone: the approval is approved now, unless it is no longer
        rejected (or gone). The guardian is told after the transaction
        (``Approvals.tell_reapproved``)."""
        approval_id = event.details.get("approval")
        case = await self._approvals.lock(UUID(str(approval_id))) if approval_id else None
        if case is None or case.status != ApprovalStatus.REJECTED:
            return "changed_since"
        asker_id = case.asker.id if case.asker is not None else None
        decision = decision_of(
            case.id, case.kind, case.person_id, asker_id, True, "", actor, undoing=event.id
        )
        await self._approvals.record_decision(case, decision)
        return None
