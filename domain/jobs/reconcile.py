"""The reconcile cron: Postgres says what is unfinished; queue it again.

Jobs have deterministic ids, so queueing work that is already queued or running
does nothing. A lost Redis or a killed worker delays work; it never loses it.
"""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.buttons import Buttons
from domain.infra.models import (
    Delivery,
    EnrollmentPhoto,
    FaceSyncRequest,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.queries import ids_of
from domain.jobs import queue as job_names
from domain.jobs import requests
from domain.jobs.queue import JobQueue, enqueue_for
from domain.observability import metrics
from domain.states import (
    DeliveryStatus,
    EnrollmentPhotoStatus,
    PersonStatus,
    PhotoStatus,
    SuggestionStatus,
)

log = logging.getLogger(__name__)


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
        self, jobs: JobQueue, *, sending_stale: timedelta, buttons: Buttons | None = None
    ) -> None:
        """``buttons``: those pressed or expired long ago are forgotten on each run too
        (None: not by this one)."""
        self._jobs = jobs
        self._sending_stale = sending_stale
        self._buttons = buttons

    async def run(self) -> Reconciled:
        queued: dict[str, int] = {}
        work = (
            (
                job_names.RECOGNIZE,
                Photo.filter(
                    status__in=(PhotoStatus.PENDING, PhotoStatus.PROCESSING),
                    group__paused_at__isnull=True,  # a paused group's photos wait for resume
                ),
            ),
            (
                job_names.DELIVER,
                Delivery.filter(
                    status=DeliveryStatus.PENDING, photo__group__paused_at__isnull=True
                ),
            ),
            (
                job_names.CHECK_ENROLLMENT_PHOTO,
                EnrollmentPhoto.filter(status=EnrollmentPhotoStatus.PENDING),
            ),
            # An album's "Not Alice?" message still owed.
            (job_names.ALBUM_CORRECTIONS, Delivery.filter(corrections_due=True)),
            (job_names.INDEX_PERSON, Person.filter(status=PersonStatus.INDEXING)),
            (job_names.DELETE_PERSON, Person.filter(status=PersonStatus.DELETING)),
            (
                job_names.SEND_SUGGESTION,
                # A paused person's questions wait for the resume, which queues them; a
                # paused group's wait for its resume (then this cron queues them).
                Suggestion.filter(
                    status=SuggestionStatus.PENDING,
                    notified_at=None,
                    person__status=PersonStatus.ACTIVE,
                    face__photo__group__paused_at__isnull=True,
                ),
            ),
        )
        # What users confirmed and no job has finished yet (the requests outbox).
        queued_requests = 0
        for kind, subject in await requests.open_requests():
            queued_requests += await self._jobs.enqueue(
                kind.value, subject, job_id=requests.job_id(kind, subject)
            )
        # Faces whose Qdrant payload may lag behind Postgres (the outbox).
        for face_id in set(await FaceSyncRequest.all().values_list("face_id", flat=True)):
            await enqueue_for(self._jobs, job_names.SYNC_FACE, UUID(str(face_id)))
        for name, query in work:
            queued[name] = 0
            for entity_id in await ids_of(query):
                queued[name] += await enqueue_for(self._jobs, name, entity_id)
        # A send that started long ago and never finished may or may not have reached
        # the user: never send it again (at most once), just stop waiting for it.
        abandoned = await Delivery.filter(
            status=DeliveryStatus.SENDING, updated_at__lt=datetime.now(UTC) - self._sending_stale
        ).update(status=DeliveryStatus.FAILED, error="outcome unknown: the send was interrupted")
        metrics.delivered(DeliveryStatus.FAILED, count=abandoned)
        if self._buttons is not None:
            await self._buttons.tidy()
        await requests.tidy()
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
