"""A photo posted in a group: recorded in milliseconds, recognized later by a job.

A photo an organizer took down stays down: the same file posted again in the group
(forwarded from a guardian's old copy, or re-sent) is recorded as removed at once, never
recognized or delivered; the bot deletes it from the group where it may, and tells the
admin chat, naming the group and no one else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from domain import texts
from domain.groups.service import Groups
from domain.infra.models import Group, Photo
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to
from domain.logs import bind
from domain.moderation.takedown import link_to
from domain.observability import metrics
from domain.states import MediaKind, PhotoStatus
from domain.telegram import (
    ChatUnavailable,
    Deletion,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

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
    def __init__(self, groups: Groups, jobs: JobQueue, messenger: Messenger) -> None:
        self._groups = groups
        self._jobs = jobs
        self._messenger = messenger

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
            await self._posted_again(group, photo)
            return photo
        await enqueue_for(self._jobs, job_names.RECOGNIZE, photo.id)
        return photo

    async def _posted_again(self, group: Group, photo: Photo) -> None:
        """Delete it from the group where the bot may, and tell the admin chat once (this
        message is recorded once: a repeated update never gets here)."""
        try:
            deleted = (
                await self._messenger.delete_message(group.chat_id, photo.message_id)
                != Deletion.REFUSED
            )
        except TelegramUnavailable as error:
            log.info("re-posted photo %s not deleted: %s", photo.id, error)
            deleted = False
        if group.admin_chat_id is None:
            return
        link = None if deleted else link_to(group.chat_id, photo.message_id)
        async with speaking_to(group.admin_chat_id):
            text = texts.taken_down_posted_again(group.title, photo.posted_at, deleted, link)
        try:
            await self._messenger.send_text(group.admin_chat_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("admin chat of group %s not told of a re-post: %s", group.id, error)
