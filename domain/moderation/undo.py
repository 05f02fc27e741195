"""Undoing a moderation event from ``/audit``: a registry of what each action's undo does.

Each slice registers the undo of its own actions::

    @undoes(ModerationAction.BANNED)
    async def unban(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
        ...  # change the state back and audit.record(...) the opposite action,
        ...  # with details={"undoes": str(event.id)}
        return None  # or a reason key of texts.UNDO_REFUSED when the state moved on

The undoer runs inside the transaction that marks the event undone, with the group row
locked; the caller has checked that the presser may moderate the group (now). Actions with
no undoer registered show why not (``texts.CANNOT_UNDO``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import Group, ModerationEvent
from domain.moderation import approvals, audit
from domain.moderation.audit import Actor
from domain.moderation.bans import Bans, Target, UnbanOutcome
from domain.moderation.pause import Pauses
from domain.moderation.settings import GroupSettings
from domain.states import ModerationAction

# The undo of one event: None when done, else why not now (a key of texts.UNDO_REFUSED).
Undoer = Callable[[ModerationEvent, Group, Actor], Awaitable[str | None]]
_UNDOERS: dict[ModerationAction, Undoer] = {}
_DEFAULTS: set[ModerationAction] = set()


@dataclass(frozen=True, slots=True)
class Slices:
    """The services of the slices whose undos are kept below, on their stores (adapters,
    which only the composition root builds): given by it once (``serve``), before any
    undo runs."""

    bans: Bans
    pauses: Pauses
    settings: GroupSettings


_SERVED: list[Slices] = []


def serve(slices: Slices) -> None:
    """The composition root's services for the undos below (the last ones given)."""
    _SERVED[:] = [slices]


def _slices() -> Slices:
    if not _SERVED:
        raise RuntimeError("no services to undo with: the composition root calls undo.serve")
    return _SERVED[0]


def undoes(action: ModerationAction, *, default: bool = False) -> Callable[[Undoer], Undoer]:
    """Register the undo of ``action``. A ``default`` one (the trivial ones kept here) gives
    way to the owning slice's registration; two real ones for an action are a bug."""

    def register(undoer: Undoer) -> Undoer:
        if default and action in _UNDOERS:
            return undoer
        if not default and action in _UNDOERS and action not in _DEFAULTS:
            raise RuntimeError(f"two undoers for {action}")
        _UNDOERS[action] = undoer
        if default:
            _DEFAULTS.add(action)
        else:
            _DEFAULTS.discard(action)
        return undoer

    return register


class Recorded(Protocol):
    """An audit event as the rules of undoing read it (a ``ModerationEvent`` row, or the
    audit store's ``AuditEvent``)."""

    @property
    def action(self) -> ModerationAction: ...

    @property
    def details(self) -> Mapping[str, Any]: ...

    @property
    def undone_at(self) -> datetime | None: ...


def is_an_undo(event: Recorded) -> bool:
    """An event that undid another: not undone in turn (the organizer acts again)."""
    return bool(event.details.get("undoes"))


def can_undo(event: Recorded) -> bool:
    return event.undone_at is None and event.action in _UNDOERS and not is_an_undo(event)


class UndoOutcome(StrEnum):
    UNDONE = "undone"
    ALREADY = "already"  # undone before (by ``by``)
    NOT_POSSIBLE = "not_possible"  # this action cannot be undone
    REFUSED = "refused"  # the state has moved on (``reason``)
    EXPIRED = "expired"  # no such event, or not this group's


@dataclass(frozen=True, slots=True)
class UndoResult:
    outcome: UndoOutcome
    event: ModerationEvent | None = None
    by: str = ""  # who undid it, for ALREADY
    reason: str = ""  # a key of texts.UNDO_REFUSED, for REFUSED


async def undo(event_id: UUID, group: Group, actor: Actor) -> UndoResult:
    """Undo one event of ``group`` (the caller checked the actor's right). Idempotent:
    a second press says who undid it."""
    async with in_transaction():
        event = (
            await ModerationEvent.filter(id=event_id, group_id=group.id).select_for_update().first()
        )
        if event is None:
            return UndoResult(UndoOutcome.EXPIRED)
        if event.undone_at is not None:
            return UndoResult(UndoOutcome.ALREADY, event, by=await _undone_by(event, group))
        undoer = _UNDOERS.get(event.action)
        if undoer is None or is_an_undo(event):
            return UndoResult(UndoOutcome.NOT_POSSIBLE, event)
        locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
        reason = await undoer(event, locked, actor)
        if reason is not None:
            return UndoResult(UndoOutcome.REFUSED, event, reason=reason)
        event.undone_at = datetime.now(UTC)
        event.undone_by_user_id = actor.user_id
        await event.save(update_fields=["undone_at", "undone_by_user_id"])
    return UndoResult(UndoOutcome.UNDONE, event)


async def _undone_by(event: ModerationEvent, group: Group) -> str:
    later = await ModerationEvent.filter(
        group_id=group.id, created_at__gte=event.created_at
    ).order_by("created_at")
    for other in later:
        if other.details.get("undoes") == str(event.id):
            return other.actor_name
    return ""


def undo_details(event: ModerationEvent, **more: Any) -> dict[str, Any]:
    return {"undoes": str(event.id), **more}


# ----- superseded decisions --------------------------------------------------------------

# The actions that decide the same thing: a later one of them (about the same subject)
# supersedes an earlier one, whose undo would otherwise reverse the newer decision.
_BAN_DECISIONS = (ModerationAction.BANNED, ModerationAction.UNBANNED)
_PAUSE_DECISIONS = (ModerationAction.PAUSED, ModerationAction.RESUMED)


def _same_subject(event: Recorded, other: Recorded) -> bool:
    if event.action in _BAN_DECISIONS:
        return bool(other.details.get("user_id") == event.details.get("user_id"))
    return True  # a pause or a resume: the group itself


def decisions_like(event: Recorded) -> tuple[ModerationAction, ...]:
    """The actions whose later events may replace ``event`` (none: nothing replaces it)."""
    if event.action in _BAN_DECISIONS:
        return _BAN_DECISIONS
    if event.action in _PAUSE_DECISIONS:
        return _PAUSE_DECISIONS
    return ()


def replaced(event: Recorded, later: Iterable[Recorded]) -> bool:
    """Whether one of ``later`` (the group's events of ``decisions_like(event)`` recorded
    after it) decided the same subject again (the same user for a ban, the group for a
    pause): then undoing ``event`` is refused (``changed_since``)."""
    return any(_same_subject(event, other) for other in later)


async def superseded(event: ModerationEvent) -> bool:
    """Whether a later decision about the same subject replaced ``event`` (``replaced``)."""
    actions = decisions_like(event)
    if not actions:
        return False
    later = await ModerationEvent.filter(
        group_id=event.group_id,  # type: ignore[attr-defined]
        action__in=actions,
        created_at__gt=event.created_at,
    ).exclude(id=event.id)
    return replaced(event, later)


async def undoable(events: list[ModerationEvent]) -> set[UUID]:
    """Of ``events`` (one group's), those whose Undo button is worth offering: not undone,
    an undo registered, and not superseded by a later decision (``AuditView.undoable`` asks
    the same of the audit's store)."""
    return {e.id for e in events if can_undo(e) and not await superseded(e)}


# ----- the trivial undo: pausing again -------------------------------------------------------


@undoes(ModerationAction.RESUMED, default=True)
async def _pause_again(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    if group.paused_at is not None or await superseded(event):
        return "changed_since"
    group.paused_at = datetime.now(UTC)
    await group.save(update_fields=["paused_at", "updated_at"])
    await audit.record(group, ModerationAction.PAUSED, actor, details=undo_details(event))
    return None


# ----- the owning slices' undos --------------------------------------------------------------


@undoes(ModerationAction.BANNED)
async def _unban(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    user_id = event.details.get("user_id")
    if not isinstance(user_id, int) or await superseded(event):
        return "changed_since"  # e.g. unbanned and banned again since: that ban stands
    target = Target(user_id, event.subject)
    outcome = await _slices().bans.unban(group, target, actor, undoes=event.id)
    return None if outcome == UnbanOutcome.UNBANNED else "changed_since"


@undoes(ModerationAction.PAUSED)
async def _resume(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    # No job queue here: the reconcile cron queues the photos that waited (within a minute).
    if await superseded(event):
        return "changed_since"  # resumed and paused again since: that pause stands
    resumed = await _slices().pauses.resume(group, actor, None, undoes=event.id)
    return None if resumed is not None else "changed_since"


@undoes(ModerationAction.REJECTED)
async def _reapprove(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    # The guardian is told after the transaction (Approvals.tell_reapproved).
    return None if await approvals.reapprove(event, actor) is not None else "changed_since"


@undoes(ModerationAction.SETTING_CHANGED)
async def _setting_back(event: ModerationEvent, group: Group, actor: Actor) -> str | None:
    return await _slices().settings.revert(event, group, actor)
