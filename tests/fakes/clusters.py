"""The clusters' store (``domain.clusters.stores``) in memory: faces with their photo, group,
holder and cluster, the clusters of each group, and when each group was last grouped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID, uuid4

from domain.clusters.stores import Placed, UnknownFace


@dataclass(frozen=True, slots=True)
class StoredFace:
    photo_id: UUID
    group_id: UUID
    person_id: UUID | None = None
    cluster_id: UUID | None = None
    taken_down: bool = False


@dataclass
class MemoryClusterStore:
    faces: dict[UUID, StoredFace] = field(default_factory=dict)
    clusters: dict[UUID, UUID] = field(default_factory=dict)  # cluster: group
    grouped_at: dict[UUID, datetime] = field(default_factory=dict)

    def hold(self, face_id: UUID, person_id: UUID) -> None:
        """Somebody holds the face now (a guardian's answer, an assignment)."""
        self.faces[face_id] = replace(self.faces[face_id], person_id=person_id)

    def cluster_of(self, face_id: UUID) -> UUID | None:
        return self.faces[face_id].cluster_id

    async def photo_unknown_faces(self, photo_id: UUID) -> tuple[UUID, list[UUID]] | None:
        found = [
            (face_id, face.group_id)
            for face_id, face in self.faces.items()
            if face.photo_id == photo_id and face.person_id is None and not face.taken_down
        ]
        if not found:
            return None
        return found[0][1], [face_id for face_id, _ in found]

    async def is_cluster_of(self, cluster_id: UUID, group_id: UUID) -> bool:
        return self.clusters.get(cluster_id) == group_id

    async def join(self, face_id: UUID, cluster_id: UUID) -> None:
        if self.faces[face_id].person_id is None:
            self.faces[face_id] = replace(self.faces[face_id], cluster_id=cluster_id)

    async def unknown_faces(self, group_id: UUID) -> list[UnknownFace]:
        return [
            UnknownFace(face_id, face.photo_id, face.cluster_id)
            for face_id, face in self.faces.items()
            if face.group_id == group_id and face.person_id is None and not face.taken_down
        ]

    async def regrouped(
        self,
        group_id: UUID,
        groups: Sequence[tuple[Sequence[UUID], UUID | None]],
        grouped_at: datetime,
    ) -> Placed:
        placed: dict[UUID, UUID] = {}
        for faces, chosen in groups:
            cluster_id = chosen or uuid4()
            self.clusters[cluster_id] = group_id
            placed.update(dict.fromkeys(faces, cluster_id))
            for face_id in faces:
                await self.join(face_id, cluster_id)
        left = [
            face_id
            for face_id, face in self.faces.items()
            if face.group_id == group_id and face.cluster_id is not None and face_id not in placed
        ]
        for face_id in left:
            self.faces[face_id] = replace(self.faces[face_id], cluster_id=None)
        kept = set(placed.values())
        self.clusters = {c: g for c, g in self.clusters.items() if g != group_id or c in kept}
        self.grouped_at[group_id] = grouped_at
        return Placed(placed, left)

    async def groups_to_regroup(self) -> set[UUID]:
        return {face.group_id for face in self.faces.values() if face.person_id is None} | set(
            self.clusters.values()
        )
