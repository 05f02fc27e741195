"""A face far more alike to another face of the class than to the person is asked about
to nobody, on the real Postgres and Qdrant Edge: a classmate nobody enrolled, posted
before, who scores in the question band for Alice is not shown to Alice's family; a face
with no such look-alike is asked about as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import Face, Group, Person, Photo, Prototype
from domain.recognition.face_index import IndexedFace
from domain.recognition.matching import Verdict
from domain.recognition.service import Recognition
from domain.recognition.thresholds import PACK_THRESHOLDS
from domain.states import FaceSource, GroupType, PersonStatus, PhotoStatus, PrototypeRole

pytestmark = pytest.mark.usefixtures("db")
THRESHOLDS = PACK_THRESHOLDS["buffalo_sc"]  # suggest 0.34, auto 0.45


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[EdgeFaceIndex]:
    opened = EdgeFaceIndex.open(tmp_path / "edge")
    await opened.ensure_ready()
    yield opened
    await opened.close()


def _unit(vector: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (vector / np.linalg.norm(vector)).astype(np.float32)
    return unit


def _axes(count: int) -> list[np.ndarray]:
    """Orthonormal directions of the 512-d embedding space."""
    basis = np.linalg.qr(np.random.default_rng(11).normal(size=(512, count)))[0]
    return [basis[:, i].astype(np.float32) for i in range(count)]


class Class:
    """Alice enrolled (two prototypes); group 5B with two photos posted."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.recognition = Recognition(None, index, None, None, None, THRESHOLDS)  # type: ignore[arg-type]
        self.alice_axis, self.tom_axis, self.eve_axis, self.noise = _axes(4)
        self.placed = 0  # each face its own box (one box per photo)

    async def setup(self) -> None:
        self.alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
        self.group = await Group.create(
            chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t"
        )
        self.earlier, self.new = [
            await Photo.create(
                group=self.group,
                message_id=n,
                file_id=f"f{n}",
                file_unique_id=f"u{n}",
                posted_at=datetime.now(UTC),
                status=PhotoStatus.DONE,
            )
            for n in range(2)
        ]
        prototypes = [_unit(self.alice_axis), _unit(self.alice_axis + 0.05 * self.noise)]
        enrolled = [await self.face(None) for _ in range(2)]
        for face in enrolled:
            await Prototype.create(person=self.alice, face=face, role=PrototypeRole.ENROLLMENT)
        await self.index.upsert(
            [
                IndexedFace(face.id, vector, person_id=self.alice.id, is_prototype=True)
                for face, vector in zip(enrolled, prototypes, strict=True)
            ]
        )

    async def face(self, photo: Photo | None) -> Face:
        self.placed += 100
        return await Face.create(
            photo=photo,
            source=FaceSource.GROUP_PHOTO if photo else FaceSource.ENROLLMENT,
            bbox_x=self.placed,
            bbox_y=0,
            bbox_w=90,
            bbox_h=90,
            det_score=0.9,
            quality=0.8,
        )

    async def posted_before(self, vector: np.ndarray, photo: Photo, person: Person | None) -> None:
        face = await self.face(photo)
        await self.index.upsert(
            [
                IndexedFace(
                    face.id,
                    vector,
                    photo_id=photo.id,
                    group_id=self.group.id,
                    person_id=person.id if person else None,
                )
            ]
        )

    async def verdict(self, vector: np.ndarray, *, among: bool = True) -> Verdict:
        """A face of the new photo, decided as recognition decides it."""
        face = await self.face(self.new)
        (decision,) = await self.recognition.decide(
            {face.id: vector},
            [self.alice.id],
            among=(self.group.id, self.new.id) if among else None,
        )
        return decision.verdict


@pytest.fixture
async def class_5b(index: EdgeFaceIndex) -> Class:
    made = Class(index)
    await made.setup()
    return made


def _tom(c: Class, alice: float) -> np.ndarray:
    """A face of Tom (nobody's child here) scoring about ``alice`` for Alice."""
    return _unit(alice * c.alice_axis + np.sqrt(1 - alice**2) * c.tom_axis)


async def test_a_classmate_seen_before_is_not_asked_about_for_alice(class_5b: Class) -> None:
    c = class_5b
    tom_now = _tom(c, 0.40)  # in the question band for Alice (0.34-0.45)
    assert await c.verdict(tom_now) == Verdict.SUGGEST  # nobody like him posted yet
    await c.posted_before(_tom(c, 0.10), c.earlier, None)  # Tom before: not like Alice
    assert await c.verdict(tom_now) == Verdict.UNKNOWN  # far more like that face: asked nobody
    # Matching without the group (as before) still asks.
    assert await c.verdict(tom_now, among=False) == Verdict.SUGGEST


async def test_a_face_is_still_asked_about_when_its_look_alike_looks_like_alice_too(
    class_5b: Class,
) -> None:
    c = class_5b
    await c.posted_before(_tom(c, 0.36), c.earlier, None)  # scores for Alice itself
    assert await c.verdict(_tom(c, 0.40)) == Verdict.SUGGEST


async def test_alices_own_faces_and_the_same_photos_faces_are_no_look_alikes(
    class_5b: Class,
) -> None:
    c = class_5b
    await c.posted_before(_tom(c, 0.10), c.new, None)  # in the same photo: another child
    await c.posted_before(_tom(c, 0.10), c.earlier, c.alice)  # given to Alice by a guardian
    assert await c.verdict(_tom(c, 0.40)) == Verdict.SUGGEST


async def test_a_look_alike_only_somewhat_more_alike_changes_nothing(class_5b: Class) -> None:
    c = class_5b
    # Eve's face: 0.45 alike to the new face, less than 0.12 above its 0.40 for Alice.
    eve = _unit(0.45 * c.tom_axis + np.sqrt(1 - 0.45**2) * c.eve_axis)
    await c.posted_before(eve, c.earlier, None)
    tom_now = _tom(c, 0.40)
    assert 0.40 < float(tom_now @ eve) < 0.40 + 0.12
    assert await c.verdict(tom_now) == Verdict.SUGGEST
