"""Undoing a moderation event from /audit: each slice registers the undo of its actions.

``UNDO[action]`` takes the event and who undoes it, changes things back (recording the
undo as an event itself) and returns what it did, in a sentence for the admin chat; an
action without an entry cannot be undone. The caller (/audit) has checked, just before,
that whoever undoes it may moderate the event's group (``Organizers.may_moderate``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.infra.models import ModerationEvent
from domain.moderation.audit import Actor
from domain.states import ModerationAction

Undo = Callable[[ModerationEvent, Actor], Awaitable[str]]
UNDO: dict[ModerationAction, Undo] = {}
