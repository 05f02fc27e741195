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

from domain.blobs import BlobStore
from domain.enrollment.service import discard_faces, person_blob_prefix
from domain.enrollment.stores import EnrollmentStore
from domain.jobs.queue import JobQueue
from domain.recognition.assignments import queue_syncs

log = logging.getLogger(__name__)


class StaleDrafts:
    """Deletes the enrollments left unfinished for longer than ``keep`` (worker side)."""

    def __init__(
        self, jobs: JobQueue, blobs: BlobStore, store: EnrollmentStore, *, keep: timedelta
    ) -> None:
        self._jobs = jobs
        self._blobs = blobs
        self._store = store
        self._keep = keep

    async def run(self, now: datetime | None = None) -> int:
        """Delete every draft untouched since ``now - keep``; how many."""
        cutoff = (now or datetime.now(UTC)) - self._keep
        discarded = 0
        for person_id in await self._store.stale_drafts(cutoff):
            discarded += await self._discard(person_id, cutoff)
        return discarded

    async def _discard(self, person_id: UUID, cutoff: datetime) -> bool:
        store = self._store
        async with store.transaction():
            # Locked, and asked again: finished (/done) or sent a photo since it was read,
            # it is kept.
            if not await store.lock_stale_draft(person_id, cutoff):
                return False
            faces = await store.faces_of(person_id)
            crops = [face.crop_key for face in faces if face.crop_key]
            face_ids = await discard_faces(store, faces)
            await store.delete_person(person_id)
        await queue_syncs(self._jobs, face_ids)
        await self._blobs.delete_prefix(person_blob_prefix(person_id))
        for key in crops:
            await self._blobs.delete(key)
        log.info(
            "unfinished enrollment of person %s deleted after %s (%d face(s))",
            person_id,
            self._keep,
            len(face_ids),
        )
        return True
