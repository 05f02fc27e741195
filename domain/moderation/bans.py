"""Banning a participant from a group in facedrop, and lifting the ban.

A ban is kept by Telegram user id only (``GroupBan``), so it outlives the banned user's
``/forget``: otherwise forgetting would undo it. While it stands, their membership of the
group is ``banned``, nothing of the group is delivered to them, and its link refuses them.
Lifting it lets them join again through the link; it restores nothing by itself.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.corrections import texts as corrections_texts
from domain.delivery.stores import HeldMedia
from domain.groups.stores import GroupRef
from domain.languages.chats import speaking_to
from domain.moderation import texts
from domain.moderation.audit import Actor
from domain.moderation.ban_store import BanStore, Known
from domain.telegram import ChatUnavailable, Messenger, RecipientUnreachable, TelegramUnavailable

log = logging.getLogger(__name__)

# Telegram user ids are positive 64-bit integers (Postgres ``bigint``).
MAX_USER_ID = 2**63 - 1


class BanOutcome(StrEnum):
    BANNED = "banned"
    ALREADY_BANNED = "already_banned"


class UnbanOutcome(StrEnum):
    UNBANNED = "unbanned"
    NOT_BANNED = "not_banned"


@dataclass(frozen=True, slots=True)
class Target:
    """Whom a ban is about: a Telegram user, with the name organizers know them by."""

    user_id: int
    name: str


def parse_reference(text: str) -> int | str | None:
    """``/ban @username`` or ``/ban 12345``: a Telegram user id, a username (without the @,
    lower case), or None for anything else: only ASCII digits make an id (``²`` or ``٣`` do
    not), and only one Postgres can hold."""
    ref = text.strip()
    if not ref or len(ref.split()) != 1 or not ref.isascii():
        return None
    if ref.lstrip("-").isdigit():
        if len(ref) > 20:
            return None
        value = int(ref)
        return value if 0 < value <= MAX_USER_ID else None
    name = ref.removeprefix("@")
    if 1 <= len(name) <= 32 and all(c.isalnum() or c == "_" for c in name):
        return name.lower()
    return None


def display_name(participant: Known | None, user_id: int) -> str:
    """The name the audit records: "" for none, said by id where it is read, in the
    reader's language (``texts.participant_named``)."""
    if participant is None:
        return ""
    if participant.username:
        return f"{participant.first_name} (@{participant.username})".strip()
    return participant.first_name


def in_their_chat(messages: list[tuple[int, int]], user_id: int) -> list[tuple[int, int]]:
    """Of (chat id, message id) pairs, those in this user's private chat (its id is the
    user's), each once, in order."""
    return sorted({(chat, message) for chat, message in messages if chat == user_id})


class BanNotices(Protocol):
    """Where a participant was told of their ban, for its lifting (and their /forget) to
    make true (``domain.privacy.notices.Notices``)."""

    async def banned(
        self,
        chat_id: int,
        message_id: int,
        group_id: UUID,
        messenger: Messenger | None = None,
    ) -> None:
        """Told the user in ``chat_id`` that the group's organizers turned me off for them
        (``messenger``: of the ban itself, which their older promises of its photos say)."""

    async def ban_lifted(
        self, messenger: Messenger, user_id: int, group_id: UUID, title: str
    ) -> None:
        """The ban was lifted: what told them of it says so, and the questions it closed."""

    async def unbanned(self, chat_id: int, message_id: int, group_id: UUID) -> None:
        """Told the user in ``chat_id`` that the ban was lifted: said in the past once they
        are back, banned again, or gone with /forget."""

    async def closed(self, chat_id: int, message_id: int, group_id: UUID, *, left: bool) -> None:
        """A question about the group's photos in ``chat_id`` was closed by a ban (``left``:
        by the user's leaving the group), to be said in the past at its end."""

    async def held_banned(
        self,
        messenger: Messenger,
        held_for: Callable[[UUID, int], Awaitable[HeldMedia]],
        user_id: int,
        title: str,
    ) -> None:
        """The ban cancelled what was held for the user from the group: their offers of
        held photos count what is left, or say so."""


class Bans:
    """The organizers' /ban and /unban (and /audit's undo of a ban), and a join's question
    "is this user banned here?"."""

    def __init__(
        self,
        store: BanStore,
        *,
        speaking: Callable[[int], AbstractAsyncContextManager[str]] = speaking_to,
        notices: BanNotices | None = None,
        held_for: Callable[[UUID, int], Awaitable[HeldMedia]] | None = None,
    ) -> None:
        """``speaking`` (each chat's language, as stored) is given by a test that watches
        it; ``notices``: where the ban was told, redrawn at its end (walken3 4);
        ``held_for``: what is held of a person for a user (their offers are recounted at
        the ban; None: they are not)."""
        self._store = store
        self._speaking = speaking
        self._notices = notices
        self._held_for = held_for

    async def find(self, group: GroupRef, reference: int | str) -> Target | None:
        """A participant known in the group (a member now or before, or banned there) by
        user id or username; None for anyone else. Usernames move between users and our
        copy of one may be stale (two participants may share it): the one who used it last
        is meant; an organizer who means someone else uses their id."""
        if isinstance(reference, int):
            participant = await self._store.known(reference)
            user_id = reference
        else:
            participant = await self._store.by_username(reference)
            if participant is None:
                return None
            user_id = participant.user_id
        known = await self._store.is_banned(group.id, user_id) or (
            participant is not None and await self._store.was_member(group.id, user_id)
        )
        return Target(user_id, display_name(participant, user_id)) if known else None

    async def known_name(self, user_id: int) -> str | None:
        """The name organizers know this Telegram user by, if facedrop knows them."""
        participant = await self._store.known(user_id)
        return None if participant is None else display_name(participant, user_id)

    async def is_banned(self, group_id: UUID, user_id: int) -> bool:
        return await self._store.is_banned(group_id, user_id)

    async def ban(self, group: GroupRef, target: Target, actor: Actor) -> BanOutcome:
        """Ban ``target`` from ``group`` in facedrop: their membership ends, what was not yet
        sent to them from the group is cancelled, and the audit says who did it
        (``BanStore.ban``: under the group's row lock, as a join through the link)."""
        cancelled = await self._store.ban(group.id, target.user_id, actor, target.name)
        if cancelled is None:
            return BanOutcome.ALREADY_BANNED
        log.info(
            "user %s banned from group %s (%d deliveries cancelled)",
            target.user_id,
            group.id,
            cancelled,
        )
        return BanOutcome.BANNED

    async def unban(
        self, group: GroupRef, target: Target, actor: Actor, *, undoes: UUID | None = None
    ) -> UnbanOutcome:
        """Lift the ban: they may join again through the group's link (their membership is
        not restored: it is ``left`` until they do). ``undoes``: the ban, when /audit undoes
        it."""
        lifted = await self._store.unban(
            group.id, target.user_id, actor, target.name, undoes=undoes
        )
        if not lifted:
            return UnbanOutcome.NOT_BANNED
        log.info("user %s unbanned from group %s", target.user_id, group.id)
        return UnbanOutcome.UNBANNED

    async def tell_banned(
        self, messenger: Messenger, group: GroupRef, user_id: int, *, questions_closed: bool
    ) -> None:
        """After a ban: the participant is told, privately, what stops and what stays, as
        their card says it (the questions closed only when ``withdraw_questions`` closed
        some). Someone facedrop does not know, or who blocked the bot, hears nothing."""
        told = await self._tell(
            messenger,
            user_id,
            functools.partial(texts.banned_for_member, questions_closed=questions_closed),
            group,
        )
        if told is not None and self._notices is not None:
            await self._notices.banned(user_id, told, group.id, messenger)

    async def tell_lifted(self, messenger: Messenger, group: GroupRef, user_id: int) -> None:
        """After the ban was lifted (/unban, or /audit's undo): the participant is told,
        privately, that they may join again, and that until they do nothing comes (their
        membership is not restored)."""
        if self._notices is not None:  # "…turned off my service for you": no longer
            title = group.title or texts.untitled_group()
            await self._notices.ban_lifted(messenger, user_id, group.id, title)
        told = await self._tell(messenger, user_id, texts.ban_lifted_for_member, group)
        if told is not None and self._notices is not None:
            await self._notices.unbanned(user_id, told, group.id)

    async def _tell(
        self,
        messenger: Messenger,
        user_id: int,
        said: Callable[[str], str],
        group: GroupRef,
    ) -> int | None:
        """Say it to the user; the message sent (None: not)."""
        if await self._store.known(user_id) is None:
            return None
        async with self._speaking(user_id):
            text = said(group.title or texts.untitled_group())
        try:
            return await messenger.send_text(user_id, text)
        except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
            log.info("user %s not told of their ban or its end: %s", user_id, error)
            return None

    async def open_questions(self, group_id: UUID, user_id: int) -> list[tuple[int, int]]:
        """The messages in this user's chat that still ask them about the group's photos
        ("Is this Ben?", a sheet of questions or of earlier photos): (chat id, message id)."""
        return in_their_chat(await self._store.open_questions(group_id), user_id)

    async def withdraw_questions(
        self, messenger: Messenger, group: GroupRef, user_id: int, *, left: bool = False
    ) -> int:
        """After a ban (``left``: after the user left the group, walken4 9: the same rule):
        their open questions about the group's photos lose their buttons and their faces,
        and say they no longer apply (a press is refused anyway), said in the past at the
        unban (at the return); their co-guardians' questions stay, and no longer wait for
        the user's answer. How many messages were edited."""
        edited = 0
        title = group.title or texts.untitled_group()
        for chat_id, message_id in await self.open_questions(group.id, user_id):
            async with self._speaking(chat_id):
                caption = (
                    corrections_texts.question_left(title)
                    if left
                    else texts.question_withdrawn_by_ban(title)
                )
            try:
                blanked = await messenger.blank_photo(chat_id, message_id, caption)
            except TelegramUnavailable as error:
                log.info("question %s in chat %s not withdrawn: %s", message_id, chat_id, error)
                continue
            edited += int(blanked)
            if blanked and self._notices is not None:
                await self._notices.closed(chat_id, message_id, group.id, left=left)
        # They no longer wait for this user's answer (findings19 8: /export and /stats said
        # they did); asked again if the user comes back.
        await self._store.release_questions(group.id, user_id)
        if not left and self._notices is not None and self._held_for is not None:
            # What was held for them from there is cancelled: so says their offer (fixh).
            await self._notices.held_banned(messenger, self._held_for, user_id, title)
        return edited
