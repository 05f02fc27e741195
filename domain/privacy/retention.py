"""Retention: a group's organizers may have the faces of its photos deleted after N days.

A daily job deletes, for every group with ``retention_days`` set, the faces found in its
photos posted longer ago than that: their embeddings (Qdrant), their crops (blobs), and
the faces with their suggestions (Postgres). The photo's record stays (which message it
was, and who got it), so a takedown still finds the copies sent. What showed the faces is
kept true: the delivered copies lose the "Not Alice?" of the faces gone (as after "Forget
faces"), and the questions still open about them are closed, saying why. Enrollment faces are not
a group photo's and are never touched, nor is a face a guardian made one of their
person's prototypes ("Yes, that's Alice"): it is part of how the person is recognized,
and the guardian deletes it with the person or with "Forget faces".
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.blobs import BlobStore
from domain.delivery.copies import BUDGET_S, Copies
from domain.events import EventBus, FacesExpired
from domain.languages.chats import speaking_to
from domain.privacy import texts
from domain.privacy.stores import ExpiringGroup, RetentionStore
from domain.recognition.face_index import FaceFilter, FaceIndex
from domain.recognition.service import crop_blobs
from domain.retry import TryAgainLater
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

# Faces deleted per round, so one group's long history never makes one huge transaction.
BATCH = 500


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
        *,
        messenger: Messenger | None = None,
        copies: Copies | None = None,
    ) -> None:
        """``events`` tells the capabilities that show the faces that they go
        (``FacesExpired``: the sheets of faces; None: only their rows go); ``messenger``
        closes the open questions about them and ``copies`` shows the delivered copies as
        they are now (None: those messages stay as they were)."""
        self._index = index
        self._blobs = blobs
        self._store = store
        self._events = events
        self._messenger = messenger
        self._copies = copies

    async def run(self, now: datetime | None = None) -> Expired:
        """Delete what every group's retention says is due; safe to run again."""
        now = now or datetime.now(UTC)
        # The messages' edits go about one a second a chat: a run spends at most this long
        # on them, the copies left keep their buttons (a press then hears why they do nothing).
        deadline = time.monotonic() + BUDGET_S
        faces = crops = 0
        # A group the bot has left keeps nothing longer than it said either.
        for group in await self._store.groups():
            posted_before = now - timedelta(days=group.retention_days)
            expired = 0
            while True:
                done = await self._expire(group, posted_before, deadline)
                faces, crops, expired = faces + done.faces, crops + done.crops, expired + done.faces
                if done.faces < BATCH:
                    break
            # What /stats reports: when it last looked, and how many faces went in all.
            await self._store.ran(group.id, now, expired)
        if faces:
            log.info("retention: %d faces and %d crops deleted", faces, crops)
        return Expired(faces=faces, crops=crops)

    async def _expire(
        self, group: ExpiringGroup, posted_before: datetime, deadline: float
    ) -> Expired:
        faces = await self._store.expiring(group.id, posted_before, BATCH)
        if not faces:
            return Expired()
        face_ids = [face.id for face in faces]
        # Read before the faces go: their questions go with them.
        shown = await self._store.shown(group.id, face_ids)
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
        # The sheets that showed these faces for naming or claiming a child go with them.
        if self._events is not None:
            await self._events.publish(FacesExpired(group.id, tuple(face_ids)))
        await self._store.delete_faces(group.id, face_ids)  # suggestions and rejections go along
        await self._close_questions(
            group, shown.questions + await self._store.close_emptied(shown.sheets)
        )
        if self._copies is not None and shown.photo_ids:
            copies = await self._copies.in_chats(photo_ids=shown.photo_ids)
            await self._copies.show_as_now(copies, budget_s=max(0.0, deadline - time.monotonic()))
        return Expired(faces=len(face_ids), crops=len(crop_keys))

    async def _close_questions(
        self, group: ExpiringGroup, questions: list[tuple[int, int]]
    ) -> None:
        """Each open question about a face gone: its picture and buttons go, and it says
        why (as a withdrawn question is closed). Best effort: one Telegram keeps as it was
        stays so, and a press on it hears that its face is gone."""
        if self._messenger is None:
            return
        for chat_id, message_id in questions:
            async with speaking_to(chat_id):
                closed = texts.question_faces_expired(group.title, group.retention_days)
            try:
                await self._messenger.blank_photo(chat_id, message_id, closed)
            except TelegramUnavailable as error:
                log.info("question in chat %s left open: %s", chat_id, error)
