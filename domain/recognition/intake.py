"""A photo posted in a group: recorded in milliseconds, recognized later by a job."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError

from domain.groups.service import Groups
from domain.infra.models import Photo
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.states import MediaKind

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


class PhotoIntake:
    def __init__(self, groups: Groups, jobs: JobQueue) -> None:
        self._groups = groups
        self._jobs = jobs

    async def record(self, posted: PostedPhoto) -> Photo | None:
        """Store the photo and queue its recognition; None when this message is already known."""
        group = await self._groups.record(posted.chat_id, posted.chat_title, posted.chat_type)
        if not group.is_active:
            group.is_active = True  # a photo reached us, so the bot is in the group
            await group.save(update_fields=["is_active", "updated_at"])
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
            )
        except IntegrityError:
            log.info("message %s in chat %s already recorded", posted.message_id, posted.chat_id)
            return None
        await enqueue_for(self._jobs, job_names.RECOGNIZE, photo.id)
        return photo
