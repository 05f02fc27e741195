"""/timezone in an admin chat: the time zone each group's times are written in.

``/timezone`` alone says each served group's zone and how to change it; ``/timezone
Berlin`` finds the zone and asks to confirm it for the group, or which group it is for when
the chat serves several, one button per group (a /settings button: the press is
re-checked, recorded in /audit, and shows the group's settings).
In the photo group itself an admin is pointed to the admin chat (by name), as for /settings.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.organizers import not_an_admin_chat, point_to_admin_chat, refuse_organizer_command
from domain.cooldown import Cooldown
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import GroupSettingData, short
from domain.languages.chats import zone_of_group
from domain.languages.dates import find_zone
from domain.moderation import texts
from domain.moderation.linking import AdminChatLinking
from domain.moderation.organizers import Organizers
from domain.moderation.settings import Setting


async def timezone_command(
    message: Message, command: CommandObject, organizers: Organizers, bot: Bot, **data: Any
) -> None:
    groups = await organizers.served_by(message.chat.id)
    if not groups:
        await _not_here(message, organizers, bot, data["admin_linking"], data["organizer_refusals"])
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

    def use(group: GroupView, label: str) -> list[InlineKeyboardButton]:
        data = GroupSettingData(group=short(group.id), key=Setting.ZONE.value, value=zone)
        return [InlineKeyboardButton(text=label, callback_data=data.pack())]

    if len(groups) == 1:  # no "which group?" where there is one: that group, by name
        (group,) = groups
        text = texts.timezone_confirm_for(zone, group.title)
        rows = [use(group, texts.timezone_use(zone))]
    else:
        text = texts.timezone_confirm(zone)
        rows = [use(group, texts.timezone_button(zone, group.title)) for group in groups]
    await message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


def router() -> Router:
    routes = Router(name="time_zone")
    routes.message.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.message.register(timezone_command, Command("timezone"))
    return routes


async def _not_here(
    message: Message,
    organizers: Organizers,
    bot: Bot,
    admin_linking: AdminChatLinking,
    refusals: Cooldown,
) -> None:
    """/timezone outside an admin chat: in the photo group an admin is pointed to the admin
    chat (anyone else is refused, as for every organizers' command there); elsewhere, said
    it is no admin chat."""
    group = await organizers.photo_group(message.chat.id)
    if group is None:
        await message.answer(await not_an_admin_chat(organizers, message.chat.id))
        return
    user_id = message.from_user.id if message.from_user else None
    sender = message.sender_chat.id if message.sender_chat else None
    if await organizers.may_moderate(group, user_id, sender_chat_id=sender):
        await point_to_admin_chat(message, group, "timezone", bot, admin_linking)
    else:
        await refuse_organizer_command(message, group, "timezone", bot, refusals)
