"""Prototypes weigh by the child's age, on the real Postgres and Qdrant Edge: the dates come
from what is stored (an enrollment photo's message date, a group photo's posting), the
birth date from the person, and the decision changes with them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import cast

import numpy as np
import pytest

from domain.blobs import BlobStore
from domain.events import EventBus
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import Face, Group, Person, Photo, Prototype
from domain.infra.stores.recognition import TortoiseRecognitionStore
from domain.jobs.queue import JobQueue
from domain.recognition import ages
from domain.recognition.face_index import IndexedFace
from domain.recognition.faces import FaceEngine, Vector
from domain.recognition.matching import Verdict
from domain.recognition.service import Recognition
from domain.recognition.thresholds import MatchThresholds
from domain.states import FaceSource, GroupType, PersonStatus, PrototypeRole
from domain.telegram import Messenger
from tests.integration.classroom import face_at

pytestmark = pytest.mark.usefixtures("db")
THRESHOLDS = MatchThresholds(auto=0.45, suggest=0.34, margin=0.08, source="test")
BORN = date(2020, 1, 1)
AT_ONE = datetime(2021, 1, 1, 12, tzinfo=UTC)


def _direction(seed: int) -> Vector:
    vector = np.random.default_rng(seed).normal(size=512).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _near(vector: Vector, seed: int, likeness: float) -> Vector:
    """A unit vector at this cosine similarity to ``vector``."""
    other = _direction(seed)
    other = other - float(other @ vector) * vector
    other /= np.linalg.norm(other)
    mixed: Vector = (likeness * vector + np.sqrt(1 - likeness**2) * other).astype(np.float32)
    return mixed / np.linalg.norm(mixed)


class Child:
    """Mia, enrolled at one with two photos alike (0.6) to the face asked about."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.face = _direction(0)
        self.x = 0
        # decide() reads the index and Postgres only: it sends, queues and stores nothing.
        self.recognition = Recognition(
            cast(FaceEngine, None),
            index,
            cast(Messenger, None),
            cast(JobQueue, None),
            cast(BlobStore, None),
            THRESHOLDS,
            store=TortoiseRecognitionStore(),
            events=EventBus(),
        )

    async def setup(self, born: date | None) -> None:
        self.mia = await Person.create(name="Mia", status=PersonStatus.ACTIVE, birth_date=born)
        self.group = await Group.create(
            chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t"
        )
        for seed in (1, 2):
            await self._face(_near(self.face, seed, 0.6), FaceSource.ENROLLMENT, taken_at=AT_ONE)

    async def prototype_from_group_photo(self, posted_at: datetime, likeness: float) -> None:
        photo = await Photo.create(
            group=self.group,
            message_id=int(posted_at.timestamp()),
            file_id="f",
            file_unique_id="u",
            posted_at=posted_at,
        )
        await self._face(_near(self.face, 7, likeness), FaceSource.GROUP_PHOTO, photo)

    async def _face(
        self,
        embedding: Vector,
        source: FaceSource,
        photo: Photo | None = None,
        taken_at: datetime | None = None,
    ) -> Face:
        self.x += 100
        face = await face_at(photo, self.x, source=source, person=self.mia, taken_at=taken_at)
        await Prototype.create(person=self.mia, face=face, role=PrototypeRole.ENROLLMENT)
        await self.index.upsert(
            [
                IndexedFace(
                    face_id=face.id,
                    embedding=embedding,
                    photo_id=photo.id if photo else None,
                    person_id=self.mia.id,
                    is_prototype=True,
                )
            ]
        )
        return face

    async def decide(self, taken_on: date) -> tuple[Verdict, float | None]:
        (decision,) = await self.recognition.decide(
            {self.mia.id: self.face}, [self.mia.id], THRESHOLDS, taken_on
        )
        return decision.verdict, decision.score


async def test_a_toddler_s_prototypes_count_for_less_five_years_on(index: EdgeFaceIndex) -> None:
    child = Child(index)
    await child.setup(BORN)
    assert (await child.decide(date(2021, 2, 1)))[0] == Verdict.ASSIGN
    verdict, score = await child.decide(date(2026, 1, 1))
    # At six, photos from age one say less: asked about, not sent.
    assert verdict == Verdict.SUGGEST
    expected = ages.weighted(0.6, BORN, AT_ONE.date(), date(2026, 1, 1))
    assert score == pytest.approx(expected, abs=0.002)
    assert score is not None and score < THRESHOLDS.auto


async def test_without_a_birth_date_every_prototype_counts_the_same(index: EdgeFaceIndex) -> None:
    child = Child(index)
    await child.setup(None)
    verdict, score = await child.decide(date(2026, 1, 1))
    assert verdict == Verdict.ASSIGN
    assert score == pytest.approx(0.6, abs=0.002)


async def test_a_prototype_from_a_recent_group_photo_weighs_fully(index: EdgeFaceIndex) -> None:
    child = Child(index)
    await child.setup(BORN)
    # A face of her confirmed last year, from a photo posted then.
    await child.prototype_from_group_photo(datetime(2025, 6, 1, tzinfo=UTC), 0.6)
    verdict, score = await child.decide(date(2026, 1, 1))
    assert verdict == Verdict.ASSIGN
    assert score == pytest.approx(0.6, abs=0.002)


async def test_an_operator_may_turn_the_weighting_off(index: EdgeFaceIndex) -> None:
    child = Child(index)
    await child.setup(BORN)
    child.recognition = Recognition(
        cast(FaceEngine, None),
        index,
        cast(Messenger, None),
        cast(JobQueue, None),
        cast(BlobStore, None),
        THRESHOLDS,
        store=TortoiseRecognitionStore(),
        events=EventBus(),
        age_penalty=0.0,
    )
    assert (await child.decide(date(2026, 1, 1)))[0] == Verdict.ASSIGN


async def test_a_face_with_no_date_of_its_own_is_dated_when_it_was_found(
    index: EdgeFaceIndex,
) -> None:
    child = Child(index)
    await child.setup(BORN)
    await Face.all().update(taken_at=None)
    # Received today: a photo taken today weighs fully, one from five years on less.
    today = datetime.now(UTC).date()
    await Person.filter(id=child.mia.id).update(birth_date=today - timedelta(days=365))
    assert (await child.decide(today))[0] == Verdict.ASSIGN
    assert (await child.decide(today + timedelta(days=5 * 365)))[0] == Verdict.SUGGEST
