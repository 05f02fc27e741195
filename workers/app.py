"""The worker process: the model loaded once, the services of the composition root
(``domain/composition``) in arq's typed ctx (``workers.jobs.WorkerContext``)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, cast

from arq import Worker, create_pool, cron, func
from arq.cron import CronJob
from arq.typing import WorkerCoroutine
from arq.worker import async_check_health

from domain.composition.services import build_face_work, build_services
from domain.corrections.expiry import RUNS_AT_MINUTE
from domain.delivery.posted_albums import looks_at_most
from domain.infra.arq_queue import (
    ArqJobQueue,
    queue_again_if_asked,
    redis_settings,
    run_begins,
)
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.stack import Stack
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.observability import metrics
from domain.privacy.retention import RUNS_AT
from domain.recognition.faces import FaceEngine
from domain.settings import Settings
from workers import jobs
from workers.jobs import WorkerContext

log = logging.getLogger(__name__)
Job = Callable[..., Awaitable[None]]
JOBS: tuple[Job, ...] = (
    jobs.delete_person,
    jobs.forget_faces,
    jobs.forget_participant,
    jobs.recognize_photo,
    jobs.check_enrollment_photo,
    jobs.index_person,
    jobs.choose_prototypes,
    jobs.ask_next_family,
    jobs.deliver,
    jobs.send_suggestion,
    jobs.send_questions,
    jobs.ask_one,
    jobs.find_earlier_photos,
    jobs.sync_face,
    jobs.takedown,
    jobs.send_batch,
    jobs.regroup_clusters,
    jobs.album_corrections,
    jobs.show_copies,
    jobs.show_cards,
    jobs.show_histories,
    jobs.recaption_copies,  # only those an older version queued
    jobs.held_sent,
    jobs.ask_offers_again,
    jobs.withdraw_questions,  # also a cron: queued at once after a sheet's answer
)
# An album's "Not Alice?" message tries again each second while photos go first (30 s);
# "Sending 2 photos." looks every 2 s whether they went (2 minutes; then its request is
# queued again by the reconcile cron, each minute, until they did); a chat's copies owed
# an edit come back each second once a minute of edits is spent (an hour; then the cron).
MAX_TRIES: dict[Job, int] = {
    jobs.album_corrections: 60,
    jobs.held_sent: 60,
    jobs.show_copies: 60,
}


def max_tries(job: Job, settings: Settings) -> int:
    """A job's tries: the setting's, or more where the job comes back on purpose (an
    album's note waiting for the photos; an item of a posted album looking again for the
    album's others still being read, ``delivery.posted_albums``)."""
    if job is jobs.deliver:
        longest = timedelta(seconds=settings.delivery.posted_album_wait_s)
        return settings.jobs.max_tries + looks_at_most(longest)
    return MAX_TRIES.get(job, settings.jobs.max_tries)


def arq_job(job: Job) -> WorkerCoroutine:
    """A job as arq runs it: queued again once it ends when it was asked for while it ran
    (``domain.infra.arq_queue``: arq refused the request, the job's id being taken; the
    worker's ``after_job_end`` queues it)."""

    @functools.wraps(job)
    async def run(ctx: dict[str, Any], *args: Any) -> None:
        await run_begins(ctx, job.__name__, args)
        await job(ctx, *args)

    return cron_job(cast(Job, run))


def cron_job(job: Job) -> WorkerCoroutine:
    """A cron as arq types it: arq's ctx is a plain dict, of which ``WorkerContext`` says
    what each key holds. Nothing queues a cron by its id (arq names each run by its
    time): none is asked to run again."""
    return cast(WorkerCoroutine, job)


def _every(seconds: int) -> dict[str, Any]:
    if seconds < 60:
        return {"second": set(range(0, 60, seconds))}
    return {"minute": set(range(0, 60, max(1, seconds // 60))), "second": 0}


def cron_jobs(settings: Settings) -> list[CronJob]:
    return [
        cron(
            cron_job(jobs.reconcile), run_at_startup=True, **_every(settings.jobs.reconcile_every_s)
        ),
        cron(cron_job(jobs.purge_expired_blobs), minute={7, 37}, second=0),
        cron(  # daily, UTC: a shorter keep tells its members when
            cron_job(jobs.apply_retention),
            hour={RUNS_AT.hour},
            minute={RUNS_AT.minute},
            second=0,
        ),
        cron(cron_job(jobs.send_due_batches), second=0),  # albums due, and the daily digest
        cron(cron_job(jobs.regroup_all_clusters), hour={3}, minute={47}, second=0),  # daily, UTC
        cron(cron_job(jobs.expire_questions), minute={RUNS_AT_MINUTE}, second=0),  # hourly
        cron(cron_job(jobs.close_unused_menus), minute={32}, second=0),  # hourly
        # Every 5 minutes: a claim link's message says it expired soon after it did.
        cron(cron_job(jobs.expire_claim_links), minute=set(range(2, 60, 5)), second=15),
        cron(cron_job(jobs.discard_stale_drafts), minute={52}, second=0),  # hourly
        # Batches of questions due (once a day, every N; derived from Postgres), and
        # settled questions withdrawn from the chats they were asked in.
        cron(cron_job(jobs.send_due_questions), second=30),
        cron(cron_job(jobs.withdraw_questions), second=45),
    ]


def build_worker(ctx: WorkerContext, settings: Settings, redis_url: str) -> Worker:
    crons = cron_jobs(settings)
    every_job: list[Callable[..., Any]] = [*JOBS, *(c.coroutine for c in crons)]
    metrics.counting_failures_of(job.__name__ for job in every_job)
    return Worker(
        functions=[
            func(
                arq_job(job),
                name=job.__name__,
                max_tries=max_tries(job, settings),
            )
            for job in JOBS
        ],
        cron_jobs=crons,
        redis_settings=redis_settings(redis_url),
        ctx=cast(dict[str, Any], ctx),  # arq adds its own keys (job_id, job_try, ...)
        handle_signals=False,
        keep_result=0,
        after_job_end=queue_again_if_asked,
        job_timeout=settings.jobs.timeout_s,
        max_jobs=settings.jobs.max_jobs,
        max_tries=settings.jobs.max_tries,
        # How often an idle worker asks Redis for jobs: each hop (photo -> recognize ->
        # deliver) waits half of it on average. 20 ms is 50 cheap Redis calls a second.
        poll_delay=0.02,
    )


async def run_worker(
    stack: Stack, settings: Settings, stop: asyncio.Event, engine: FaceEngine | None = None
) -> None:
    """Work the queue until ``stop`` is set."""
    assert stack.redis is not None
    assert stack.redis_url is not None
    assert stack.face_index is not None
    assert stack.blobs is not None
    own_engine = engine is None
    stack.checks["model"] = _loading
    if engine is None:
        engine = await asyncio.to_thread(InsightFaceEngine.load, settings.faces)
    stack.checks["model"] = _loaded
    bot = make_bot(settings)
    pool = await create_pool(redis_settings(stack.redis_url))
    messenger = make_messenger(bot, stack.redis, settings.telegram)
    services = build_services(stack, settings, messenger, ArqJobQueue(pool))
    ctx: WorkerContext = {
        "services": services,
        "face_work": build_face_work(services, stack.face_index, engine),
    }
    worker = build_worker(ctx, settings, stack.redis_url)
    running = asyncio.create_task(worker.async_run())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            running.result()  # the worker died: let the error out
    finally:
        stopping.cancel()
        if not running.done():
            worker.handle_sig(signal.SIGTERM)  # cancels running jobs; arq queues them again
            with contextlib.suppress(asyncio.CancelledError):
                await running
            # Let the cancelled jobs finish putting themselves back in the queue before
            # arq's close cancels what still runs a second time and gathers it: a job
            # caught in that bookkeeping (a cron job at the stop) ended the worker with
            # CancelledError.
            await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
        try:  # should a job still end cancelled, that is the stop, not a failure
            await worker.close()
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
        await pool.aclose()
        await bot.session.close()
        stack.checks.pop("model", None)
        if own_engine:
            engine.close()


async def _loading() -> None:
    raise RuntimeError("loading the face model")


async def _loaded() -> None:
    """The model is in memory: nothing to reach."""


async def check_health(redis_url: str) -> bool:
    """Whether a worker reported itself alive recently (arq's health-check key)."""
    return await async_check_health(redis_settings(redis_url), None, None) == 0
