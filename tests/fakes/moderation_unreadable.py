"""``moderation.unreadable_store.UnreadableStore`` in memory: the posts as put here."""

from __future__ import annotations

from uuid import UUID

from domain.moderation.unreadable_store import Poster, UnreadablePost


class MemoryUnreadableStore:
    def __init__(self) -> None:
        self.posts: dict[UUID, UnreadablePost] = {}

    async def unreadable(self, photo_id: UUID) -> UnreadablePost | None:
        return self.posts.get(photo_id)

    async def poster(self, telegram_user_id: int) -> Poster:
        """As the posts put here name them (a participant's name); else only the id."""
        for post in self.posts.values():
            if post.poster is not None and post.poster.telegram_user_id == telegram_user_id:
                return post.poster
        return Poster(telegram_user_id)
