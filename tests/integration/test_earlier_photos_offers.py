"""Answering an offer of earlier photos on the real Postgres and Redis (arq): found with
prototypes that are all still the person's, "Send them" assigns and plans the delivery;
found with one that is gone by the press (a guardian corrected it), nothing is sent and
the person is looked for again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from arq import create_pool
from arq.connections import ArqRedis

from domain.earlier_photos.service import Answer, EarlierPhotoAnswers, Reply
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.models import (
    Delivery,
    EarlierPhotos,
    Face,
    Group,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
    Prototype,
)
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.infra.stores.earlier_photos import TortoiseEarlierPhotoStore
from domain.states import (
    FaceSource,
    GroupType,
    MembershipStatus,
    OfferStatus,
    PersonStatus,
    PhotoStatus,
    PrototypeRole,
)

pytestmark = pytest.mark.usefixtures("db")
ANN = 1


@pytest.fixture
async def queue(embedded_redis: str) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(redis_settings(embedded_redis))
    await pool.flushall()
    yield pool
    await pool.aclose()


async def _face(photo: Photo | None, person: Person | None, x: int) -> Face:
    return await Face.create(
        photo=photo,
        source=FaceSource.GROUP_PHOTO if photo else FaceSource.ENROLLMENT,
        person=person,
        bbox_x=x,
        bbox_y=0,
        bbox_w=90,
        bbox_h=90,
        det_score=0.9,
        quality=0.8,
    )


async def _offer() -> tuple[EarlierPhotos, list[Face]]:
    """Ann, guardian of Alice in 5B; an earlier photo's face offered, found by two of
    Alice's prototypes."""
    ann = await Participant.create(telegram_user_id=ANN, first_name="Ann")
    alice = await Person.create(name="Alice", status=PersonStatus.ACTIVE)
    await Guardianship.create(person=alice, participant=ann)
    group = await Group.create(chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t")
    await Membership.create(
        participant=ann, group=group, status=MembershipStatus.MEMBER, verified_at=datetime.now(UTC)
    )
    photo = await Photo.create(
        group=group,
        message_id=7,
        file_id="f",
        file_unique_id="u",
        posted_at=datetime.now(UTC),
        status=PhotoStatus.DONE,
        posted_by_user_id=99,
    )
    found = [await _face(None, alice, x) for x in (0, 100)]
    for face in found:
        await Prototype.create(person=alice, face=face, role=PrototypeRole.ENROLLMENT)
    earlier = await _face(photo, None, 200)
    offer = await EarlierPhotos.create(
        person=alice,
        group=group,
        face_ids=[str(earlier.id)],
        photo_count=1,
        prototype_ids=[str(face.id) for face in found],
        sent_to=[[ANN, 11]],
    )
    return offer, found


async def test_send_them_assigns_the_face_and_plans_the_delivery(
    queue: ArqRedis, tmp_path: Path
) -> None:
    offer, _ = await _offer()
    offers = EarlierPhotoAnswers(
        ArqJobQueue(queue),
        LocalBlobStore(tmp_path),
        TortoiseCorrectionStore(),
        TortoiseEarlierPhotoStore(),
    )
    answered = await offers.answer(offer.id, ANN, Reply.SEND)
    assert (answered.answer, answered.photos, answered.to_you) == (Answer.SENT, 1, 1)
    face = await Face.get(id=offer.face_ids[0])
    assert face.person_id is not None  # type: ignore[attr-defined]
    assert await Delivery.filter(participant__telegram_user_id=ANN).count() == 1
    assert (await EarlierPhotos.get(id=offer.id)).status == OfferStatus.SENT


async def test_an_offer_found_by_a_prototype_gone_since_sends_nothing_and_looks_again(
    queue: ArqRedis, tmp_path: Path
) -> None:
    offer, found = await _offer()
    # A guardian corrected one of the faces that found it: it is no prototype any more.
    await Prototype.filter(face_id=found[1].id).delete()
    offers = EarlierPhotoAnswers(
        ArqJobQueue(queue),
        LocalBlobStore(tmp_path),
        TortoiseCorrectionStore(),
        TortoiseEarlierPhotoStore(),
    )
    answered = await offers.answer(offer.id, ANN, Reply.SEND)
    assert answered.answer == Answer.STALE
    assert (await Face.get(id=offer.face_ids[0])).person_id is None  # type: ignore[attr-defined]
    assert await Delivery.all().count() == 0
    assert (await EarlierPhotos.get(id=offer.id)).status == OfferStatus.STALE
    person = await Person.get(name="Alice")
    assert f"find_earlier_photos:{person.id}".encode() in await queue.zrange("arq:queue", 0, -1)
    # Pressed again: already answered, still nothing sent.
    again = await offers.answer(offer.id, ANN, Reply.SEND)
    assert again.answer == Answer.ALREADY
    assert await Delivery.all().count() == 0
