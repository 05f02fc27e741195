"""Postgres is the truth about a face's person, prototype flag and cluster; Qdrant's payload
follows it. A change writes an outbox row (``FaceSyncRequest``) in its own
transaction; this sync brings Qdrant in line and then removes the rows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import UUID

from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.recognition.stores import FaceSyncStore
from domain.retry import TryAgainLater

log = logging.getLogger(__name__)


class FaceSync:
    def __init__(self, index: FaceIndex, store: FaceSyncStore) -> None:
        self._index = index
        self._store = store

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
            await self._store.drop_sync_requests(face_id, started)
            if not await self._store.sync_requested(face_id):
                return

    async def _write(self, face_id: UUID) -> None:
        face = await self._store.face(face_id)
        if face is None:
            await self._index.delete(FaceFilter(face_ids=[face_id]))
            return
        if not await self._index.get([face_id]):
            return  # not written yet: whoever writes it writes the current payload
        await self._index.set_person([face_id], face.person_id)
        await self._index.set_prototype([face_id], await self._store.is_prototype(face_id))
        await self._index.set_cluster([face_id], face.cluster_id)
