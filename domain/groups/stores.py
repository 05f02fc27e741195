"""What the groups' services ask of the database, in their words: the port its store
implements (on tortoise: ``domain/infra/stores/groups.py``; in memory, for the unit tests
of the rules it frees: ``tests/fakes/groups.py``), and a group as the bot shows it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.states import DeliveryMode


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group as the bot shows it and its organizers' commands read it, as stored when
    read (read again to see a change)."""

    id: UUID
    chat_id: int
    title: str
    is_active: bool = True
    admin_chat_id: int | None = None
    language: str = "en"
    requires_approval: bool = False
    strictness: int = 0  # steps above the calibrated thresholds
    delivery_mode: DeliveryMode = DeliveryMode.EACH
    retention_days: int | None = None
    paused_at: datetime | None = None
    retention_ran_at: datetime | None = None
    faces_expired: int = 0
    admin_token: str | None = None  # the /admin link's, while one is out
    # What the slices keep in the group's ``settings`` (its zone, its welcome, its cards).
    settings: Mapping[str, Any] = field(default_factory=dict)


class GroupRef(Protocol):
    """A group as a rule needs to name it: a ``GroupView``, or a row that has these."""

    @property
    def id(self) -> UUID: ...

    @property
    def title(self) -> str: ...


class GroupStore(Protocol):
    """The groups as the organizers' commands read them."""

    async def group(self, group_id: UUID) -> GroupView | None:
        """The group; None: no such group."""

    async def at_chat(self, chat_id: int) -> GroupView | None:
        """The group recorded for this chat (active or not); None: none is."""

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        """The active groups this chat is the admin chat of, by title."""

    async def with_admin_chat(self) -> list[GroupView]:
        """The active groups that have an admin chat."""
