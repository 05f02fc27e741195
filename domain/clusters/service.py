"""Keeping each group's clusters of unknown faces: placed as photos arrive, regrouped in
full after a burst of photos and every night. Postgres holds the truth (``Cluster``,
``Face.cluster``); the face index's payload follows it (the face sync heals a write that
failed). A face somebody holds, or of a photo taken down, is in no cluster."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.clusters.rules import MIN_CLUSTER_SIZE, carry_ids, group_by_likeness, nearest_cluster
from domain.infra.models import Cluster, Face, Group
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.states import FaceSource

log = logging.getLogger(__name__)

VECTORS_BATCH = 1000
NEIGHBOURS = 5
# A photo is recognized a little after it is posted, and its regrouping queued then.
PENDING_MARGIN_S = 120
# In a group's ``settings``: when its unknown faces were last grouped (ISO time).
GROUPED_SETTING = "faces_grouped_at"


@dataclass(frozen=True, slots=True)
class Regrouped:
    clusters: int
    clustered: int
    unknown: int


def regroup_job_id(group_id: UUID) -> str:
    return f"{job_names.REGROUP_CLUSTERS}:{group_id}"


async def grouping_pending(group_id: UUID, regroup_after_s: float) -> bool:
    """Whether faces nobody holds, of photos posted in the group less than a regrouping's
    delay ago and since its last grouping, are in no cluster yet: the regrouping that
    follows a burst of photos (``Clusters.after_photo``) has not run for them, and /whois
    may show them soon."""
    since = datetime.now(UTC) - timedelta(seconds=regroup_after_s + PENDING_MARGIN_S)
    group = await Group.get_or_none(id=group_id)
    grouped = (group.settings or {}).get(GROUPED_SETTING) if group is not None else None
    if isinstance(grouped, str):
        since = max(since, datetime.fromisoformat(grouped))
    return await Face.exists(
        photo__group_id=group_id,
        source=FaceSource.GROUP_PHOTO,
        person_id=None,
        cluster_id=None,
        photo__removed_at__isnull=True,
        photo__posted_at__gt=since,
    )


async def unknown_faces(group_id: UUID) -> int:
    """How many faces nobody holds the group's photos have (those a regrouping groups)."""
    return await Face.filter(
        photo__group_id=group_id,
        source=FaceSource.GROUP_PHOTO,
        person_id=None,
        photo__removed_at__isnull=True,
    ).count()


class Clusters:
    def __init__(
        self,
        index: FaceIndex,
        jobs: JobQueue | None,
        *,
        join_at: float,
        regroup_after_s: float = 600.0,
        min_size: int = MIN_CLUSTER_SIZE,
    ) -> None:
        self._index = index
        self._jobs = jobs
        self._join_at = join_at
        self._regroup_after_s = regroup_after_s
        self._min_size = min_size

    async def after_photo(self, photo_id: UUID) -> int:
        """A photo was recognized: each of its faces nobody holds joins the cluster of its
        closest clustered neighbour in the group, if alike enough; a full regrouping of the
        group follows a while later (one for a whole burst of photos). How many joined."""
        faces = await Face.filter(
            photo_id=photo_id, person_id=None, photo__removed_at__isnull=True
        ).values_list("id", "photo__group_id")
        if not faces:
            return 0
        group_id = UUID(str(faces[0][1]))
        if self._jobs is not None:
            await self._jobs.enqueue(
                job_names.REGROUP_CLUSTERS,
                str(group_id),
                job_id=regroup_job_id(group_id),
                delay=self._regroup_after_s,
            )
        ids = [UUID(str(face_id)) for face_id, _ in faces]
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
            if cluster_id is None or not await Cluster.exists(id=cluster_id, group_id=group_id):
                continue
            await Face.filter(id=face_id, person_id=None).update(cluster_id=cluster_id)
            await self._index.set_cluster([face_id], cluster_id)
            joined += 1
        return joined

    async def regroup(self, group_id: UUID) -> Regrouped:
        """Group the group's unknown faces afresh (ids kept where most faces stay)."""
        started = datetime.now(UTC)
        rows = await Face.filter(
            photo__group_id=group_id,
            source=FaceSource.GROUP_PHOTO,
            person_id=None,
            photo__removed_at__isnull=True,
        ).values_list("id", "photo_id", "cluster_id")
        photo_of = {UUID(str(face)): UUID(str(photo)) for face, photo, _ in rows}
        before = {UUID(str(face)): UUID(str(cluster)) for face, _, cluster in rows if cluster}
        ids = list(photo_of)
        vectors = {}
        for start in range(0, len(ids), VECTORS_BATCH):
            vectors.update(await self._index.vectors(ids[start : start + VECTORS_BATCH]))
        groups = group_by_likeness(
            vectors, photo_of, min_likeness=self._join_at, min_size=self._min_size
        )
        chosen = carry_ids(groups, before)
        placed: dict[UUID, UUID] = {}
        async with in_transaction():
            for faces, cluster_id in zip(groups, chosen, strict=True):
                if cluster_id is None:
                    cluster_id = (await Cluster.create(group_id=group_id)).id
                placed.update(dict.fromkeys(faces, cluster_id))
                await Face.filter(id__in=list(faces), person_id=None).update(cluster_id=cluster_id)
            # Faces in no group now, held by somebody, or of a photo taken down: in none.
            clustered = await Face.filter(
                photo__group_id=group_id, cluster_id__isnull=False
            ).values_list("id", flat=True)
            left = [UUID(str(face)) for face in clustered if UUID(str(face)) not in placed]
            await Face.filter(id__in=left).update(cluster_id=None)
            await (
                Cluster.filter(group_id=group_id)
                .exclude(id__in=list(set(placed.values())))
                .delete()
            )
            # When its faces were last grouped: /whois tells faces posted since to wait.
            group = await Group.select_for_update(no_key=True).get_or_none(id=group_id)
            if group is not None:
                group.settings = {**(group.settings or {}), GROUPED_SETTING: started.isoformat()}
                await group.save(update_fields=["settings"])
        for cluster_id in set(placed.values()):
            await self._index.set_cluster(
                [face for face, cluster in placed.items() if cluster == cluster_id], cluster_id
            )
        if left:
            await self._index.set_cluster(left, None)
        result = Regrouped(len(groups), len(placed), len(ids) - len(placed))
        log.info(
            "group %s: %d cluster(s) of unknown faces, %d faces in them, %d in none",
            group_id,
            result.clusters,
            result.clustered,
            result.unknown,
        )
        return result

    async def regroup_all(self) -> int:
        """Every group with unknown faces or clusters (the nightly run); how many."""
        groups = set(
            await Face.filter(person_id=None, photo_id__isnull=False)
            .distinct()
            .values_list("photo__group_id", flat=True)
        ) | set(await Cluster.all().distinct().values_list("group_id", flat=True))
        for group_id in groups:
            if self._jobs is None:
                await self.regroup(UUID(str(group_id)))
                continue
            await self._jobs.enqueue(
                job_names.REGROUP_CLUSTERS,
                str(group_id),
                job_id=regroup_job_id(UUID(str(group_id))),
            )
        return len(groups)
