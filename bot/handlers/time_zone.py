"""/timezone in an admin chat: the time zone each group's times are written in.

``/timezone`` alone says each served group's zone and how to change it; ``/timezone
Berlin`` finds the zone and asks which group it is for, one button per group (a /settings
button: the press is re-checked, recorded in /audit, and shows the group's settings).
In the photo group itself an admin is pointed to the admin chat, like /settings.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.handlers.group_settings import settings_command
from domain import texts
from domain.infra.telegram.callbacks import GroupSettingData, short
from domain.languages.chats import zone_of_group
from domain.languages.dates import find_zone
from domain.moderation import admin_chats
from domain.moderation.settings import Setting


async def timezone_command(message: Message, command: CommandObject, **data: Any) -> None:
    groups = await admin_chats.groups_of(message.chat.id)
    if not groups:  # the photo group, or a chat that serves none: as /settings answers
        await settings_command(message, **data)
        return
    typed = (command.args or "").strip()
    if not typed:
        zones = [(group.title, zone_of_group(group.settings)) for group in groups]
        await message.answer(texts.timezone_help(zones))
        return
    zone = find_zone(typed)
    if zone is None:
        await message.answer(texts.timezone_unknown(typed))
        return
    rows = [
        [
            InlineKeyboardButton(
                text=texts.timezone_button(zone, group.title),
                callback_data=GroupSettingData(
                    group=short(group.id), key=Setting.ZONE.value, value=zone
                ).pack(),
            )
        ]
        for group in groups
    ]
    await message.answer(
        texts.timezone_confirm(zone), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


def router() -> Router:
    routes = Router(name="time_zone")
    routes.message.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.message.register(timezone_command, Command("timezone"))
    return routes
