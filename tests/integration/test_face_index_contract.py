"""The ``FaceIndex`` contract, on every adapter facedrop ships: switching adapters must not
change what facedrop sees. Real engines only (Qdrant local mode, Qdrant Edge); the Qdrant
server is the same ``QdrantFaceIndex`` class as local mode."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import numpy as np
import pytest

from domain.errors import ConfigurationError
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.locations import component_locations
from domain.infra.qdrant_index import QdrantFaceIndex
from domain.infra.stack import open_face_index
from domain.recognition.face_index import FaceFilter, FaceIndex, Hit, IndexedFace
from domain.recognition.faces import EMBEDDING_SIZE
from domain.settings import load_settings
from tests.conftest import REPO

rng = np.random.default_rng(12)

Opener = Callable[[Path], FaceIndex]

ADAPTERS: dict[str, Opener] = {
    "qdrant-local": lambda path: QdrantFaceIndex.open(collection="faces", path=path / "qdrant"),
    "qdrant-edge": lambda path: EdgeFaceIndex.open(path / "edge"),
}
# A Qdrant server to run the contract against as well (CI with a qdrant service, or
# `docker run -p 6333:6333 qdrant/qdrant`); each test gets its own collection.
SERVER = os.environ.get("FACEDROP_TEST_QDRANT_URL")
if SERVER:
    ADAPTERS["qdrant-server"] = lambda path: QdrantFaceIndex.open(
        collection=f"contract-{hashlib.sha1(str(path).encode()).hexdigest()[:16]}", url=SERVER
    )


def _vector(near: np.ndarray | None = None, noise: float = 0.005) -> np.ndarray:
    if near is None:
        vector = rng.normal(size=EMBEDDING_SIZE)
    else:
        vector = near + rng.normal(scale=noise, size=EMBEDDING_SIZE)
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _face(**fields: object) -> IndexedFace:
    fields.setdefault("embedding", _vector())
    return IndexedFace(face_id=uuid.uuid4(), **fields)  # type: ignore[arg-type]


@pytest.fixture(params=list(ADAPTERS))
def opener(request: pytest.FixtureRequest) -> Opener:
    return ADAPTERS[request.param]


@pytest.fixture
async def index(opener: Opener, tmp_path: Path) -> AsyncIterator[FaceIndex]:
    opened = opener(tmp_path)
    await opened.ensure_ready()
    yield opened
    await opened.close()


def _ids(hits: list[Hit]) -> list[uuid.UUID]:
    return [hit.face_id for hit in hits]


async def test_ready_twice_and_empty(index: FaceIndex) -> None:
    await index.ensure_ready()
    assert await index.count(FaceFilter()) == 0
    assert await index.search(_vector(), where=FaceFilter(), limit=5) == []
    assert await index.get([uuid.uuid4()]) == []


async def test_upsert_overwrites_by_face_id(index: FaceIndex) -> None:
    person, photo, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first = _face(person_id=person, is_prototype=True)
    await index.upsert([first])
    await index.upsert([first])
    assert await index.count(FaceFilter()) == 1

    moved = IndexedFace(face_id=first.face_id, embedding=_vector(), photo_id=photo, group_id=group)
    await index.upsert([moved])
    assert await index.count(FaceFilter()) == 1
    [stored] = await index.get([first.face_id])
    assert stored == Hit(
        face_id=first.face_id,
        score=1.0,
        person_id=None,  # the whole payload is replaced
        photo_id=photo,
        group_id=group,
        is_prototype=False,
    )
    [hit] = await index.search(moved.embedding, where=FaceFilter(), limit=1)
    assert hit.score > 0.99  # the vector too
    assert await index.count(FaceFilter(is_prototype=True)) == 0


async def test_hits_carry_the_payload_and_come_best_first(index: FaceIndex) -> None:
    person, photo, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    target = _vector()
    near = _face(embedding=_vector(target), person_id=person, photo_id=photo, group_id=group)
    farther = _face(embedding=_vector(target, noise=0.05), photo_id=photo)
    unrelated = _face()
    await index.upsert([unrelated, farther, near])

    hits = await index.search(target, where=FaceFilter(), limit=10)
    assert _ids(hits) == [near.face_id, farther.face_id, unrelated.face_id]
    assert hits[0].score > hits[1].score > hits[2].score
    assert hits[0].score == pytest.approx(1.0, abs=0.01)
    assert (hits[0].person_id, hits[0].photo_id, hits[0].group_id) == (person, photo, group)
    assert hits[0].is_prototype is False
    assert (hits[1].person_id, hits[1].group_id) == (None, None)

    assert _ids(await index.search(target, where=FaceFilter(), limit=2)) == _ids(hits[:2])
    confident = await index.search(target, where=FaceFilter(), limit=10, min_score=0.5)
    assert _ids(confident) == [near.face_id, farther.face_id]


async def test_each_filter_field(index: FaceIndex) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    photo_a, photo_b = uuid.uuid4(), uuid.uuid4()
    group_a, group_b = uuid.uuid4(), uuid.uuid4()
    alice_proto = _face(person_id=alice, is_prototype=True)
    bob_proto = _face(person_id=bob, is_prototype=True)
    alice_in_a = _face(person_id=alice, photo_id=photo_a, group_id=group_a)
    nobody_in_a = _face(photo_id=photo_a, group_id=group_a)
    nobody_in_b = _face(photo_id=photo_b, group_id=group_b)
    everyone = [alice_proto, bob_proto, alice_in_a, nobody_in_a, nobody_in_b]
    await index.upsert(everyone)

    expected: list[tuple[FaceFilter, list[IndexedFace]]] = [
        (FaceFilter(), everyone),
        (FaceFilter(person_ids=[alice]), [alice_proto, alice_in_a]),
        (FaceFilter(person_ids=[alice, bob]), [alice_proto, bob_proto, alice_in_a]),
        (FaceFilter(group_ids=[group_a]), [alice_in_a, nobody_in_a]),
        (FaceFilter(group_ids=[group_a, group_b]), [alice_in_a, nobody_in_a, nobody_in_b]),
        (FaceFilter(photo_ids=[photo_b]), [nobody_in_b]),
        (FaceFilter(face_ids=[bob_proto.face_id, nobody_in_b.face_id]), [bob_proto, nobody_in_b]),
        (FaceFilter(is_prototype=True), [alice_proto, bob_proto]),
        (FaceFilter(is_prototype=False), [alice_in_a, nobody_in_a, nobody_in_b]),
        (FaceFilter(has_person=True), [alice_proto, bob_proto, alice_in_a]),
        (FaceFilter(has_person=False), [nobody_in_a, nobody_in_b]),
        (FaceFilter(person_ids=[alice, bob], is_prototype=True), [alice_proto, bob_proto]),
        (FaceFilter(group_ids=[group_a], has_person=False), [nobody_in_a]),
        (FaceFilter(photo_ids=[photo_a], person_ids=[bob]), []),
        (FaceFilter(face_ids=[alice_proto.face_id], is_prototype=False), []),
    ]
    for where, faces in expected:
        wanted = {face.face_id for face in faces}
        found = await index.search(_vector(), where=where, limit=10)
        assert set(_ids(found)) == wanted, where
        assert await index.count(where) == len(wanted), where


async def test_an_empty_id_list_matches_nothing(index: FaceIndex) -> None:
    face = _face(person_id=uuid.uuid4(), photo_id=uuid.uuid4(), group_id=uuid.uuid4())
    await index.upsert([face])
    for where in (
        FaceFilter(person_ids=[]),
        FaceFilter(group_ids=[]),
        FaceFilter(photo_ids=[]),
        FaceFilter(face_ids=[]),
        FaceFilter(person_ids=[face.person_id], face_ids=[]),  # type: ignore[list-item]
    ):
        assert await index.search(face.embedding, where=where, limit=5) == []
        assert await index.count(where) == 0
        await index.delete(where)
    assert await index.count(FaceFilter()) == 1
    assert await index.get([]) == []


async def test_get_returns_stored_faces_and_leaves_out_missing_ones(index: FaceIndex) -> None:
    person = uuid.uuid4()
    faces = [_face(person_id=person, is_prototype=True), _face(photo_id=uuid.uuid4())]
    await index.upsert(faces)
    stored = await index.get([faces[0].face_id, uuid.uuid4(), faces[1].face_id])
    assert {hit.face_id: hit for hit in stored} == {
        faces[0].face_id: Hit(faces[0].face_id, 1.0, person, None, None, True),
        faces[1].face_id: Hit(faces[1].face_id, 1.0, None, faces[1].photo_id, None, False),
    }


async def test_set_and_clear_the_person_of_many_faces(index: FaceIndex) -> None:
    photo, group, alice, bob = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [_face(photo_id=photo, group_id=group) for _ in range(3)]
    await index.upsert(faces)
    ids = [f.face_id for f in faces[:2]]

    await index.set_person(ids, alice)
    assert await index.count(FaceFilter(person_ids=[alice])) == 2
    assert await index.count(FaceFilter(has_person=False)) == 1
    await index.set_person(ids[1:], bob)  # set again: replaced
    assert await index.count(FaceFilter(person_ids=[alice])) == 1
    assert await index.count(FaceFilter(person_ids=[bob])) == 1

    await index.set_person(ids[:1], None)
    stored = {hit.face_id: hit for hit in await index.get([f.face_id for f in faces])}
    assert stored[ids[0]].person_id is None
    assert stored[ids[1]].person_id == bob
    assert (stored[ids[0]].photo_id, stored[ids[0]].group_id) == (photo, group)  # untouched
    assert await index.count(FaceFilter(has_person=False)) == 2
    await index.set_person([], alice)  # nothing to do
    assert await index.count(FaceFilter(person_ids=[alice])) == 0


async def test_payload_updates_skip_faces_not_in_the_index(index: FaceIndex) -> None:
    face, missing, alice = _face(), uuid.uuid4(), uuid.uuid4()
    await index.upsert([face])
    await index.set_person([face.face_id, missing], alice)
    await index.set_prototype([missing, face.face_id], True)
    assert await index.get([missing]) == []
    [stored] = await index.get([face.face_id])
    assert (stored.person_id, stored.is_prototype) == (alice, True)
    await index.set_person([missing, face.face_id], None)
    assert (await index.get([face.face_id]))[0].person_id is None
    assert await index.count(FaceFilter()) == 1


async def test_set_prototype_flags(index: FaceIndex) -> None:
    person = uuid.uuid4()
    faces = [_face(person_id=person) for _ in range(3)]
    await index.upsert(faces)
    await index.set_prototype([f.face_id for f in faces[:2]], True)
    assert await index.count(FaceFilter(is_prototype=True)) == 2
    prototypes = await index.search(
        faces[0].embedding, where=FaceFilter(person_ids=[person], is_prototype=True), limit=5
    )
    assert _ids(prototypes)[0] == faces[0].face_id
    assert set(_ids(prototypes)) == {faces[0].face_id, faces[1].face_id}
    await index.set_prototype([faces[0].face_id], False)
    assert await index.count(FaceFilter(is_prototype=True)) == 1
    assert await index.count(FaceFilter(is_prototype=False)) == 2
    [stored] = await index.get([faces[0].face_id])
    assert (stored.is_prototype, stored.person_id) == (False, person)


async def test_clusters_of_unknown_faces_are_set_cleared_and_read_back(index: FaceIndex) -> None:
    group, cluster, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [_face(group_id=group) for _ in range(3)]
    await index.upsert(faces)
    missing = uuid.uuid4()
    await index.set_cluster([faces[0].face_id, faces[1].face_id, missing], cluster)
    await index.set_cluster([faces[2].face_id], other)
    stored = {hit.face_id: hit for hit in await index.get([f.face_id for f in faces])}
    assert [stored[f.face_id].cluster_id for f in faces] == [cluster, cluster, other]
    hits = await index.search(faces[0].embedding, where=FaceFilter(group_ids=[group]), limit=3)
    assert hits[0].cluster_id == cluster  # searches carry it too
    await index.set_cluster([faces[1].face_id], None)
    stored = {hit.face_id: hit for hit in await index.get([f.face_id for f in faces])}
    assert [stored[f.face_id].cluster_id for f in faces] == [cluster, None, other]
    assert stored[faces[1].face_id].group_id == group  # the rest untouched
    assert await index.get([missing]) == []


async def test_pictures_of_prototypes_are_kept_and_read_back_while_the_person_stays(
    index: FaceIndex,
) -> None:
    person, other, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [_face(person_id=person, is_prototype=True) for _ in range(3)]
    await index.upsert(faces)
    a, b, c = (f.face_id for f in faces)
    missing = uuid.uuid4()
    await index.set_pictures(person, {a: a, b: a, c: c, missing: a})
    stored = {hit.face_id: hit for hit in await index.get([a, b, c])}
    assert [stored[f].picture for f in (a, b, c)] == [a, a, c]
    assert await index.get([missing]) == []
    hits = await index.search(
        faces[1].embedding, where=FaceFilter(person_ids=[person], is_prototype=True), limit=3
    )
    assert {hit.face_id: hit.picture for hit in hits} == {a: a, b: a, c: c}  # with every hit

    # Worked out for Alice, it says nothing of the face once it is another person's (a move,
    # a merge) or nobody's, until it is worked out again.
    await index.set_person([b], other)
    await index.set_person([c], None)
    stored = {hit.face_id: hit for hit in await index.get([a, b, c])}
    assert [stored[f].picture for f in (a, b, c)] == [a, None, None]
    await index.set_pictures(other, {b: b})
    [moved] = await index.get([b])
    assert moved.picture == b

    # Written with the face (a backup restored) and scrolled back with it.
    copy = _face(person_id=person, group_id=group, is_prototype=True, picture=a)
    await index.upsert([copy])
    [restored] = await index.get([copy.face_id])
    assert restored.picture == a
    page, _ = await index.scroll()
    assert {face.face_id: face.picture for face in page}[copy.face_id] == a


async def test_scroll_pages_through_every_face_with_its_payload(index: FaceIndex) -> None:
    group, person, cluster = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [
        _face(person_id=person, is_prototype=True),
        _face(photo_id=uuid.uuid4(), group_id=group, person_id=person),
        _face(photo_id=uuid.uuid4(), group_id=group, cluster_id=cluster),
        *(_face(photo_id=uuid.uuid4(), group_id=group) for _ in range(4)),
    ]
    await index.upsert(faces)
    await index.set_cluster([faces[3].face_id], cluster)  # set later, read back all the same
    pages, start = [], None
    while True:
        page, start = await index.scroll(start=start, limit=3)
        pages.append(page)
        if start is None:
            break
    assert [len(page) for page in pages] == [3, 3, 1]
    scrolled = {face.face_id: face for page in pages for face in page}
    assert set(scrolled) == {face.face_id for face in faces}
    for face in faces:
        found = scrolled[face.face_id]
        expected_cluster = cluster if face is faces[3] else face.cluster_id
        assert (found.photo_id, found.group_id, found.person_id) == (
            face.photo_id,
            face.group_id,
            face.person_id,
        )
        assert (found.is_prototype, found.cluster_id) == (face.is_prototype, expected_cluster)
        assert np.allclose(found.embedding, face.embedding, atol=1e-6)
    everything, after = await index.scroll()  # one page of up to 256
    assert (len(everything), after) == (7, None)


async def test_vectors_are_read_back_as_stored(index: FaceIndex) -> None:
    faces = [_face() for _ in range(3)]
    await index.upsert(faces)
    missing = uuid.uuid4()
    vectors = await index.vectors([f.face_id for f in faces[:2]] + [missing])
    assert set(vectors) == {faces[0].face_id, faces[1].face_id}
    for face in faces[:2]:
        assert vectors[face.face_id].shape == (EMBEDDING_SIZE,)
        assert float(np.dot(vectors[face.face_id], face.embedding)) > 0.999
    assert await index.vectors([]) == {}


async def test_delete_by_face_photo_person_and_group(index: FaceIndex) -> None:
    photo_a, photo_b, alice, group = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    faces = [
        _face(photo_id=photo_a),
        _face(photo_id=photo_a, person_id=alice),
        _face(photo_id=photo_b, person_id=alice),
        _face(photo_id=photo_b),
        _face(person_id=alice, is_prototype=True),
        _face(group_id=group),
        _face(group_id=group),
    ]
    await index.upsert(faces)

    await index.delete(FaceFilter(face_ids=[faces[3].face_id]))
    assert await index.count(FaceFilter()) == 6
    assert await index.get([faces[3].face_id]) == []
    await index.delete(FaceFilter(person_ids=[alice]))
    assert await index.count(FaceFilter()) == 3
    await index.delete(FaceFilter(photo_ids=[photo_a]))
    assert await index.count(FaceFilter()) == 2
    await index.delete(FaceFilter(group_ids=[group], face_ids=[faces[5].face_id]))
    assert _ids(await index.get([f.face_id for f in faces])) == [faces[6].face_id]
    await index.delete(FaceFilter(has_person=False))
    assert await index.count(FaceFilter()) == 0
    await index.delete(FaceFilter(photo_ids=[photo_b]))  # nothing left to delete: fine


async def test_deleting_without_a_filter_is_refused(index: FaceIndex) -> None:
    await index.upsert([_face()])
    with pytest.raises(ValueError, match="refusing"):
        await index.delete(FaceFilter())
    assert await index.count(FaceFilter()) == 1


async def test_concurrent_writes_and_searches(index: FaceIndex) -> None:
    person = uuid.uuid4()
    batches = [
        [_face(person_id=person, photo_id=uuid.uuid4()) for _ in range(20)] for _ in range(5)
    ]
    await asyncio.gather(
        *(index.upsert(batch) for batch in batches),
        *(
            index.search(_vector(), where=FaceFilter(person_ids=[person]), limit=10)
            for _ in range(10)
        ),
    )
    assert await index.count(FaceFilter(person_ids=[person])) == 100
    await asyncio.gather(*(index.delete(FaceFilter(photo_ids=[b[0].photo_id])) for b in batches))  # type: ignore[list-item]
    assert await index.count(FaceFilter()) == 95


async def test_everything_survives_close_and_reopen(opener: Opener, tmp_path: Path) -> None:
    person = uuid.uuid4()
    kept = _face(person_id=person, is_prototype=True)
    changed = _face(photo_id=uuid.uuid4())
    deleted = _face(photo_id=uuid.uuid4())
    first = opener(tmp_path)
    await first.ensure_ready()
    await first.upsert([kept, changed, deleted])
    await first.set_person([changed.face_id], person)
    await first.delete(FaceFilter(face_ids=[deleted.face_id]))
    await first.close()

    second = opener(tmp_path)
    await second.ensure_ready()
    try:
        assert await second.count(FaceFilter()) == 2
        assert await second.count(FaceFilter(person_ids=[person])) == 2
        assert await second.count(FaceFilter(is_prototype=True)) == 1
        [hit] = await second.search(
            kept.embedding, where=FaceFilter(person_ids=[person], is_prototype=True), limit=5
        )
        assert hit.face_id == kept.face_id and hit.score > 0.99
        await second.set_prototype([changed.face_id], True)
    finally:
        await second.close()

    third = opener(tmp_path)
    await third.ensure_ready()
    try:
        assert await third.count(FaceFilter(is_prototype=True)) == 2
    finally:
        await third.close()


# ------------------------------------------------------------------ one engine only


async def test_local_mode_collection_is_512d_cosine(tmp_path: Path) -> None:
    index = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await index.ensure_ready()
    try:
        info = await index.client.get_collection("faces")
        vectors = info.config.params.vectors
        assert vectors.size == 512  # type: ignore[union-attr]
        assert vectors.distance.name == "COSINE"  # type: ignore[union-attr]
    finally:
        await index.close()


async def test_edge_survives_a_crash_without_close(tmp_path: Path) -> None:
    """Written means kept: Edge's write-ahead log replays what was not flushed."""
    face = _face(person_id=uuid.uuid4())
    script = (
        "import asyncio, os, sys, uuid, numpy as np\n"
        "from pathlib import Path\n"
        "from domain.infra.edge_index import EdgeFaceIndex\n"
        "from domain.recognition.face_index import IndexedFace\n"
        "async def main():\n"
        "    index = EdgeFaceIndex.open(Path(sys.argv[1]))\n"
        "    await index.ensure_ready()\n"
        "    vector = np.frombuffer(bytes.fromhex(sys.argv[3]), dtype=np.float32)\n"
        "    await index.upsert([IndexedFace(face_id=uuid.UUID(sys.argv[2]), embedding=vector)])\n"
        "    os._exit(0)  # no flush, no close\n"
        "asyncio.run(main())\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        str(tmp_path / "edge"),
        str(face.face_id),
        face.embedding.tobytes().hex(),
        cwd=REPO,
    )
    assert await process.wait() == 0
    index = EdgeFaceIndex.open(tmp_path / "edge")
    await index.ensure_ready()
    try:
        [hit] = await index.search(face.embedding, where=FaceFilter(), limit=1)
        assert hit.face_id == face.face_id and hit.score > 0.99
    finally:
        await index.close()


async def test_edge_migrates_a_local_mode_store_on_first_open(tmp_path: Path) -> None:
    """An install that ran on local mode keeps its faces when Edge becomes the default."""
    local_dir = tmp_path / "qdrant"
    old = QdrantFaceIndex.open(collection="faces", path=local_dir)
    await old.ensure_ready()
    person, photo = uuid.uuid4(), uuid.uuid4()
    faces = [_face(person_id=person, is_prototype=True) for _ in range(3)]
    faces += [_face(photo_id=photo, group_id=uuid.uuid4()) for _ in range(1100)]  # > one batch
    await old.upsert(faces)
    before = sorted(await old.get([f.face_id for f in faces]), key=lambda h: h.face_id)
    await old.close()

    edge = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    await edge.ensure_ready()
    try:
        assert sorted(await edge.get([f.face_id for f in faces]), key=lambda h: h.face_id) == before
        assert await edge.count(FaceFilter(person_ids=[person], is_prototype=True)) == 3
        [hit] = await edge.search(
            faces[1].embedding, where=FaceFilter(person_ids=[person], is_prototype=True), limit=1
        )
        assert hit.face_id == faces[1].face_id and hit.score > 0.99
    finally:
        await edge.close()
    # Counted, then deleted: it held embeddings erasure and retention no longer reach.
    assert not local_dir.exists()
    assert not (tmp_path / "edge.migrated").exists()

    again = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    await again.ensure_ready()  # already migrated: opens the shard as it is
    try:
        assert await again.count(FaceFilter()) == len(faces)
    finally:
        await again.close()


async def test_a_migration_cut_short_after_the_shard_took_its_place_is_finished(
    tmp_path: Path,
) -> None:
    """Killed between the shard taking its place and the old store's deletion: the next
    start counts the shard's faces and deletes the old store."""
    local_dir = tmp_path / "qdrant"
    old = QdrantFaceIndex.open(collection="faces", path=local_dir)
    await old.ensure_ready()
    faces = [_face(person_id=uuid.uuid4(), is_prototype=True) for _ in range(5)]
    await old.upsert(faces)
    await old.close()
    backup = tmp_path / "backup"
    shutil.copytree(local_dir, backup)
    edge = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    await edge.ensure_ready()
    await edge.close()
    # As if the process had died right before deleting the old store.
    shutil.copytree(backup, local_dir)
    (tmp_path / "edge.migrated").write_text("5\n")

    again = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    await again.ensure_ready()
    try:
        assert await again.count(FaceFilter()) == 5
    finally:
        await again.close()
    assert not local_dir.exists() and not (tmp_path / "edge.migrated").exists()


async def test_a_migration_missing_faces_keeps_the_old_store(tmp_path: Path) -> None:
    local_dir = tmp_path / "qdrant"
    old = QdrantFaceIndex.open(collection="faces", path=local_dir)
    await old.ensure_ready()
    await old.upsert([_face() for _ in range(3)])
    await old.close()
    edge = EdgeFaceIndex.open(tmp_path / "edge")
    await edge.ensure_ready()  # an empty shard, as if the copy had lost the faces
    await edge.close()
    (tmp_path / "edge.migrated").write_text("3\n")
    again = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    with pytest.raises(RuntimeError, match="holds 0 faces, 3 were moved"):
        await again.ensure_ready()
    assert (local_dir / "collection" / "faces").is_dir()
    retried = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=local_dir)
    with pytest.raises(RuntimeError, match="holds 0 faces"):  # the lock was let go
        await retried.ensure_ready()


async def test_edge_with_nothing_to_migrate_starts_empty(tmp_path: Path) -> None:
    edge = EdgeFaceIndex.open(tmp_path / "edge", migrate_from=tmp_path / "no-such-dir")
    await edge.ensure_ready()
    try:
        assert await edge.count(FaceFilter()) == 0
    finally:
        await edge.close()
    assert not (tmp_path / "edge.partial").exists()


async def test_edge_is_one_process_at_a_time(tmp_path: Path) -> None:
    first = EdgeFaceIndex.open(tmp_path / "edge")
    await first.ensure_ready()
    second = EdgeFaceIndex.open(tmp_path / "edge")
    try:
        with pytest.raises(RuntimeError, match="already open"):
            await second.ensure_ready()
    finally:
        await first.close()
    await second.ensure_ready()  # free again
    await second.close()


async def test_edge_refuses_calls_before_it_is_ready(tmp_path: Path) -> None:
    edge = EdgeFaceIndex.open(tmp_path / "edge")
    with pytest.raises(RuntimeError, match="not open"):
        await edge.count(FaceFilter())
    await edge.close()  # closing what never opened is fine


# ------------------------------------------------------------------ which adapter runs


async def test_the_embedded_default_is_edge_and_takes_over_a_local_mode_store(
    tmp_path: Path,
) -> None:
    settings = load_settings(data_dir=tmp_path)
    old = open_face_index(load_settings(data_dir=tmp_path, qdrant_embedded="local"))
    assert isinstance(old, QdrantFaceIndex)
    await old.ensure_ready()
    face = _face(person_id=uuid.uuid4(), is_prototype=True)
    await old.upsert([face])
    await old.close()

    index = open_face_index(settings)
    assert isinstance(index, EdgeFaceIndex)
    assert "Qdrant Edge" in component_locations(settings)["qdrant"]
    await index.ensure_ready()
    try:
        assert _ids(await index.get([face.face_id])) == [face.face_id]
    finally:
        await index.close()

    with pytest.raises(ConfigurationError, match="QDRANT_EMBEDDED=local would not see them"):
        open_face_index(load_settings(data_dir=tmp_path, qdrant_embedded="local"))


async def test_search_batch_answers_each_embedding_as_search_does(index: FaceIndex) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    alice_face, bob_face = _vector(), _vector()
    faces = [
        _face(embedding=_vector(alice_face), person_id=alice, is_prototype=True),
        _face(embedding=_vector(alice_face, noise=0.05), person_id=alice, is_prototype=True),
        _face(embedding=_vector(bob_face), person_id=bob, is_prototype=True),
        _face(embedding=_vector(bob_face), person_id=bob),  # not a prototype
        _face(),
    ]
    await index.upsert(faces)
    queries = [_vector(bob_face), _vector(), _vector(alice_face)]
    where = FaceFilter(person_ids=[alice, bob], is_prototype=True)
    for limit, min_score in ((5, None), (2, None), (5, 0.5)):
        batch = await index.search_batch(queries, where=where, limit=limit, min_score=min_score)
        one_by_one = [
            await index.search(q, where=where, limit=limit, min_score=min_score) for q in queries
        ]
        assert [_ids(hits) for hits in batch] == [_ids(hits) for hits in one_by_one]
        for got, expected in zip(batch, one_by_one, strict=True):
            assert [h.score for h in got] == pytest.approx([h.score for h in expected])
            assert [h.person_id for h in got] == [h.person_id for h in expected]
    [bob_hits, _, alice_hits] = await index.search_batch(queries, where=where, limit=1)
    assert (bob_hits[0].person_id, alice_hits[0].person_id) == (bob, alice)
    assert await index.search_batch([], where=where, limit=5) == []
    assert await index.search_batch(queries, where=FaceFilter(face_ids=[]), limit=5) == [[], [], []]
