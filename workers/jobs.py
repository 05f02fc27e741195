"""The arq jobs: thin functions that call a domain service from the typed ``ctx``.

Each job's only argument is the id of the entity it works on; its job id is
``<name>:<id>``, so the same work is never queued twice.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NotRequired, TypedDict, TypeVar, cast
from uuid import UUID

from arq import Retry

from domain.composition.services import FaceWork, Services
from domain.jobs import queue as job_names
from domain.logs import bind, bound
from domain.observability import metrics
from domain.persons.cards import show_delivered
from domain.persons.history_view import mark_outdated
from domain.retry import TryAgainLater

log = logging.getLogger(__name__)


class WorkerContext(TypedDict):
    """arq's ctx as the worker builds it (``workers/app.py``), with what arq adds per job."""

    services: Services
    face_work: FaceWork
    job_id: NotRequired[str]
    job_try: NotRequired[int]


J = TypeVar("J", bound=Callable[..., Awaitable[None]])


def job(work: J) -> J:
    """Every job runs through this: its log lines carry its name and arq's job id, the
    domain's "try again later" becomes arq's deferred retry, and a failure is logged and
    counted (``facedrop_job_failures_total{job=...}``) before arq sees it."""

    @functools.wraps(work)
    async def run(ctx: WorkerContext, *args: Any, **kwargs: Any) -> None:
        try:
            with bound(job=work.__name__, job_id=ctx.get("job_id", "")):
                await work(ctx, *args, **kwargs)
        except TryAgainLater as later:
            log.info("%s%s: trying again in %.0fs", work.__name__, args, later.seconds)
            raise Retry(defer=later.seconds) from None
        except Exception:
            metrics.JOB_FAILURES.labels(job=work.__name__).inc()
            log.exception("%s%s failed on try %s", work.__name__, args, ctx.get("job_try"))
            raise

    return cast(J, run)


@job
async def recognize_photo(ctx: WorkerContext, photo_id: str) -> None:
    """Detect, embed and match the faces of a group photo; plan its deliveries; put its
    faces nobody holds in their clusters."""
    bind(photo_id=photo_id)
    await ctx["face_work"].recognition.process(UUID(photo_id))
    await ctx["face_work"].clusters.after_photo(UUID(photo_id))


@job
async def regroup_clusters(ctx: WorkerContext, group_id: str) -> None:
    """Group a group's unknown faces by likeness afresh."""
    await ctx["face_work"].clusters.regroup(UUID(group_id))


@job
async def regroup_all_clusters(ctx: WorkerContext) -> None:
    """Every group's clusters of unknown faces, afresh (nightly)."""
    queued = await ctx["face_work"].clusters.regroup_all()
    log.info("regrouping the unknown faces of %d group(s)", queued)


@job
async def check_enrollment_photo(ctx: WorkerContext, enrollment_photo_id: str) -> None:
    """Judge one enrollment photo and tell the guardian."""
    await ctx["face_work"].enrollment_faces.check_photo(
        UUID(enrollment_photo_id), attempt=ctx.get("job_try", 1)
    )


@job
async def index_person(ctx: WorkerContext, person_id: str) -> None:
    """Make an enrolled person's faces its prototypes (photos added later: then choose its
    prototypes again, as they may now be too many), then look for its earlier photos."""
    await ctx["face_work"].enrollment_faces.index_person(UUID(person_id))
    await ctx["face_work"].prototypes.choose_for(UUID(person_id))
    await ctx["face_work"].earlier_photo_finder.look_back(UUID(person_id))


@job
async def choose_prototypes(ctx: WorkerContext, person_id: str) -> None:
    """Choose a person's prototypes again after its faces changed; a new one may find the
    person in earlier photos."""
    chosen = await ctx["face_work"].prototypes.choose_for(UUID(person_id))
    if chosen is not None and chosen.added:
        await ctx["face_work"].earlier_photo_finder.look_back(UUID(person_id))


@job
async def ask_next_family(ctx: WorkerContext, face_id: str) -> None:
    """A guardian said no to "Is this X?": ask the family of the next likely child."""
    await ctx["face_work"].next_family.ask_for(UUID(face_id))


@job
async def deliver(ctx: WorkerContext, delivery_id: str) -> None:
    """Send one photo to one guardian."""
    await ctx["services"].deliveries.send(UUID(delivery_id))


@job
async def album_corrections(ctx: WorkerContext, album_id: str) -> None:
    """Send an album's "Not Alice?" message (once its guardian's waiting photos went)."""
    await ctx["services"].albums.offer_corrections(UUID(album_id))


@job
async def send_suggestion(ctx: WorkerContext, suggestion_id: str) -> None:
    """Ask a person's guardians whether a face is theirs."""
    await ctx["services"].suggestions.send(UUID(suggestion_id))


@job
async def held_sent(ctx: WorkerContext, subject: str) -> None:
    """ "Sending 2 photos." (held while their person was paused) says "Sent" once they went
    (``subject``: that message, its ``HELD_SENT`` request's)."""
    await ctx["services"].deliveries.tell_held_sent(subject)


@job
async def ask_offers_again(ctx: WorkerContext, person_id: str) -> None:
    """Say the person's offers of earlier photos again with its name now (its
    ``ASK_OFFERS_AGAIN`` request: those migration 0057 moved named another person)."""
    await ctx["services"].offers_named_again.ask_again(UUID(person_id))


@job
async def find_earlier_photos(ctx: WorkerContext, person_id: str) -> None:
    """Look back for a person's earlier photos: offer the sure ones, ask about the rest."""
    await ctx["face_work"].earlier_photo_finder.find(UUID(person_id))


@job
async def sync_face(ctx: WorkerContext, face_id: str) -> None:
    """Make Qdrant's payload of a face match Postgres."""
    await ctx["face_work"].face_sync.sync(UUID(face_id))


def _participant(requested_by: str) -> UUID | None:
    return UUID(requested_by) if requested_by else None


@job
async def delete_person(ctx: WorkerContext, person_id: str, requested_by: str = "") -> None:
    """Delete a person and every trace of its faces, then tell its guardians."""
    await ctx["face_work"].erasure.delete_person(UUID(person_id), _participant(requested_by))


@job
async def forget_faces(ctx: WorkerContext, person_id: str, requested_by: str = "") -> None:
    """Delete a person's faces, keep the person; tell its guardians."""
    await ctx["face_work"].erasure.forget_faces(UUID(person_id), _participant(requested_by))


@job
async def show_copies(ctx: WorkerContext, chat_id: str) -> None:
    """The copies in a chat owed an edit (a change's time for edits spent, or its job
    lost), shown as they are now."""
    await ctx["services"].copies.show_owed(int(chat_id))


@job
async def show_cards(ctx: WorkerContext, chat_id: str) -> None:
    """Photos or clips were delivered to the chat: its open person cards say how many."""
    services = ctx["services"]
    await show_delivered(services.persons, services.messenger, int(chat_id))


@job
async def show_histories(ctx: WorkerContext, chat_id: str) -> None:
    """Changes were recorded that the /history lists sent before them in the chat do not
    list (``HistoryChanged``): they say so."""
    services = ctx["services"]
    await mark_outdated(services.messenger, services.persons, services.buttons, int(chat_id))


@job
async def recaption_copies(ctx: WorkerContext, event_id: str) -> None:
    """Kept for one release: a merge's copy edits queued by the version before, when they
    were this job (now ``PersonsMerged`` owes them as ``stale_copies`` rows), owed the
    same way, so an upgrade with such a job still in Redis loses none of them."""
    await ctx["services"].copies.moved_later(UUID(event_id))


@job
async def forget_participant(ctx: WorkerContext, telegram_user_id: str) -> None:
    """``/forget``: everything about a participant."""
    await ctx["face_work"].erasure.forget_participant(int(telegram_user_id))


@job
async def takedown(ctx: WorkerContext, photo_id: str) -> None:
    """An organizer took a group photo down: delete its faces and every delivered copy."""
    await ctx["face_work"].takedown_deletion.process(UUID(photo_id))


@job
async def reconcile(ctx: WorkerContext) -> None:
    """Queue again whatever Postgres says is unfinished."""
    await ctx["services"].reconciler.run()


@job
async def purge_expired_blobs(ctx: WorkerContext) -> None:
    """Delete stored media and crops past their expiry time."""
    purged = await ctx["services"].blobs.purge_expired()
    if purged:
        log.info("purged %d expired blob(s)", purged)


@job
async def discard_stale_drafts(ctx: WorkerContext) -> None:
    """Delete the enrollments left unfinished too long, with their faces and crops."""
    discarded = await ctx["services"].stale_drafts.run()
    if discarded:
        log.info("deleted %d unfinished enrollment(s)", discarded)


@job
async def expire_questions(ctx: WorkerContext) -> None:
    """Blank and expire the "Is this Alice?" questions nobody answered in time."""
    await ctx["services"].question_expiry.run()


@job
async def close_unused_menus(ctx: WorkerContext) -> None:
    """The "What's wrong with this photo" menus nobody chose from in two days say they
    closed."""
    await ctx["services"].correction_menus.close_unused()


@job
async def expire_claim_links(ctx: WorkerContext) -> None:
    """The messages handing claim links, and co-guardian invitations, that expired unused
    say so."""
    await ctx["services"].claim_links.expire_due()
    await ctx["services"].invite_links.expire_due()


@job
async def apply_retention(ctx: WorkerContext) -> None:
    """Delete the faces and crops of group photos older than their group keeps them."""
    await ctx["face_work"].retention.run()


@job
async def send_batch(ctx: WorkerContext, participant_id: str, group_id: str) -> None:
    """Send a guardian's album from a group once it is due."""
    await ctx["services"].batches.send(UUID(participant_id), UUID(group_id))


@job
async def send_questions(ctx: WorkerContext, participant_id: str) -> None:
    """Send a guardian's batch of questions if it is due ("every N" reached)."""
    await ctx["services"].question_batches.send(UUID(participant_id))


@job
async def ask_one(
    ctx: WorkerContext, suggestion_id: str, participant_id: str, why: str = job_names.ASKED_SOME
) -> None:
    """Ask one guardian one open question on its own (a batch's "Some are", the one face
    left on their sheet, a question owed to them back in the group: ``why``)."""
    await ctx["services"].suggestions.send_one(UUID(suggestion_id), UUID(participant_id), why)


@job
async def send_due_questions(ctx: WorkerContext) -> None:
    """Every guardian's batch of questions that is due (a restart or a lost Redis only
    delays it: the cron reads what waits from Postgres)."""
    try:
        sent = await ctx["services"].question_batches.send_due()
    except TryAgainLater as later:
        log.info("send_due_questions: trying again at the next run (%.0fs)", later.seconds)
        return
    if sent:
        log.info("sent %d sheet(s) of questions", sent)


@job
async def withdraw_questions(ctx: WorkerContext) -> None:
    """Tell the chats of questions settled without them that they are closed."""
    await ctx["services"].question_withdrawal.run()


@job
async def send_due_batches(ctx: WorkerContext) -> None:
    """Every album and daily digest that is due (and what went back to each photo)."""
    try:
        sent = await ctx["services"].batches.send_due()
    except TryAgainLater as later:
        log.info("send_due_batches: trying again at the next run (%.0fs)", later.seconds)
        return
    if sent:
        log.info("sent %d photo(s) in albums", sent)
