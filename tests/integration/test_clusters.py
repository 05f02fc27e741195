"""Clusters of unknown faces on the real Postgres, Qdrant Edge, Redis (arq) and face model:
two strangers seen in several photos become two clusters, a face somebody holds or of a
photo taken down is in none, ids stay when faces are added, and a new photo's face joins
its look-alike's cluster at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from arq import create_pool

from domain.clusters.service import Clusters, regroup_job_id
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import Cluster, Face, Group, Person, Photo
from domain.infra.stores.clusters import TortoiseClusterStore
from domain.recognition.face_index import IndexedFace
from domain.states import GroupType, PersonStatus
from tests.conftest import shared_photo

pytestmark = pytest.mark.usefixtures("db")

DATASET = "serengil_deepface/tests/unit/dataset"
JENNIFER = ["img3.jpg", "img12.jpg", "img53.jpg", "img54.jpg"]
JACK = ["img16.jpg", "img17.jpg", "img61.jpg", "img62.jpg"]
ALICE = ["img6.jpg", "img7.jpg", "img10.jpg"]  # angelina: enrolled, held by Alice
JOIN_AT = 0.45  # buffalo_sc's automatic-match threshold


@pytest.fixture
async def clusters(index: EdgeFaceIndex, embedded_redis: str) -> AsyncIterator[Clusters]:
    pool = await create_pool(redis_settings(embedded_redis))
    await pool.flushall()
    yield Clusters(
        index,
        ArqJobQueue(pool),
        join_at=JOIN_AT,
        regroup_after_s=600,
        store=TortoiseClusterStore(),
    )
    await pool.aclose()


class School:
    def __init__(self, index: EdgeFaceIndex, engine: InsightFaceEngine) -> None:
        self.index, self.engine = index, engine
        self.message_id = 0

    async def setup(self) -> None:
        self.group = await Group.create(
            chat_id=-100, title="5B", type=GroupType.SUPERGROUP, join_token="t"
        )
        self.alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)

    async def post(self, name: str, person: Person | None = None) -> Face:
        """A group photo of one face (the photo's only face), recognized."""
        self.message_id += 1
        photo = await Photo.create(
            group=self.group,
            message_id=self.message_id,
            file_id=f"f{self.message_id}",
            file_unique_id=f"u{self.message_id}",
            posted_at=datetime.now(UTC),
        )
        detected = max(
            self.engine.analyze_sync(shared_photo(f"{DATASET}/{name}").read_bytes()).faces,
            key=lambda f: f.min_side,
        )
        face = await Face.create(
            photo=photo,
            person=person,
            bbox_x=int(detected.bbox[0]),
            bbox_y=int(detected.bbox[1]),
            bbox_w=int(detected.bbox[2] - detected.bbox[0]),
            bbox_h=int(detected.bbox[3] - detected.bbox[1]),
            det_score=detected.det_score,
            quality=0.9,
        )
        await self.index.upsert(
            [
                IndexedFace(
                    face_id=face.id,
                    embedding=detected.embedding,
                    photo_id=photo.id,
                    group_id=self.group.id,
                    person_id=person.id if person else None,
                )
            ]
        )
        return face


@pytest.fixture
async def school(index: EdgeFaceIndex, engine: InsightFaceEngine) -> School:
    made = School(index, engine)
    await made.setup()
    return made


async def _cluster_of(face: Face) -> uuid.UUID | None:
    return (await Face.get(id=face.id)).cluster_id  # type: ignore[attr-defined,no-any-return]


async def _indexed_cluster(index: EdgeFaceIndex, face: Face) -> uuid.UUID | None:
    (hit,) = await index.get([face.id])
    return hit.cluster_id


async def test_two_strangers_seen_often_become_two_clusters_and_held_faces_none(
    school: School, clusters: Clusters, index: EdgeFaceIndex
) -> None:
    jennifer = [await school.post(name) for name in JENNIFER[:3]]
    jack = [await school.post(name) for name in JACK[:3]]
    alice = [await school.post(name, school.alice) for name in ALICE]

    result = await clusters.regroup(school.group.id)

    assert (result.clusters, result.clustered) == (2, 6)
    jen_cluster = {await _cluster_of(face) for face in jennifer}
    jack_cluster = {await _cluster_of(face) for face in jack}
    assert len(jen_cluster) == 1 and len(jack_cluster) == 1 and jen_cluster != jack_cluster
    assert None not in jen_cluster | jack_cluster
    assert {await _cluster_of(face) for face in alice} == {None}  # held by Alice: in none
    for face in jennifer + jack + alice:  # the index says the same as Postgres
        assert await _indexed_cluster(index, face) == await _cluster_of(face)
    assert await Cluster.filter(group=school.group).count() == 2


async def test_ids_stay_when_faces_come_and_go(
    school: School, clusters: Clusters, index: EdgeFaceIndex
) -> None:
    jennifer = [await school.post(name) for name in JENNIFER[:3]]
    jack = [await school.post(name) for name in JACK[:3]]
    await clusters.regroup(school.group.id)
    jen_id, jack_id = await _cluster_of(jennifer[0]), await _cluster_of(jack[0])

    # A fourth photo of Jennifer, one of Jack's photos taken down, one of his faces
    # now held by a person (a guardian enrolled him): regrouped, the ids stay.
    jennifer.append(await school.post(JENNIFER[3]))
    await Photo.filter(id=jack[0].photo_id).update(removed_at=datetime.now(UTC))  # type: ignore[attr-defined]
    jack.append(await school.post(JACK[3]))
    result = await clusters.regroup(school.group.id)

    assert result.clusters == 2
    assert [await _cluster_of(face) for face in jennifer] == [jen_id] * 4
    assert await _cluster_of(jack[0]) is None  # its photo was taken down
    assert await _indexed_cluster(index, jack[0]) is None
    assert [await _cluster_of(face) for face in jack[1:]] == [jack_id] * 3

    # Held by somebody, a face leaves its cluster; a cluster left too small is deleted.
    for face in jack[1:3]:
        await Face.filter(id=face.id).update(person_id=school.alice.id)
    await clusters.regroup(school.group.id)
    assert await Cluster.filter(id=jack_id).count() == 0
    assert [await _cluster_of(face) for face in jack] == [None] * 4
    assert await _indexed_cluster(index, jack[3]) is None


async def test_a_new_photo_joins_its_look_alikes_cluster_at_once_and_a_regroup_is_queued(
    school: School, clusters: Clusters, embedded_redis: str
) -> None:
    jennifer = [await school.post(name) for name in JENNIFER[:3]]
    jack = [await school.post(name) for name in JACK[:3]]
    await clusters.regroup(school.group.id)

    newcomer = await school.post(JENNIFER[3])
    stranger = await school.post("img18.jpg")  # seen once: joins nobody
    assert await clusters.after_photo(newcomer.photo_id) == 1  # type: ignore[attr-defined]
    assert await clusters.after_photo(stranger.photo_id) == 0  # type: ignore[attr-defined]
    assert await _cluster_of(newcomer) == await _cluster_of(jennifer[0])
    assert await _cluster_of(stranger) is None
    assert await _cluster_of(jack[0]) != await _cluster_of(newcomer)

    pool = await create_pool(redis_settings(embedded_redis))
    try:  # one regroup of the group, later, for the whole burst
        assert await pool.exists(f"arq:job:{regroup_job_id(school.group.id)}")
    finally:
        await pool.aclose()
