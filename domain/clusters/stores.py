"""What the clusters service asks of the database, in its words: the port its store
implements (on tortoise: ``domain/infra/stores/clusters.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/clusters.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class UnknownFace:
    """A face of a group's photo that nobody holds, and the cluster it is in now."""

    face_id: UUID
    photo_id: UUID
    cluster_id: UUID | None


@dataclass(frozen=True, slots=True)
class Placed:
    """What a regrouping wrote: each face of its groups with its cluster, and the faces of
    the group taken out of theirs."""

    clusters: dict[UUID, UUID]
    left: list[UUID]


class ClusterStore(Protocol):
    """The database side of ``service.Clusters``."""

    async def photo_unknown_faces(self, photo_id: UUID) -> tuple[UUID, list[UUID]] | None:
        """The photo's group and its faces nobody holds; None: it has none (or it was taken
        down)."""

    async def is_cluster_of(self, cluster_id: UUID, group_id: UUID) -> bool:
        """Whether the cluster exists, in this group."""

    async def join(self, face_id: UUID, cluster_id: UUID) -> None:
        """The face is in the cluster now, if nobody holds it still (a conditional update:
        a face assigned meanwhile stays out)."""

    async def unknown_faces(self, group_id: UUID) -> list[UnknownFace]:
        """The faces nobody holds of the group's photos, those not taken down."""

    async def regrouped(
        self,
        group_id: UUID,
        groups: Sequence[tuple[Sequence[UUID], UUID | None]],
        grouped_at: datetime,
    ) -> Placed:
        """The group's clusters are these groups of faces now, all at once or not at all:
        each group in its cluster (None: a new one), a face somebody holds meanwhile left
        out; every other face of the group out of its cluster, the clusters left empty gone;
        and ``grouped_at`` kept as when the group's faces were last grouped (its row locked,
        as another setting may change at once)."""

    async def groups_to_regroup(self) -> set[UUID]:
        """Every group with faces nobody holds, or with clusters."""
