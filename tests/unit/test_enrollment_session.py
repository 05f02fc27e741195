"""Enrollment's rules over its store, in memory (``tests/fakes/enrollment.py``), without
Postgres, the model or Telegram: how many accepted photos a session counts, what /done
says with too few, and what removing a photo takes back and retells."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import UUID

from domain.blobs import BlobStore
from domain.enrollment.drafts import StaleDrafts
from domain.enrollment.rules import MAX_PHOTOS, MIN_PHOTOS
from domain.enrollment.service import (
    Enrollment,
    FinishOutcome,
    PhotoAnswer,
    session_crop_key,
)
from domain.enrollment.stores import Said
from domain.jobs import queue as job_names
from domain.onboarding.service import Onboarding
from domain.states import EnrollmentPhotoStatus, PersonStatus
from domain.telegram import Messenger
from tests.fakes.enrollment import MemoryEnrollmentStore
from tests.fakes.recognition import MemoryJobQueue

ANN = 501  # Ann's Telegram user id, and her private chat's


class Blobs:
    """The one ``BlobStore`` call these sessions make: a crop deleted."""

    def __init__(self) -> None:
        self.deleted: list[str] = []

    async def delete(self, key: str) -> None:
        self.deleted.append(key)

    async def delete_prefix(self, prefix: str) -> int:
        self.deleted.append(prefix)
        return 1


class Session:
    """Ann enrolling Alice: the photos she sent, each checked as the test says."""

    def __init__(self, status: PersonStatus = PersonStatus.ENROLLING) -> None:
        self.store = MemoryEnrollmentStore()
        self.jobs = MemoryJobQueue()
        self.blobs = Blobs()
        messenger = cast(Messenger, object())  # nothing here speaks to Telegram
        self.enrollment = Enrollment(
            self.jobs, Onboarding(messenger), cast(BlobStore, self.blobs), messenger, self.store
        )
        self.alice = self.store.person_of(ANN, "Alice", status)

    async def send(self, count: int, *, accepted: bool = True) -> list[UUID]:
        """Ann sends ``count`` photos; each is checked (accepted with a face, or refused)
        and its verdict told."""
        sent = []
        for _ in range(count):
            message = len(self.store.photos) + 10
            assert await self.enrollment.add_photo(self.alice, ANN, ANN, "file", None, message)
            photo_id = max(self.store.photos.values(), key=lambda p: p.created_at).id
            face_id = None
            if accepted:
                face_id = UUID(int=message)
                self.store.faces[face_id] = (self.alice, True, session_crop_key(face_id))
            await self.store.record_verdict(
                photo_id,
                EnrollmentPhotoStatus.ACCEPTED if accepted else EnrollmentPhotoStatus.REJECTED,
                Said("accepted" if accepted else "no_face"),
                face_id,
            )
            await self.store.set_reply(photo_id, message + 100)
            sent.append(photo_id)
        return sent


async def test_done_with_too_few_accepted_photos_says_how_many_and_ends_nothing() -> None:
    session = Session()
    await session.send(2)
    await session.send(1, accepted=False)  # a refused photo does not count

    finish = await session.enrollment.finish(session.alice, ANN)

    assert (finish.outcome, finish.accepted, finish.minimum) == (
        FinishOutcome.TOO_FEW,
        2,
        MIN_PHOTOS,
    )
    assert session.store.persons[session.alice].status == PersonStatus.ENROLLING
    assert session.store.index_requests == {}
    assert job_names.INDEX_PERSON not in {name for name, _ in session.jobs.queued.values()}


async def test_done_with_enough_photos_learns_the_person_and_takes_the_buttons_off() -> None:
    session = Session()
    await session.send(MIN_PHOTOS)

    finish = await session.enrollment.finish(session.alice, ANN)

    assert (finish.outcome, finish.accepted) == (FinishOutcome.FINISHING, MIN_PHOTOS)
    assert session.store.persons[session.alice].status == PersonStatus.INDEXING
    assert len(session.store.index_requests[session.alice]) == 1
    assert f"{job_names.INDEX_PERSON}:{session.alice}" in session.jobs.queued
    # Each "Remove this photo" goes; the last one's "Send more, or /done" too.
    assert [reply.accepted for reply in finish.replies] == [None, None, MIN_PHOTOS]


async def test_done_while_a_photo_is_being_checked_waits_for_its_verdict() -> None:
    session = Session()
    await session.send(MIN_PHOTOS)
    assert await session.enrollment.add_photo(session.alice, ANN, ANN, "file", None, 99)

    finish = await session.enrollment.finish(session.alice, ANN)

    assert finish.outcome == FinishOutcome.STILL_CHECKING
    assert session.store.index_requests == {}


async def test_an_enrolled_person_needs_one_more_photo() -> None:
    session = Session(PersonStatus.ACTIVE)
    await session.send(1)

    finish = await session.enrollment.finish(session.alice, ANN)

    assert (finish.outcome, finish.minimum) == (FinishOutcome.FINISHING, 1)
    assert session.store.persons[session.alice].status == PersonStatus.ACTIVE


async def test_a_session_with_the_most_photos_takes_no_more() -> None:
    session = Session()
    await session.send(MAX_PHOTOS)

    assert not await session.enrollment.add_photo(session.alice, ANN, ANN, "file", None, 99)


async def test_a_removed_photo_takes_its_face_back_and_the_later_verdicts_count_again() -> None:
    session = Session()
    first, second, third = await session.send(3)
    face = session.store.photos[first].face_id
    assert face is not None

    outcome = await session.enrollment.remove_photo(first, ANN, session.alice)

    assert (outcome.answer, outcome.accepted) == (PhotoAnswer.REMOVED, 2)
    assert first not in session.store.photos
    assert face not in session.store.faces and session.store.synced == [face]
    assert session.blobs.deleted == [session_crop_key(face)]
    # "Accepted (2 of 3)" and "(3 of 3)" say 1 and 2 now.
    assert [(r.photo_id, r.accepted) for r in outcome.retold] == [(second, 1), (third, 2)]


async def test_a_photo_already_learned_or_of_another_session_is_not_removed() -> None:
    session = Session()
    (photo,) = await session.send(1)
    face = session.store.photos[photo].face_id
    assert face is not None
    other = session.store.person_of(ANN, "Ben", PersonStatus.ENROLLING)

    assert (await session.enrollment.remove_photo(photo, ANN, other)).answer == PhotoAnswer.EXPIRED
    assert (await session.enrollment.remove_photo(photo, 999, session.alice)).answer == (
        PhotoAnswer.EXPIRED
    )
    session.store.prototypes.add(face)
    assert (await session.enrollment.remove_photo(photo, ANN, session.alice)).answer == (
        PhotoAnswer.EXPIRED
    )
    assert photo in session.store.photos and face in session.store.faces


async def test_a_draft_nobody_came_back_to_for_a_day_goes_with_its_faces() -> None:
    session = Session()
    (photo,) = await session.send(1)
    face = session.store.photos[photo].face_id
    enrolled = session.store.person_of(ANN, "Ben", PersonStatus.ACTIVE)
    drafts = StaleDrafts(
        session.jobs, cast(BlobStore, session.blobs), session.store, keep=timedelta(hours=24)
    )

    assert await drafts.run() == 0  # begun and sent a photo a moment ago: kept
    assert await drafts.run(datetime.now(UTC) + timedelta(hours=25)) == 1

    assert session.alice not in session.store.persons and photo not in session.store.photos
    assert face is not None and face not in session.store.faces
    assert session.store.synced == [face]
    assert enrolled in session.store.persons  # only drafts go
