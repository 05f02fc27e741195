"""What /audit's undo asks of the database, in its words: the port its store implements (on
tortoise: ``domain/infra/stores/moderation_undo.py``; in memory, for the unit tests of the
rules it frees: ``tests/fakes/moderation_undo.py``)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from typing import Protocol
from uuid import UUID

from domain.moderation.audit import Actor
from domain.moderation.audit_store import AuditEvent
from domain.states import ModerationAction


class UndoStore(Protocol):
    """The database side of ``undo.Undo``. An undo is one transaction: the event locked
    first, then the group's row (the lock a ban, a pause and a settings change take), the
    change back made by the slice's own store inside it, and the event marked undone; so a
    second press waits for the first and then reads the event undone."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all (the slices' stores' changes
        made inside it included)."""

    async def event(self, event_id: UUID) -> AuditEvent | None:
        """The event as recorded (any group's); None: no such event."""

    async def lock(self, event_id: UUID, group_id: UUID) -> AuditEvent | None:
        """The group's event, locked until the transaction ends (call inside one); None: no
        such event in this group."""

    async def lock_group(self, group_id: UUID) -> None:
        """The group's row locked until the transaction ends (call inside one), as a ban, a
        pause and a settings change lock it."""

    async def mark_undone(self, event_id: UUID, actor: Actor) -> None:
        """The event undone now, by ``actor`` (inside the transaction that locked it)."""

    async def undone_by(self, event: AuditEvent) -> str:
        """Who undid the event, as the event recording the undo names them ("" when none
        says)."""

    async def later(
        self, event: AuditEvent, actions: Collection[ModerationAction]
    ) -> list[AuditEvent]:
        """The group's events of these actions recorded after ``event``."""
