"""Recognition's stores (``domain.recognition.stores``) in memory: plain dicts a test fills
and reads, with the same answers the tortoise stores give."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from domain.recognition.stores import Chooser, FaceState, KnownFace
from domain.states import FaceSource


@dataclass
class MemoryFaceSyncStore:
    """``FaceSyncStore``: faces, prototypes, and the outbox's requests (face, made at)."""

    faces: dict[UUID, FaceState] = field(default_factory=dict)
    prototypes: set[UUID] = field(default_factory=set)
    requests: list[tuple[UUID, datetime]] = field(default_factory=list)

    async def face(self, face_id: UUID) -> FaceState | None:
        return self.faces.get(face_id)

    async def is_prototype(self, face_id: UUID) -> bool:
        return face_id in self.prototypes

    async def drop_sync_requests(self, face_id: UUID, until: datetime) -> None:
        self.requests = [(f, at) for f, at in self.requests if f != face_id or at > until]

    async def sync_requested(self, face_id: UUID) -> bool:
        return any(f == face_id for f, _ in self.requests)


@dataclass
class MemoryPrototypeStore:
    """``PrototypeStore``: persons, their prototypes (face: pinned), the faces guardians
    confirmed, faces and their days; ``swaps`` and ``synced`` record what was written."""

    persons: dict[UUID, Chooser] = field(default_factory=dict)
    merged: dict[UUID, list[UUID]] = field(default_factory=dict)
    prototype_faces: dict[UUID, dict[UUID, bool]] = field(default_factory=dict)
    confirmations: dict[UUID, set[UUID]] = field(default_factory=dict)
    known: dict[UUID, KnownFace] = field(default_factory=dict)
    days: dict[UUID, date] = field(default_factory=dict)
    asks: dict[UUID, list[UUID]] = field(default_factory=dict)  # person: open asks
    synced: list[UUID] = field(default_factory=list)
    swaps: list[tuple[UUID, list[UUID], list[UUID]]] = field(default_factory=list)
    # Called when a transaction opens: what another writer does meanwhile.
    meanwhile: list[Callable[[], None]] = field(default_factory=list)

    def ask(self, person_id: UUID) -> UUID:
        made = uuid4()
        self.asks.setdefault(person_id, []).append(made)
        return made

    def face(self, person_id: UUID | None, source: FaceSource, quality: float) -> UUID:
        face_id = uuid4()
        self.known[face_id] = KnownFace(face_id, person_id, source, quality)
        return face_id

    async def asked(self, person_id: UUID) -> list[UUID]:
        return list(self.asks.get(person_id, []))

    async def mark_done(self, asks: list[UUID]) -> None:
        for person_id, open_asks in self.asks.items():
            self.asks[person_id] = [a for a in open_asks if a not in asks]

    async def chooser(self, person_id: UUID) -> Chooser | None:
        return self.persons.get(person_id)

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        return list(self.merged.get(person_id, []))

    async def prototypes(self, person_id: UUID) -> dict[UUID, bool]:
        return dict(self.prototype_faces.get(person_id, {}))

    async def confirmed(self, person_ids: list[UUID]) -> set[UUID]:
        return {f for p in person_ids for f in self.confirmations.get(p, set())}

    async def faces(self, face_ids: Collection[UUID]) -> list[KnownFace]:
        return [self.known[f] for f in dict.fromkeys(face_ids) if f in self.known]

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        return {f: self.days[f] for f in face_ids if f in self.days}

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return self._transaction()

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[object]:
        while self.meanwhile:
            self.meanwhile.pop(0)()
        yield self

    async def still_theirs(self, person_id: UUID, face_ids: Collection[UUID]) -> set[UUID]:
        return {f for f in face_ids if f in self.known and self.known[f].person_id == person_id}

    async def swap(self, person_id: UUID, dropped: list[UUID], added: list[UUID]) -> None:
        mine = self.prototype_faces.setdefault(person_id, {})
        for face_id in dropped:
            mine.pop(face_id, None)
        for face_id in added:
            mine.setdefault(face_id, False)
        self.swaps.append((person_id, dropped, added))
        self.synced.extend([*dropped, *added])


@dataclass
class MemoryJobQueue:
    """``JobQueue``: the jobs queued, each once while it waits (as arq's job ids do)."""

    queued: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    async def enqueue(self, name: str, *args: str, job_id: str, delay: float | None = None) -> bool:
        if job_id in self.queued:
            return False
        self.queued[job_id] = (name, args)
        return True
