"""What the organizers' services ask of the database about their groups, in their words:
the ports its stores implement (on tortoise: ``domain/infra/stores/moderation_groups.py``;
in memory, for the unit tests of the rules they free: ``tests/fakes/moderation_groups.py``)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol
from uuid import UUID

from domain.groups.stores import GroupStore, GroupView
from domain.states import ModerationAction


class OrganizerStore(GroupStore, Protocol):
    """The database side of ``organizers.Organizers``."""

    async def named_a_child(self, user_id: int) -> bool:
        """Whether this user named a child (``/whois``) in a group still served."""

    async def linked_groups_of(self, user_id: int) -> list[GroupView]:
        """The active groups with an admin chat this user is known in (a member who joined,
        one who named a child there, or did anything as its organizer, its linking
        included), by title: those they may organize."""


class LinkingStore(GroupStore, Protocol):
    """The database side of ``linking.AdminChatLinking``."""

    async def by_admin_token(self, token: str) -> GroupView | None:
        """The active group whose /admin link carries this token."""

    async def admin_token(self, group_id: UUID, fresh: str) -> str:
        """The group's /admin token; ``fresh`` becomes it when it has none (the row locked:
        two first /admin at once agree on one)."""

    async def keep_setting(self, group_id: UUID, key: str, value: object) -> object:
        """Set one key of the group's ``settings`` (the row locked: no other key's change
        is lost); the value it replaced (None: none)."""

    async def keep_in_list(self, group_id: UUID, key: str, item: object, keep: int) -> None:
        """Add ``item`` to the list under one key of the group's ``settings``, keeping its
        newest ``keep`` (the row locked, as ``keep_setting``)."""

    async def keep_pointer(self, group_id: UUID, message_id: int, command: str, keep: int) -> None:
        """Remember the bot's answer ``message_id`` in the group to ``command``, keeping
        the group's newest ``keep`` (the group's row locked: two at once keep both)."""

    async def pointers(self, group_id: UUID) -> list[tuple[int, str]]:
        """The answers kept by ``keep_pointer``: (message id, command), oldest first."""

    async def is_photo_group(self, chat_id: int) -> bool:
        """Whether the chat's own group has members (joined through its link) or photos."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all; a row locked inside stays
        locked until it ends."""

    async def locked(self, group_id: UUID) -> GroupView:
        """The group, its row locked (inside a transaction) until the transaction ends."""

    async def link(self, group_id: UUID, admin_chat_id: int, fresh_token: str) -> None:
        """The chat is the group's admin chat now, and ``fresh_token`` its /admin token."""

    async def record(
        self,
        group_id: UUID,
        action: ModerationAction,
        actor: tuple[int | None, str],
        subject: str,
        details: dict[str, Any],
    ) -> None:
        """A moderation event of the group (``actor``: user id, name), for /audit."""

    async def close_own_group(self, chat_id: int, greetings: str) -> tuple[int, ...]:
        """The chat's own group (if the bot recorded one) closed, its row locked: its link
        leads nowhere; the ids kept under the ``greetings`` key of its ``settings`` are
        forgotten and returned."""

    async def keep_greetings(self, chat_id: int, message_ids: list[int], greetings: str) -> bool:
        """The bot's welcome in the chat kept under the ``greetings`` key (the chat's row
        locked, as ``close_own_group`` locks it); but when the chat is an admin chat
        already, its own group is closed instead and True is returned."""

    async def unlink(self, chat_id: int) -> list[GroupView]:
        """The groups this chat was the admin chat of (active or not), none any more."""
