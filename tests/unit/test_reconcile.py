"""The reconcile cron over its store in memory (``tests/fakes/jobs.py``): Postgres says what
is unfinished and it is queued again, once; a send stuck long ago is given up, never sent
again; requests done a week ago go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.jobs import queue as job_names
from domain.jobs.reconcile import ABANDONED, Reconciler
from domain.states import RequestKind
from tests.fakes.jobs import MemoryReconcileStore
from tests.fakes.recognition import MemoryJobQueue

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


async def test_what_is_unfinished_is_queued_again_once() -> None:
    store, jobs = MemoryReconcileStore(), MemoryJobQueue()
    photo, person, face = uuid4(), uuid4(), uuid4()
    store.unfinished = {"photos": [photo], "deleting": [person]}
    store.syncs = {face}
    store.requests = [(RequestKind.FORGET_PARTICIPANT, "501")] * 2
    reconciler = Reconciler(jobs, store, sending_stale=timedelta(minutes=10))

    done = await reconciler.run(NOW)

    assert (done.photos, done.requests) == (1, 1)
    assert set(jobs.queued) == {
        f"{job_names.RECOGNIZE}:{photo}",
        f"{job_names.DELETE_PERSON}:{person}",
        f"{job_names.SYNC_FACE}:{face}",
        f"{RequestKind.FORGET_PARTICIPANT.value}:501",
    }
    # Run again while those jobs wait: nothing is queued twice.
    again = await reconciler.run(NOW)
    assert (again.photos, again.requests) == (0, 0) and len(jobs.queued) == 4


async def test_a_send_stuck_long_ago_is_given_up_and_old_requests_go() -> None:
    store = MemoryReconcileStore()
    stuck, recent = uuid4(), uuid4()
    store.sending_since = {stuck: NOW - timedelta(minutes=11), recent: NOW - timedelta(minutes=9)}
    old_done, new_done = uuid4(), uuid4()
    store.done_at = {old_done: NOW - timedelta(days=8), new_done: NOW - timedelta(days=1)}
    reconciler = Reconciler(MemoryJobQueue(), store, sending_stale=timedelta(minutes=10))

    done = await reconciler.run(NOW)

    assert done.abandoned_sends == 1 and store.failed == {stuck: ABANDONED}
    assert set(store.sending_since) == {recent}  # may still finish: waited for
    assert set(store.done_at) == {new_done}  # kept a week for an operator
