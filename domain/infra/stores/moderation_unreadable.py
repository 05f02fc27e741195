"""``moderation.unreadable_store.UnreadableStore`` on tortoise."""

from __future__ import annotations

from uuid import UUID

from domain.infra.models import Participant, Photo
from domain.moderation.unreadable_store import Poster, UnreadablePost


class TortoiseUnreadableStore:
    async def unreadable(self, photo_id: UUID) -> UnreadablePost | None:
        photo = await Photo.get_or_none(id=photo_id).prefetch_related("group")
        if photo is None:
            return None
        poster = None
        if photo.posted_by_user_id is not None:
            poster = await self.poster(photo.posted_by_user_id)
        group = photo.group
        return UnreadablePost(
            photo_id=photo.id,
            media_kind=photo.media_kind,
            posted_at=photo.posted_at,
            group_title=group.title,
            group_chat_id=group.chat_id,
            message_id=photo.message_id,
            admin_chat_id=group.admin_chat_id,
            poster=poster,
            group_id=group.id,
        )

    async def poster(self, telegram_user_id: int) -> Poster:
        known = await Participant.get_or_none(telegram_user_id=telegram_user_id)
        if known is None:
            return Poster(telegram_user_id)
        return Poster(
            telegram_user_id,
            first_name=known.first_name,
            username=known.username,
            started=True,
            reachable=known.is_reachable,
        )
