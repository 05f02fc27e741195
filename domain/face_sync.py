"""Postgres is the truth about a face's person and prototype flag; Qdrant's payload
follows it. Anything that changes a face in Postgres queues a sync of that face."""

from __future__ import annotations

from uuid import UUID

from domain.face_index import FaceFilter, FaceIndex
from domain.infra.models import Face, Prototype


class FaceSync:
    def __init__(self, index: FaceIndex) -> None:
        self._index = index

    async def sync(self, face_id: UUID) -> None:
        face = await Face.get_or_none(id=face_id)
        if face is None:
            await self._index.delete(FaceFilter(face_ids=[face_id]))
            return
        if not await self._index.get([face_id]):
            return  # not written yet: whoever writes it writes the current payload
        person_id: UUID | None = face.person_id  # type: ignore[attr-defined]
        await self._index.set_person([face_id], person_id)
        await self._index.set_prototype([face_id], await Prototype.exists(face_id=face_id))
