"""The audit of what organizers did to a group, for ``/audit``: who acted.

Every moderation action and every settings change is recorded in the same transaction as
the change it describes, by the one writer of the audit's rows
(``ModerationEvent.record``, in the adapters layer: the stores' adapters call it inside
their transactions); ``/audit`` reads them through its store (``audit_store``).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.moderation.texts import ANONYMOUS_ADMIN_NAME


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: a Telegram user, or an anonymous admin (``user_id`` None)."""

    user_id: int | None
    name: str


# Recorded in English; shown in the reader's language (``texts.actor_name``).
ANONYMOUS_ADMIN = Actor(user_id=None, name=ANONYMOUS_ADMIN_NAME)
