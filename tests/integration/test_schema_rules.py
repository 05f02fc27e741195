"""What the schema itself guarantees, seen through the ORM on the real Postgres."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import pytest
from tortoise.exceptions import IntegrityError

from domain.infra.models import (
    AssignmentEvent,
    ConsentRecord,
    Delivery,
    Face,
    FaceRejection,
    Group,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
    Prototype,
    Suggestion,
)
from domain.states import AssignmentOperation, ConsentKind, GroupType, PersonStatus

pytestmark = pytest.mark.usefixtures("db")
_ids = count(1000)


async def _group() -> Group:
    n = next(_ids)
    return await Group.create(
        chat_id=-n, title=f"class {n}", type=GroupType.SUPERGROUP, join_token=f"t{n}"
    )


async def _participant() -> Participant:
    return await Participant.create(telegram_user_id=next(_ids), first_name="Ann")


async def _photo(group: Group, message_id: int | None = None) -> Photo:
    return await Photo.create(
        group=group,
        message_id=message_id or next(_ids),
        file_id=f"file-{next(_ids)}",
        file_unique_id=f"u{next(_ids)}",
        posted_at=datetime.now(UTC),
    )


async def _face(photo: Photo | None, person: Person | None = None, x: int = 10) -> Face:
    return await Face.create(
        photo=photo,
        person=person,
        bbox_x=x,
        bbox_y=20,
        bbox_w=100,
        bbox_h=120,
        det_score=0.9,
        quality=0.8,
    )


async def test_one_photo_per_group_and_message() -> None:
    group = await _group()
    await _photo(group, message_id=7)
    with pytest.raises(IntegrityError):
        await _photo(group, message_id=7)
    # The same message id in another group is another photo.
    await _photo(await _group(), message_id=7)


async def test_one_delivery_per_photo_and_participant() -> None:
    photo, ann = await _photo(await _group()), await _participant()
    await Delivery.create(photo=photo, participant=ann)
    with pytest.raises(IntegrityError):
        await Delivery.create(photo=photo, participant=ann)


async def test_one_face_per_photo_and_bbox() -> None:
    photo = await _photo(await _group())
    await _face(photo, x=10)
    with pytest.raises(IntegrityError):
        await _face(photo, x=10)
    await _face(photo, x=300)
    assert await Face.filter(photo=photo).count() == 2


async def test_enrollment_faces_have_no_photo() -> None:
    person = await Person.create(name="Alice")
    await _face(None, person)
    await _face(None, person)  # same bbox, different enrollment photos: allowed
    assert await Face.filter(person=person, photo=None).count() == 2


async def test_deleting_a_photo_takes_its_faces_deliveries_and_suggestions() -> None:
    photo, ann, alice = (
        await _photo(await _group()),
        await _participant(),
        await Person.create(name="Alice"),
    )
    face = await _face(photo)
    await Suggestion.create(face=face, person=alice, score=0.4)
    await Delivery.create(photo=photo, participant=ann)
    await photo.delete()
    assert await Face.filter(id=face.id).count() == 0
    assert await Suggestion.all().count() == 0
    assert await Delivery.all().count() == 0
    assert await Person.filter(id=alice.id).exists()


async def test_deleting_a_person_removes_their_biometric_links_and_keeps_the_audit() -> None:
    alice, ann = await Person.create(name="Alice", status=PersonStatus.ACTIVE), await _participant()
    photo = await _photo(await _group())
    face = await _face(photo, alice)
    await Prototype.create(person=alice, face=face)
    await Suggestion.create(face=await _face(photo, x=400), person=alice, score=0.4)
    await FaceRejection.create(face=await _face(photo, x=700), person=alice, rejected_by=ann)
    await Guardianship.create(person=alice, participant=ann)
    event = await AssignmentEvent.create(
        operation=AssignmentOperation.ASSIGN,
        actor="system",
        to_person=alice,
        face_ids=[str(face.id)],
        photo_ids=[str(photo.id)],
        face_count=1,
        photo_count=1,
    )

    await alice.delete()

    await face.refresh_from_db()
    assert face.person_id is None  # type: ignore[attr-defined]
    assert await Prototype.all().count() == 0
    assert await Suggestion.all().count() == 0
    assert await FaceRejection.all().count() == 0
    assert await Guardianship.all().count() == 0
    await event.refresh_from_db()
    assert event.to_person_id is None  # type: ignore[attr-defined]
    assert event.face_ids == [str(face.id)]


async def test_deleting_a_face_orphans_its_prototype() -> None:
    alice = await Person.create(name="Alice")
    face = await _face(None, alice)
    prototype = await Prototype.create(person=alice, face=face)
    await face.delete()
    await prototype.refresh_from_db()
    assert prototype.face_id is None  # type: ignore[attr-defined]


async def test_deleting_a_participant_keeps_their_consent_records_only() -> None:
    group, ann = await _group(), await _participant()
    await Membership.create(participant=ann, group=group, verified_at=datetime.now(UTC))
    await Guardianship.create(person=await Person.create(name="Alice"), participant=ann)
    await Delivery.create(photo=await _photo(group), participant=ann)
    consent = await ConsentRecord.create(
        participant=ann,
        telegram_user_id=ann.telegram_user_id,
        group=group,
        kind=ConsentKind.AGREED,
        terms_version="2026-11",
    )

    await ann.delete()

    assert await Membership.all().count() == 0
    assert await Guardianship.all().count() == 0
    assert await Delivery.all().count() == 0
    await consent.refresh_from_db()
    assert consent.participant_id is None  # type: ignore[attr-defined]
    assert consent.telegram_user_id == ann.telegram_user_id


async def test_one_membership_per_participant_and_group() -> None:
    group, ann = await _group(), await _participant()
    await Membership.create(participant=ann, group=group, verified_at=datetime.now(UTC))
    with pytest.raises(IntegrityError):
        await Membership.create(participant=ann, group=group, verified_at=datetime.now(UTC))
