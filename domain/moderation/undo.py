"""What ``/audit`` may undo: for each kind of moderation event, the function that undoes
it. It returns False when there is nothing left to undo (undone already, or the state
changed since); events of kinds not here cannot be undone, and the card says so."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.infra.models import ModerationEvent
from domain.moderation import bans, pause
from domain.moderation.audit import Actor
from domain.states import ModerationAction

Undo = Callable[[ModerationEvent, Actor], Awaitable[bool]]

UNDO: dict[ModerationAction, Undo] = {
    ModerationAction.BANNED: bans.undo_ban,  # -> unban
    ModerationAction.PAUSED: pause.undo_pause,  # -> resume (the reconcile cron queues the photos)
}
