"""The clusters' store (``domain.clusters.stores``) on tortoise and Postgres."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.clusters.service import GROUPED_SETTING
from domain.clusters.stores import Placed, UnknownFace
from domain.infra.models import Cluster, Face, Group
from domain.states import FaceSource


class TortoiseClusterStore:
    """``ClusterStore``: ``Cluster`` rows, ``Face.cluster``, and the group's
    ``settings[GROUPED_SETTING]``."""

    async def photo_unknown_faces(self, photo_id: UUID) -> tuple[UUID, list[UUID]] | None:
        faces = await Face.filter(
            photo_id=photo_id, person_id=None, photo__removed_at__isnull=True
        ).values_list("id", "photo__group_id")
        if not faces:
            return None
        return UUID(str(faces[0][1])), [UUID(str(face_id)) for face_id, _ in faces]

    async def is_cluster_of(self, cluster_id: UUID, group_id: UUID) -> bool:
        return await Cluster.exists(id=cluster_id, group_id=group_id)

    async def join(self, face_id: UUID, cluster_id: UUID) -> None:
        await Face.filter(id=face_id, person_id=None).update(cluster_id=cluster_id)

    async def unknown_faces(self, group_id: UUID) -> list[UnknownFace]:
        return [
            UnknownFace(
                UUID(str(face_id)),
                UUID(str(photo_id)),
                None if cluster_id is None else UUID(str(cluster_id)),
            )
            for face_id, photo_id, cluster_id in await Face.filter(
                photo__group_id=group_id,
                source=FaceSource.GROUP_PHOTO,
                person_id=None,
                photo__removed_at__isnull=True,
            ).values_list("id", "photo_id", "cluster_id")
        ]

    async def regrouped(
        self,
        group_id: UUID,
        groups: Sequence[tuple[Sequence[UUID], UUID | None]],
        grouped_at: datetime,
    ) -> Placed:
        placed: dict[UUID, UUID] = {}
        async with in_transaction():
            for faces, chosen in groups:
                cluster_id = chosen or (await Cluster.create(group_id=group_id)).id
                placed.update(dict.fromkeys(faces, cluster_id))
                await Face.filter(id__in=list(faces), person_id=None).update(cluster_id=cluster_id)
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
            group = await Group.select_for_update(no_key=True).get_or_none(id=group_id)
            if group is not None:
                group.settings = {
                    **(group.settings or {}),
                    GROUPED_SETTING: grouped_at.isoformat(),
                }
                await group.save(update_fields=["settings"])
        return Placed(placed, left)

    async def groups_to_regroup(self) -> set[UUID]:
        unknown = await (
            Face.filter(person_id=None, photo_id__isnull=False)
            .distinct()
            .values_list("photo__group_id", flat=True)
        )
        clustered = await Cluster.all().distinct().values_list("group_id", flat=True)
        return {UUID(str(group_id)) for group_id in {*unknown, *clustered}}
