"""The face index port: every face's embedding, searchable by similarity.

Point id = face id, so writing a face twice overwrites it. The payload carries
what searches filter on: the face's person, group and photo, and whether it is
one of its person's prototypes; and, of a prototype, which picture of its person it is
(``set_pictures``: computed where prototypes are chosen, read back with every hit so that
matching need not read the prototypes' vectors). Adapters: ``domain.infra.qdrant_index`` (a Qdrant
server, or Qdrant local mode) and ``domain.infra.edge_index`` (Qdrant Edge, the
embedded default); ``tests/integration/test_face_index_contract.py`` holds them to
the same behaviour.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.recognition.faces import Vector


@dataclass(frozen=True, slots=True)
class IndexedFace:
    face_id: UUID
    embedding: Vector
    photo_id: UUID | None = None
    group_id: UUID | None = None
    person_id: UUID | None = None
    is_prototype: bool = False
    cluster_id: UUID | None = None  # the cluster of unknown faces it is in (domain/clusters)
    picture: UUID | None = None  # which picture of its person it is (see Hit.picture)


@dataclass(frozen=True, slots=True)
class Hit:
    face_id: UUID
    score: float
    person_id: UUID | None
    photo_id: UUID | None
    group_id: UUID | None
    is_prototype: bool
    cluster_id: UUID | None = None  # the cluster of unknown faces it is in (domain/clusters)
    # Which picture of its person the prototype is (``matching.pictures_of``, as last chosen):
    # None when never set, or set for another person than the face's now (a move, a merge).
    picture: UUID | None = None


@dataclass(frozen=True, slots=True)
class FaceFilter:
    """Which points a search, count or delete applies to; unset fields match anything, an
    empty collection matches nothing."""

    person_ids: Collection[UUID] | None = None
    group_ids: Collection[UUID] | None = None
    photo_ids: Collection[UUID] | None = None
    face_ids: Collection[UUID] | None = None
    is_prototype: bool | None = None
    has_person: bool | None = None

    @property
    def matches_nothing(self) -> bool:
        """An empty id list means "none of them", never "any": answered without asking."""
        lists = (self.person_ids, self.group_ids, self.photo_ids, self.face_ids)
        return any(values is not None and len(values) == 0 for values in lists)


class FaceIndex(Protocol):
    """Stores face embeddings with their payload and finds the nearest ones."""

    async def ensure_ready(self) -> None:
        """Create the collection and its payload indexes if they are missing."""

    async def upsert(self, faces: Sequence[IndexedFace]) -> None: ...

    async def search(
        self, embedding: Vector, *, where: FaceFilter, limit: int, min_score: float | None = None
    ) -> list[Hit]: ...

    async def search_batch(
        self,
        embeddings: Sequence[Vector],
        *,
        where: FaceFilter,
        limit: int,
        min_score: float | None = None,
    ) -> list[list[Hit]]:
        """``search`` for each embedding (all faces of a photo) in one call, in order."""

    async def get(self, face_ids: Collection[UUID]) -> list[Hit]:
        """The stored payload of these faces (score 1.0); missing ids are left out."""

    async def set_person(self, face_ids: Collection[UUID], person_id: UUID | None) -> None:
        """Assign many faces to a person at once, or clear their person with None;
        ids not in the index are skipped."""

    async def set_prototype(self, face_ids: Collection[UUID], is_prototype: bool) -> None:
        """Mark faces as prototypes of their person or not; ids not in the index are skipped."""

    async def set_cluster(self, face_ids: Collection[UUID], cluster_id: UUID | None) -> None:
        """Put many faces in a cluster of unknown faces, or take them out of theirs with None;
        ids not in the index are skipped."""

    async def set_pictures(self, person_id: UUID, pictures: Mapping[UUID, UUID]) -> None:
        """Keep which picture each of these prototypes of ``person_id`` is of (face id ->
        picture id, ``matching.pictures_of``), read back as ``Hit.picture`` while the face
        stays that person's; ids not in the index are skipped."""

    async def vectors(self, face_ids: Collection[UUID]) -> dict[UUID, Vector]:
        """The stored embeddings of these faces (normalized); missing ids are left out."""

    async def count(self, where: FaceFilter) -> int: ...

    async def delete(self, where: FaceFilter) -> None:
        """Delete the matching points; a filter with no field set is refused."""

    async def scroll(
        self, *, start: UUID | None = None, limit: int = 256
    ) -> tuple[list[IndexedFace], UUID | None]:
        """Every face with its embedding and payload, a page at a time in id order: the
        page from ``start`` on (the first page when None), and the id the next page starts
        from (None after the last). For backups (``domain/backups``)."""

    async def close(self) -> None: ...
