"""``facedrop bench index``: the embedded face index at 1k, 10k and 100k faces.

Fills a fresh index with random unit 512-d faces shaped like a school's (groups
of persons with a few prototypes each, the rest group-photo faces with or
without a person), then times what facedrop asks of it: the filtered
prototype search matching makes for every face, the rejected-faces search,
upserting a photo batch, deletes, payload updates and counts. Each option and
size runs in its own process, so its memory (RSS) is its own. Prints a table
and writes JSON; asserts nothing. Nothing configured is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from cli.exits import EXIT_OK, EXIT_USAGE
from domain.recognition.face_index import FaceFilter, FaceIndex, Hit, IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE, Vector
from domain.settings import Settings

OPTIONS = {
    "local": "Qdrant local mode, one collection (before this change)",
    "local-split": "Qdrant local mode, prototypes also in their own small collection",
    "edge": "Qdrant Edge (qdrant-edge-py), in-process engine with payload indexes",
}
SIZES = (1_000, 10_000, 100_000)
GROUPS, PERSONS_PER_GROUP, PROTOTYPES_PER_PERSON, FACES_PER_PHOTO = 50, 20, 5, 4
FILL_BATCH = 1_000
# An operation is repeated this many times at most, and for about this long.
OP_BUDGET_S = 20.0


def register(actions: Any) -> None:
    index = actions.add_parser(
        "index", help="time the embedded face index's searches and writes at 1k-100k faces"
    )
    index.add_argument(
        "--sizes",
        type=lambda s: [int(n) for n in s.split(",")],
        default=list(SIZES),
        help="face counts, comma-separated (default 1000,10000,100000)",
    )
    index.add_argument(
        "--options",
        type=lambda s: s.split(","),
        default=list(OPTIONS),
        help=f"which embedded indexes, comma-separated (default {','.join(OPTIONS)})",
    )
    index.add_argument(
        "--searches",
        type=int,
        default=200,
        help="searches per measurement (writes: at most 20, and no more than this)",
    )
    index.add_argument(
        "--json", type=Path, default=Path("bench-index.json"), help="where to write the figures"
    )
    index.set_defaults(handler=bench_index)


def bench_index(args: argparse.Namespace, settings: Settings) -> int:
    unknown = [o for o in args.options if o not in OPTIONS]
    if unknown:
        print(f"facedrop: unknown index option(s) {unknown}; choose from {', '.join(OPTIONS)}")
        return EXIT_USAGE
    results = []
    for size in args.sizes:
        for option in args.options:
            # A fresh process per run: its RSS is this index's alone. Then another one
            # opens what it left, as a worker starting on an existing data dir would.
            with tempfile.TemporaryDirectory(prefix="facedrop-bench-index-") as tmp:
                with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                    result = pool.submit(run_one, option, size, args.searches, tmp).result()
                with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
                    reopened = pool.submit(open_and_search, option, tmp, args.searches)
                    result["fresh_process"] = reopened.result()
            results.append(result)
            print(_row(result), flush=True)
    args.json.write_text(json.dumps({"machine": _machine(), "runs": results}, indent=2))
    print(f"figures written to {args.json}")
    return EXIT_OK


def _machine() -> dict[str, Any]:
    import os
    import platform

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_avg": list(os.getloadavg()),
    }


def _ms(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "n": len(ordered),
    }


def _row(result: dict[str, Any]) -> str:
    ops = result["ops"]

    def p50(name: str) -> str:
        return f"{ops[name]['p50_ms']:9.2f}" if name in ops else f"{'-':>9}"

    return (
        f"{result['option']:<12}{result['size']:>8}  fill {result['fill_per_1000_s']:6.2f}s/1k"
        f"  search {p50('search_prototypes')} / p95 {ops['search_prototypes']['p95_ms']:8.2f}"
        f"  photo of 4 {p50('search_batch_photo')}"
        f"  rejected {p50('search_rejected')}  upsert1k {p50('upsert_1000')}"
        f"  del photo {p50('delete_photo')}  del person {p50('delete_person')}"
        f"  set_person {p50('set_person')}  count {p50('count_group')}"
        f"  reopen {result['reopen_s']:6.2f}s  rss {result['rss_mb']:6.0f} MB"
        + (
            f"  fresh process: open {fresh['open_s']:.2f}s rss {fresh['rss_mb']:.0f} MB"
            f" search {fresh['search_prototypes']['p50_ms']:.2f}"
            if (fresh := result.get("fresh_process"))
            else ""
        )
        + (
            f"  optimize {result['optimize_s']:.1f}s, then search {p50('search_after_optimize')}"
            if "optimize_s" in result
            else ""
        )
    )


# ------------------------------------------------------------------ the workload


@dataclass
class Workload:
    """Who is in the index: groups of persons with prototypes, and group photos."""

    size: int
    rng: np.random.Generator
    group_persons: list[list[uuid.UUID]] = field(default_factory=list)
    prototypes: list[IndexedFace] = field(default_factory=list)
    photos: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)  # (photo, group)
    some_face_ids: list[uuid.UUID] = field(default_factory=list)
    groups: list[uuid.UUID] = field(default_factory=list)

    @classmethod
    def make(cls, size: int, seed: int = 12) -> Workload:
        work = cls(size, np.random.default_rng(seed))
        # 50 groups x 20 persons x 5 prototypes = 5000 prototypes; fewer groups below 10k.
        groups = max(1, min(GROUPS, size // (2 * PERSONS_PER_GROUP * PROTOTYPES_PER_PERSON)))
        for _ in range(groups):
            work.groups.append(uuid.uuid4())
            persons = [uuid.uuid4() for _ in range(PERSONS_PER_GROUP)]
            work.group_persons.append(persons)
            for person in persons:
                base = work.vectors(1)[0]
                for _ in range(PROTOTYPES_PER_PERSON):
                    work.prototypes.append(
                        IndexedFace(
                            face_id=uuid.uuid4(),
                            embedding=_unit(base + 0.3 * work.vectors(1)[0]),
                            group_id=None,
                            person_id=person,
                            is_prototype=True,
                        )
                    )
        return work

    def vectors(self, count: int) -> np.ndarray[Any, np.dtype[np.float32]]:
        raw = self.rng.normal(size=(count, EMBEDDING_SIZE)).astype(np.float32)
        unit: np.ndarray[Any, np.dtype[np.float32]] = raw / np.linalg.norm(
            raw, axis=1, keepdims=True
        )
        return unit

    def photo_faces(self, count: int) -> list[IndexedFace]:
        """``count`` group-photo faces, four to a photo; half of them have a person."""
        faces: list[IndexedFace] = []
        vectors = self.vectors(count)
        for i in range(count):
            if i % FACES_PER_PHOTO == 0:
                g = int(self.rng.integers(len(self.groups)))
                photo = (uuid.uuid4(), self.groups[g])
                self.photos.append(photo)
                persons = self.group_persons[g]
            person = persons[int(self.rng.integers(len(persons)))] if i % 2 else None
            face = IndexedFace(
                face_id=uuid.uuid4(),
                embedding=vectors[i],
                photo_id=photo[0],
                group_id=photo[1],
                person_id=person,
            )
            faces.append(face)
            if self.rng.random() < 0.01:
                self.some_face_ids.append(face.face_id)
        return faces

    def batches(self) -> list[int]:
        rest = self.size - len(self.prototypes)
        return [min(FILL_BATCH, rest - start) for start in range(0, rest, FILL_BATCH)]


def _unit(vector: np.ndarray[Any, Any]) -> Vector:
    unit: Vector = (vector / np.linalg.norm(vector)).astype(np.float32)
    return unit


# ------------------------------------------------------------------ the options


def _open(option: str, data_dir: Path) -> FaceIndex:
    from domain.infra.edge_index import EdgeFaceIndex
    from domain.infra.qdrant_index import QdrantFaceIndex

    if option == "edge":
        return EdgeFaceIndex.open(data_dir / "edge")
    local = QdrantFaceIndex.open(collection="faces", path=data_dir / "qdrant")
    if option == "local":
        return local
    return _SplitLocal(local)


class _SplitLocal:
    """Option (b), as far as the benchmark needs it: prototypes are also kept in their own
    collection, and prototype searches ask only that one. Not shipped."""

    def __init__(self, main: Any) -> None:
        from domain.infra.qdrant_index import QdrantFaceIndex

        self._main: QdrantFaceIndex = main
        self._protos = QdrantFaceIndex(main.client, "prototypes", local=True)

    async def ensure_ready(self) -> None:
        await self._main.ensure_ready()
        await self._protos.ensure_ready()

    async def upsert(self, faces: Sequence[IndexedFace]) -> None:
        await self._main.upsert(faces)
        await self._protos.upsert([f for f in faces if f.is_prototype])
        others = [f.face_id for f in faces if not f.is_prototype]
        no_longer = [hit.face_id for hit in await self._protos.get(others)]
        if no_longer:
            await self._protos.delete(FaceFilter(face_ids=no_longer))

    async def search(
        self, embedding: Vector, *, where: FaceFilter, limit: int, min_score: float | None = None
    ) -> list[Hit]:
        index = self._protos if where.is_prototype else self._main
        return await index.search(embedding, where=where, limit=limit, min_score=min_score)

    async def search_batch(
        self,
        embeddings: Sequence[Vector],
        *,
        where: FaceFilter,
        limit: int,
        min_score: float | None = None,
    ) -> list[list[Hit]]:
        index = self._protos if where.is_prototype else self._main
        return await index.search_batch(embeddings, where=where, limit=limit, min_score=min_score)

    async def get(self, face_ids: Collection[uuid.UUID]) -> list[Hit]:
        return await self._main.get(face_ids)

    async def set_person(
        self, face_ids: Collection[uuid.UUID], person_id: uuid.UUID | None
    ) -> None:
        await self._main.set_person(face_ids, person_id)
        present = [hit.face_id for hit in await self._protos.get(face_ids)]
        await self._protos.set_person(present, person_id)

    async def set_prototype(self, face_ids: Collection[uuid.UUID], is_prototype: bool) -> None:
        await self._main.set_prototype(face_ids, is_prototype)
        if not is_prototype:
            await self._protos.delete(FaceFilter(face_ids=face_ids))
            return
        records = await self._main.client.retrieve(
            "faces", ids=[str(i) for i in face_ids], with_payload=True, with_vectors=True
        )
        from qdrant_client import models as qm

        await self._main.client.upsert(
            "prototypes",
            points=[qm.PointStruct(id=r.id, vector=r.vector, payload=r.payload) for r in records],
        )

    async def set_cluster(
        self, face_ids: Collection[uuid.UUID], cluster_id: uuid.UUID | None
    ) -> None:
        await self._main.set_cluster(face_ids, cluster_id)  # prototypes are in no cluster

    async def set_pictures(
        self, person_id: uuid.UUID, pictures: Mapping[uuid.UUID, uuid.UUID]
    ) -> None:
        await self._main.set_pictures(person_id, pictures)
        present = {hit.face_id for hit in await self._protos.get(pictures)}
        await self._protos.set_pictures(
            person_id, {face: picture for face, picture in pictures.items() if face in present}
        )

    async def vectors(self, face_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Vector]:
        return await self._main.vectors(face_ids)

    async def count(self, where: FaceFilter) -> int:
        return await self._main.count(where)

    async def delete(self, where: FaceFilter) -> None:
        await self._main.delete(where)
        await self._protos.delete(where)

    async def scroll(
        self, *, start: uuid.UUID | None = None, limit: int = 256
    ) -> tuple[list[IndexedFace], uuid.UUID | None]:
        return await self._main.scroll(start=start, limit=limit)

    async def close(self) -> None:
        await self._main.close()


# ------------------------------------------------------------------ one run


def run_one(option: str, size: int, searches: int, data_dir: str | None = None) -> dict[str, Any]:
    """One option at one size, in this (fresh) process; the index is left in ``data_dir``
    (a temporary directory, removed, when not given)."""
    if data_dir is not None:
        return asyncio.run(_run(option, size, searches, Path(data_dir)))
    with tempfile.TemporaryDirectory(prefix="facedrop-bench-index-") as tmp:
        return asyncio.run(_run(option, size, searches, Path(tmp)))


def open_and_search(option: str, data_dir: str, searches: int) -> dict[str, Any]:
    """In a fresh process: open the index a run left, search it; how long, how much memory."""
    return asyncio.run(_open_and_search(option, Path(data_dir), searches))


async def _open_and_search(option: str, data_dir: Path, searches: int) -> dict[str, Any]:
    for module in ("domain.infra.edge_index", "domain.infra.qdrant_index"):
        importlib.import_module(module)  # before the clock starts
    rng = np.random.default_rng(1)
    rss_before = _rss_mb()
    started = time.perf_counter()
    index = _open(option, data_dir)
    await index.ensure_ready()
    opened_s = time.perf_counter() - started
    prototypes = await index.search(
        _unit(rng.normal(size=EMBEDDING_SIZE)), where=FaceFilter(is_prototype=True), limit=10_000
    )
    persons = list({hit.person_id for hit in prototypes if hit.person_id is not None})

    def search() -> Awaitable[list[Hit]]:
        chosen = [persons[int(i)] for i in rng.integers(len(persons), size=PERSONS_PER_GROUP)]
        return index.search(
            _unit(rng.normal(size=EMBEDDING_SIZE)),
            where=FaceFilter(person_ids=chosen, is_prototype=True),
            limit=min(500, max(50, 10 * PERSONS_PER_GROUP)),
        )

    timed = await _timed(search, searches)
    result = {
        "open_s": round(opened_s, 2),
        "rss_mb": round(_rss_mb(), 1),
        "rss_index_mb": round(_rss_mb() - rss_before, 1),
        "search_prototypes": timed,
    }
    await index.close()
    return result


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


async def _timed(
    op: Callable[[], Awaitable[object]], times: int, budget_s: float = OP_BUDGET_S
) -> dict[str, float]:
    spent: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(spent) < max(1, times) and (len(spent) < 3 or time.perf_counter() < deadline):
        started = time.perf_counter()
        await op()
        spent.append(time.perf_counter() - started)
    return _ms(spent)


async def _run(option: str, size: int, searches: int, data_dir: Path) -> dict[str, Any]:
    work = Workload.make(size)
    rss_before = _rss_mb()
    index = _open(option, data_dir)
    await index.ensure_ready()
    started = time.perf_counter()
    await index.upsert(work.prototypes)
    for count in work.batches():
        await index.upsert(work.photo_faces(count))
    fill_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "option": option,
        "size": size,
        "prototypes": len(work.prototypes),
        "groups": len(work.groups),
        "fill_s": round(fill_s, 2),
        "fill_per_1000_s": round(fill_s / size * 1000, 3),
    }
    ops: dict[str, dict[str, float]] = {}
    rng = work.rng

    def prototype_search() -> Awaitable[list[Hit]]:
        persons = work.group_persons[int(rng.integers(len(work.group_persons)))]
        target = work.prototypes[int(rng.integers(len(work.prototypes)))].embedding
        return index.search(
            _unit(target + 0.3 * work.vectors(1)[0]),
            where=FaceFilter(person_ids=persons, is_prototype=True),
            limit=min(500, max(50, 10 * len(persons))),
        )

    hits = await prototype_search()
    if not hits or not all(h.is_prototype for h in hits):
        raise RuntimeError(f"{option}: the prototype search found no prototypes")
    ops["search_prototypes"] = await _timed(prototype_search, searches)

    def photo_search() -> Awaitable[list[list[Hit]]]:
        """What recognition asks for a photo of four faces, in one call."""
        persons = work.group_persons[int(rng.integers(len(work.group_persons)))]
        return index.search_batch(
            list(work.vectors(FACES_PER_PHOTO)),
            where=FaceFilter(person_ids=persons, is_prototype=True),
            limit=min(500, max(50, 10 * len(persons))),
        )

    ops["search_batch_photo"] = await _timed(photo_search, max(1, searches // 4))

    def rejected_search() -> Awaitable[list[Hit]]:
        ids = [work.some_face_ids[int(rng.integers(len(work.some_face_ids)))] for _ in range(10)]
        return index.search(work.vectors(1)[0], where=FaceFilter(face_ids=ids), limit=10)

    if work.some_face_ids:
        ops["search_rejected"] = await _timed(rejected_search, searches)

    added: list[uuid.UUID] = []
    photos_before = len(work.photos)

    async def upsert_1000() -> None:
        faces = work.photo_faces(1000)
        added.extend(face.face_id for face in faces)
        await index.upsert(faces)

    ops["upsert_1000"] = await _timed(upsert_1000, min(5, searches))
    # Back to N faces (untimed), so that what follows runs at the size reported.
    await index.delete(FaceFilter(face_ids=added))
    gone = set(added)
    work.some_face_ids = [i for i in work.some_face_ids if i not in gone]
    del work.photos[photos_before:]

    async def delete_photo() -> None:
        photo, _ = work.photos.pop(int(rng.integers(len(work.photos))))
        await index.delete(FaceFilter(photo_ids=[photo]))

    ops["delete_photo"] = await _timed(delete_photo, min(20, searches))

    async def delete_person() -> None:
        persons = work.group_persons[int(rng.integers(len(work.group_persons)))]
        await index.delete(FaceFilter(person_ids=[persons.pop()]))

    ops["delete_person"] = await _timed(delete_person, min(5, searches))

    async def set_person() -> None:
        ids = [work.some_face_ids[int(rng.integers(len(work.some_face_ids)))] for _ in range(4)]
        person = work.group_persons[0][0]
        await index.set_person(ids, person)

    async def set_prototype() -> None:
        ids = [work.some_face_ids[int(rng.integers(len(work.some_face_ids)))] for _ in range(4)]
        await index.set_prototype(ids, False)

    if work.some_face_ids:
        ops["set_person"] = await _timed(set_person, min(20, searches))
        ops["set_prototype"] = await _timed(set_prototype, min(20, searches))

    async def count_group() -> None:
        await index.count(FaceFilter(group_ids=[work.groups[0]]))

    async def count_all() -> None:
        await index.count(FaceFilter())

    ops["count_group"] = await _timed(count_group, min(20, searches))
    ops["count_all"] = await _timed(count_all, min(20, searches))
    result["rss_mb"] = round(_rss_mb(), 1)
    result["rss_index_mb"] = round(_rss_mb() - rss_before, 1)

    optimize = getattr(index, "optimize", None)
    if optimize is not None:
        started = time.perf_counter()
        await optimize()
        result["optimize_s"] = round(time.perf_counter() - started, 2)
        ops["search_after_optimize"] = await _timed(prototype_search, searches)

    started = time.perf_counter()
    await index.close()
    index = _open(option, data_dir)
    await index.ensure_ready()
    await prototype_search()
    result["reopen_s"] = round(time.perf_counter() - started, 2)
    ops["search_reopened"] = await _timed(prototype_search, searches)
    result["rss_reopened_mb"] = round(_rss_mb(), 1)
    await index.close()
    result["ops"] = ops
    return result


if __name__ == "__main__":  # pragma: no cover (a quick way to run one case)
    print(json.dumps(run_one(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
