"""A photo posted in a group: recorded in milliseconds, recognized later by a job.

A photo an organizer took down stays down: the same file posted again in the group
(forwarded from a guardian's old copy, or re-sent) is recorded as removed at once, never
recognized or delivered; moderation hears of it (``TakenDownPostedAgain``), deletes it from
the group where the bot may, and tells the admin chat.
"""

from __future__ import annotations

import logging
from uuid import UUID

from domain.events import EventBus, TakenDownPostedAgain
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.logs import bind
from domain.observability import metrics
from domain.recognition.stores import ChatGroups, PhotoIntakeStore, PostedPhoto

log = logging.getLogger(__name__)


class PhotoIntake:
    """Records each photo posted in a group, and queues its recognition."""

    def __init__(
        self, groups: ChatGroups, store: PhotoIntakeStore, jobs: JobQueue, events: EventBus
    ) -> None:
        self._groups = groups
        self._store = store
        self._jobs = jobs
        self._events = events  # a taken-down photo posted again: moderation's to handle

    async def record(self, posted: PostedPhoto) -> UUID | None:
        """Store the photo and queue its recognition; its id, or None when this message is
        already known."""
        group_id = await self._groups.photo_seen_in(
            posted.chat_id, posted.chat_title, posted.chat_type
        )
        # The same file as a photo taken down in this group: down at once, too.
        taken_down = await self._store.taken_down(group_id, posted.file_unique_id)
        photo_id = await self._store.add(group_id, posted, taken_down)
        if photo_id is None:
            log.info("message %s in chat %s already recorded", posted.message_id, posted.chat_id)
            return None
        metrics.PHOTOS_RECEIVED.inc()
        bind(photo_id=photo_id)  # this update's lines, as the photo's jobs' lines
        if taken_down is not None:
            log.info(
                "photo %s: a taken-down photo (%s) posted again", photo_id, taken_down.photo_id
            )
            # Recorded once: a repeated update never gets here, so it is told once.
            await self._events.publish(TakenDownPostedAgain(photo_id))
            return photo_id
        await enqueue_for(self._jobs, job_names.RECOGNIZE, photo_id)
        return photo_id
