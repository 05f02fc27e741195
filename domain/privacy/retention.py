"""Retention: a group's organizers may have the faces of its photos deleted after N days.

A daily job deletes, for every group with ``retention_days`` set, the faces found in its
photos posted longer ago than that: their embeddings (Qdrant), their crops (blobs), and
the faces with their suggestions (Postgres). The photo's record stays (which message it
was, and who got it), so a takedown still finds the copies sent. Enrollment faces are not
a group photo's and are never touched, nor is a face a guardian made one of their
person's prototypes ("Yes, that's Alice"): it is part of how the person is recognized,
and the guardian deletes it with the person or with "Forget faces".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.blobs import BlobStore
from domain.claims import sheets as claim_sheets
from domain.infra.models import ClaimSheet, Face, FaceSyncRequest, Group, Prototype
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.retry import TryAgainLater
from domain.states import FaceSource
from domain.telegram import Messenger

log = logging.getLogger(__name__)

# Faces deleted per round, so one group's long history never makes one huge transaction.
BATCH = 500


@dataclass(frozen=True, slots=True)
class Expired:
    faces: int = 0
    crops: int = 0


class Retention:
    def __init__(
        self, index: FaceIndex, blobs: BlobStore, messenger: Messenger | None = None
    ) -> None:
        self._index = index
        self._blobs = blobs
        self._messenger = messenger  # deletes the sheets of faces shown (None: only the rows)

    async def run(self, now: datetime | None = None) -> Expired:
        """Delete what every group's retention says is due; safe to run again."""
        now = now or datetime.now(UTC)
        faces = crops = 0
        # A group the bot has left keeps nothing longer than it said either.
        for group in await Group.filter(retention_days__isnull=False):
            assert group.retention_days is not None
            posted_before = now - timedelta(days=group.retention_days)
            expired = 0
            while True:
                done = await self._expire(group, posted_before)
                faces, crops, expired = faces + done.faces, crops + done.crops, expired + done.faces
                if done.faces < BATCH:
                    break
            # What /stats reports: when it last looked, and how many faces went in all.
            await Group.filter(id=group.id).update(
                retention_ran_at=now, faces_expired=F("faces_expired") + expired
            )
        if faces:
            log.info("retention: %d faces and %d crops deleted", faces, crops)
        return Expired(faces=faces, crops=crops)

    async def _expire(self, group: Group, posted_before: datetime) -> Expired:
        due = Face.filter(
            source=FaceSource.GROUP_PHOTO,
            photo__group_id=group.id,
            photo__posted_at__lt=posted_before,
        )
        prototypes = await Prototype.filter(
            face__photo__group_id=group.id, face__photo__posted_at__lt=posted_before
        ).values_list("face_id", flat=True)
        if prototypes:
            due = due.exclude(id__in=prototypes)
        faces = await due.order_by("id").limit(BATCH)
        if not faces:
            return Expired()
        face_ids = [face.id for face in faces]
        crop_keys = [face.crop_key for face in faces if face.crop_key]
        # Qdrant and the blobs first, Postgres last: while Postgres still lists a face,
        # a run that fails part way is simply run again.
        try:
            await self._index.delete(FaceFilter(face_ids=face_ids))
        except Exception as error:  # the Qdrant client raises many types; retry the whole step
            log.warning("retention of group %s: Qdrant failed (%s); will retry", group.id, error)
            raise TryAgainLater(60) from error
        for key in crop_keys:
            await self._blobs.delete(key)
        # The sheets that showed these faces for naming or claiming a child go with them.
        showing = await claim_sheets.showing(face_ids, group.id)
        if self._messenger is not None:
            await claim_sheets.drop(self._messenger, showing)
        else:
            await ClaimSheet.filter(id__in=[sheet.id for sheet in showing]).delete()
        async with in_transaction():
            await Face.filter(id__in=face_ids).delete()  # suggestions and rejections go along
            await FaceSyncRequest.filter(face_id__in=face_ids).delete()
        return Expired(faces=len(face_ids), crops=len(crop_keys))
