"""A class on the real Postgres and Qdrant Edge for matching tests: Alice enrolled with two
prototypes (synthetic embeddings along chosen directions), group 5B with two photos, and
faces decided as recognition decides them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from domain.events import EventBus
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import Face, Group, Person, Photo, Prototype
from domain.infra.stores.recognition import TortoiseRecognitionStore
from domain.recognition.face_index import IndexedFace
from domain.recognition.matching import Verdict
from domain.recognition.service import Recognition
from domain.recognition.thresholds import PACK_THRESHOLDS
from domain.states import FaceSource, GroupType, PersonStatus, PhotoStatus, PrototypeRole

THRESHOLDS = PACK_THRESHOLDS["buffalo_sc"]  # suggest 0.34, auto 0.45


def unit(vector: np.ndarray) -> np.ndarray:
    scaled: np.ndarray = (vector / np.linalg.norm(vector)).astype(np.float32)
    return scaled


def axes(count: int, seed: int = 11) -> list[np.ndarray]:
    """Orthonormal directions of the 512-d embedding space."""
    basis = np.linalg.qr(np.random.default_rng(seed).normal(size=(512, count)))[0]
    return [basis[:, i].astype(np.float32) for i in range(count)]


async def face_at(photo: Photo | None, x: int, **more: Any) -> Face:
    """A face row in ``photo`` (an enrollment face without one) at ``x``: each face of a
    photo needs a box of its own."""
    more.setdefault("source", FaceSource.GROUP_PHOTO if photo else FaceSource.ENROLLMENT)
    return await Face.create(
        photo=photo, bbox_x=x, bbox_y=0, bbox_w=90, bbox_h=90, det_score=0.9, quality=0.8, **more
    )


def deciding(index: EdgeFaceIndex, store: TortoiseRecognitionStore) -> Recognition:
    """Recognition as far as ``decide`` goes: it reads only the index and the database (no
    engine, Telegram, queue or blobs)."""
    return Recognition(
        None,  # type: ignore[arg-type]
        index,
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        THRESHOLDS,
        store=store,
        events=EventBus(),
    )


class Class:
    """Alice enrolled (two prototypes); group 5B with two photos posted."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.recognition = deciding(index, TortoiseRecognitionStore())
        self.alice_axis, self.tom_axis, self.eve_axis, self.noise = axes(4)
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
        prototypes = [unit(self.alice_axis), unit(self.alice_axis + 0.05 * self.noise)]
        enrolled = [await self.face(None) for _ in range(2)]
        for face in enrolled:
            await Prototype.create(person=self.alice, face=face, role=PrototypeRole.ENROLLMENT)
        self.enrolled = enrolled
        await self.index.upsert(
            [
                IndexedFace(face.id, vector, person_id=self.alice.id, is_prototype=True)
                for face, vector in zip(enrolled, prototypes, strict=True)
            ]
        )

    async def second_prototype(self, vector: np.ndarray) -> None:
        """Alice's second enrollment photo looks like this instead."""
        await self.index.upsert(
            [IndexedFace(self.enrolled[1].id, vector, person_id=self.alice.id, is_prototype=True)]
        )

    async def face(self, photo: Photo | None) -> Face:
        self.placed += 100
        return await face_at(photo, self.placed)

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

    async def verdict(
        self, vector: np.ndarray, *, among: bool = True, taken_on: date | None = None
    ) -> Verdict:
        """A face of the new photo, decided as recognition decides it."""
        face = await self.face(self.new)
        (decision,) = await self.recognition.decide(
            {face.id: vector},
            [self.alice.id],
            taken_on=taken_on,
            among=(self.group.id, self.new.id) if among else None,
        )
        return decision.verdict
