"""``domain.recognition.face_index.FaceIndex`` on Qdrant Edge: Qdrant's engine in-process.

The embedded default. Unlike Qdrant's local mode (a pure-Python scan of every
point's payload), Edge keeps real payload indexes, so a search filtered to one
group's persons' prototypes touches only those points (see docs/benchmarks.md).

One shard in a directory, used by one process at a time: a lock file beside it is held
from opening (and creating, and migrating) to closing, and Edge locks its WAL too.
Every call into the shard runs in a worker thread (the shard is thread-safe); searches
release the GIL, writes hold it for most of their duration (about 80 ms per 1000 faces).
Edge flushes nothing by itself: every write is flushed before it returns, so a write
Postgres committed after it (and an outbox row deleted) survives a host crash.

Edge 0.9 quirk: ``MatchValue(True)`` reaches the engine as the integer 1 and
matches no boolean, so ``is_prototype`` is stored as the integer 0 or 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import numpy as np
import qdrant_edge as qe

from domain.infra.face_points import by_picture, face_of, hit_of, payload_of, picture_payload
from domain.recognition.face_index import FaceFilter, Hit, IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE, Vector

log = logging.getLogger(__name__)

T = TypeVar("T")

PAYLOAD_INDEXES: dict[str, qe.PayloadSchemaType] = {
    "person_id": qe.PayloadSchemaType.Keyword,
    "group_id": qe.PayloadSchemaType.Keyword,
    "photo_id": qe.PayloadSchemaType.Keyword,
    "is_prototype": qe.PayloadSchemaType.Integer,
}
MIGRATE_BATCH = 1000


def _config() -> qe.EdgeConfig:
    """No HNSW graph (m=0): every search facedrop makes is filtered to a few hundred points
    at most (one group's persons' prototypes, a face's rejected persons), which the payload
    indexes find and which are then compared exactly. A graph would change nothing for
    them but would make ``optimize()`` take minutes at 100k faces instead of seconds."""
    return qe.EdgeConfig(
        vectors=qe.EdgeVectorParams(size=EMBEDDING_SIZE, distance=qe.Distance.Cosine),
        hnsw_config=qe.HnswIndexConfig(m=0, ef_construct=100, full_scan_threshold=10_000),
    )


class EdgeFaceIndex:
    def __init__(self, path: Path, *, migrate_from: Path | None = None, collection: str) -> None:
        self._path = path
        self._migrate_from = migrate_from
        self._collection = collection
        self._shard: qe.EdgeShard | None = None
        self._lock: int | None = None  # the lock file's descriptor while open

    @classmethod
    def open(
        cls, path: Path, *, migrate_from: Path | None = None, collection: str = "faces"
    ) -> EdgeFaceIndex:
        """The shard in ``path`` (created by ``ensure_ready`` when missing).

        ``migrate_from``: a Qdrant local-mode directory an earlier install wrote; if the
        shard does not exist yet and that directory holds ``collection``, its points are
        copied into the new shard, counted, and the old directory is then deleted (it held
        embeddings that erasure and retention no longer reach).
        """
        return cls(path, migrate_from=migrate_from, collection=collection)

    @property
    def path(self) -> Path:
        return self._path

    @staticmethod
    def created(path: Path) -> bool:
        """Whether a shard is at ``path`` (``ensure_ready`` would only open it, not create
        it or move faces into it)."""
        return _holds_shard(path)

    @staticmethod
    def migration_unfinished(path: Path) -> bool:
        """Whether a move from local mode into the shard at ``path`` was cut short (the next
        ``ensure_ready`` finishes it, deleting the old store)."""
        return _migration_mark(path).exists()

    async def _write(self, operation: qe.UpdateOperation) -> None:
        await self._run(lambda shard: _update_durably(shard, operation))

    async def _run(self, call: Callable[[qe.EdgeShard], T]) -> T:
        shard = self._shard
        if shard is None:
            raise RuntimeError("the face index is not open: call ensure_ready() first")
        return await asyncio.to_thread(call, shard)

    async def ensure_ready(self) -> None:
        if self._shard is None:
            self._shard = await asyncio.to_thread(self._open_or_create)

    def _open_or_create(self) -> qe.EdgeShard:
        self._lock = _lock(self._path)
        try:
            if not _holds_shard(self._path):
                self._create()
            self._finish_migration()
            try:
                shard = qe.EdgeShard.load(str(self._path))
            except Exception as exc:
                if "WouldBlock" in str(exc):
                    raise _in_use(self._path) from exc
                raise
        except BaseException:
            _unlock(self._lock)
            self._lock = None
            raise
        existing = shard.info().payload_schema
        for field, schema in PAYLOAD_INDEXES.items():
            if field not in existing:
                shard.update(qe.UpdateOperation.create_field_index(field, schema))
        # Edge has no background optimizer: merge segments and drop deleted points here,
        # once per process (seconds at 100k faces without an HNSW graph). Reads and
        # writes work without it, so a failure (a nearly full disk) only warns.
        try:
            shard.optimize()
        except Exception as exc:  # the engine's own error types
            log.warning("face index at %s not optimized: %s", self._path, exc)
        return shard

    def _create(self) -> None:
        """A new shard, filled from the old local-mode store if there is one; it appears
        at its path only once complete, so a crash midway leaves nothing half-made."""
        partial = self._path.with_name(self._path.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        shard = qe.EdgeShard.create(str(partial), _config())
        try:
            for field, schema in PAYLOAD_INDEXES.items():
                shard.update(qe.UpdateOperation.create_field_index(field, schema))
            migrated = self._migrate_into(shard)
            shard.flush()
        finally:
            shard.close()
        if migrated is not None:
            # Written before the shard takes its place: a crash between the two leaves the
            # old store, the shard and this mark, and the next start finishes the job.
            _migration_mark(self._path).write_text(f"{migrated}\n")
        shutil.rmtree(self._path, ignore_errors=True)
        partial.rename(self._path)

    def _finish_migration(self) -> None:
        """The old local-mode store goes once its faces are in the shard (counted)."""
        mark, source = _migration_mark(self._path), self._migrate_from
        if not mark.exists():
            return
        expected = int(mark.read_text().strip() or 0)
        shard = qe.EdgeShard.load(str(self._path))
        try:
            found = shard.count(qe.CountRequest(exact=True))
        finally:
            shard.close()
        if found < expected:
            raise RuntimeError(
                f"the face index at {self._path} holds {found} faces, {expected} were moved "
                f"into it from {source}: the old store is kept; tell the maintainers"
            )
        if source is not None and source.exists():
            shutil.rmtree(source)
        mark.unlink()
        log.warning(
            "face index: %d faces moved from Qdrant local mode (%s) into Qdrant Edge (%s); "
            "the old store is deleted",
            expected,
            source,
            self._path,
        )

    def _migrate_into(self, shard: qe.EdgeShard) -> int | None:
        source = self._migrate_from
        if source is None or not (source / "collection" / self._collection).is_dir():
            return None
        return _copy_local_mode(source, self._collection, shard)

    async def upsert(self, faces: Sequence[IndexedFace]) -> None:
        if not faces:
            return
        points = [
            qe.Point(str(face.face_id), face.embedding.tolist(), payload_of(face, prototype_as=int))
            for face in faces
        ]
        await self._write(qe.UpdateOperation.upsert_points(points))

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
        request = qe.QueryRequest(
            limit=limit,
            query=qe.Query.Nearest(embedding.tolist()),
            filter=_filter(where),
            score_threshold=min_score,
            with_payload=True,
        )
        points = await self._run(lambda shard: shard.query(request))
        return [hit_of(point.id, point.score, point.payload) for point in points]

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
        batch = qe.QueryBatchRequest(
            [
                qe.QueryRequest(
                    limit=limit,
                    query=qe.Query.Nearest(embedding.tolist()),
                    filter=query_filter,
                    score_threshold=min_score,
                    with_payload=True,
                )
                for embedding in embeddings
            ]
        )
        results = await self._run(lambda shard: shard.query_batch(batch))
        return [
            [hit_of(point.id, point.score, point.payload) for point in points] for points in results
        ]

    async def get(self, face_ids: Collection[UUID]) -> list[Hit]:
        if not face_ids:
            return []
        ids: list[qe.PointId] = [str(i) for i in face_ids]
        records = await self._run(
            lambda shard: shard.retrieve(ids, with_payload=True, with_vector=False)
        )
        return [hit_of(record.id, 1.0, record.payload) for record in records]

    async def set_person(self, face_ids: Collection[UUID], person_id: UUID | None) -> None:
        if not face_ids:
            return
        these = _these(face_ids)  # by filter: faces not in the index are left out
        if person_id is None:
            operation = qe.UpdateOperation.delete_payload_by_filter(these, ["person_id"])
        else:
            operation = qe.UpdateOperation.set_payload_by_filter(
                these, {"person_id": str(person_id)}
            )
        await self._write(operation)

    async def set_prototype(self, face_ids: Collection[UUID], is_prototype: bool) -> None:
        if not face_ids:
            return
        operation = qe.UpdateOperation.set_payload_by_filter(
            _these(face_ids), {"is_prototype": int(is_prototype)}
        )
        await self._write(operation)

    async def set_cluster(self, face_ids: Collection[UUID], cluster_id: UUID | None) -> None:
        if not face_ids:
            return
        these = _these(face_ids)
        if cluster_id is None:
            operation = qe.UpdateOperation.delete_payload_by_filter(these, ["cluster_id"])
        else:
            operation = qe.UpdateOperation.set_payload_by_filter(
                these, {"cluster_id": str(cluster_id)}
            )
        await self._write(operation)

    async def set_pictures(self, person_id: UUID, pictures: Mapping[UUID, UUID]) -> None:
        for picture, faces in by_picture(pictures).items():
            operation = qe.UpdateOperation.set_payload_by_filter(
                _these(faces), picture_payload(person_id, picture)
            )
            await self._write(operation)

    async def vectors(self, face_ids: Collection[UUID]) -> dict[UUID, Vector]:
        if not face_ids:
            return {}
        ids: list[qe.PointId] = [str(i) for i in face_ids]
        records = await self._run(
            lambda shard: shard.retrieve(ids, with_payload=False, with_vector=True)
        )
        return {UUID(str(r.id)): _vector(r.vector) for r in records}

    async def count(self, where: FaceFilter) -> int:
        if where.matches_nothing:
            return 0
        request = qe.CountRequest(exact=True, filter=_filter(where))
        return await self._run(lambda shard: shard.count(request))

    async def delete(self, where: FaceFilter) -> None:
        if where.matches_nothing:
            return
        selector = _filter(where)
        if selector is None:
            raise ValueError("refusing to delete every face: give a filter")
        operation = qe.UpdateOperation.delete_points_by_filter(selector)
        await self._write(operation)

    async def scroll(
        self, *, start: UUID | None = None, limit: int = 256
    ) -> tuple[list[IndexedFace], UUID | None]:
        request = qe.ScrollRequest(
            offset=str(start) if start is not None else None,
            limit=limit,
            with_payload=True,
            with_vector=True,
        )
        records, after = await self._run(lambda shard: shard.scroll(request))
        faces = [face_of(r.id, _vector(r.vector), r.payload) for r in records]
        return faces, UUID(str(after)) if after is not None else None

    async def optimize(self) -> bool:
        """Merge segments and drop deleted points (Edge has no background optimizer)."""
        return await self._run(lambda shard: shard.optimize())

    async def close(self) -> None:
        shard, self._shard = self._shard, None
        if shard is not None:
            await asyncio.to_thread(_flush_and_close, shard)
        lock, self._lock = self._lock, None
        _unlock(lock)


def _update_durably(shard: qe.EdgeShard, operation: qe.UpdateOperation) -> None:
    shard.update(operation)
    shard.flush()  # Edge writes nothing to disk by itself until flushed


def _lock(path: Path) -> int:
    """Hold ``<shard>.lock`` beside the shard, or say it is in use by another process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise _in_use(path) from None
    return descriptor


def _unlock(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing the descriptor releases its lock


def _in_use(path: Path) -> RuntimeError:
    return RuntimeError(
        f"the face index at {path} is already open in another facedrop process "
        "(Qdrant Edge allows one)"
    )


def _migration_mark(path: Path) -> Path:
    """Beside the shard while the old local-mode store it was filled from still exists."""
    return path.with_name(path.name + ".migrated")


def _flush_and_close(shard: qe.EdgeShard) -> None:
    try:
        shard.flush()
    finally:
        shard.close()


def _holds_shard(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def _copy_local_mode(source: Path, collection: str, shard: qe.EdgeShard) -> int:
    """Every point of ``collection`` in the local-mode store at ``source``, into ``shard``."""
    from qdrant_client import QdrantClient

    with warnings.catch_warnings():
        # Local mode warns past 20,000 points: the very reason for leaving it.
        warnings.simplefilter("ignore", UserWarning)
        client = QdrantClient(path=str(source))
    copied = 0
    try:
        offset: Any = None
        while True:
            records, offset = client.scroll(
                collection, limit=MIGRATE_BATCH, offset=offset, with_payload=True, with_vectors=True
            )
            points = []
            for record in records:
                payload = dict(record.payload or {})
                payload["is_prototype"] = int(bool(payload.get("is_prototype", False)))
                vector = record.vector
                assert isinstance(vector, list), "a face has one unnamed vector"
                points.append(qe.Point(str(record.id), vector, payload))
            if points:
                shard.update(qe.UpdateOperation.upsert_points(points))
                copied += len(points)
            if offset is None:
                return copied
    finally:
        with contextlib.suppress(Exception):
            client.close()


def _these(face_ids: Collection[UUID]) -> qe.Filter:
    return qe.Filter(must=[qe.HasIdCondition({str(i) for i in face_ids})])


def _filter(where: FaceFilter) -> qe.Filter | None:
    must: list[qe.ConditionType] = []
    must_not: list[qe.ConditionType] = []
    for key, values in (
        ("person_id", where.person_ids),
        ("group_id", where.group_ids),
        ("photo_id", where.photo_ids),
    ):
        if values is not None:
            must.append(qe.FieldCondition(key, match=qe.MatchAny([str(v) for v in values])))
    if where.face_ids is not None:
        must.append(qe.HasIdCondition({str(v) for v in where.face_ids}))
    if where.is_prototype is not None:
        must.append(qe.FieldCondition("is_prototype", match=qe.MatchValue(int(where.is_prototype))))
    if where.has_person is not None:
        no_person = qe.IsEmptyCondition("person_id")
        (must_not if where.has_person else must).append(no_person)
    if not must and not must_not:
        return None
    return qe.Filter(must=must or None, must_not=must_not or None)


def _vector(stored: Any) -> Vector:
    """A point's one unnamed vector, as stored (Qdrant keeps cosine vectors normalized)."""
    vector = stored.get("") if isinstance(stored, dict) else stored
    return np.asarray(vector, dtype=np.float32)
