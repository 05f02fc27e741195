"""A guardian's answer to "I found 3 earlier photos of Sara: are these faces Sara?", over
its store in memory (``tests/fakes/earlier_photos.py``), without Postgres or Telegram: who
may answer, what "all are", "some are" and "none is" change, and an offer answered twice or
found by a prototype that is gone since."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast
from uuid import UUID

from domain.blobs import BlobStore
from domain.earlier_photos import Reply
from domain.earlier_photos.service import Answer, EarlierPhotoAnswers
from domain.jobs import queue as job_names
from domain.states import OfferStatus, SuggestionStatus
from tests.fakes.earlier_photos import MemoryEarlierPhotoStore
from tests.fakes.recognition import MemoryJobQueue

ANN, BEN, EVE = 501, 502, 666


@dataclass
class Crops:
    """The crops kept for the offer's faces (``CropStore``), and those dropped."""

    dropped: list[UUID] = field(default_factory=list)

    async def crop_to_drop(self, face_id: UUID) -> str | None:
        return f"crops/{face_id}.jpg"

    async def crop_dropped(self, face_id: UUID, crop_key: str) -> None:
        self.dropped.append(face_id)


class Blobs:
    async def delete(self, key: str) -> None:
        return None


class World:
    def __init__(self) -> None:
        self.store = MemoryEarlierPhotoStore()
        self.sara = self.store.person("Sara", ANN, BEN)
        self.jobs = MemoryJobQueue()
        self.crops = Crops()
        self.answers = EarlierPhotoAnswers(
            self.jobs, cast(BlobStore, Blobs()), self.crops, self.store
        )

    def queued(self, name: str) -> int:
        return sum(1 for job_id in self.jobs.queued if job_id.startswith(f"{name}:"))


async def test_all_are_gives_the_faces_still_nobodys_to_the_person_once() -> None:
    world = World()
    store, sara = world.store, world.sara
    first, second, taken = store.face(), store.face(), store.face()
    shared = store.faces[first].photo_id
    same_photo = store.face(shared)  # one face a photo: the first one goes
    offer = store.offer(sara, [first, second, same_photo, taken], ANN, BEN)
    store.faces[taken].person_id = store.person("Tom")  # named meanwhile

    answered = await world.answers.answer(offer, ANN, Reply.SEND)

    assert (answered.answer, answered.photos, answered.to_you) == (Answer.SENT, 2, 2)
    assert [store.faces[f].person_id == sara for f in (first, second, same_photo)] == [
        True,
        True,
        False,
    ]
    # Sent to both guardians; Ben's message says so too; every crop goes.
    assert len(store.deliveries) == 4 and world.queued(job_names.DELIVER) == 4
    assert answered.others == [(BEN, 901)]
    assert set(world.crops.dropped) == {first, second, same_photo, taken}
    # Ben presses too: answered already, nothing more happens.
    again = await world.answers.answer(offer, BEN, Reply.SEND)
    assert again.answer == Answer.ALREADY and len(store.deliveries) == 4


async def test_only_a_guardian_who_still_receives_may_answer() -> None:
    world = World()
    store, sara = world.store, world.sara
    offer = store.offer(sara, [store.face(), store.face()], ANN)

    stranger = await world.answers.answer(offer, EVE, Reply.SEND)
    assert (stranger.answer, stranger.name) == (Answer.NOT_YOURS, "")  # says nothing of Sara
    store.left.add(ANN)
    assert (await world.answers.answer(offer, ANN, Reply.SEND)).answer == Answer.LEFT
    assert store.offers[offer].status == OfferStatus.PENDING and store.deliveries == {}


async def test_none_is_remembers_each_face_as_not_the_person() -> None:
    world = World()
    store, sara = world.store, world.sara
    faces = [store.face(), store.face()]
    offer = store.offer(sara, faces, ANN)

    answered = await world.answers.answer(offer, ANN, Reply.NO)

    assert answered.answer == Answer.DECLINED
    assert store.rejections == {(face, sara) for face in faces}
    assert store.offers[offer].status == OfferStatus.DECLINED
    assert all(store.faces[face].person_id is None for face in faces)


async def test_some_are_asks_about_each_face_with_its_crop() -> None:
    world = World()
    store, sara = world.store, world.sara
    faces = [store.face(), store.face()]
    offer = store.offer(sara, faces, ANN)

    answered = await world.answers.answer(offer, ANN, Reply.SOME)

    assert answered.answer == Answer.ONE_BY_ONE
    assert {face for face, _ in store.suggestions} == set(faces)
    assert all(status == SuggestionStatus.PENDING for _, status in store.suggestions.values())
    assert world.queued(job_names.SEND_SUGGESTION) == 2
    assert world.crops.dropped == []  # kept for the questions


async def test_an_offer_found_by_a_prototype_gone_since_sends_nothing_and_looks_again() -> None:
    world = World()
    store, sara = world.store, world.sara
    face = store.face()
    offer = store.offer(sara, [face, store.face()], ANN)
    store.prototypes[sara] = set()  # a guardian said the face that found them is not Sara

    answered = await world.answers.answer(offer, ANN, Reply.SEND)

    assert answered.answer == Answer.STALE
    assert store.faces[face].person_id is None and store.deliveries == {}
    assert store.offers[offer].status == OfferStatus.STALE
    assert world.queued(job_names.FIND_EARLIER_PHOTOS) == 1
    assert len(world.crops.dropped) == 2


async def test_all_are_counts_a_clip_among_the_faces_apart_from_the_photos() -> None:
    world = World()
    store, sara = world.store, world.sara
    photo_face, clip_face = store.face(), store.face()
    store.clips.add(store.faces[clip_face].photo_id)
    offer = store.offer(sara, [photo_face, clip_face], ANN, BEN)

    answered = await world.answers.answer(offer, ANN, Reply.SEND)

    assert (answered.photos, answered.clips) == (2, 1)
    assert (answered.to_you, answered.clips_to_you) == (2, 1)
