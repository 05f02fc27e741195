"""What the chats' languages and time zones are read from, in their words: the port
(on tortoise: ``domain/infra/stores/languages.py``, put in place when the process connects
to its database; in memory: ``tests/fakes/languages.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class UserLanguage:
    """A participant as far as their private chat's language goes (a ``Speaker``)."""

    language: str | None  # chosen with /language
    language_code: str | None  # Telegram's, as last seen


@dataclass(frozen=True, slots=True)
class GroupChat:
    """A group as far as its chat's language and time zone go."""

    language: str
    settings: Mapping[str, Any] = field(default_factory=dict)  # its zone among them


class ChatStore(Protocol):
    """The participants and groups whose chats' languages and zones are asked."""

    async def user(self, user_id: int) -> UserLanguage | None:
        """The participant with this Telegram id; None: not one yet."""

    async def served_by(self, admin_chat_id: int) -> list[GroupChat]:
        """The groups (active or not) this chat is the admin chat of."""

    async def at_chat(self, chat_id: int) -> GroupChat | None:
        """The group recorded for this chat (active or not); None: none is."""

    async def formerly_served(self, chat_id: int) -> GroupChat | None:
        """The active group this chat was the admin chat of last, when it serves none now
        and is no photo group in use; None otherwise."""

    async def of_member(self, user_id: int) -> list[GroupChat]:
        """The active groups the user is a member of; in none, those they were banned
        from (their times are the ones they read there still: findings25 5, a parent
        banned from her only group read a list's time in UTC, two hours off the others)."""
