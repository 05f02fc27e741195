"""Keeping a group's clusters of unknown faces, on the clusters' store in memory
(``tests/fakes/clusters.py``) and the real in-process face index: a new face joins the
cluster of its look-alikes, a regrouping groups the group afresh and keeps the ids where
most faces stay, and a face somebody holds is in no cluster."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID, uuid4

import numpy as np
import pytest

from domain.clusters.service import Clusters, regroup_job_id
from domain.infra.edge_index import EdgeFaceIndex
from domain.recognition.face_index import IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE, Vector
from tests.fakes.clusters import MemoryClusterStore, StoredFace
from tests.fakes.recognition import MemoryJobQueue

JOIN_AT = 0.45
GROUP, OTHER_GROUP = uuid4(), uuid4()


def _look(seed: int) -> Vector:
    vector = np.random.default_rng(seed).standard_normal(EMBEDDING_SIZE).astype(np.float32)
    unit: Vector = vector / np.linalg.norm(vector)
    return unit


def _like(look: Vector, seed: int) -> Vector:
    """A face of the same child: very alike to ``look``."""
    vector: Vector = look + 0.3 * _look(seed) / np.sqrt(2)
    unit: Vector = (vector / np.linalg.norm(vector)).astype(np.float32)
    return unit


class School:
    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.store = MemoryClusterStore()
        self.jobs = MemoryJobQueue()
        self.clusters = Clusters(index, self.jobs, join_at=JOIN_AT, store=self.store)

    async def post(self, embedding: Vector, group_id: UUID = GROUP) -> UUID:
        """A photo of one unknown face, in the store and the index; the face's id."""
        face_id, photo_id = uuid4(), uuid4()
        self.store.faces[face_id] = StoredFace(photo_id, group_id)
        await self.index.upsert([IndexedFace(face_id, embedding, photo_id, group_id)])
        return face_id

    def photo_of(self, face_id: UUID) -> UUID:
        return self.store.faces[face_id].photo_id

    async def indexed_cluster(self, face_id: UUID) -> UUID | None:
        (hit,) = await self.index.get([face_id])
        return hit.cluster_id


@pytest.fixture
async def school(tmp_path: Path) -> AsyncIterator[School]:
    index = EdgeFaceIndex.open(tmp_path / "faces")
    await index.ensure_ready()
    try:
        yield School(index)
    finally:
        await index.close()


JEN, JACK = _look(1), _look(2)


async def test_look_alikes_become_one_cluster_each_and_a_lone_face_none(school: School) -> None:
    jen = [await school.post(_like(JEN, seed)) for seed in (10, 11, 12)]
    jack = [await school.post(_like(JACK, seed)) for seed in (20, 21, 22)]
    lone = await school.post(_look(3))
    result = await school.clusters.regroup(GROUP)
    assert (result.clusters, result.clustered, result.unknown) == (2, 6, 1)
    jens = {school.store.cluster_of(face) for face in jen}
    jacks = {school.store.cluster_of(face) for face in jack}
    assert len(jens) == len(jacks) == 1 and jens != jacks and None not in jens | jacks
    assert school.store.cluster_of(lone) is None
    assert [await school.indexed_cluster(face) for face in jen] == [jens.pop()] * 3
    assert GROUP in school.store.grouped_at


async def test_a_regrouping_keeps_the_cluster_ids_and_drops_what_is_held_or_gone(
    school: School,
) -> None:
    jen = [await school.post(_like(JEN, seed)) for seed in (10, 11, 12, 13)]
    await school.clusters.regroup(GROUP)
    cluster = school.store.cluster_of(jen[0])
    school.store.hold(jen[0], uuid4())  # a guardian said whose it is
    await school.clusters.regroup(GROUP)
    assert [school.store.cluster_of(face) for face in jen[1:]] == [cluster] * 3
    assert school.store.cluster_of(jen[0]) is None
    assert await school.indexed_cluster(jen[0]) is None
    school.store.hold(jen[1], uuid4())
    await school.clusters.regroup(GROUP)  # two faces left: too few for a cluster
    assert school.store.clusters == {}
    assert {school.store.cluster_of(face) for face in jen} == {None}


async def test_a_new_photos_unknown_face_joins_its_look_alikes_cluster_and_a_regroup_is_queued(
    school: School,
) -> None:
    jen = [await school.post(_like(JEN, seed)) for seed in (10, 11, 12)]
    await school.clusters.regroup(GROUP)
    newcomer = await school.post(_like(JEN, 14))
    stranger = await school.post(_look(4))
    assert await school.clusters.after_photo(school.photo_of(newcomer)) == 1
    assert await school.clusters.after_photo(school.photo_of(stranger)) == 0
    assert school.store.cluster_of(newcomer) == school.store.cluster_of(jen[0])
    assert await school.indexed_cluster(newcomer) == school.store.cluster_of(jen[0])
    assert school.store.cluster_of(stranger) is None
    assert regroup_job_id(GROUP) in school.jobs.queued


async def test_a_face_of_another_group_never_joins_this_groups_cluster(school: School) -> None:
    [await school.post(_like(JEN, seed)) for seed in (10, 11, 12)]
    await school.clusters.regroup(GROUP)
    elsewhere = await school.post(_like(JEN, 14), OTHER_GROUP)
    assert await school.clusters.after_photo(school.photo_of(elsewhere)) == 0
    assert school.store.cluster_of(elsewhere) is None


async def test_the_nightly_run_queues_each_group_with_unknown_faces_or_clusters(
    school: School,
) -> None:
    await school.post(_look(5))
    await school.post(_look(6), OTHER_GROUP)
    assert await school.clusters.regroup_all() == 2
    assert set(school.jobs.queued) == {regroup_job_id(GROUP), regroup_job_id(OTHER_GROUP)}
