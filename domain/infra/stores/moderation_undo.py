"""/audit's undo's store (``domain.moderation.undo_store``) on tortoise and Postgres: the
event and the group's row locked in the undo's transaction, inside which the slices' own
stores make the change back (their transactions nest in it)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.infra.models import Group, ModerationEvent
from domain.infra.stores.moderation_audit import audit_event, events_after, named_by
from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditEvent
from domain.states import ModerationAction


class TortoiseUndoStore:
    """``UndoStore``: ``ModerationEvent`` rows (``undone_at``, ``undone_by_user_id``)."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def event(self, event_id: UUID) -> AuditEvent | None:
        event = await ModerationEvent.get_or_none(id=event_id)
        return None if event is None else audit_event(event)

    async def lock(self, event_id: UUID, group_id: UUID) -> AuditEvent | None:
        event = (
            await ModerationEvent.filter(id=event_id, group_id=group_id).select_for_update().first()
        )
        return None if event is None else audit_event(event)

    async def lock_group(self, group_id: UUID) -> None:
        await Group.filter(id=group_id).select_for_update(no_key=True).get()

    async def mark_undone(self, event_id: UUID, actor: Actor) -> None:
        await ModerationEvent.filter(id=event_id).update(
            undone_at=datetime.now(UTC), undone_by_user_id=actor.user_id
        )

    async def undone_by(self, event: AuditEvent) -> str:
        later = await ModerationEvent.filter(
            group_id=event.group_id, created_at__gte=event.created_at
        ).order_by("created_at")
        return named_by(later, "undoes", str(event.id))

    async def later(
        self, event: AuditEvent, actions: Collection[ModerationAction]
    ) -> list[AuditEvent]:
        return await events_after(event, actions)
