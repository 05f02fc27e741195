"""Postgres is the truth about a face's person, prototype flag and cluster; Qdrant's payload
follows it. A change writes an outbox row (``FaceSyncRequest``) in its own
transaction; this sync brings Qdrant in line and then removes the rows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import UUID

from domain.infra.models import Face, FaceSyncRequest, Prototype
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.retry import TryAgainLater

log = logging.getLogger(__name__)


class FaceSync:
    def __init__(self, index: FaceIndex) -> None:
        self._index = index

    async def sync(self, face_id: UUID) -> None:
        for _ in range(3):  # a change that lands while we write is taken in the next round
            started = datetime.now(UTC)
            try:
                await self._write(face_id)
            except TryAgainLater:
                raise
            except Exception as error:  # the Qdrant client raises many types; all mean "later"
                log.warning("face %s: Qdrant sync failed (%s); will retry", face_id, error)
                raise TryAgainLater(2) from error
            await FaceSyncRequest.filter(face_id=face_id, created_at__lte=started).delete()
            if not await FaceSyncRequest.exists(face_id=face_id):
                return

    async def _write(self, face_id: UUID) -> None:
        face = await Face.get_or_none(id=face_id)
        if face is None:
            await self._index.delete(FaceFilter(face_ids=[face_id]))
            return
        if not await self._index.get([face_id]):
            return  # not written yet: whoever writes it writes the current payload
        person_id: UUID | None = face.person_id  # type: ignore[attr-defined]
        await self._index.set_person([face_id], person_id)
        await self._index.set_prototype([face_id], await Prototype.exists(face_id=face_id))
        await self._index.set_cluster([face_id], face.cluster_id)  # type: ignore[attr-defined]
