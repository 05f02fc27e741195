"""Undoing a moderation event from /audit: each kind of event that can be undone registers
how (``register``); the others say they cannot be.

Minimal registry written by the approvals slice (re-approve a rejection); the admin chat's
/audit reads it with ``undoable`` and runs ``undo`` after re-checking the organizer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.blobs import BlobStore
from domain.infra.models import ModerationEvent
from domain.moderation.audit import Actor
from domain.states import ModerationAction
from domain.telegram import Messenger

# (the event, who undoes it, the messenger and blobs to tell and show) -> whether undone
UndoHandler = Callable[[ModerationEvent, Actor, Messenger, BlobStore], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class Undo:
    label: str  # the button's text, e.g. "re-approve"
    handler: UndoHandler


_REGISTRY: dict[ModerationAction, Undo] = {}


def register(action: ModerationAction, label: str, handler: UndoHandler) -> None:
    _REGISTRY[action] = Undo(label, handler)


def undoable(action: ModerationAction) -> Undo | None:
    """How an event of this kind is undone; None when it cannot be."""
    return _REGISTRY.get(action)


async def undo(
    event: ModerationEvent, actor: Actor, messenger: Messenger, blobs: BlobStore
) -> bool:
    """Undo the event (the caller checked the actor may moderate its group); False when
    it cannot be undone, or no longer (already undone, or the state moved on)."""
    known = _REGISTRY.get(ModerationAction(event.action))
    return known is not None and await known.handler(event, actor, messenger, blobs)
