"""The reconcile cron's store in memory (``domain.jobs.reconcile.ReconcileStore``): what a
test says is unfinished, the sends under way since when, the requests done since when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.states import RequestKind


@dataclass
class MemoryReconcileStore:
    unfinished: dict[str, list[UUID]] = field(default_factory=dict)  # method -> ids
    syncs: set[UUID] = field(default_factory=set)
    requests: list[tuple[RequestKind, str]] = field(default_factory=list)  # open ones
    sending_since: dict[UUID, datetime] = field(default_factory=dict)
    failed: dict[UUID, str] = field(default_factory=dict)
    done_at: dict[UUID, datetime] = field(default_factory=dict)  # done requests

    async def photos_to_recognize(self) -> list[UUID]:
        return self.unfinished.get("photos", [])

    async def deliveries_to_send(self) -> list[UUID]:
        return self.unfinished.get("deliveries", [])

    async def enrollment_photos_to_check(self) -> list[UUID]:
        return self.unfinished.get("enrollment_photos", [])

    async def album_notes_owed(self) -> list[UUID]:
        return self.unfinished.get("albums", [])

    async def persons_to_index(self) -> list[UUID]:
        return self.unfinished.get("indexing", [])

    async def persons_to_delete(self) -> list[UUID]:
        return self.unfinished.get("deleting", [])

    async def questions_to_send(self) -> list[UUID]:
        return self.unfinished.get("questions", [])

    async def faces_to_sync(self) -> set[UUID]:
        return self.syncs

    async def chats_owed_copies(self) -> list[int]:
        return []

    async def open_requests(self) -> list[tuple[RequestKind, str]]:
        return list(dict.fromkeys(self.requests))

    async def abandon_sends(self, started_before: datetime, error: str) -> int:
        stale = [d for d, since in self.sending_since.items() if since < started_before]
        for delivery in stale:
            del self.sending_since[delivery]
            self.failed[delivery] = error
        return len(stale)

    async def tidy_requests(self, done_before: datetime) -> int:
        old = [r for r, at in self.done_at.items() if at < done_before]
        for request in old:
            del self.done_at[request]
        return len(old)
