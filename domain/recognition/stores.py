"""What recognition's services ask of the database, in their words: the ports its stores
implement (on tortoise: ``domain/infra/stores/recognition.py``; in memory, for the unit
tests of the rules they free: ``tests/fakes/recognition.py``)."""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from domain.states import FaceSource


@dataclass(frozen=True, slots=True)
class FaceState:
    """What the database says of a face, which the face index's payload follows."""

    person_id: UUID | None
    cluster_id: UUID | None


class FaceSyncStore(Protocol):
    """The database side of ``face_sync.FaceSync``: a face's truth and its outbox rows."""

    async def face(self, face_id: UUID) -> FaceState | None:
        """The face's person and cluster; None: the face is gone."""

    async def is_prototype(self, face_id: UUID) -> bool:
        """Whether the face is a prototype of its person."""

    async def drop_sync_requests(self, face_id: UUID, until: datetime) -> None:
        """Remove the face's sync requests made up to ``until`` (later ones stay)."""

    async def sync_requested(self, face_id: UUID) -> bool:
        """Whether a sync of the face is still asked for."""


@dataclass(frozen=True, slots=True)
class Chooser:
    """The person whose prototypes are chosen: gone (deleting, merged) or not, and the
    birth date that weighs a child's growth."""

    gone: bool
    birth_date: date | None


@dataclass(frozen=True, slots=True)
class KnownFace:
    """A face that may become a prototype: whose it is now, where it comes from, how good."""

    face_id: UUID
    person_id: UUID | None
    source: FaceSource
    quality: float


class PrototypeStore(Protocol):
    """The database side of ``prototype_choice.PrototypeChoice``."""

    async def asked(self, person_id: UUID) -> list[UUID]:
        """The open asks to choose the person's prototypes again, oldest first."""

    async def mark_done(self, asks: list[UUID]) -> None:
        """These asks are answered (again is harmless)."""

    async def chooser(self, person_id: UUID) -> Chooser | None:
        """The person, or None when there is no such person."""

    async def merged_into(self, person_id: UUID) -> list[UUID]:
        """The persons merged into this one, directly or through others merged into it."""

    async def prototypes(self, person_id: UUID) -> dict[UUID, bool]:
        """The person's prototypes that are faces, each with whether it is pinned (an
        enrollment prototype) rather than learned (accepted)."""

    async def confirmed(self, person_ids: list[UUID]) -> set[UUID]:
        """The faces a guardian confirmed as one of these persons, not undone: a "yes" to
        "Is this X?", a face moved to them by a guardian, a person named by an organizer
        claimed by a parent."""

    async def faces(self, face_ids: Collection[UUID]) -> list[KnownFace]:
        """These faces, those that still exist."""

    async def face_days(self, face_ids: Collection[UUID]) -> dict[UUID, date]:
        """The day each face's photo shows it."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def still_theirs(self, person_id: UUID, face_ids: Collection[UUID]) -> set[UUID]:
        """Those of these faces that are the person's now."""

    async def swap(self, person_id: UUID, dropped: list[UUID], added: list[UUID]) -> None:
        """Drop these prototypes of the person, add these as accepted ones (one already
        there stays), and ask the face index to follow all of them."""
