"""A group paused and resumed by its organizers (``Pauses`` over the pause store in memory,
``tests/fakes/moderation_pause.py``): once each, audited, and what waited while paused is
queued again on resume."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from domain.delivery.stores import NOTHING_HELD, HeldMedia
from domain.jobs import queue as job_names
from domain.jobs.queue import job_id
from domain.moderation.audit import Actor
from domain.moderation.pause import Pauses
from domain.states import DeliveryStatus, ModerationAction, PhotoStatus
from tests.fakes.moderation_pause import MemoryPauseStore
from tests.fakes.recognition import MemoryJobQueue

OLGA = Actor(7, "Olga")


@dataclass(frozen=True)
class Named:
    id: UUID
    title: str = "Class 1A"


async def test_a_group_is_paused_once_and_resumed_once() -> None:
    store = MemoryPauseStore()
    group = Named(store.group())
    pauses = Pauses(store)

    assert await pauses.resume(group, OLGA, None) is None  # not paused: nothing to resume
    assert await pauses.pause(group, OLGA)
    assert not await pauses.pause(group, OLGA)  # a second /pause changes nothing
    paused_at = store.paused[group.id]
    assert paused_at is not None
    assert await pauses.resume(group, OLGA, None) == NOTHING_HELD
    assert await pauses.resume(group, OLGA, None) is None

    assert store.events == [
        (group.id, ModerationAction.PAUSED, OLGA, {}),
        (group.id, ModerationAction.RESUMED, OLGA, {"paused_at": paused_at.isoformat()}),
    ]


async def test_resuming_queues_what_waited_and_only_that_groups() -> None:
    store = MemoryPauseStore()
    group, other = Named(store.group()), Named(store.group())
    pauses = Pauses(store)
    await pauses.pause(group, OLGA)
    pending = store.photo(group.id, PhotoStatus.PENDING)
    half_done = store.photo(group.id, PhotoStatus.PROCESSING)
    store.photo(group.id, PhotoStatus.DONE)
    store.photo(other.id, PhotoStatus.PENDING)
    due = store.delivery(group.id, DeliveryStatus.PENDING)
    store.delivery(group.id, DeliveryStatus.WAITING)  # an album's: the caller's to look at
    store.delivery(group.id, DeliveryStatus.SENT)
    jobs = MemoryJobQueue()

    assert await pauses.resume(group, OLGA, jobs) == HeldMedia(photos=2, clips=0)

    assert set(jobs.queued) == {
        job_id(job_names.RECOGNIZE, pending),
        job_id(job_names.RECOGNIZE, half_done),
        job_id(job_names.DELIVER, due),
    }


async def test_without_a_queue_the_resume_counts_and_leaves_them_to_the_cron() -> None:
    store = MemoryPauseStore()
    group = Named(store.group())
    pauses = Pauses(store)
    await pauses.pause(group, OLGA)
    store.photo(group.id, PhotoStatus.PENDING)
    store.photo(group.id, PhotoStatus.PENDING, clip=True)
    store.photo(group.id, PhotoStatus.PROCESSING, clip=True)
    # The clips that waited counted apart from the photos, as /resume tells them.
    assert await pauses.resume(group, OLGA, None) == HeldMedia(photos=1, clips=2)
    assert store.paused[group.id] is None


async def test_an_undo_says_which_event_it_undoes() -> None:
    store = MemoryPauseStore()
    group = Named(store.group())
    pauses = Pauses(store)
    the_pause, the_resume = uuid4(), uuid4()
    await pauses.pause(group, OLGA, undoes=the_resume)
    await pauses.resume(group, OLGA, None, undoes=the_pause)
    assert [event[3].get("undoes") for event in store.events] == [
        str(the_resume),
        str(the_pause),
    ]
