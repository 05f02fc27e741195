"""What every organizers' command in an admin chat shares: which group it is about.

An admin chat may serve several groups. A command sent there acts on the only group it
serves; with several, the bot asks "Which group?" with one button per group, and the
press runs the command for the chosen group. Every slice registers its command here with
``@for_chosen_group("stats")``; the handler gets the admin chat's message, the group and
the presser's id, and re-checks the presser itself (``Organizers.may_moderate``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.replies import answer, pressed_message
from domain.cooldown import Cooldown
from domain.groups import texts as groups_texts
from domain.groups.service import join_link
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import GroupChoiceData, expand, short
from domain.languages import texts as languages_texts
from domain.languages.catalogs import in_language
from domain.languages.chats import speaking_to
from domain.moderation import linking, texts
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import ModeratedGroup, Organizers

# The handler of a command once its group is known: (message in the admin chat, group,
# id of the user who sent the command or pressed the choice, the dispatcher's data).
GroupCommand = Callable[[Message, GroupView, int, dict[str, Any]], Awaitable[None]]
_COMMANDS: dict[str, GroupCommand] = {}


def for_chosen_group(command: str) -> Callable[[GroupCommand], GroupCommand]:
    def register(handler: GroupCommand) -> GroupCommand:
        _COMMANDS[command] = handler
        return handler

    return register


async def run_for_group(message: Message, command: str, data: dict[str, Any]) -> None:
    """Run ``command`` (registered with ``for_chosen_group``) for the group this admin chat
    serves, or ask which one when it serves several. In a chat that is no group's admin
    chat, say so."""
    organizers: Organizers = data["organizers"]
    groups = await organizers.served_by(message.chat.id)
    if not groups:
        if not await _refused_in_photo_group(message, command, data):
            group = await organizers.photo_group(message.chat.id)
            if group is not None:  # the photo group itself, and an organizer asks
                await point_to_admin_chat(
                    message, group, command, data["bot"], data["admin_linking"]
                )
            else:
                await message.answer(await not_an_admin_chat(organizers, message.chat.id))
        return
    user_id = message.from_user.id if message.from_user else 0
    if len(groups) == 1:
        await _COMMANDS[command](message, groups[0], user_id, data)
        return
    rows = [
        [
            InlineKeyboardButton(
                text=group.title or texts.untitled_group(),
                callback_data=GroupChoiceData(cmd=command, group=short(group.id)).pack(),
            )
        ]
        for group in groups
    ]
    await message.answer(
        texts.which_group(), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def not_an_admin_chat(organizers: Organizers, chat_id: int) -> str:
    """What an organizers' command (or /help) hears in a chat that serves no group: that
    it no longer does, in one its group's admins moved the admin chat away from (said in
    that group's language: ``language_of_group_chat``); else that it is none."""
    former = await organizers.formerly_served(chat_id)
    if former is not None:
        return texts.no_longer_admin_chat(former.title)
    return texts.not_an_admin_chat()


async def admin_chat_name(bot: Bot, organizers: Organizers, group: ModeratedGroup) -> str | None:
    """The group's admin chat by its name as Telegram has it now, with its t.me link when
    it is public; None when it has none. Never its invite link: this is said where every
    member of the group reads it, and the admin chat is the organizers' own."""
    if group.admin_chat_id is None:
        return None
    title, username = await organizers.admin_chat_title(group), None
    with contextlib.suppress(TelegramAPIError):  # the bot may have left it a moment ago
        chat = await bot.get_chat(group.admin_chat_id)
        title, username = chat.title or title, chat.username
    return texts.admin_chat_name(title or "", f"https://t.me/{username}" if username else None)


async def point_to_admin_chat(
    message: Message,
    group: GroupView,
    command: str,
    bot: Bot,
    admin_linking: AdminChatLinking,
) -> None:
    """An organizer sent a command of the admin chat in the photo group: say where it works
    (the linked admin chat, by name) or, before one is linked, to send /admin first. The
    answer says nothing about the group beyond its admin chat's name, and is kept so it is
    redrawn when the admin chat is linked, moved or gone (``link_message_now``)."""
    sent = await message.reply(await _pointer_text(bot, admin_linking, group, command))
    await admin_linking.keep_pointer(group.id, sent.message_id, command)


async def _pointer_text(
    bot: Bot, admin_linking: AdminChatLinking, group: GroupView, command: str
) -> str:
    """What an answer kept by ``keep_pointer`` says now: the group /help of an admin
    (``command`` "help"), the join link a member was given (``MEMBER_HINT``: in the
    group's language, walk35 6), or where ``command`` works."""
    if command == MEMBER_HINT:
        username = (await bot.me()).username or ""
        return groups_texts.group_hint(username, join_link(username, group))
    admin_chat = await admin_chat_name(bot, admin_linking.organizers, group)
    if command == "help":
        link = join_link((await bot.me()).username or "", group)
        return texts.group_help_for_admins(link, admin_chat)
    if admin_chat is None:
        return texts.admin_chat_first(command)
    return texts.in_the_admin_chat(command, admin_chat)


async def _refused_in_photo_group(message: Message, command: str, data: dict[str, Any]) -> bool:
    """An organizers' command sent in a photo group (not an admin chat) by someone who is
    not its admin: refused at most once per few minutes and the command deleted, so no
    member can make the bot repeat itself there (its admins are told to link an admin
    chat)."""
    organizers: Organizers = data["organizers"]
    group = await organizers.photo_group(message.chat.id)
    if group is None:
        return False
    user_id = message.from_user.id if message.from_user else None
    sender_chat_id = message.sender_chat.id if message.sender_chat else None
    if await organizers.may_moderate(group, user_id, sender_chat_id=sender_chat_id):
        return False
    await refuse_organizer_command(message, group, command, data["bot"], data["organizer_refusals"])
    return True


async def group_chosen(
    query: CallbackQuery, callback_data: GroupChoiceData, organizers: Organizers, **data: Any
) -> None:
    message = pressed_message(query)
    group_id = expand(callback_data.group)
    handler = _COMMANDS.get(callback_data.cmd)
    group = await organizers.group(group_id) if group_id else None
    if message is None or handler is None or group is None or not group.is_active:
        await answer(query, languages_texts.button_expired())
        return
    if group.admin_chat_id != message.chat.id:  # moved elsewhere, or a forged press
        await answer(query, languages_texts.button_expired())
        return
    await answer(query)
    await handler(message, group, query.from_user.id, {"organizers": organizers, **data})


async def refuse_organizer_command(
    message: Message, group: GroupView, command: str, bot: Bot, refusals: Cooldown
) -> None:
    """Someone who is not an admin of the photo group sent one of the organizers' commands
    there (``ORGANIZER_COMMANDS`` but /help, which is everyone's): one rule for each of them
    (walkhe 12). The sender is told privately, in their language, that only the group's
    admins can use it, and the command goes from the group (when the bot may delete it): the
    group reads nothing, and no one reads an answer without knowing to what. When the bot
    cannot write to them (they never started it, blocked it, or wrote as a channel or as
    the group), the answer is a reply to their command in the group, which stays so the
    reply reads right: at most once per ``REFUSAL_COOLDOWN_S`` for this sender in this
    group, whichever command they try (past it, the command only goes), so no member can
    make the bot flood the group."""
    user = message.from_user
    if message.sender_chat is None and user is not None and not user.is_bot:
        async with speaking_to(user.id):
            text = texts.organizer_command_refused_privately(command, group.title)
        told = False
        with contextlib.suppress(TelegramBadRequest, TelegramForbiddenError):
            told = bool(await bot.send_message(user.id, text))
        if told:
            with contextlib.suppress(TelegramBadRequest, TelegramForbiddenError):
                await message.delete()
            return
    sender = message.sender_chat.id if message.sender_chat else (user.id if user else None)
    if sender is not None and await refusals.claim(f"{message.chat.id}:{sender}"):
        await message.reply(texts.organizer_command_refused(command))
        return
    with contextlib.suppress(TelegramBadRequest, TelegramForbiddenError):
        await message.delete()


async def refuse_in_group(message: Message, text: str, refusals: Cooldown) -> None:
    """A ``/start@bot`` link that binds nothing, sent in the photo group: the
    command goes (when the bot may delete it) and ``text`` is said at most once per
    ``REFUSAL_COOLDOWN_S`` for this sender in this group, whichever command they try, so
    no member can make the bot flood the group. Nothing else happens.

    A message sent as a channel or as the group comes from a placeholder user that every
    such message shares (Channel_Bot, GroupAnonymousBot): its sender is ``sender_chat``.
    With no sender at all, nothing is said (there is no one to keep from flooding)."""
    if message.sender_chat is not None:
        sender: int | None = message.sender_chat.id
    else:
        sender = message.from_user.id if message.from_user else None
    deleted = False
    with contextlib.suppress(TelegramBadRequest, TelegramForbiddenError):
        deleted = bool(await message.delete())
    if sender is None or not await refusals.claim(f"{message.chat.id}:{sender}"):
        return
    if deleted:
        await message.answer(text)
    else:
        await message.reply(text)


# A member's /help (or /start) in the group, answered with the join link: kept by
# ``keep_pointer`` under this name, said again in the group's language.
MEMBER_HINT = "hint"


def router() -> Router:
    router = Router(name="organizers")
    router.callback_query.register(group_chosen, GroupChoiceData.filter(), F.message)
    return router


async def link_message_now(bot: Bot, admin_linking: AdminChatLinking, group: GroupView) -> None:
    """The group's last /admin answer says what is true now, so nobody reads "no admin chat
    yet" or presses a spent link: once a chat is linked, which one (its button gone: that
    link works no more); once the bot left the admin chat, that there is none, with a
    working link again. Said in the group's language (redrawn when it changes, as the
    welcome is: findings18 17). The answers that pointed to the admin chat (or said there
    is none) are redrawn too."""
    with in_language(group.language):
        for pointer_id, command in await admin_linking.pointers(group.id):
            text = await _pointer_text(bot, admin_linking, group, command)
            with contextlib.suppress(TelegramAPIError):  # deleted, unchanged, or the bot left
                await bot.edit_message_text(text, chat_id=group.chat_id, message_id=pointer_id)
    message_id = group.settings.get(linking.LINK_MESSAGE)
    if not isinstance(message_id, int):
        return
    markup = None
    with in_language(group.language):
        if group.admin_chat_id is not None:
            admin_chat = await admin_chat_name(bot, admin_linking.organizers, group)
            text = texts.admin_link_done(group.title, admin_chat or "")
        else:
            text = texts.admin_link_text(group.title, None)
            link = linking.admin_link(
                (await bot.me()).username or "", await admin_linking.admin_token(group.id)
            )
            button = InlineKeyboardButton(text=texts.admin_link_button(), url=link)
            markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    with contextlib.suppress(TelegramAPIError):  # deleted by an admin, or the bot left the group
        await bot.edit_message_text(
            text, chat_id=group.chat_id, message_id=message_id, reply_markup=markup
        )
