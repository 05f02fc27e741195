"""Who may moderate a group: its Telegram admins (the creator and administrators),
anonymous admins included, asked of Telegram at every action and never remembered; and
which groups their commands act on.

Being in the admin chat is not enough: a member of the admin chat who is not an admin of
the group may read its cards but not act on them. One admin chat may serve several groups
(a school office); every card in it names its group. A group has at most one admin chat;
linking another moves it.
"""

from __future__ import annotations

import logging
from typing import Protocol
from uuid import UUID

from domain.groups.stores import GroupView
from domain.moderation.group_stores import OrganizerStore
from domain.telegram import ORGANIZER_STATUSES, ChatUnavailable, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


def posted_as_the_group(chat_id: int, sender_chat_id: int | None) -> bool:
    """A message sent by an anonymous admin carries the group itself as ``sender_chat``:
    only the group's admins can post as the group (a linked channel's posts carry the
    channel, and are not an admin's)."""
    return sender_chat_id is not None and sender_chat_id == chat_id


class ModeratedGroup(Protocol):
    """What the organizers' rules read of a group (a ``GroupView`` has it)."""

    @property
    def chat_id(self) -> int: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def admin_chat_id(self) -> int | None: ...


class Organizers:
    def __init__(self, telegram: Messenger, store: OrganizerStore) -> None:
        self.telegram = telegram
        self._store = store

    async def group(self, group_id: UUID) -> GroupView | None:
        """The group an organizers' button names, active or not."""
        return await self._store.group(group_id)

    async def photo_group(self, chat_id: int) -> GroupView | None:
        """The active photo group of this chat, if it is one."""
        group = await self._store.at_chat(chat_id)
        return group if group is not None and group.is_active else None

    async def served_by(self, admin_chat_id: int) -> list[GroupView]:
        """The active groups this chat is the admin chat of, by title (none: it is no admin
        chat)."""
        return await self._store.served_by(admin_chat_id)

    async def formerly_served(self, chat_id: int) -> GroupView | None:
        """The group this chat was the admin chat of until its admins linked another (it
        serves none now, and is no photo group in use); None otherwise."""
        return await self._store.formerly_served(chat_id)

    async def admin_chat_title(self, group: ModeratedGroup) -> str | None:
        """The title of the group's admin chat, if it has one, as the bot last saw it (its
        chat id when the bot never saw a title)."""
        if group.admin_chat_id is None:
            return None
        known = await self._store.at_chat(group.admin_chat_id)
        return known.title if known is not None and known.title else str(group.admin_chat_id)

    async def may_moderate(
        self, group: ModeratedGroup, user_id: int | None, *, sender_chat_id: int | None = None
    ) -> bool:
        """Whether this user (or this anonymous admin's message) may moderate ``group`` now.

        Asked of Telegram each time; when Telegram cannot answer, the answer is no (an
        organizer can try again, a stranger must never get through)."""
        if not group.is_active:
            return False
        if posted_as_the_group(group.chat_id, sender_chat_id):
            return True
        if user_id is None:
            return False
        try:
            status = await self.telegram.member_status(group.chat_id, user_id)
        except (ChatUnavailable, TelegramUnavailable) as exc:
            log.warning("cannot check %s in group %s: %s", user_id, group.chat_id, exc)
            return False
        return status in ORGANIZER_STATUSES

    async def organized_by(self, user_id: int) -> list[tuple[str, str | None]]:
        """The groups with an admin chat this user organizes now, by title, each with its
        admin chat's title (None: never seen), for their private /help (walkmore 7: it
        said "Organizing a group? Its admins send /admin…" to one who had). One Telegram
        question per such group they are in."""
        organized: list[tuple[str, str | None]] = []
        for group in await self._store.linked_groups_of(user_id):
            if group.admin_chat_id is None or not await self.may_moderate(group, user_id):
                continue
            known = await self._store.at_chat(group.admin_chat_id)
            organized.append((group.title, known.title if known is not None else None))
        return organized

    async def asks_for_claim_links(self, user_id: int) -> bool:
        """Whether claim links may go to this user privately: they named a child in a group
        still served, or they organize a group with an admin chat (where children are named).
        One Telegram question per such group, until one says yes."""
        if await self._store.named_a_child(user_id):
            return True
        for group in await self._store.with_admin_chat():
            if await self.may_moderate(group, user_id):
                return True
        return False
