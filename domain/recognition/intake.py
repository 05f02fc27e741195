"""A photo posted in a group: recorded in milliseconds, recognized later by a job.

A photo an organizer took down stays down: the same file posted again in the group
(forwarded from a guardian's old copy, or re-sent) is recorded as removed at once, never
recognized or delivered; moderation hears of it (``TakenDownPostedAgain``), deletes it from
the group where the bot may, and tells the admin chat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from domain.events import EventBus, TakenDownPostedAgain
from domain.groups.service import Groups
from domain.infra.models import Photo
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.logs import bind
from domain.observability import metrics
from domain.states import MediaKind, PhotoStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostedPhoto:
    chat_id: int
    chat_title: str
    chat_type: str
    message_id: int
    file_id: str
    file_unique_id: str
    media_kind: MediaKind
    posted_at: datetime
    posted_by_user_id: int | None = None
    media_group_id: str | None = None
    width: int | None = None
    height: int | None = None
    caption: str | None = None  # the poster's words under the photo
    caption_entities: list[dict[str, Any]] | None = None  # Telegram's, as JSON


class PhotoIntake:
    def __init__(self, groups: Groups, jobs: JobQueue, events: EventBus) -> None:
        self._groups = groups
        self._jobs = jobs
        self._events = events  # a taken-down photo posted again: moderation's to handle

    async def record(self, posted: PostedPhoto) -> Photo | None:
        """Store the photo and queue its recognition; None when this message is already known."""
        group = await self._groups.record(posted.chat_id, posted.chat_title, posted.chat_type)
        if not group.is_active:
            group.is_active = True  # a photo reached us, so the bot is in the group
            await group.save(update_fields=["is_active", "updated_at"])
        # The same file as a photo taken down in this group: down at once, too.
        taken_down = (
            await Photo.filter(
                group=group, file_unique_id=posted.file_unique_id, removed_at__isnull=False
            )
            .order_by("removed_at")
            .first()
        )
        removed = (
            {
                "status": PhotoStatus.REMOVED,
                "removed_at": datetime.now(UTC),
                "removed_by_user_id": taken_down.removed_by_user_id,
            }
            if taken_down is not None
            else {}
        )
        try:
            photo = await Photo.create(
                group=group,
                message_id=posted.message_id,
                media_group_id=posted.media_group_id,
                file_id=posted.file_id,
                file_unique_id=posted.file_unique_id,
                media_kind=posted.media_kind,
                width=posted.width,
                height=posted.height,
                posted_by_user_id=posted.posted_by_user_id,
                posted_at=posted.posted_at,
                caption=posted.caption or None,
                caption_entities=posted.caption_entities or None,
                **removed,
            )
        except IntegrityError:
            log.info("message %s in chat %s already recorded", posted.message_id, posted.chat_id)
            return None
        metrics.PHOTOS_RECEIVED.inc()
        bind(photo_id=photo.id)  # this update's lines, as the photo's jobs' lines
        if taken_down is not None:
            log.info("photo %s: a taken-down photo (%s) posted again", photo.id, taken_down.id)
            # Recorded once: a repeated update never gets here, so it is told once.
            await self._events.publish(TakenDownPostedAgain(photo.id))
            return photo
        await enqueue_for(self._jobs, job_names.RECOGNIZE, photo.id)
        return photo
