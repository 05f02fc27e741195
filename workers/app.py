"""The worker process's composition root: the model loaded once, services in arq's ctx."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from arq import Worker, create_pool, cron, func
from arq.cron import CronJob
from arq.worker import async_check_health

from domain.clusters.service import Clusters
from domain.composition.reactions import wire_events
from domain.corrections.batches import QuestionBatches, QuestionWithdrawal
from domain.corrections.expiry import QuestionExpiry
from domain.corrections.next_family import NextFamily
from domain.corrections.questions import SuggestionSender
from domain.delivery.albums import Albums
from domain.delivery.batches import Batches
from domain.delivery.service import Deliveries
from domain.earlier_photos.service import EarlierPhotoFinder
from domain.enrollment.drafts import StaleDrafts
from domain.enrollment.service import EnrollmentWork
from domain.events import EventBus
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.stack import Stack
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.infra.stores.delivery import TortoiseDeliveryStore
from domain.infra.stores.recognition import TortoiseFaceSyncStore, TortoisePrototypeStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.jobs.reconcile import Reconciler
from domain.moderation.takedown import TakedownWork
from domain.observability import metrics
from domain.privacy.erasure import Erasure
from domain.privacy.retention import Retention
from domain.recognition.face_sync import FaceSync
from domain.recognition.faces import FaceEngine
from domain.recognition.prototype_choice import PrototypeChoice
from domain.recognition.service import Recognition
from domain.recognition.thresholds import thresholds_for
from domain.settings import Settings
from workers import jobs

log = logging.getLogger(__name__)
JOBS = (
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
    jobs.recaption_copies,
)
# An album's "Not Alice?" message tries again each second while photos go first (30 s).
MAX_TRIES = {jobs.album_corrections: 60}


def _every(seconds: int) -> dict[str, Any]:
    if seconds < 60:
        return {"second": set(range(0, 60, seconds))}
    return {"minute": set(range(0, 60, max(1, seconds // 60))), "second": 0}


def cron_jobs(settings: Settings) -> list[CronJob]:
    return [
        cron(jobs.reconcile, run_at_startup=True, **_every(settings.jobs.reconcile_every_s)),
        cron(jobs.purge_expired_blobs, minute={7, 37}, second=0),
        cron(jobs.apply_retention, hour={3}, minute={17}, second=0),  # daily, UTC
        cron(jobs.send_due_batches, second=0),  # albums due, and the daily digest
        cron(jobs.regroup_all_clusters, hour={3}, minute={47}, second=0),  # daily, UTC
        cron(jobs.expire_questions, minute={27}, second=0),  # hourly
        cron(jobs.discard_stale_drafts, minute={52}, second=0),  # hourly
        # Batches of questions due (once a day, every N; derived from Postgres), and
        # settled questions withdrawn from the chats they were asked in.
        cron(jobs.send_due_questions, second=30),
        cron(jobs.withdraw_questions, second=45),
    ]


def build_worker(ctx: dict[str, Any], settings: Settings, redis_url: str) -> Worker:
    crons = cron_jobs(settings)
    every_job: list[Callable[..., Any]] = [*JOBS, *(c.coroutine for c in crons)]
    metrics.counting_failures_of(job.__name__ for job in every_job)
    return Worker(
        functions=[
            func(job, name=job.__name__, max_tries=MAX_TRIES.get(job, settings.jobs.max_tries))  # type: ignore[arg-type]
            for job in JOBS
        ],
        cron_jobs=crons,
        redis_settings=redis_settings(redis_url),
        ctx=ctx,
        handle_signals=False,
        keep_result=0,
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
    telegram = settings.telegram
    messenger = make_messenger(bot, stack.redis, telegram)
    queue = ArqJobQueue(pool)
    events = wire_events(EventBus(), messenger=messenger, jobs=queue)
    deliveries = Deliveries.configured(messenger, queue, TortoiseDeliveryStore(), settings)
    thresholds = thresholds_for(settings.faces.pack, settings.matching)
    crops_keep = timedelta(days=settings.jobs.crops_keep_days)
    recognition = Recognition(
        engine,
        stack.face_index,
        messenger,
        queue,
        stack.blobs,
        thresholds,
        crops_keep=crops_keep,
        album_window=timedelta(seconds=settings.delivery.album_window_s),
        age_penalty=settings.matching.age_penalty,
    )
    ctx: dict[str, Any] = {
        "recognition": recognition,
        "earlier_photos": EarlierPhotoFinder(
            recognition,
            engine,
            stack.face_index,
            messenger,
            queue,
            stack.blobs,
            thresholds,
            store=TortoiseCorrectionStore(),
            crops_keep=crops_keep,
            enabled=settings.matching.look_back,
        ),
        "enrollment": EnrollmentWork(
            engine,
            stack.face_index,
            messenger,
            stack.blobs,
            thresholds_for(settings.faces.pack, settings.matching),
            queue,
        ),
        "prototypes": PrototypeChoice(
            stack.face_index,
            queue,
            settings.matching.max_prototypes,
            TortoisePrototypeStore(),
        ),
        "deliveries": deliveries,
        "albums": Albums(messenger, queue, deliveries.store),
        "batches": Batches(
            messenger,
            queue,
            deliveries,
            album_window=timedelta(seconds=settings.delivery.album_window_s),
            digest_hour=settings.delivery.digest_hour_utc,
        ),
        "suggestions": SuggestionSender(
            messenger,
            stack.blobs,
            queue,
            a_day=settings.jobs.questions_a_day,
            members=deliveries.members,
            store=TortoiseCorrectionStore(),
        ),
        "next_family": NextFamily(
            recognition, stack.face_index, queue, stack.blobs, TortoiseCorrectionStore()
        ),
        "question_batches": QuestionBatches(
            messenger,
            stack.blobs,
            queue,
            TortoiseCorrectionStore(),
            hour=settings.jobs.questions_hour_utc,
            a_day=settings.jobs.questions_a_day,
        ),
        "question_withdrawal": QuestionWithdrawal(messenger, TortoiseCorrectionStore()),
        "stale_drafts": StaleDrafts(
            queue, stack.blobs, keep=timedelta(hours=settings.jobs.drafts_keep_h)
        ),
        "face_sync": FaceSync(stack.face_index, TortoiseFaceSyncStore()),
        "clusters": Clusters(
            stack.face_index,
            queue,
            join_at=thresholds_for(settings.faces.pack, settings.matching).auto,
            regroup_after_s=settings.clusters.regroup_after_s,
            min_size=settings.clusters.min_size,
        ),
        "messenger": messenger,
        "erasure": Erasure(
            stack.face_index,
            stack.blobs,
            messenger,
            in_flight_wait=timedelta(seconds=telegram.max_retry_wait_s + 30),
        ),
        "takedowns": TakedownWork(
            stack.face_index,
            stack.blobs,
            messenger,
            in_flight_wait=timedelta(seconds=telegram.max_retry_wait_s + 30),
            events=events,
            jobs=queue,
        ),
        "reconciler": Reconciler(
            queue, sending_stale=timedelta(seconds=settings.jobs.sending_stale_s)
        ),
        "blobs": stack.blobs,
        "retention": Retention(stack.face_index, stack.blobs, messenger),
        "question_expiry": QuestionExpiry(
            messenger,
            stack.blobs,
            TortoiseCorrectionStore(),
            after=timedelta(days=settings.jobs.questions_expire_days),
        ),
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
