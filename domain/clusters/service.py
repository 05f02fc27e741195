"""Keeping each group's clusters of unknown faces: placed as photos arrive, regrouped in
full after a burst of photos and every night. Postgres holds the truth (``Cluster``,
``Face.cluster``); the face index's payload follows it (the face sync heals a write that
failed). A face somebody holds, or of a photo taken down, is in no cluster."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from domain.clusters.rules import MIN_CLUSTER_SIZE, carry_ids, group_by_likeness, nearest_cluster
from domain.clusters.stores import ClusterStore
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.recognition.face_index import FaceFilter, FaceIndex

log = logging.getLogger(__name__)

VECTORS_BATCH = 1000
NEIGHBOURS = 5
# In a group's ``settings``: when its unknown faces were last grouped (ISO time).
GROUPED_SETTING = "faces_grouped_at"


@dataclass(frozen=True, slots=True)
class Regrouped:
    clusters: int
    clustered: int
    unknown: int


def regroup_job_id(group_id: UUID) -> str:
    return f"{job_names.REGROUP_CLUSTERS}:{group_id}"


class Clusters:
    def __init__(
        self,
        index: FaceIndex,
        jobs: JobQueue | None,
        *,
        join_at: float,
        regroup_after_s: float = 600.0,
        min_size: int = MIN_CLUSTER_SIZE,
        store: ClusterStore,
    ) -> None:
        self._store = store
        self._index = index
        self._jobs = jobs
        self._join_at = join_at
        self._regroup_after_s = regroup_after_s
        self._min_size = min_size

    async def after_photo(self, photo_id: UUID) -> int:
        """A photo was recognized: each of its faces nobody holds joins the cluster of its
        closest clustered neighbour in the group, if alike enough; a full regrouping of the
        group follows a while later (one for a whole burst of photos). How many joined."""
        found = await self._store.photo_unknown_faces(photo_id)
        if found is None:
            return 0
        group_id, ids = found
        if self._jobs is not None:
            await self._jobs.enqueue(
                job_names.REGROUP_CLUSTERS,
                str(group_id),
                job_id=regroup_job_id(group_id),
                delay=self._regroup_after_s,
            )
        vectors = await self._index.vectors(ids)
        ids = [face for face in ids if face in vectors]
        if not ids:
            return 0
        neighbours = await self._index.search_batch(
            [vectors[face] for face in ids],
            where=FaceFilter(group_ids=[group_id], has_person=False),
            limit=NEIGHBOURS + len(ids),
        )
        joined = 0
        for face_id, hits in zip(ids, neighbours, strict=True):
            others = [hit for hit in hits if hit.photo_id != photo_id]
            cluster_id = nearest_cluster(others, self._join_at)
            if cluster_id is None or not await self._store.is_cluster_of(cluster_id, group_id):
                continue
            await self._store.join(face_id, cluster_id)
            await self._index.set_cluster([face_id], cluster_id)
            joined += 1
        return joined

    async def regroup(self, group_id: UUID) -> Regrouped:
        """Group the group's unknown faces afresh (ids kept where most faces stay)."""
        started = datetime.now(UTC)
        unknown = await self._store.unknown_faces(group_id)
        photo_of = {face.face_id: face.photo_id for face in unknown}
        before = {face.face_id: face.cluster_id for face in unknown if face.cluster_id}
        ids = list(photo_of)
        vectors = {}
        for start in range(0, len(ids), VECTORS_BATCH):
            vectors.update(await self._index.vectors(ids[start : start + VECTORS_BATCH]))
        groups = group_by_likeness(
            vectors, photo_of, min_likeness=self._join_at, min_size=self._min_size
        )
        chosen = carry_ids(groups, before)
        # Faces in no group now, held by somebody, or of a photo taken down: in none. When
        # its faces were grouped is kept: /whois tells faces posted since to wait.
        result = await self._store.regrouped(
            group_id,
            [(list(faces), cluster) for faces, cluster in zip(groups, chosen, strict=True)],
            started,
        )
        placed, left = result.clusters, result.left
        for cluster_id in set(placed.values()):
            await self._index.set_cluster(
                [face for face, cluster in placed.items() if cluster == cluster_id], cluster_id
            )
        if left:
            await self._index.set_cluster(left, None)
        regrouped = Regrouped(len(groups), len(placed), len(ids) - len(placed))
        log.info(
            "group %s: %d cluster(s) of unknown faces, %d faces in them, %d in none",
            group_id,
            regrouped.clusters,
            regrouped.clustered,
            regrouped.unknown,
        )
        return regrouped

    async def regroup_all(self) -> int:
        """Every group with unknown faces or clusters (the nightly run); how many."""
        groups = await self._store.groups_to_regroup()
        for group_id in groups:
            if self._jobs is None:
                await self.regroup(group_id)
                continue
            await self._jobs.enqueue(  # a run under way reads what is there: not again
                job_names.REGROUP_CLUSTERS,
                str(group_id),
                job_id=regroup_job_id(group_id),
                again=False,
            )
        return len(groups)
