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
from dataclasses import dataclass
from enum import StrEnum

from tortoise.transactions import in_transaction

from domain.infra.models import Group, Membership, Photo
from domain.moderation import audit
from domain.moderation.audit import Actor
from domain.moderation.organizers import Organizers
from domain.states import ModerationAction

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Keys of ``Group.settings`` this module keeps.
GREETINGS = "greeting_message_ids"  # the bot's welcome in a chat, deleted if it is an admin chat
LINK_MESSAGE = "admin_link_message_id"  # the last /admin answer in the group


def new_admin_token() -> str:
    """32 unguessable characters of [A-Za-z0-9_-] (a start parameter allows 64)."""
    return secrets.token_urlsafe(24)


def admin_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?startgroup={token}"


async def admin_token(group: Group) -> str:
    """The group's current link token, made on first use."""
    if group.admin_token is None:
        async with in_transaction():
            locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
            if locked.admin_token is None:
                locked.admin_token = new_admin_token()
                await locked.save(update_fields=["admin_token", "updated_at"])
            group.admin_token = locked.admin_token
    assert group.admin_token is not None
    return group.admin_token


async def swap_link_message(group: Group, message_id: int) -> int | None:
    """Remember the bot's newest /admin answer in the group; the previous one's id (to be
    deleted, so the group holds one link at most)."""
    async with in_transaction():
        locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
        previous = locked.settings.get(LINK_MESSAGE)
        locked.settings = {**locked.settings, LINK_MESSAGE: message_id}
        await locked.save(update_fields=["settings", "updated_at"])
    return previous if isinstance(previous, int) else None


class Outcome(StrEnum):
    LINKED = "linked"
    ALREADY = "already"  # this chat is already the group's admin chat
    EXPIRED = "expired"  # no group has this token (used, replaced or made up)
    NOT_ORGANIZER = "not_organizer"  # the sender is not an admin of the group now
    SAME_CHAT = "same_chat"  # the group itself
    PHOTO_GROUP = "photo_group"  # a facedrop photo group with members or photos


@dataclass(frozen=True, slots=True)
class Binding:
    outcome: Outcome
    group: Group | None = None
    previous_admin_chat_id: int | None = None  # the chat that no longer serves the group
    greetings: tuple[int, ...] = ()  # the bot's welcome messages in this chat, to delete


class AdminChatLinking:
    def __init__(self, organizers: Organizers) -> None:
        self.organizers = organizers

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
        group = await Group.get_or_none(admin_token=token, is_active=True)
        if group is None:
            return Binding(Outcome.EXPIRED)
        if group.chat_id == chat_id:
            return Binding(Outcome.SAME_CHAT, group)
        # Asked before anything is read about the chat: a stranger learns nothing.
        if not await self.organizers.may_moderate(group, user_id):
            return Binding(Outcome.NOT_ORGANIZER, group)
        if group.admin_chat_id == chat_id:
            return Binding(Outcome.ALREADY, group)
        if await is_photo_group(chat_id):
            return Binding(Outcome.PHOTO_GROUP, group)
        async with in_transaction():
            locked = await Group.filter(id=group.id).select_for_update(no_key=True).get()
            if locked.admin_token != token:  # used a moment ago by someone else
                return Binding(Outcome.EXPIRED)
            previous = locked.admin_chat_id
            locked.admin_chat_id = chat_id
            locked.admin_token = new_admin_token()
            await locked.save(update_fields=["admin_chat_id", "admin_token", "updated_at"])
            await audit.record(
                locked,
                ModerationAction.ADMIN_CHAT_LINKED,
                actor,
                subject=chat_title,
                details={"chat_id": chat_id, "previous_chat_id": previous},
            )
            greetings = await _close_as_photo_group(chat_id)
        return Binding(Outcome.LINKED, locked, previous, greetings)


async def is_photo_group(chat_id: int) -> bool:
    """Whether the chat is a facedrop photo group in use: members joined it through its
    link, or photos were posted there (its members would see the admin chat's cards)."""
    own = await Group.get_or_none(chat_id=chat_id)
    if own is None:
        return False
    return await Membership.filter(group=own).exists() or await Photo.filter(group=own).exists()


async def is_admin_chat(chat_id: int) -> bool:
    return await Group.filter(admin_chat_id=chat_id, is_active=True).exists()


async def _close_as_photo_group(chat_id: int) -> tuple[int, ...]:
    """The chat's own group record (made when the bot joined) is closed, so its join link
    leads nowhere; the ids of the bot's welcome there are returned, to be deleted."""
    own = await Group.filter(chat_id=chat_id).select_for_update(no_key=True).first()
    if own is None:
        return ()
    greetings = tuple(i for i in own.settings.get(GREETINGS, []) if isinstance(i, int))
    own.is_active = False
    own.settings = {k: v for k, v in own.settings.items() if k != GREETINGS}
    await own.save(update_fields=["is_active", "settings", "updated_at"])
    return greetings


async def greeted(chat_id: int, message_ids: list[int]) -> bool:
    """The bot welcomed a chat it joined as a photo group. The ids are kept so binding it
    as an admin chat deletes them; True when it already is one (its ``/start`` was handled
    first): then the chat's group record is closed again and the caller deletes them."""
    async with in_transaction():
        own = await Group.filter(chat_id=chat_id).select_for_update(no_key=True).first()
        admin_chat = await is_admin_chat(chat_id)
        if own is not None and admin_chat:
            own.is_active = False
            await own.save(update_fields=["is_active", "updated_at"])
        elif own is not None:
            kept = [i for i in own.settings.get(GREETINGS, []) if isinstance(i, int)]
            own.settings = {**own.settings, GREETINGS: kept + message_ids}
            await own.save(update_fields=["settings", "updated_at"])
    return admin_chat


async def unlink_chat(chat_id: int) -> list[Group]:
    """The bot left (or was removed from) an admin chat: the groups it served have none now."""
    groups = await Group.filter(admin_chat_id=chat_id)
    await Group.filter(admin_chat_id=chat_id).update(admin_chat_id=None)
    for group in groups:
        group.admin_chat_id = None  # as stored now
    return groups
