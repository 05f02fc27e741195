"""The command menus Telegram shows beside the message field, in each language facedrop
speaks (Telegram shows the one of the user's app language, English for the others): in
private chats, in groups for everyone and for their admins (only what works there), and in
each linked admin chat, for all its members, the organizers' tools."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from aiogram.types.bot_command_scope_union import BotCommandScopeUnion

from domain.groups import texts as groups_texts
from domain.languages.catalogs import LANGUAGES, SOURCE_LANGUAGE, _, in_language
from domain.moderation import texts as moderation_texts
from domain.moderation.linking import AdminChatLinking
from domain.onboarding import texts as onboarding_texts

log = logging.getLogger(__name__)


async def set_menus(bot: Bot) -> None:
    """The menus of every private chat and group (at the bot's start)."""
    menus: list[tuple[BotCommandScopeUnion, Sequence[tuple[str, str]]]] = [
        (BotCommandScopeAllPrivateChats(), onboarding_texts.COMMANDS),
        (BotCommandScopeAllGroupChats(), groups_texts.GROUP_COMMANDS),
        (BotCommandScopeAllChatAdministrators(), moderation_texts.GROUP_ADMIN_COMMANDS),
    ]
    for scope, table in menus:
        await _set(bot, scope, table)


async def show_organizer_menu(bot: Bot, chat_id: int) -> None:
    """A chat linked as a group's admin chat: every member's menu there is the organizers'
    (a chat's own scope comes before its admins' and every group's, as Telegram picks)."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    while True:
        try:
            await _set(bot, scope, moderation_texts.ORGANIZER_COMMANDS)
            return
        except TelegramRetryAfter as error:  # at the start's pass over many chats, likely
            await asyncio.sleep(error.retry_after)
        except TelegramAPIError as error:  # the bot works without it; /help there lists them
            log.warning("organizer menu of chat %s not set: %s", chat_id, error)
            return


async def show_organizer_menus(bot: Bot, admin_linking: AdminChatLinking) -> None:
    """At the bot's start, in the background: the organizers' menu on every admin chat, as
    on one linked now (those linked before the menu existed had none; a chat the bot was
    removed from is refused, and skipped)."""
    for chat_id in await admin_linking.admin_chats():
        if await admin_linking.is_admin_chat(chat_id):  # not unlinked since the pass began
            await show_organizer_menu(bot, chat_id)


async def drop_organizer_menu(bot: Bot, chat_id: int) -> None:
    """A chat that serves no group (any more, or as the bot joins it: the bot's removal
    from an admin chat may have left its menu there): its menu is a group's again."""
    for code in LANGUAGES:
        # The bot may have left it (then Telegram refuses, and shows the chat no menu).
        with suppress(TelegramAPIError):
            await bot.delete_my_commands(
                scope=BotCommandScopeChat(chat_id=chat_id), language_code=_language(code)
            )


async def show_private_menu(bot: Bot, chat_id: int, code: str) -> None:
    """A user chose the language facedrop writes to them in (``code``; empty: their
    Telegram app's): the menu of their private chat follows (findings18 10: an English app
    user who chose Español read an English menu under Spanish messages). Set for the chat
    without a language, it comes before the private chats' menu in the app's language."""
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        if code:
            with in_language(code):
                commands = [
                    BotCommand(command=c, description=_(d)) for c, d in onboarding_texts.COMMANDS
                ]
            await bot.set_my_commands(commands, scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramAPIError as error:  # the bot works without it; /help lists them
        log.warning("menu of private chat %s not set: %s", chat_id, error)


async def _set(bot: Bot, scope: BotCommandScopeUnion, table: Sequence[tuple[str, str]]) -> None:
    for code in LANGUAGES:
        with in_language(code):
            commands = [BotCommand(command=c, description=_(d)) for c, d in table]
        await bot.set_my_commands(commands, scope=scope, language_code=_language(code))


def _language(code: str) -> str | None:
    """The source language's menu is the one set without a language: every other's."""
    return None if code == SOURCE_LANGUAGE else code
