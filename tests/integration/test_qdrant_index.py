"""The Qdrant face index in local mode on disk."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest

from domain.infra.qdrant_index import QdrantFaceIndex
from domain.recognition.face_index import FaceFilter, IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE

rng = np.random.default_rng(7)


def _vector(near: np.ndarray | None = None, noise: float = 0.005) -> np.ndarray:
    base = near if near is not None else rng.normal(size=EMBEDDING_SIZE)
    vector = base + rng.normal(scale=noise, size=EMBEDDING_SIZE) * (near is not None)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[QdrantFaceIndex]:
    opened = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await opened.ensure_ready()
    yield opened
    await opened.close()


async def test_collection_is_512d_cosine(index: QdrantFaceIndex) -> None:
    info = await index.client.get_collection("faces")
    vectors = info.config.params.vectors
    assert vectors.size == 512  # type: ignore[union-attr]
    assert vectors.distance.name == "COSINE"  # type: ignore[union-attr]
    await index.ensure_ready()  # idempotent


async def test_upsert_is_idempotent_by_face_id(index: QdrantFaceIndex) -> None:
    face = IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=uuid.uuid4())
    await index.upsert([face])
    await index.upsert([face])
    assert await index.count(FaceFilter()) == 1


async def test_search_finds_the_nearest_face_within_the_filter(index: QdrantFaceIndex) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    alice_face, bob_face = _vector(), _vector()
    prototypes = [
        IndexedFace(
            face_id=uuid.uuid4(), embedding=_vector(alice_face), person_id=alice, is_prototype=True
        ),
        IndexedFace(
            face_id=uuid.uuid4(), embedding=_vector(bob_face), person_id=bob, is_prototype=True
        ),
    ]
    unassigned = IndexedFace(
        face_id=uuid.uuid4(), embedding=_vector(alice_face), group_id=uuid.uuid4()
    )
    await index.upsert([*prototypes, unassigned])

    hits = await index.search(_vector(alice_face), where=FaceFilter(is_prototype=True), limit=5)
    assert [hit.person_id for hit in hits] == [alice, bob]
    assert hits[0].score > 0.9 > hits[1].score

    only_bob = await index.search(
        _vector(alice_face), where=FaceFilter(person_ids=[bob], is_prototype=True), limit=5
    )
    assert [hit.person_id for hit in only_bob] == [bob]

    confident = await index.search(
        _vector(alice_face), where=FaceFilter(is_prototype=True), limit=5, min_score=0.5
    )
    assert [hit.person_id for hit in confident] == [alice]


async def test_an_empty_person_list_matches_nobody(index: QdrantFaceIndex) -> None:
    face = _vector()
    await index.upsert([IndexedFace(face_id=uuid.uuid4(), embedding=face, person_id=uuid.uuid4())])
    assert await index.search(face, where=FaceFilter(person_ids=[]), limit=5) == []
    assert await index.count(FaceFilter(person_ids=[])) == 0
    await index.delete(FaceFilter(person_ids=[]))
    assert await index.count(FaceFilter()) == 1


async def test_set_and_clear_the_person_of_many_faces(index: QdrantFaceIndex) -> None:
    photo, alice = uuid.uuid4(), uuid.uuid4()
    faces = [
        IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=photo) for _ in range(3)
    ]
    await index.upsert(faces)
    ids = [f.face_id for f in faces[:2]]

    await index.set_person(ids, alice)
    assert await index.count(FaceFilter(person_ids=[alice])) == 2
    assert await index.count(FaceFilter(has_person=False)) == 1

    await index.set_person(ids[:1], None)
    stored = {hit.face_id: hit for hit in await index.get([f.face_id for f in faces])}
    assert stored[ids[0]].person_id is None
    assert stored[ids[1]].person_id == alice
    assert stored[ids[0]].photo_id == photo  # the rest of the payload is untouched


async def test_set_prototype_flags(index: QdrantFaceIndex) -> None:
    face = IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), person_id=uuid.uuid4())
    await index.upsert([face])
    await index.set_prototype([face.face_id], True)
    assert await index.count(FaceFilter(is_prototype=True)) == 1
    await index.set_prototype([face.face_id], False)
    assert await index.count(FaceFilter(is_prototype=True)) == 0


async def test_delete_by_face_photo_and_person(index: QdrantFaceIndex) -> None:
    photo_a, photo_b, alice = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [
        IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=photo_a),
        IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=photo_a, person_id=alice),
        IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=photo_b, person_id=alice),
        IndexedFace(face_id=uuid.uuid4(), embedding=_vector(), photo_id=photo_b),
    ]
    await index.upsert(faces)

    await index.delete(FaceFilter(face_ids=[faces[3].face_id]))
    assert await index.count(FaceFilter()) == 3
    await index.delete(FaceFilter(person_ids=[alice]))
    assert await index.count(FaceFilter()) == 1
    await index.delete(FaceFilter(photo_ids=[photo_a]))
    assert await index.count(FaceFilter()) == 0


async def test_deleting_without_a_filter_is_refused(index: QdrantFaceIndex) -> None:
    await index.upsert([IndexedFace(face_id=uuid.uuid4(), embedding=_vector())])
    with pytest.raises(ValueError, match="refusing"):
        await index.delete(FaceFilter())
    assert await index.count(FaceFilter()) == 1


async def test_points_survive_reopening_the_local_storage(tmp_path: Path) -> None:
    path = tmp_path / "qdrant"
    first = QdrantFaceIndex.open(collection="faces", path=path)
    await first.ensure_ready()
    face_id = uuid.uuid4()
    await first.upsert([IndexedFace(face_id=face_id, embedding=_vector())])
    await first.close()

    second = QdrantFaceIndex.open(collection="faces", path=path)
    await second.ensure_ready()
    assert [hit.face_id for hit in await second.get([face_id])] == [face_id]
    await second.close()
