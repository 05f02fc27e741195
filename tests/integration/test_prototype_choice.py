"""Choosing a person's prototypes again on the real Postgres, Qdrant Edge and Redis (arq):
enrollment prototypes stay, at most the limit, a guardian's "yes" or move is a candidate
and an automatic match is not, a near-duplicate is not taken, a face detached gives its
place to another, and the face index's prototype flag follows."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from arq import create_pool
from tortoise.transactions import in_transaction

from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.models import (
    Face,
    FaceSyncRequest,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
    UserRequest,
)
from domain.infra.stores import assignments
from domain.infra.stores.recognition import TortoiseFaceSyncStore, TortoisePrototypeStore
from domain.recognition import prototype_choice
from domain.recognition.assignments import MOVE_NOTE, Actor, UndoOutcome
from domain.recognition.face_index import FaceFilter, IndexedFace
from domain.recognition.face_sync import FaceSync
from domain.recognition.faces import Vector
from domain.recognition.prototype_choice import PrototypeChoice
from domain.states import (
    FaceSource,
    GroupType,
    PersonStatus,
    PrototypeRole,
    RequestKind,
    SuggestionStatus,
)

pytestmark = pytest.mark.usefixtures("db")
LIMIT = 4


@pytest.fixture
async def choice(index: EdgeFaceIndex, embedded_redis: str) -> AsyncIterator[PrototypeChoice]:
    pool = await create_pool(redis_settings(embedded_redis))
    await pool.flushall()
    yield PrototypeChoice(index, ArqJobQueue(pool), LIMIT, TortoisePrototypeStore())
    await pool.aclose()


def _direction(seed: int) -> Vector:
    vector = np.random.default_rng(seed).normal(size=512).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _near(vector: Vector, seed: int, likeness: float) -> Vector:
    """A unit vector at about this cosine similarity to ``vector``."""
    other = _direction(seed)
    other = other - float(other @ vector) * vector
    other /= np.linalg.norm(other)
    mixed: Vector = (likeness * vector + np.sqrt(1 - likeness**2) * other).astype(np.float32)
    return mixed / np.linalg.norm(mixed)


class Family:
    """Ann, guardian of Alice (3 enrollment prototypes) and Ally, in one group."""

    def __init__(self, index: EdgeFaceIndex) -> None:
        self.index = index
        self.sync = FaceSync(index, TortoiseFaceSyncStore())
        self.x = 0

    async def setup(self) -> None:
        self.ann = await Participant.create(telegram_user_id=1, first_name="Ann")
        self.actor = Actor.participant(self.ann)
        self.alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
        self.ally = await Person.create(name="Ally", status=PersonStatus.ACTIVE)
        for person in (self.alice, self.ally):
            await Guardianship.create(person=person, participant=self.ann)
        group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
        self.photo = await Photo.create(
            group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
        )
        self.enrolled = []
        for seed in (1, 2, 3):
            face = await self.face(_direction(seed), self.alice, source=FaceSource.ENROLLMENT)
            await Prototype.create(person=self.alice, face=face, role=PrototypeRole.ENROLLMENT)
            self.enrolled.append(face)
        await self.synced()

    async def face(
        self,
        embedding: Vector,
        person: Person | None,
        *,
        quality: float = 0.8,
        source: FaceSource = FaceSource.GROUP_PHOTO,
    ) -> Face:
        self.x += 100
        face = await Face.create(
            photo=self.photo if source == FaceSource.GROUP_PHOTO else None,
            source=source,
            person=person,
            bbox_x=self.x,
            bbox_y=0,
            bbox_w=90,
            bbox_h=90,
            det_score=0.9,
            quality=quality,
        )
        await self.index.upsert(
            [
                IndexedFace(
                    face_id=face.id,
                    embedding=embedding,
                    photo_id=face.photo_id,  # type: ignore[attr-defined]
                    person_id=person.id if person else None,
                )
            ]
        )
        await assignments.request_sync([face.id])
        return face

    async def said_yes(self, embedding: Vector, quality: float = 0.8) -> Face:
        """A face asked about as Alice, which Ann said is her."""
        face = await self.face(embedding, None, quality=quality)
        await Suggestion.create(
            face=face, person=self.alice, score=0.4, status=SuggestionStatus.ACCEPTED
        )
        await assignments.assign(
            face, self.alice.id, self.actor, prototype=None, note="suggestion accepted"
        )
        return face

    async def synced(self) -> None:
        for face_id in set(await FaceSyncRequest.all().values_list("face_id", flat=True)):
            await self.sync.sync(uuid.UUID(str(face_id)))

    async def prototypes(self, person: Person) -> set[uuid.UUID]:
        """The person's prototypes in Postgres, checked against the face index's flag."""
        await self.synced()
        rows = {
            uuid.UUID(str(f))
            for f in await Prototype.filter(person=person).values_list("face_id", flat=True)
        }
        flagged = {
            hit.face_id
            for hit in await self.index.get(
                [
                    uuid.UUID(str(f))
                    for f in await Face.filter(person=person).values_list("id", flat=True)
                ]
            )
            if hit.is_prototype
        }
        assert flagged == rows
        return rows


@pytest.fixture
async def family(index: EdgeFaceIndex) -> Family:
    made = Family(index)
    await made.setup()
    return made


async def test_confirmed_faces_fill_the_room_left_by_quality_and_diversity(
    family: Family, choice: PrototypeChoice
) -> None:
    base = _direction(1)
    twin = await family.said_yes(_near(base, 10, 0.97), quality=1.0)  # an enrollment photo again
    far = await family.said_yes(_direction(20), quality=0.7)
    blurred = await family.said_yes(_direction(21), quality=0.2)
    automatic = await family.face(_direction(22), family.alice, quality=1.0)  # nobody said yes
    async with in_transaction():
        await prototype_choice.ask([family.alice.id])

    chosen = await choice.choose_for(family.alice.id)

    assert chosen is not None
    kept = await family.prototypes(family.alice)
    assert kept == {*(f.id for f in family.enrolled), far.id}
    assert len(kept) == LIMIT
    assert twin.id not in kept and blurred.id not in kept and automatic.id not in kept
    assert not await UserRequest.filter(
        kind=RequestKind.CHOOSE_PROTOTYPES, done_at__isnull=True
    ).exists()

    # With room for all of them, the near-duplicate is still left out.
    roomy = PrototypeChoice(family.index, choice._jobs, 10, TortoisePrototypeStore())
    await roomy.choose_for(family.alice.id)
    assert await family.prototypes(family.alice) == {
        *(f.id for f in family.enrolled),
        far.id,
        blurred.id,
    }


async def test_a_detached_prototype_gives_its_place_to_another_candidate(
    family: Family, choice: PrototypeChoice
) -> None:
    first = await family.said_yes(_direction(20), quality=0.9)
    second = await family.said_yes(_direction(21), quality=0.6)
    await choice.choose_for(family.alice.id)
    assert await family.prototypes(family.alice) == {*(f.id for f in family.enrolled), first.id}

    # "That isn't Alice": the face leaves her, and her prototypes, at once.
    await assignments.unassign(first, family.actor, remember_rejection=True, note="test")
    assert await family.prototypes(family.alice) == {f.id for f in family.enrolled}
    await choice.choose_for(family.alice.id)

    kept = await family.prototypes(family.alice)
    assert kept == {*(f.id for f in family.enrolled), second.id}
    hit = (await family.index.get([first.id]))[0]
    assert (hit.person_id, hit.is_prototype) == (None, False)


async def test_enrollment_prototypes_past_the_limit_all_stay_and_nothing_is_learned(
    family: Family, choice: PrototypeChoice
) -> None:
    for seed in (4, 5):
        face = await family.face(_direction(seed), family.alice, source=FaceSource.ENROLLMENT)
        await Prototype.create(person=family.alice, face=face, role=PrototypeRole.ENROLLMENT)
        family.enrolled.append(face)
    learned = await family.said_yes(_direction(20), quality=1.0)
    await Prototype.create(person=family.alice, face=learned, role=PrototypeRole.ACCEPTED)

    await choice.choose_for(family.alice.id)

    assert await family.prototypes(family.alice) == {f.id for f in family.enrolled}


async def test_a_face_a_guardian_moved_is_a_candidate_until_the_move_is_undone(
    family: Family, choice: PrototypeChoice
) -> None:
    face = await family.face(_direction(30), family.ally)  # recognized as Ally
    event = await assignments.move(face, family.alice.id, family.actor, note=MOVE_NOTE)
    await Prototype.filter(face=face).delete()  # only the choice decides
    await choice.choose_for(family.alice.id)
    assert face.id in await family.prototypes(family.alice)

    outcome, _ = await assignments.undo(event, family.actor)
    assert outcome == UndoOutcome.DONE
    await choice.choose_for(family.alice.id)
    await choice.choose_for(family.ally.id)
    assert face.id not in await family.prototypes(family.alice)
    # Back with Ally, recognized automatically as before: not one of her prototypes either.
    assert face.id not in await family.prototypes(family.ally)
    assert not await family.index.count(FaceFilter(face_ids=[face.id], is_prototype=True))


async def test_a_person_gone_is_left_alone(family: Family, choice: PrototypeChoice) -> None:
    family.alice.status = PersonStatus.DELETING
    await family.alice.save()
    async with in_transaction():
        await prototype_choice.ask([family.alice.id])
    assert await choice.choose_for(family.alice.id) is None
    assert not await UserRequest.filter(
        kind=RequestKind.CHOOSE_PROTOTYPES, done_at__isnull=True
    ).exists()


async def test_with_a_birth_date_the_room_goes_to_the_face_of_the_child_as_it_is_now(
    family: Family, choice: PrototypeChoice
) -> None:
    then = await family.said_yes(_direction(20), quality=0.9)
    now = await family.said_yes(_direction(21), quality=0.8)
    three_years_ago = await Photo.create(
        group=family.photo.group,
        message_id=2,
        file_id="f2",
        file_unique_id="u2",
        posted_at=datetime.now(UTC) - timedelta(days=3 * 365),
    )
    await Face.filter(id=then.id).update(photo=three_years_ago)

    await choice.choose_for(family.alice.id)  # no birth date: the better photo
    assert await family.prototypes(family.alice) == {*(f.id for f in family.enrolled), then.id}

    await Person.filter(id=family.alice.id).update(
        birth_date=(datetime.now(UTC) - timedelta(days=4 * 365)).date()
    )
    await choice.choose_for(family.alice.id)  # a four-year-old: last year's face is of then
    assert await family.prototypes(family.alice) == {*(f.id for f in family.enrolled), now.id}


async def test_the_picture_of_each_prototype_is_worked_out_where_they_are_chosen(
    family: Family, choice: PrototypeChoice
) -> None:
    # A fourth enrollment photo: the first one mirrored (0.94 alike, below enrollment's
    # same-picture refusal at 0.98): one picture, which matching counts once.
    mirrored = await family.face(
        _near(_direction(1), 40, 0.94), family.alice, source=FaceSource.ENROLLMENT
    )
    await Prototype.create(person=family.alice, face=mirrored, role=PrototypeRole.ENROLLMENT)
    first, second, third = (f.id for f in family.enrolled)
    ids = [first, second, third, mirrored.id]
    # As stored before pictures were kept: none.
    assert {hit.picture for hit in await family.index.get(ids)} == {None}

    await choice.choose_for(family.alice.id)

    pictures = {hit.face_id: hit.picture for hit in await family.index.get(ids)}
    assert pictures[first] is not None and pictures[first] == pictures[mirrored.id]
    assert len({pictures[first], pictures[second], pictures[third]}) == 3

    # The mirrored copy taken down: chosen again, the first photo is a picture of its own.
    await assignments.unassign(mirrored, family.actor, remember_rejection=False, note="test")
    await choice.choose_for(family.alice.id)
    pictures = {hit.face_id: hit.picture for hit in await family.index.get([first, second, third])}
    assert pictures == {first: first, second: second, third: third}
