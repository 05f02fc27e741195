"""Unfinished enrollments nobody came back to: deleted, faces, index points and crops.

A person being enrolled (``ENROLLING``) holds the faces of the photos accepted so far.
The conversation that would finish or cancel it lives in Redis and can be lost (a flush,
a restart without persistence): the draft itself is in Postgres, where /persons, /cancel
and /done find it, and where this sweep deletes it once nothing was sent to it for
``keep`` (the setting ``jobs.drafts_keep_h``), so no biometric data outlives an
enrollment its guardian walked away from."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.enrollment.service import person_blob_prefix
from domain.infra.models import EnrollmentPhoto, Face, Person
from domain.infra.queries import ids_of
from domain.jobs.queue import JobQueue
from domain.recognition.assignments import queue_syncs, request_sync
from domain.states import PersonStatus

log = logging.getLogger(__name__)


class StaleDrafts:
    """Deletes the enrollments left unfinished for longer than ``keep`` (worker side)."""

    def __init__(self, jobs: JobQueue, blobs: BlobStore, *, keep: timedelta) -> None:
        self._jobs = jobs
        self._blobs = blobs
        self._keep = keep

    async def run(self, now: datetime | None = None) -> int:
        """Delete every draft untouched since ``now - keep``; how many."""
        cutoff = (now or datetime.now(UTC)) - self._keep
        old = set(await ids_of(Person.filter(status=PersonStatus.ENROLLING, created_at__lt=cutoff)))
        if not old:
            return 0
        recent = await EnrollmentPhoto.filter(
            person_id__in=old, created_at__gte=cutoff
        ).values_list("person_id", flat=True)
        discarded = 0
        for person_id in old - {UUID(str(p)) for p in recent}:
            discarded += await self._discard(person_id, cutoff)
        return discarded

    async def _discard(self, person_id: UUID, cutoff: datetime) -> bool:
        async with in_transaction():
            # Locked, and asked again: finished (/done) or sent a photo since it was read,
            # it is kept.
            person = (
                await Person.select_for_update()
                .filter(id=person_id, status=PersonStatus.ENROLLING)
                .first()
            )
            if person is None or await EnrollmentPhoto.exists(
                person_id=person_id, created_at__gte=cutoff
            ):
                return False
            faces = Face.filter(person_id=person_id)
            face_ids = await ids_of(faces)
            crops = await Face.filter(id__in=face_ids, crop_key__not_isnull=True).values_list(
                "crop_key", flat=True
            )
            await Face.filter(id__in=face_ids).delete()
            await person.delete()
            await request_sync(face_ids)
        await queue_syncs(self._jobs, face_ids)
        await self._blobs.delete_prefix(person_blob_prefix(person_id))
        for key in crops:
            await self._blobs.delete(str(key))
        log.info(
            "unfinished enrollment of person %s deleted after %s (%d face(s))",
            person_id,
            self._keep,
            len(face_ids),
        )
        return True
