"""The bot's side of what a group setting changed redraws
(``domain.moderation.setting_redraws.SettingScreens``): the messages only the bot keeps,
drawn again with its Telegram client and its FSM storage. Bound once by ``bot.app``."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.fsm.storage.base import BaseStorage

from bot import consent
from bot.admin_answers import in_group_language
from bot.handlers.claims import prompts_in_language, redraw_unclaimed
from bot.handlers.group import welcome_again
from bot.handlers.group_settings import refresh_cards
from bot.organizers import link_message_now
from domain.composition.services import Services
from domain.groups.stores import GroupView


class BotSettingScreens:
    def __init__(self, bot: Bot, storage: BaseStorage, services: Services) -> None:
        self._bot = bot
        self._storage = storage
        self._services = services

    async def cards(self, group_id: UUID, *, but: int | None) -> None:
        services = self._services
        await refresh_cards(
            self._bot, services.organizers, services.group_settings, group_id, but=but
        )

    async def in_group_language(self, group: GroupView) -> None:
        bot, services = self._bot, self._services
        await welcome_again(bot, services.groups, group)
        await link_message_now(bot, services.admin_linking, group)  # findings18 17
        # The admin chat's answers it keeps read in it too (walk33 5).
        await in_group_language(bot, services.admin_linking, services.naming, group)
        await redraw_unclaimed(bot, services.naming, group)  # its /unclaimed lists
        if group.admin_chat_id is not None:  # its naming prompts answered
            await prompts_in_language(bot, self._storage, group.admin_chat_id)

    async def in_group_zone(self, group: GroupView) -> None:
        # Said again as at a language switch: each kept answer writes its times in the
        # admin chat's zone.
        services = self._services
        await in_group_language(self._bot, services.admin_linking, services.naming, group)

    async def tell(self, chat_id: int, text: str) -> int | None:
        # Blocked the bot, or never started it: nothing to tell them through.
        with contextlib.suppress(TelegramForbiddenError, TelegramBadRequest):
            return (await self._bot.send_message(chat_id, text)).message_id
        return None

    async def consents(self, group_id: UUID, user_ids: Collection[int], days: int | None) -> None:
        await consent.keep_changed(
            self._bot, self._storage, user_ids, group_id, days, self._services.notices.words_of
        )
