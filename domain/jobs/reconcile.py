"""The reconcile cron: Postgres says what is unfinished; queue it again.

Jobs have deterministic ids, so queueing work that is already queued or running
does nothing (nor does it ask a running job to run again: what it finds unfinished is
what that job is at). A lost Redis or a killed worker delays work; it never loses it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID

from domain.buttons import Buttons
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for, enqueue_for_chat
from domain.observability import metrics
from domain.states import DeliveryStatus, RequestKind

log = logging.getLogger(__name__)
ABANDONED = "outcome unknown: the send was interrupted"


class ReconcileStore(Protocol):
    """What Postgres says is unfinished (on tortoise: ``domain/infra/stores/reconcile.py``).
    Plain ids only: a paused group's photos, deliveries and questions wait for its resume,
    a paused person's questions for theirs."""

    async def photos_to_recognize(self) -> list[UUID]:
        """Photos pending or being recognized."""

    async def deliveries_to_send(self) -> list[UUID]:
        """Deliveries pending."""

    async def enrollment_photos_to_check(self) -> list[UUID]:
        """Enrollment photos not checked yet."""

    async def album_notes_owed(self) -> list[UUID]:
        """Albums whose "Not Alice?" message is still owed (their first delivery)."""

    async def persons_to_index(self) -> list[UUID]:
        """Persons being indexed."""

    async def persons_to_delete(self) -> list[UUID]:
        """Persons being deleted."""

    async def questions_to_send(self) -> list[UUID]:
        """Questions ("Is this Alice?") pending and not sent, about an active person; of a
        clip's questions left waiting for another, only those owed a job
        (``corrections.clip_questions.owed``: what they waited for is settled)."""

    async def faces_to_sync(self) -> set[UUID]:
        """Faces whose index payload may lag behind Postgres (the outbox)."""

    async def chats_owed_copies(self) -> list[int]:
        """Chats with delivered copies owed an edit (``delivery.copies``)."""

    async def open_requests(self) -> list[tuple[RequestKind, str]]:
        """Every (kind, subject) with a request not done, oldest first, each once."""

    async def abandon_sends(self, started_before: datetime, error: str) -> int:
        """Deliveries still being sent that started before then: failed with ``error``,
        never sent again (a conditional update: one that finished meanwhile stays). How
        many."""

    async def tidy_requests(self, done_before: datetime) -> int:
        """Delete the requests done before then (open ones always stay). How many."""


@dataclass(frozen=True, slots=True)
class Reconciled:
    photos: int = 0
    deliveries: int = 0
    enrollment_photos: int = 0
    persons: int = 0
    suggestions: int = 0
    abandoned_sends: int = 0
    requests: int = 0


class Reconciler:
    def __init__(
        self,
        jobs: JobQueue,
        store: ReconcileStore,
        *,
        sending_stale: timedelta,
        buttons: Buttons | None = None,
    ) -> None:
        """``buttons``: those pressed or expired long ago are forgotten on each run too
        (None: not by this one)."""
        self._jobs = jobs
        self._store = store
        self._sending_stale = sending_stale
        self._buttons = buttons

    async def run(self, now: datetime | None = None) -> Reconciled:
        now = now or datetime.now(UTC)
        work: tuple[tuple[str, Callable[[], Awaitable[list[UUID]]]], ...] = (
            (job_names.RECOGNIZE, self._store.photos_to_recognize),
            (job_names.DELIVER, self._store.deliveries_to_send),
            (job_names.CHECK_ENROLLMENT_PHOTO, self._store.enrollment_photos_to_check),
            (job_names.ALBUM_CORRECTIONS, self._store.album_notes_owed),
            (job_names.INDEX_PERSON, self._store.persons_to_index),
            (job_names.DELETE_PERSON, self._store.persons_to_delete),
            (job_names.SEND_SUGGESTION, self._store.questions_to_send),
        )
        # What users confirmed and no job has finished yet (the requests outbox).
        queued_requests = 0
        for kind, subject in await self._store.open_requests():
            queued_requests += await self._jobs.enqueue(
                kind.value, subject, job_id=requests.job_id(kind, subject), again=False
            )
        # Copies a change left owing an edit, their chat's job lost or given up.
        for chat_id in await self._store.chats_owed_copies():
            await enqueue_for_chat(self._jobs, job_names.SHOW_COPIES, chat_id, again=False)
        # Faces whose Qdrant payload may lag behind Postgres (the outbox).
        for face_id in await self._store.faces_to_sync():
            await enqueue_for(self._jobs, job_names.SYNC_FACE, face_id, again=False)
        queued: dict[str, int] = {}
        for name, unfinished in work:
            queued[name] = 0
            for entity_id in await unfinished():
                queued[name] += await enqueue_for(self._jobs, name, entity_id, again=False)
        # A send that started long ago and never finished may or may not have reached
        # the user: never send it again (at most once), just stop waiting for it.
        abandoned = await self._store.abandon_sends(now - self._sending_stale, ABANDONED)
        metrics.delivered(DeliveryStatus.FAILED, count=abandoned)
        if self._buttons is not None:
            await self._buttons.tidy()
        await self._store.tidy_requests(now - requests.KEEP_DONE)
        result = Reconciled(
            photos=queued[job_names.RECOGNIZE],
            deliveries=queued[job_names.DELIVER],
            enrollment_photos=queued[job_names.CHECK_ENROLLMENT_PHOTO],
            persons=queued[job_names.INDEX_PERSON],
            suggestions=queued[job_names.SEND_SUGGESTION],
            abandoned_sends=abandoned,
            requests=queued_requests,
        )
        if any(astuple(result)):
            log.info("reconcile: %s", result)
        return result
