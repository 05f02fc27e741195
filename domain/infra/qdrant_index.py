"""``domain.recognition.face_index.FaceIndex`` on Qdrant: a server, or local mode on disk."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from uuid import UUID

import numpy as np
from qdrant_client import AsyncQdrantClient
from qdrant_client import models as qm

from domain.infra.face_points import by_picture, face_of, hit_of, payload_of, picture_payload
from domain.recognition.face_index import FaceFilter, Hit, IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE, Vector

PAYLOAD_INDEXES: dict[str, qm.PayloadSchemaType] = {
    "person_id": qm.PayloadSchemaType.KEYWORD,
    "group_id": qm.PayloadSchemaType.KEYWORD,
    "photo_id": qm.PayloadSchemaType.KEYWORD,
    "is_prototype": qm.PayloadSchemaType.BOOL,
}


class QdrantFaceIndex:
    def __init__(self, client: AsyncQdrantClient, collection: str, *, local: bool) -> None:
        self._client = client
        self._collection = collection
        self._local = local

    @classmethod
    def open(
        cls,
        *,
        collection: str,
        url: str | None = None,
        api_key: str | None = None,
        path: Path | None = None,
    ) -> QdrantFaceIndex:
        """A Qdrant server at ``url``, or local mode storing its files under ``path``."""
        if url is not None:
            return cls(
                AsyncQdrantClient(url=url, api_key=api_key, timeout=30), collection, local=False
            )
        if path is None:
            raise ValueError("need a Qdrant url or a local path")
        path.mkdir(parents=True, exist_ok=True)
        return cls(AsyncQdrantClient(path=str(path)), collection, local=True)

    @property
    def client(self) -> AsyncQdrantClient:
        return self._client

    async def ensure_ready(self) -> None:
        if not await self._client.collection_exists(self._collection):
            await self._client.create_collection(
                self._collection,
                vectors_config=qm.VectorParams(size=EMBEDDING_SIZE, distance=qm.Distance.COSINE),
            )
        if self._local:
            # Local mode keeps no payload indexes (it filters by scanning).
            return
        existing = (await self._client.get_collection(self._collection)).payload_schema
        for field, schema in PAYLOAD_INDEXES.items():
            if field not in existing:
                await self._client.create_payload_index(
                    self._collection, field, field_schema=schema
                )

    async def upsert(self, faces: Sequence[IndexedFace]) -> None:
        if not faces:
            return
        points = [
            qm.PointStruct(
                id=str(face.face_id), vector=face.embedding.tolist(), payload=payload_of(face)
            )
            for face in faces
        ]
        await self._client.upsert(self._collection, points=points, wait=True)

    async def search(
        self,
        embedding: Vector,
        *,
        where: FaceFilter,
        limit: int,
        min_score: float | None = None,
    ) -> list[Hit]:
        if where.matches_nothing:
            return []
        response = await self._client.query_points(
            self._collection,
            query=embedding.tolist(),
            query_filter=_filter(where),
            limit=limit,
            score_threshold=min_score,
            with_payload=True,
        )
        return [hit_of(point.id, point.score, point.payload) for point in response.points]

    async def search_batch(
        self,
        embeddings: Sequence[Vector],
        *,
        where: FaceFilter,
        limit: int,
        min_score: float | None = None,
    ) -> list[list[Hit]]:
        if not embeddings or where.matches_nothing:
            return [[] for _ in embeddings]
        query_filter = _filter(where)
        responses = await self._client.query_batch_points(
            self._collection,
            requests=[
                qm.QueryRequest(
                    query=embedding.tolist(),
                    filter=query_filter,
                    limit=limit,
                    score_threshold=min_score,
                    with_payload=True,
                )
                for embedding in embeddings
            ],
        )
        return [
            [hit_of(point.id, point.score, point.payload) for point in response.points]
            for response in responses
        ]

    async def get(self, face_ids: Collection[UUID]) -> list[Hit]:
        if not face_ids:
            return []
        records = await self._client.retrieve(
            self._collection, ids=[str(i) for i in face_ids], with_payload=True
        )
        return [hit_of(record.id, 1.0, record.payload) for record in records]

    async def set_person(self, face_ids: Collection[UUID], person_id: UUID | None) -> None:
        if not face_ids:
            return
        these = _these(face_ids)  # by filter: faces not in the index are left out
        if person_id is None:
            await self._client.delete_payload(
                self._collection, keys=["person_id"], points=these, wait=True
            )
        else:
            await self._client.set_payload(
                self._collection, payload={"person_id": str(person_id)}, points=these, wait=True
            )

    async def set_prototype(self, face_ids: Collection[UUID], is_prototype: bool) -> None:
        if not face_ids:
            return
        await self._client.set_payload(
            self._collection,
            payload={"is_prototype": is_prototype},
            points=_these(face_ids),
            wait=True,
        )

    async def set_cluster(self, face_ids: Collection[UUID], cluster_id: UUID | None) -> None:
        if not face_ids:
            return
        these = _these(face_ids)
        if cluster_id is None:
            await self._client.delete_payload(
                self._collection, keys=["cluster_id"], points=these, wait=True
            )
        else:
            await self._client.set_payload(
                self._collection, payload={"cluster_id": str(cluster_id)}, points=these, wait=True
            )

    async def set_pictures(self, person_id: UUID, pictures: Mapping[UUID, UUID]) -> None:
        for picture, faces in by_picture(pictures).items():
            await self._client.set_payload(
                self._collection,
                payload=picture_payload(person_id, picture),
                points=_these(faces),
                wait=True,
            )

    async def vectors(self, face_ids: Collection[UUID]) -> dict[UUID, Vector]:
        if not face_ids:
            return {}
        records = await self._client.retrieve(
            self._collection, ids=[str(i) for i in face_ids], with_payload=False, with_vectors=True
        )
        return {
            UUID(str(record.id)): np.asarray(record.vector, dtype=np.float32) for record in records
        }

    async def count(self, where: FaceFilter) -> int:
        if where.matches_nothing:
            return 0
        result = await self._client.count(self._collection, count_filter=_filter(where), exact=True)
        return result.count

    async def delete(self, where: FaceFilter) -> None:
        if where.matches_nothing:
            return
        selector = _filter(where)
        if selector is None:
            raise ValueError("refusing to delete every face: give a filter")
        await self._client.delete(
            self._collection, points_selector=qm.FilterSelector(filter=selector), wait=True
        )

    async def scroll(
        self, *, start: UUID | None = None, limit: int = 256
    ) -> tuple[list[IndexedFace], UUID | None]:
        records, after = await self._client.scroll(
            self._collection,
            offset=str(start) if start is not None else None,
            limit=limit,
            with_payload=True,
            with_vectors=True,
        )
        faces = [
            face_of(record.id, np.asarray(record.vector, dtype=np.float32), record.payload)
            for record in records
        ]
        return faces, UUID(str(after)) if after is not None else None

    async def close(self) -> None:
        await self._client.close()


def _these(face_ids: Collection[UUID]) -> qm.Filter:
    return qm.Filter(must=[qm.HasIdCondition(has_id=[str(i) for i in face_ids])])


def _filter(where: FaceFilter) -> qm.Filter | None:
    must: list[qm.Condition] = []
    must_not: list[qm.Condition] = []
    for key, values in (
        ("person_id", where.person_ids),
        ("group_id", where.group_ids),
        ("photo_id", where.photo_ids),
    ):
        if values is not None:
            must.append(qm.FieldCondition(key=key, match=qm.MatchAny(any=[str(v) for v in values])))
    if where.face_ids is not None:
        must.append(qm.HasIdCondition(has_id=[str(v) for v in where.face_ids]))
    if where.is_prototype is not None:
        must.append(
            qm.FieldCondition(key="is_prototype", match=qm.MatchValue(value=where.is_prototype))
        )
    if where.has_person is not None:
        no_person = qm.IsEmptyCondition(is_empty=qm.PayloadField(key="person_id"))
        (must_not if where.has_person else must).append(no_person)
    if not must and not must_not:
        return None
    return qm.Filter(must=must or None, must_not=must_not or None)
