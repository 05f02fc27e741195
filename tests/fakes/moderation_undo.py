"""/audit's undo's store (``domain.moderation.undo_store``) in memory: the audit's events
(``MemoryAuditStore``'s list, oldest first) and who undid each, with the same answers the
tortoise store gives."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from uuid import UUID

from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditEvent
from tests.fakes.moderation_audit import MemoryAuditStore


@dataclass
class MemoryUndoStore(MemoryAuditStore):
    """``UndoStore``: the events a test records, and the name of who undid each (the name
    the undo's own event gives, on tortoise)."""

    undone_by_name: dict[UUID, str] = field(default_factory=dict)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        yield self

    async def event(self, event_id: UUID) -> AuditEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    async def lock(self, event_id: UUID, group_id: UUID) -> AuditEvent | None:
        event = await self.event(event_id)
        return event if event is not None and event.group_id == group_id else None

    async def lock_group(self, group_id: UUID) -> None:
        return None

    async def mark_undone(self, event_id: UUID, actor: Actor) -> None:
        event = await self.event(event_id)
        assert event is not None
        self.undone(event)
        self.undone_by_name[event_id] = actor.name

    async def undone_by(self, event: AuditEvent) -> str:
        return self.undone_by_name.get(event.id, "")
