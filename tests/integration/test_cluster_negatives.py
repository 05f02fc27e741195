"""A "no" teaches the cluster, on the real Postgres and Qdrant Edge: once a guardian said a
face is not Alice, the other faces nobody holds in that face's cluster of look-alikes count
as not Alice too (negative examples): one only "asked about" before is no longer asked
about, while a face outside the cluster is asked about as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import (
    Cluster,
    Face,
    FaceRejection,
    Group,
    Person,
    Photo,
    Prototype,
)
from domain.infra.stores.recognition import TortoiseRecognitionStore
from domain.recognition.face_index import IndexedFace
from domain.recognition.matching import Verdict
from domain.states import GroupType, PersonStatus, PhotoStatus, PrototypeRole
from tests.integration.classroom import axes, deciding, face_at, unit

pytestmark = pytest.mark.usefixtures("db")


async def _face(
    photo: Photo | None, person: Person | None, x: int, cluster: Cluster | None
) -> Face:
    return await face_at(photo, x, person=person, cluster=cluster)


async def test_a_no_makes_the_faces_of_its_cluster_negative_examples(
    index: EdgeFaceIndex,
) -> None:
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    group = await Group.create(chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t")
    cluster = await Cluster.create(group=group)
    photos = [
        await Photo.create(
            group=group,
            message_id=n,
            file_id=f"f{n}",
            file_unique_id=f"u{n}",
            posted_at=datetime.now(UTC),
            status=PhotoStatus.DONE,
        )
        for n in range(3)
    ]
    alice_axis, *others = axes(5, seed=7)
    # Two of Alice's prototypes; three group faces each scoring about 0.40 for her (asked
    # about: between suggest and auto), each otherwise its own.
    prototypes = [
        unit(alice_axis),
        unit(alice_axis + 0.05 * others[3]),
    ]
    vectors = {
        name: unit(0.4 * alice_axis + 0.9165 * axis)
        for name, axis in zip("FMU", others, strict=False)
    }
    enrolled = [await _face(None, alice, x, None) for x in (0, 100)]
    rejected = await _face(photos[0], None, 0, cluster)  # F: "no, that isn't Alice"
    mate = await _face(photos[1], None, 0, cluster)  # M: in F's cluster
    alone = await _face(photos[2], None, 0, None)  # U: in no cluster
    faces = {"F": rejected, "M": mate, "U": alone}
    for face in enrolled:
        await Prototype.create(person=alice, face=face, role=PrototypeRole.ENROLLMENT)
    await index.upsert(
        [
            IndexedFace(face.id, vector, person_id=alice.id, is_prototype=True)
            for face, vector in zip(enrolled, prototypes, strict=True)
        ]
        + [
            IndexedFace(faces[name].id, vectors[name], photo_id=photo.id, group_id=group.id)
            for name, photo in zip("FMU", photos, strict=True)
        ]
    )
    store = TortoiseRecognitionStore()
    recognition = deciding(index, store)

    async def verdicts() -> dict[str, Verdict]:
        """Each face decided as its own photo's (a person is matched once a photo)."""
        decided = {}
        for name in "MU":
            (decision,) = await recognition.decide({faces[name].id: vectors[name]}, [alice.id])
            decided[name] = decision.verdict
        return decided

    assert await verdicts() == {"M": Verdict.SUGGEST, "U": Verdict.SUGGEST}

    await FaceRejection.create(face=rejected, person=alice)
    assert await store.negative_examples([alice.id]) == {
        rejected.id: [alice.id],
        mate.id: [alice.id],
    }
    # M is no longer asked about for Alice; U, outside the cluster, still is.
    assert await verdicts() == {"M": Verdict.UNKNOWN, "U": Verdict.SUGGEST}

    # A face somebody holds is no negative example of its old cluster's "no".
    await Face.filter(id=mate.id).update(person_id=alice.id)
    assert await store.negative_examples([alice.id]) == {rejected.id: [alice.id]}
