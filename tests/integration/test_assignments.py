"""Assignment changes on the real Postgres and Qdrant: each writes one event, and undo
restores the exact previous state, Qdrant payloads included; when it cannot, it says why."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tortoise.transactions import in_transaction

from domain.infra.models import (
    AssignmentEvent,
    Face,
    FaceRejection,
    FaceSyncRequest,
    Group,
    Guardianship,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.infra.qdrant_index import QdrantFaceIndex
from domain.infra.stores import assignments
from domain.infra.stores.assignments import matchable_persons
from domain.infra.stores.recognition import TortoiseFaceSyncStore
from domain.recognition.assignments import Actor, UndoOutcome
from domain.recognition.face_index import IndexedFace
from domain.recognition.face_sync import FaceSync
from domain.states import (
    AssignmentOperation,
    GroupType,
    MembershipStatus,
    PersonStatus,
    PrototypeRole,
)

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[QdrantFaceIndex]:
    opened = QdrantFaceIndex.open(collection="faces", path=tmp_path / "qdrant")
    await opened.ensure_ready()
    yield opened
    await opened.close()


class World:
    def __init__(self, index: QdrantFaceIndex) -> None:
        self.index = index
        self.sync = FaceSync(index, TortoiseFaceSyncStore())

    async def setup(self) -> None:
        self.ann = await Participant.create(telegram_user_id=1, first_name="Ann")
        self.bob = await Participant.create(telegram_user_id=2, first_name="Bob")
        self.actor = Actor.participant(self.ann)
        self.alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
        self.ally = await Person.create(name="Ally", status=PersonStatus.ACTIVE)
        for person in (self.alice, self.ally):
            await Guardianship.create(person=person, participant=self.ann)
        await Guardianship.create(person=self.ally, participant=self.bob)
        group = await Group.create(chat_id=-1, title="G", type=GroupType.SUPERGROUP, join_token="t")
        self.photo = await Photo.create(
            group=group, message_id=1, file_id="f", file_unique_id="u", posted_at=datetime.now(UTC)
        )
        # Ally's face in a photo of its own: one person at most once per photo, so a merge
        # of two persons seen in one photo leaves one face there (test_merge_side_by_side).
        self.other_photo = await Photo.create(
            group=group, message_id=2, file_id="g", file_unique_id="v", posted_at=datetime.now(UTC)
        )
        self.faces = [
            await self._face(x, person)
            for x, person in ((10, self.alice), (200, self.alice), (400, self.ally), (600, None))
        ]
        await Prototype.create(person=self.alice, face=self.faces[0], role=PrototypeRole.ENROLLMENT)
        await Prototype.create(person=self.ally, face=self.faces[2], role=PrototypeRole.ENROLLMENT)
        await Suggestion.create(face=self.faces[3], person=self.ally, score=0.4)
        await FaceRejection.create(face=self.faces[3], person=self.alice)
        await self.synced()

    async def _face(self, x: int, person: Person | None) -> Face:
        photo = self.other_photo if person is self.ally else self.photo
        face = await Face.create(
            photo=photo,
            person=person,
            bbox_x=x,
            bbox_y=0,
            bbox_w=90,
            bbox_h=90,
            det_score=0.9,
            quality=0.9,
        )
        vector = np.random.default_rng(x).normal(size=512).astype(np.float32)
        await self.index.upsert(
            [
                IndexedFace(
                    face_id=face.id,
                    embedding=vector / np.linalg.norm(vector),
                    photo_id=photo.id,
                    person_id=person.id if person else None,
                )
            ]
        )
        return face

    async def synced(self) -> None:
        for face_id in set(await FaceSyncRequest.all().values_list("face_id", flat=True)):
            await self.sync.sync(uuid.UUID(str(face_id)))
        for face in self.faces:
            await self.sync.sync(face.id)

    async def state(self) -> dict[str, Any]:
        """Everything an assignment change may touch, in Postgres and in Qdrant."""
        faces = {str(f.id): str(f.person_id) for f in await Face.all()}  # type: ignore[attr-defined]
        points = {
            str(h.face_id): (str(h.person_id), h.is_prototype)
            for h in await self.index.get([f.id for f in self.faces])
        }
        return {
            "faces": faces,
            "points": points,
            "prototypes": await _rows(Prototype, "person_id", "face_id", "role"),
            "rejections": await _rows(FaceRejection, "person_id", "face_id"),
            "suggestions": await _rows(Suggestion, "person_id", "face_id", "status"),
            "guardians": await _rows(Guardianship, "person_id", "participant_id"),
            "persons": await _rows(Person, "name", "status"),
        }


async def _rows(model: Any, *columns: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in await model.all().values_list(*columns))


@pytest.fixture
async def world(index: QdrantFaceIndex) -> World:
    built = World(index)
    await built.setup()
    return built


async def _change_then_undo(world: World, change: Any) -> AssignmentEvent:
    before = await world.state()
    async with in_transaction():
        event: AssignmentEvent = await change()
    await world.synced()
    assert await world.state() != before
    assert await AssignmentEvent.filter(undoes=None).count() == 1  # one event per change
    async with in_transaction():
        outcome, reverted = await assignments.undo(
            await AssignmentEvent.get(id=event.id), world.actor
        )
    assert outcome == UndoOutcome.DONE
    assert reverted is not None
    assert reverted.undoes_id == event.id  # type: ignore[attr-defined]
    await world.synced()
    assert await world.state() == before
    return event


async def test_assign_writes_an_event_and_undo_restores(world: World) -> None:
    face = world.faces[3]
    event = await _change_then_undo(
        world,
        lambda: assignments.assign(
            face, world.alice.id, world.actor, prototype=PrototypeRole.ACCEPTED, note="test"
        ),
    )
    assert (event.operation, event.to_person_id, event.face_ids) == (  # type: ignore[attr-defined]
        AssignmentOperation.ASSIGN,
        world.alice.id,
        [str(face.id)],
    )
    assert event.actor == f"participant:{world.ann.id}"
    assert event.photo_ids == [str(world.photo.id)]


async def test_unassign_with_rejection_and_undo_restores_the_prototype(world: World) -> None:
    face = world.faces[0]  # one of Alice's prototypes
    event = await _change_then_undo(
        world,
        lambda: assignments.unassign(face, world.actor, remember_rejection=True, note="not her"),
    )
    assert event.from_person_id == world.alice.id  # type: ignore[attr-defined]
    assert event.details == {"prototype_removed": "enrollment", "rejection_added": True}


async def test_move_and_undo(world: World) -> None:
    face = world.faces[0]
    event = await _change_then_undo(
        world, lambda: assignments.move(face, world.ally.id, world.actor, note="sibling")
    )
    assert (event.from_person_id, event.to_person_id) == (world.alice.id, world.ally.id)  # type: ignore[attr-defined]


async def test_merge_and_undo(world: World) -> None:
    event = await _change_then_undo(
        world, lambda: assignments.merge(world.alice, world.ally, world.actor)
    )
    assert event.operation == AssignmentOperation.MERGE
    assert event.face_count == 1
    assert len(event.details["added_guardianship_ids"]) == 1  # type: ignore[index]  # Bob came along


async def test_merge_moves_everything_to_the_kept_person(world: World) -> None:
    async with in_transaction():
        await assignments.merge(world.alice, world.ally, world.actor)
    await world.synced()
    assert await Face.filter(person=world.alice).count() == 3
    assert await Prototype.filter(person=world.alice).count() == 2
    assert await Suggestion.filter(person=world.alice).count() == 1
    assert await Guardianship.filter(person=world.alice, participant=world.bob).exists()
    assert (await Person.get(id=world.ally.id)).status == PersonStatus.MERGED
    points = await world.index.get([f.id for f in world.faces[:3]])
    assert {p.person_id for p in points} == {world.alice.id}


async def test_undo_says_why_not(world: World) -> None:
    face = world.faces[3]
    async with in_transaction():
        assigned = await assignments.assign(
            face, world.alice.id, world.actor, prototype=None, note="t"
        )
    # The face changed since: it was moved on.
    async with in_transaction():
        await assignments.move(await Face.get(id=face.id), world.ally.id, world.actor, note="t")
    async with in_transaction():
        outcome, _ = await assignments.undo(await AssignmentEvent.get(id=assigned.id), world.actor)
    assert outcome == UndoOutcome.CHANGED_SINCE
    # Already undone.
    async with in_transaction():
        moved = await AssignmentEvent.get(operation=AssignmentOperation.MOVE)
        assert (await assignments.undo(moved, world.actor))[0] == UndoOutcome.DONE
        assert (await assignments.undo(await AssignmentEvent.get(id=moved.id), world.actor))[0] == (
            UndoOutcome.ALREADY_UNDONE
        )
    # Deleted faces cannot come back.
    removal = await assignments.record(
        AssignmentOperation.REMOVE,
        world.actor,
        [face],
        from_person=world.alice.id,
        to_person=None,
        note="deleted",
    )
    assert (await assignments.undo(removal, world.actor))[0] == UndoOutcome.NOT_UNDOABLE


async def test_birth_date_keeps_earlier_photos_from_matching(world: World) -> None:
    group = await Group.get()
    from domain.infra.models import Membership

    await Membership.create(
        participant=world.ann,
        group=group,
        status=MembershipStatus.MEMBER,
        verified_at=datetime.now(UTC),
    )
    world.alice.birth_date = date(2020, 6, 1)
    await world.alice.save()
    assert world.alice.id not in await matchable_persons(group.id, date(2020, 5, 31))
    assert world.alice.id in await matchable_persons(group.id, date(2020, 6, 1))
    assert world.ally.id in await matchable_persons(group.id, date(2020, 5, 31))


async def _side_by_side(world: World, x: int, person: Person, score: float) -> Face:
    """A face of ``person`` in Alice's photo (beside her faces there), matched at ``score``."""
    face = await Face.create(
        photo=world.photo,
        person=person,
        bbox_x=x,
        bbox_y=0,
        bbox_w=90,
        bbox_h=90,
        det_score=0.9,
        quality=0.9,
        prototype_scores={str(uuid.uuid4()): score},
    )
    vector = np.random.default_rng(x).normal(size=512).astype(np.float32)
    await world.index.upsert(
        [
            IndexedFace(
                face_id=face.id,
                embedding=vector / np.linalg.norm(vector),
                photo_id=world.photo.id,
                person_id=person.id,
            )
        ]
    )
    world.faces.append(face)
    await world.sync.sync(face.id)
    return face


async def _alice_in_one_photo_with_ally(world: World, *, ally_prototype: bool) -> tuple[Face, Face]:
    """Alice's photo holds only her prototype, matched at 0.5 (a guardian's yes), and Ally's
    face beside it, better matched (0.8): a prototype of Ally's too, or not."""
    await Face.filter(photo=world.photo, person=world.alice).delete()  # cascades its prototype
    world.faces = [f for f in world.faces if await Face.exists(id=f.id)]
    alices = await _side_by_side(world, 800, world.alice, 0.5)
    await Prototype.create(person=world.alice, face=alices, role=PrototypeRole.ACCEPTED)
    allys = await _side_by_side(world, 900, world.ally, 0.8)
    if ally_prototype:
        await Prototype.create(person=world.ally, face=allys, role=PrototypeRole.ACCEPTED)
    await world.synced()
    return alices, allys


async def test_a_merge_sets_aside_a_better_matched_face_beside_the_kept_persons_prototype(
    world: World,
) -> None:
    """The kept person's face there is a prototype, the other better matched and none: the
    prototype stays, the other is set aside (before, both stayed: Alice twice in one
    photo); the undo gives it back as it was."""
    alices, allys = await _alice_in_one_photo_with_ally(world, ally_prototype=False)

    async def merged() -> AssignmentEvent:
        event = await assignments.merge(world.alice, world.ally, world.actor)
        there = await Face.filter(photo=world.photo, person=world.alice).values_list(
            "id", flat=True
        )
        assert [str(face) for face in there] == [str(alices.id)]
        assert (await Face.get(id=allys.id)).person_id is None  # type: ignore[attr-defined]
        return event

    event = await _change_then_undo(world, merged)
    assert event.details["set_aside_faces"] == {str(allys.id): str(world.ally.id)}  # type: ignore[index]


async def test_a_merge_of_two_prototypes_in_one_photo_keeps_the_better_matched(
    world: World,
) -> None:
    """Both faces there are prototypes: one photo holds the person once, so the better
    matched (Ally's, 0.8) stays and Alice's (0.5) is set aside and is no prototype while
    the merge lasts; the undo gives back the face and its prototype, role and all."""
    alices, allys = await _alice_in_one_photo_with_ally(world, ally_prototype=True)

    async def merged() -> AssignmentEvent:
        event = await assignments.merge(world.alice, world.ally, world.actor)
        there = await Face.filter(photo=world.photo, person=world.alice).values_list(
            "id", flat=True
        )
        assert [str(face) for face in there] == [str(allys.id)]
        assert (await Face.get(id=alices.id)).person_id is None  # type: ignore[attr-defined]
        assert not await Prototype.exists(face_id=alices.id)
        assert await Prototype.exists(face_id=allys.id, person_id=world.alice.id)
        return event

    event = await _change_then_undo(world, merged)
    assert event.details["set_aside_faces"] == {str(alices.id): str(world.alice.id)}  # type: ignore[index]
    assert await Prototype.exists(
        face_id=alices.id, person_id=world.alice.id, role=PrototypeRole.ACCEPTED
    )
