"""What telling of an unreadable post asks of the database: the port its store implements
(on tortoise: ``domain/infra/stores/moderation_unreadable.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.states import MediaKind


@dataclass(frozen=True, slots=True)
class Poster:
    """Who posted: their Telegram id, and, for one who started the bot (a participant),
    their name and whether their private chat still takes messages."""

    telegram_user_id: int
    first_name: str = ""
    username: str | None = None
    started: bool = False
    reachable: bool = False


@dataclass(frozen=True, slots=True)
class UnreadablePost:
    """A photo or clip of a group that could not be read, as its answer names it."""

    photo_id: UUID
    media_kind: MediaKind
    posted_at: datetime
    group_title: str
    group_chat_id: int
    message_id: int
    admin_chat_id: int | None
    poster: Poster | None  # None: posted on behalf of a chat (an anonymous admin)
    group_id: UUID | None = None  # its group's (where the admin chat's answer is kept)


class UnreadableStore(Protocol):
    async def unreadable(self, photo_id: UUID) -> UnreadablePost | None:
        """The post, its group and its poster; None when the photo is gone."""

    async def poster(self, telegram_user_id: int) -> Poster:
        """Who posted, as facedrop knows them now: their name while they are a participant
        (``started``); only their id once they never started the bot, or used /forget."""
