"""Linking an admin chat: ``/admin`` in the group gives its admins a ``startgroup`` link;
opening it in another chat sends ``/start <token>`` there, which binds that chat as the
group's admin chat.

The token (``Group.admin_token``) is single-use: it is made by the first ``/admin``, shown
again by later ones, and replaced when a chat is bound with it. It grants nothing by
itself: whoever opens it must be an admin of the group at that moment.

An admin chat is not a photo group: the bot's welcome there (sent when it was added, before
the ``/start`` said what the chat is for) is deleted, and the chat's own group record is
closed so nobody joins it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from domain.groups.stores import GroupView
from domain.moderation.audit import Actor
from domain.moderation.group_stores import LinkingStore
from domain.moderation.organizers import Organizers
from domain.states import ModerationAction

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Keys of ``Group.settings`` this module keeps.
GREETINGS = "greeting_message_ids"  # the bot's welcome in a chat, deleted if it is an admin chat
LINK_MESSAGE = "admin_link_message_id"  # the last /admin answer in the group
LINKED_MESSAGE = "admin_linked_message"  # "now the admin chat": [chat id, message id]
HELP_ANSWERS = "admin_help_messages"  # /help answered in its admin chat: [[chat, message]]
KEPT_HELP_ANSWERS = 10  # the newest of each group; older ones are left as they are
# The bot's answers in the group that say where the admin chat is, redrawn when it is
# linked, moved or gone: the newest of each group; older answers are left as they are.
KEPT_POINTERS = 20
# The answers in its admin chat that are redrawn in the group's language when it changes
# (/stats, /whois): [chat id, message id, kind, what it said], the newest of each group.
ANSWERS = "admin_chat_answers"
KEPT_ANSWERS = 20


def new_admin_token() -> str:
    """32 unguessable characters of [A-Za-z0-9_-] (a start parameter allows 64)."""
    return secrets.token_urlsafe(24)


def admin_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?startgroup={token}"


class Outcome(StrEnum):
    LINKED = "linked"
    ALREADY = "already"  # this chat is already the group's admin chat
    EXPIRED = "expired"  # no group has this token (used, replaced or made up)
    NOT_ORGANIZER = "not_organizer"  # the sender is not an admin of the group now
    SAME_CHAT = "same_chat"  # the group itself
    PHOTO_GROUP = "photo_group"  # a facedrop photo group with members or photos


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """An answer in an admin chat kept to be redrawn in another language: its message, what
    it answered (``kind``, e.g. "stats") and what it said then (``said``: plain JSON)."""

    message_id: int
    kind: str
    said: dict[str, Any]


# A /stats answer's chart drawn again, with its caption: (chat id, message id, chart, caption).
ChartEdit = Callable[[int, int, bytes, str], Awaitable[None]]
# Another capability's kept answer said again, in the current language: (group, chat id, answer).
AnswerRedraw = Callable[[GroupView, int, KeptAnswer], Awaitable[None]]


class KeptAnswers(Protocol):
    """Says the kept answers again in another language
    (``domain.moderation.admin_answers.AdminAnswers``)."""

    async def in_group_language(
        self,
        group: GroupView,
        *,
        chart: ChartEdit,
        others: Mapping[str, AnswerRedraw] | None = None,
    ) -> None: ...


def answers_in(group: GroupView, chat_id: int) -> list[KeptAnswer]:
    """The group's answers kept in ``chat_id`` (``AdminChatLinking.keep_answer``), oldest
    first."""
    kept = group.settings.get(ANSWERS)
    return [
        KeptAnswer(item[1], item[2], item[3])
        for item in (kept if isinstance(kept, list) else [])
        if isinstance(item, list)
        and len(item) == 4
        and item[0] == chat_id
        and isinstance(item[1], int)
        and isinstance(item[2], str)
        and isinstance(item[3], dict)
    ]


def linked_message_in(group: GroupView, chat_id: int) -> int | None:
    """The group's "now the admin chat of" message, when it is in ``chat_id``."""
    found = _messages_in([group.settings.get(LINKED_MESSAGE)], chat_id)
    return found[0] if found else None


def help_answers_in(group: GroupView, chat_id: int) -> list[int]:
    """The /help answers kept in ``chat_id`` for the group (``keep_help``), left as kept."""
    return _messages_in(group.settings.get(HELP_ANSWERS), chat_id)


def _messages_in(kept: object, chat_id: int) -> list[int]:
    """The message ids of the [chat id, message id] pairs ``kept`` of ``chat_id``."""
    return [
        pair[1]
        for pair in (kept if isinstance(kept, list) else [])
        if isinstance(pair, list)
        and len(pair) == 2
        and pair[0] == chat_id
        and isinstance(pair[1], int)
    ]


@dataclass(frozen=True, slots=True)
class Binding:
    outcome: Outcome
    group: GroupView | None = None
    previous_admin_chat_id: int | None = None  # the chat that no longer serves the group
    greetings: tuple[int, ...] = ()  # the bot's welcome messages in this chat, to delete


class AdminChatLinking:
    """A group's admin chat: its /admin link, binding a chat with it, and what the bot
    keeps about the chats it greets and leaves."""

    def __init__(
        self, organizers: Organizers, store: LinkingStore, answers: KeptAnswers | None = None
    ) -> None:
        """``answers`` says again what ``keep_answer`` kept, in another language (without
        it, nothing is)."""
        self.organizers = organizers
        self._store = store
        self.answers = answers

    async def admin_token(self, group_id: UUID) -> str:
        """The group's current link token, made on first use."""
        return await self._store.admin_token(group_id, new_admin_token())

    async def swap_link_message(self, group_id: UUID, message_id: int) -> int | None:
        """Remember the bot's newest /admin answer in the group; the previous one's id (to
        be deleted, so the group holds one link at most)."""
        previous = await self._store.keep_setting(group_id, LINK_MESSAGE, message_id)
        return previous if isinstance(previous, int) else None

    async def swap_linked_message(
        self, group_id: UUID, chat_id: int, message_id: int
    ) -> tuple[int, int] | None:
        """Remember the bot's "now the admin chat of" message in the chat just linked; the
        previous one (chat, message), to be redrawn once its chat no longer serves."""
        kept = await self._store.keep_setting(group_id, LINKED_MESSAGE, [chat_id, message_id])
        if isinstance(kept, list) and len(kept) == 2 and all(isinstance(n, int) for n in kept):
            return kept[0], kept[1]
        return None

    async def keep_help(self, group_ids: Iterable[UUID], chat_id: int, message_id: int) -> None:
        """Remember a /help answer in the admin chat of these groups: it lists commands
        that no longer work there once that chat serves none of them."""
        for group_id in group_ids:
            await self._store.keep_in_list(
                group_id, HELP_ANSWERS, [chat_id, message_id], KEPT_HELP_ANSWERS
            )

    async def keep_answer(
        self, group_id: UUID, chat_id: int, message_id: int, kind: str, said: dict[str, Any]
    ) -> None:
        """Remember an answer in the group's admin chat, so that it is redrawn in the
        group's language when that changes (``answers_in``)."""
        await self._store.keep_in_list(
            group_id, ANSWERS, [chat_id, message_id, kind, said], KEPT_ANSWERS
        )

    async def help_answers_left(self, group_id: UUID, chat_id: int) -> list[int]:
        """The /help answers in ``chat_id``, the admin chat the group just moved from, to
        redraw there (and forgotten: the group's next /help answers are in its new one)."""
        return _messages_in(await self._store.keep_setting(group_id, HELP_ANSWERS, []), chat_id)

    async def keep_pointer(self, group_id: UUID, message_id: int, command: str) -> None:
        """Remember an answer in the group that names the admin chat (or says there is
        none), so it is redrawn when that changes; "help" is the group /help of an admin."""
        await self._store.keep_pointer(group_id, message_id, command, KEPT_POINTERS)

    async def pointers(self, group_id: UUID) -> list[tuple[int, str]]:
        """The group's answers that name its admin chat: (message id, command)."""
        return await self._store.pointers(group_id)

    async def bind(
        self,
        token: str,
        chat_id: int,
        chat_title: str,
        *,
        user_id: int | None,
        actor: Actor,
    ) -> Binding:
        """``/start <token>`` in ``chat_id``: bind it as the admin chat of the token's
        group, if the sender is an admin of that group now and the chat may serve it."""
        if not TOKEN_PATTERN.fullmatch(token):
            return Binding(Outcome.EXPIRED)
        group = await self._store.by_admin_token(token)
        if group is None:
            return Binding(Outcome.EXPIRED)
        if group.chat_id == chat_id:
            return Binding(Outcome.SAME_CHAT, group)
        # Asked before anything is read about the chat: a stranger learns nothing.
        if not await self.organizers.may_moderate(group, user_id):
            return Binding(Outcome.NOT_ORGANIZER, group)
        if group.admin_chat_id == chat_id:
            return Binding(Outcome.ALREADY, group)
        if await self.is_photo_group(chat_id):
            return Binding(Outcome.PHOTO_GROUP, group)
        async with self._store.transaction():
            locked = await self._store.locked(group.id)
            if locked.admin_token != token:  # used a moment ago by someone else
                return Binding(Outcome.EXPIRED)
            previous = locked.admin_chat_id
            await self._store.link(group.id, chat_id, new_admin_token())
            await self._store.record(
                group.id,
                ModerationAction.ADMIN_CHAT_LINKED,
                (actor.user_id, actor.name),
                chat_title,
                {"chat_id": chat_id, "previous_chat_id": previous},
            )
            # The chat's own group record (made when the bot joined) is closed, so its join
            # link leads nowhere; the bot's welcome there is to be deleted.
            greetings = await self._store.close_own_group(chat_id, GREETINGS)
        linked = await self._store.group(group.id)
        assert linked is not None
        return Binding(Outcome.LINKED, linked, previous, greetings)

    async def is_photo_group(self, chat_id: int) -> bool:
        """Whether the chat is a facedrop photo group in use: members joined it through
        its link, or photos were posted there (its members would see the admin chat's
        cards)."""
        return await self._store.is_photo_group(chat_id)

    async def is_admin_chat(self, chat_id: int) -> bool:
        return bool(await self._store.served_by(chat_id))

    async def admin_chats(self) -> list[int]:
        """Every chat that is some active group's admin chat, each once."""
        return sorted(
            {g.admin_chat_id for g in await self._store.with_admin_chat() if g.admin_chat_id}
        )

    async def greeted(self, chat_id: int, message_ids: list[int]) -> bool:
        """The bot welcomed a chat it joined as a photo group. The ids are kept so binding
        it as an admin chat deletes them; True when it already is one (its ``/start`` was
        handled first): then the chat's group record is closed again and the caller
        deletes them."""
        return await self._store.keep_greetings(chat_id, message_ids, GREETINGS)

    async def unlink_chat(self, chat_id: int) -> list[GroupView]:
        """The bot left (or was removed from) an admin chat: the groups it served have none
        now."""
        return await self._store.unlink(chat_id)
