"""Recognition's rules over its stores, in memory (``tests/fakes/recognition.py``) and
against the real in-process face index: what a face's sync writes to the index, and which
faces a person's prototypes are chosen from, without Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import numpy as np
import pytest

from domain.events import EventBus, PrototypesChosen
from domain.infra.edge_index import EdgeFaceIndex
from domain.jobs import queue as job_names
from domain.recognition.face_index import FaceFilter, IndexedFace
from domain.recognition.face_sync import FaceSync
from domain.recognition.faces import EMBEDDING_SIZE, Vector
from domain.recognition.prototype_choice import PrototypeChoice, candidates_of, growth_since
from domain.recognition.stores import Chooser, FaceState, KnownFace
from domain.states import FaceSource
from tests.fakes.recognition import MemoryFaceSyncStore, MemoryJobQueue, MemoryPrototypeStore

GROUP = FaceSource.GROUP_PHOTO
ENROLLMENT = FaceSource.ENROLLMENT


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[EdgeFaceIndex]:
    opened = EdgeFaceIndex.open(tmp_path / "faces")
    await opened.ensure_ready()
    try:
        yield opened
    finally:
        await opened.close()


def _embedding(seed: int) -> Vector:
    vector = np.random.default_rng(seed).standard_normal(EMBEDDING_SIZE).astype(np.float32)
    return vector / np.linalg.norm(vector)


# The face's sync: the index follows what the database says


async def test_a_sync_writes_the_faces_person_prototype_and_cluster_and_clears_its_requests(
    index: EdgeFaceIndex,
) -> None:
    face, person, cluster = uuid4(), uuid4(), uuid4()
    await index.upsert([IndexedFace(face, _embedding(1))])
    store = MemoryFaceSyncStore(
        faces={face: FaceState(person, cluster)},
        prototypes={face},
        requests=[(face, datetime.now(UTC) - timedelta(seconds=1))],
    )
    await FaceSync(index, store).sync(face)
    [hit] = await index.get([face])
    assert (hit.person_id, hit.is_prototype, hit.cluster_id) == (person, True, cluster)
    assert store.requests == []


async def test_a_face_gone_from_the_database_leaves_the_index(index: EdgeFaceIndex) -> None:
    face = uuid4()
    await index.upsert([IndexedFace(face, _embedding(2), person_id=uuid4(), is_prototype=True)])
    store = MemoryFaceSyncStore(requests=[(face, datetime.now(UTC) - timedelta(seconds=1))])
    await FaceSync(index, store).sync(face)
    assert await index.count(FaceFilter(face_ids=[face])) == 0
    assert store.requests == []


async def test_a_face_not_in_the_index_yet_is_left_to_whoever_writes_it(
    index: EdgeFaceIndex,
) -> None:
    face = uuid4()
    store = MemoryFaceSyncStore(faces={face: FaceState(uuid4(), None)})
    await FaceSync(index, store).sync(face)
    assert await index.get([face]) == []


# The prototypes' candidates: which faces a person's prototypes are chosen from


def test_pinned_faces_count_and_a_learned_face_only_while_it_is_the_persons_group_face() -> None:
    person, someone_else = uuid4(), uuid4()
    pinned = KnownFace(uuid4(), person, ENROLLMENT, 0.4)
    learned = KnownFace(uuid4(), person, GROUP, 0.8)
    moved_away = KnownFace(uuid4(), someone_else, GROUP, 0.9)
    detached = KnownFace(uuid4(), None, GROUP, 0.9)
    not_a_group_photo = KnownFace(uuid4(), person, ENROLLMENT, 0.9)
    found = candidates_of(
        person, {pinned.face_id}, [pinned, learned, moved_away, detached, not_a_group_photo]
    )
    assert [(c.face_id, c.pinned) for c in found] == [
        (pinned.face_id, True),
        (learned.face_id, False),
    ]


def test_growth_is_counted_from_the_newest_photo_and_only_with_a_birth_date() -> None:
    old, new = uuid4(), uuid4()
    days = {old: date(2021, 1, 1), new: date(2026, 1, 1)}
    grown = growth_since(date(2020, 1, 1), days)
    assert grown[new] == 0.0
    assert grown[old] == pytest.approx(1.25, abs=0.01)
    assert growth_since(None, days) == {}


# Choosing again: what is kept, added, dropped


async def _person_with(
    store: MemoryPrototypeStore, index: EdgeFaceIndex, pinned: int, confirmed: int
) -> tuple[UUID, list[UUID], list[UUID]]:
    person = uuid4()
    store.persons[person] = Chooser(gone=False, birth_date=None)
    enrollment = [store.face(person, ENROLLMENT, 0.5) for _ in range(pinned)]
    group = [store.face(person, GROUP, 0.6 + i / 100) for i in range(confirmed)]
    store.prototype_faces[person] = dict.fromkeys(enrollment, True)
    store.confirmations[person] = set(group)
    await index.upsert(
        [IndexedFace(f, _embedding(n)) for n, f in enumerate([*enrollment, *group], 10)]
    )
    return person, enrollment, group


async def test_choosing_keeps_the_enrollment_faces_fills_the_room_and_queues_the_syncs(
    index: EdgeFaceIndex,
) -> None:
    store, jobs = MemoryPrototypeStore(), MemoryJobQueue()
    person, enrollment, group = await _person_with(store, index, pinned=2, confirmed=5)
    store.ask(person)
    chosen = await PrototypeChoice(index, jobs, 4, store).choose_for(person)
    assert chosen is not None
    assert set(enrollment) <= set(chosen.prototypes) and len(chosen.prototypes) == 4
    assert set(chosen.added) <= set(group) and len(chosen.added) == 2
    assert chosen.dropped == []
    assert store.prototype_faces[person] == {f: f in enrollment for f in chosen.prototypes}
    assert set(jobs.queued) == {job_names.job_id(job_names.SYNC_FACE, f) for f in chosen.added}
    assert store.asks[person] == []  # the ask is answered


async def test_a_face_moved_away_while_choosing_is_not_added(index: EdgeFaceIndex) -> None:
    store = MemoryPrototypeStore()
    person, _, group = await _person_with(store, index, pinned=1, confirmed=2)
    best = group[-1]  # the better quality: chosen first
    moved = store.known[best]
    store.meanwhile.append(
        lambda: store.known.__setitem__(best, KnownFace(best, uuid4(), GROUP, moved.quality))
    )
    chosen = await PrototypeChoice(index, MemoryJobQueue(), 10, store).choose_for(person)
    assert chosen is not None
    assert best not in chosen.added and best not in chosen.prototypes
    assert best not in store.prototype_faces[person]


async def test_a_learned_prototype_that_is_no_longer_confirmed_is_dropped(
    index: EdgeFaceIndex,
) -> None:
    store, jobs = MemoryPrototypeStore(), MemoryJobQueue()
    person, enrollment, group = await _person_with(store, index, pinned=1, confirmed=1)
    undone = store.face(None, GROUP, 0.9)  # an accepted prototype, the face detached since
    store.prototype_faces[person][undone] = False
    chosen = await PrototypeChoice(index, jobs, 10, store).choose_for(person)
    assert chosen is not None
    assert chosen.dropped == [undone]
    assert set(store.prototype_faces[person]) == {*enrollment, *group}
    assert job_names.job_id(job_names.SYNC_FACE, undone) in jobs.queued


async def test_a_gone_person_keeps_nothing_chosen_and_its_asks_are_answered(
    index: EdgeFaceIndex,
) -> None:
    store = MemoryPrototypeStore()
    person, enrollment, _ = await _person_with(store, index, pinned=1, confirmed=2)
    store.persons[person] = Chooser(gone=True, birth_date=None)
    store.ask(person)
    assert await PrototypeChoice(index, MemoryJobQueue(), 10, store).choose_for(person) is None
    assert store.swaps == [] and store.asks[person] == []
    assert store.prototype_faces[person] == dict.fromkeys(enrollment, True)


async def test_a_choice_that_changed_the_prototypes_is_told_once(index: EdgeFaceIndex) -> None:
    """A claim approved, a merge: the cards and lists drawn before the choice say how many
    faces are learned once it is done (walk37A A1); a choice that changed nothing, nothing."""
    store, bus = MemoryPrototypeStore(), EventBus()
    told: list[PrototypesChosen] = []

    async def tell(event: PrototypesChosen) -> None:
        told.append(event)

    bus.subscribe(PrototypesChosen, tell)
    person, _, _ = await _person_with(store, index, pinned=1, confirmed=2)
    choice = PrototypeChoice(index, MemoryJobQueue(), 10, store, events=bus)
    store.ask(person)
    await choice.choose_for(person)
    assert told == [PrototypesChosen(person)]
    store.ask(person)
    await choice.choose_for(person)
    assert told == [PrototypesChosen(person)]
