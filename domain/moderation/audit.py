"""The audit of what organizers did to a group (``ModerationEvent``), for ``/audit``.

Every moderation action and every settings change is recorded here, in the same
transaction as the change it describes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.infra.models import Group, ModerationEvent
from domain.moderation.texts import ANONYMOUS_ADMIN_NAME
from domain.states import ModerationAction


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: a Telegram user, or an anonymous admin (``user_id`` None)."""

    user_id: int | None
    name: str


# Recorded in English; shown in the reader's language (``texts.actor_name``).
ANONYMOUS_ADMIN = Actor(user_id=None, name=ANONYMOUS_ADMIN_NAME)


async def record(
    group: Group,
    action: ModerationAction,
    actor: Actor,
    subject: str = "",
    details: dict[str, Any] | None = None,
) -> ModerationEvent:
    return await ModerationEvent.create(
        group=group,
        action=action,
        actor_user_id=actor.user_id,
        actor_name=actor.name[:255],
        subject=subject[:255],
        details=details or {},
    )


async def recent(
    groups: Sequence[Group], limit: int = 20, until: datetime | None = None
) -> list[ModerationEvent]:
    """The newest events of these groups (recorded by ``until``, when given), newest first."""
    events = ModerationEvent.filter(group_id__in=[g.id for g in groups])
    if until is not None:
        events = events.filter(created_at__lte=until)
    return await events.order_by("-created_at").limit(limit).prefetch_related("group")
