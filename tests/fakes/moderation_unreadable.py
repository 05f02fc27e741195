"""``moderation.unreadable_store.UnreadableStore`` in memory: the posts as put here."""

from __future__ import annotations

from uuid import UUID

from domain.moderation.unreadable_store import UnreadablePost


class MemoryUnreadableStore:
    def __init__(self) -> None:
        self.posts: dict[UUID, UnreadablePost] = {}

    async def unreadable(self, photo_id: UUID) -> UnreadablePost | None:
        return self.posts.get(photo_id)
