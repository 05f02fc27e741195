"""Retention: a group's organizers may have the faces of its photos deleted after N days.

A daily job deletes, for every group with ``retention_days`` set, the faces found in its
photos posted longer ago than that: their embeddings (Qdrant), their crops (blobs), and
the faces with their suggestions (Postgres). The photo's record stays (which message it
was, and who got it), so a takedown still finds the copies sent. What showed the faces is
kept true by the capabilities that show them, told on the event bus: ``FacesExpired``
before the faces go (the sheets of faces go, the questions still open about them are
closed saying why), ``ExpiredFacesDeleted`` once they are gone (the delivered copies lose
the "Not Alice?" of the faces gone, as after "Forget faces"). Enrollment faces are not
a group photo's and are never touched, nor is a face a guardian made one of their
person's prototypes ("Yes, that's Alice"): it is part of how the person is recognized,
and the guardian deletes it with the person or with "Forget faces".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from domain.blobs import BlobStore
from domain.events import EventBus, ExpiredFacesDeleted, FacesExpired
from domain.privacy.stores import ExpiringGroup, RetentionStore
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.recognition.service import crop_blobs
from domain.retry import TryAgainLater

log = logging.getLogger(__name__)

# When the daily run starts (UTC; the workers' cron): what a shorter keep deletes goes then.
RUNS_AT = time(3, 17)

# Faces deleted per round, so one group's long history never makes one huge transaction.
BATCH = 500
# The longest a run lets what reacts to the faces' deletion spend editing messages (about
# one edit a second a chat): the copies left keep their buttons (a press then hears why
# they do nothing), and the job stays inside its timeout.
EDITS_BUDGET = timedelta(seconds=60)


def next_run(now: datetime) -> datetime:
    """When the daily run after ``now`` starts: from then a keep changed now applies."""
    today = datetime.combine(now.astimezone(UTC).date(), RUNS_AT, UTC)
    return today if today > now else today + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Expired:
    faces: int = 0
    crops: int = 0


class Retention:
    def __init__(
        self,
        index: FaceIndex,
        blobs: BlobStore,
        store: RetentionStore,
        events: EventBus | None = None,
    ) -> None:
        """``events`` tells the capabilities that show the faces that they go
        (``FacesExpired``) and went (``ExpiredFacesDeleted``); None: only their rows go,
        what showed them stays as it was."""
        self._index = index
        self._blobs = blobs
        self._store = store
        self._events = events

    async def run(self, now: datetime | None = None) -> Expired:
        """Delete what every group's retention says is due; safe to run again."""
        now = now or datetime.now(UTC)
        edits_until = datetime.now(UTC) + EDITS_BUDGET
        faces = crops = 0
        # A group the bot has left keeps nothing longer than it said either.
        for group in await self._store.groups():
            posted_before = now - timedelta(days=group.retention_days)
            expired = 0
            while True:
                done = await self._expire(group, posted_before, edits_until)
                faces, crops, expired = faces + done.faces, crops + done.crops, expired + done.faces
                if done.faces < BATCH:
                    break
            # What /stats reports: when it last looked, and how many faces went in all.
            await self._store.ran(group.id, now, expired)
        if faces:
            log.info("retention: %d faces and %d crops deleted", faces, crops)
        return Expired(faces=faces, crops=crops)

    async def _expire(
        self, group: ExpiringGroup, posted_before: datetime, edits_until: datetime
    ) -> Expired:
        faces = await self._store.expiring(group.id, posted_before, BATCH)
        if not faces:
            return Expired()
        face_ids = [face.id for face in faces]
        # Read before the faces go: the photos whose copies show them.
        photo_ids = await self._store.photos_of(face_ids)
        crop_keys = [face.crop_key for face in faces if face.crop_key]
        # Qdrant and the blobs first, Postgres last: while Postgres still lists a face,
        # a run that fails part way is simply run again.
        try:
            await self._index.delete(FaceFilter(face_ids=face_ids))
        except Exception as error:  # the Qdrant client raises many types; retry the whole step
            log.warning("retention of group %s: Qdrant failed (%s); will retry", group.id, error)
            raise TryAgainLater(60) from error
        for key in crop_keys:
            for blob in crop_blobs(key):
                await self._blobs.delete(blob)
        # What shows these faces for naming, claiming or asking goes with them, told now:
        # their questions are deleted with the faces.
        if self._events is not None:
            await self._events.publish(FacesExpired(group.id, tuple(face_ids)))
        await self._store.delete_faces(face_ids)  # suggestions and rejections go along
        if self._events is not None and photo_ids:
            await self._events.publish(ExpiredFacesDeleted(group.id, tuple(photo_ids), edits_until))
        return Expired(faces=len(face_ids), crops=len(crop_keys))
