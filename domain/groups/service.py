"""Groups the bot is in: recorded when it joins, greeted once, deactivated when it leaves."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from domain.events import EventBus, GroupGone
from domain.groups import texts
from domain.groups.stores import GroupChanges, GroupView
from domain.languages.catalogs import in_language
from domain.languages.chats import speaking_to, spoken
from domain.states import GroupType
from domain.telegram import (
    IN_CHAT_STATUSES,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)
WELCOME = "welcome_message_id"  # key of ``Group.settings``: the group's latest welcome
# Key of ``Group.settings``: when the bot last (re)joined the group; a membership verified
# before it is asked of Telegram again (``domain.groups.memberships``).
ARRIVED = "bot_arrived_at"


@dataclass(frozen=True, slots=True)
class BotMembershipChange:
    group: GroupView  # as it is now
    greet: bool = False  # first time here: post the welcome with the join link
    needs_admin: bool = False  # cannot see photos: say how to fix it
    can_now_see_photos: bool = False
    # Removed from the group, which it was in until now (once however many updates say
    # it): its members in facedrop are told.
    removed: bool = False
    # In the group again after being away (or first come): what told its members it was
    # removed is made true again.
    arrived: bool = False


def new_join_token() -> str:
    """The opaque, unguessable deep-link payload that names a group."""
    return secrets.token_urlsafe(24)


def join_link(bot_username: str, group: GroupView) -> str:
    return f"https://t.me/{bot_username}?start={group.join_token}"


class RemovalNotices(Protocol):
    """Where a parent was told I was removed from a group, for their older promises of its
    photos to say so (``domain.privacy.notices.Notices``)."""

    async def bot_removed(
        self, messenger: Messenger, chat_id: int, message_id: int, group_id: UUID
    ) -> None:
        """Told the user in ``chat_id`` (``message_id``) that I was removed from the group."""


class Groups:
    def __init__(self, store: GroupChanges, events: EventBus) -> None:
        self.store = store  # for the membership checks built beside it (``MemberCheck``)
        self._store = store
        self._events = events  # tells that a group is gone (``GroupGone``)

    async def record(self, chat_id: int, title: str, chat_type: str) -> GroupView:
        """The group for a chat, created on first sight and kept up to date."""
        kind = GroupType.SUPERGROUP if chat_type == "supergroup" else GroupType.GROUP
        return await self._store.record_chat(chat_id, title, kind, new_join_token())

    async def photo_seen_in(self, chat_id: int, title: str, chat_type: str) -> UUID:
        """A photo reached the bot from this chat: its group, recorded, and active (the bot
        is in the group)."""
        group = await self.record(chat_id, title, chat_type)
        if not group.is_active:
            await self._store.set_active(group.id, True)
        return group.id

    async def bot_status_changed(
        self,
        chat_id: int,
        title: str,
        chat_type: str,
        *,
        old_status: str,
        new_status: str,
        sees_all_messages: bool,
        added_by_language: str | None = None,
    ) -> BotMembershipChange:
        """The bot was added, promoted, demoted or removed (a ``my_chat_member`` update).
        A group greeted for the first time speaks the language of whoever added the bot
        (their Telegram app's, when facedrop speaks it) until its organizers choose one."""
        group = await self.record(chat_id, title, chat_type)
        if new_status not in IN_CHAT_STATUSES:
            removed = await self._store.set_active(group.id, False)
            await self._events.publish(GroupGone(group.id))
            log.info("bot left group %s (%s)", group.id, new_status)
            return BotMembershipChange(replace(group, is_active=False), removed=removed)
        was_in = old_status in IN_CHAT_STATUSES
        # Back after being away (or away as far as facedrop knows): members may have left
        # meanwhile unseen, so none of the memberships is trusted without asking Telegram.
        arrived = not was_in or not group.is_active
        sees_photos = sees_all_messages or new_status == "administrator"
        saw_photos = sees_all_messages or old_status == "administrator"
        greet = group.welcomed_at is None or not group.is_active
        language = group.language
        if group.welcomed_at is None:
            language = spoken(added_by_language) or language
        welcomed_at = datetime.now(UTC) if greet else group.welcomed_at
        await self._store.bot_came(group.id, welcomed_at=welcomed_at, language=language)
        group = replace(group, is_active=True, welcomed_at=welcomed_at, language=language)
        if arrived:
            await self.bot_arrived(group)
        return BotMembershipChange(
            group,
            greet=greet,
            needs_admin=not sees_photos and (greet or saw_photos),
            can_now_see_photos=was_in and sees_photos and not saw_photos,
            arrived=arrived,
        )

    async def welcomed(self, group: GroupView, message_id: int) -> None:
        """Remember the group's welcome (the message with the join button), to pin it once
        the bot may."""
        await self._store.merge_setting(group.id, WELCOME, message_id)

    async def bot_arrived(self, group: GroupView) -> None:
        """The bot (re)joined the group: no membership verified before now is trusted any
        more (each is asked of Telegram before the next photo or question goes)."""
        await self._store.merge_setting(group.id, ARRIVED, datetime.now(UTC).isoformat())
        log.info("bot arrived in group %s: its memberships are asked of Telegram again", group.id)

    async def welcome_message(self, group: GroupView) -> int | None:
        """The id of the group's latest welcome, if it was greeted."""
        stored = await self._store.group(group.id)
        message_id = stored.settings.get(WELCOME) if stored is not None else None
        return message_id if isinstance(message_id, int) else None

    async def migrated(self, old_chat_id: int, new_chat_id: int) -> GroupView | None:
        """The group was upgraded to a supergroup (``migrate_to_chat_id`` /
        ``migrate_from_chat_id``, or Telegram refusing the old id): the same group, now at
        the new id, keeps its members, settings, photos and deliveries, and is not greeted
        again; the groups it is the admin chat of follow it there. Idempotent.

        The supergroup numbers its messages afresh, so the photos posted before keep their
        message id negated: Telegram no longer lets the bot copy from the old chat, and a
        delivery of one sends its file instead (and a new message with the same number is
        a new photo). A group recorded at the new id meanwhile (a photo posted there first)
        is folded into it."""
        async with self._store.transaction():
            twin = await self._store.at_chat(new_chat_id)
            if twin is not None and await self._store.at_chat(old_chat_id) is not None:
                # Seen at the new id first (a photo posted there): its record is folded into
                # the group and deleted, so what is only its own goes first (its unclaimed
                # persons: nobody could claim them any more).
                await self._events.publish(GroupGone(twin.id))
            moved = await self._store.migrate(old_chat_id, new_chat_id)
        if moved.admin_of:
            log.info(
                "admin chat %s upgraded to %s (%d groups)", old_chat_id, new_chat_id, moved.admin_of
            )
        if moved.moved and moved.group is not None:
            log.info(
                "group %s upgraded to a supergroup (%s -> %s), %d deliveries pending",
                moved.group.id,
                old_chat_id,
                new_chat_id,
                moved.pending,
            )
        return moved.group

    async def members(self, group: GroupView) -> list[int]:
        """Those in the group in facedrop (joined through its link, neither left nor banned
        since), by Telegram user id."""
        return await self._store.members(group.id)

    async def tell_removed(
        self, messenger: Messenger, notices: RemovalNotices, group: GroupView
    ) -> None:
        """Removed from the group: each of its members in facedrop is told privately, once,
        in their language, that nothing comes from there until its organizers add me back
        (issue 32: their "You're in…" kept promising its photos), and so is its admin chat.
        Through the messenger: paced, however many parents the group has."""
        if group.admin_chat_id is not None:
            with in_language(group.language):  # said in the admin chat: the group's language
                said = texts.bot_removed_for_organizers(group.title)
            try:
                await messenger.send_text(group.admin_chat_id, said)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("admin chat of %s not told I was removed: %s", group.chat_id, error)
        for user_id in await self.members(group):
            async with speaking_to(user_id):
                said = texts.bot_removed(group.title)
            try:
                sent = await messenger.send_text(user_id, said)
            except (RecipientUnreachable, ChatUnavailable, TelegramUnavailable) as error:
                log.info("%s not told I was removed from %s: %s", user_id, group.chat_id, error)
                continue
            await notices.bot_removed(messenger, user_id, sent, group.id)

    async def member_left(self, chat_id: int, user_id: int) -> GroupView | None:
        """A user left or was removed: their people stop being matched in this group. A
        ban stays a ban (it says more: the link refuses them). The group when the
        user was in it in facedrop until now (told then: walkhe 8, "You're in: I'll look
        for your people in Class 1A" stood), once however many updates say it."""
        return await self._store.member_left(chat_id, user_id)
