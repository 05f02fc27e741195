"""/settings in an admin chat: the group's settings as a card with buttons.

Anyone in the admin chat may read the card; each press is re-checked with Telegram
(``Organizers.may_moderate``), changes one setting, is recorded in the audit and
re-renders the card.
"""

from __future__ import annotations

import contextlib
from typing import Any
from uuid import UUID

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.audits import refresh_audits
from bot.organizers import (
    for_chosen_group,
    point_to_admin_chat,
    refuse_organizer_command,
    run_for_group,
)
from bot.replies import answer, pressed_message
from domain.groups.stores import GroupView
from domain.infra.telegram.callbacks import GroupSettingData, expand, short
from domain.languages import texts as languages_texts
from domain.languages.catalogs import LANGUAGES, _
from domain.languages.chats import speaking_to, zone_of_group
from domain.moderation import settings, texts
from domain.moderation.audit import Actor
from domain.moderation.audit_view import AuditView
from domain.moderation.organizers import Organizers
from domain.moderation.setting_redraws import SettingRedraws
from domain.moderation.settings import RETENTION_CHOICES, GroupSettings, Setting, Value, encode
from domain.recognition.strictness import MAX_STEPS
from domain.states import DeliveryMode


def values_of(group: settings.Configured) -> dict[str, Value]:
    return {setting.value: settings.current(group, setting) for setting in Setting}


def settings_card(group: GroupView, group_settings: GroupSettings) -> str:
    """The settings card's text: the group's values now, in the language of the context."""
    return texts.group_settings_card(
        group.title,
        values_of(group),
        group_settings.digest_hour,
        paused=group.paused_at is not None,
    )


def settings_keyboard(group: GroupView) -> InlineKeyboardMarkup:
    def button(label: str, setting: Setting, value: Value) -> InlineKeyboardButton:
        data = GroupSettingData(group=short(group.id), key=setting.value, value=encode(value))
        return InlineKeyboardButton(text=label, callback_data=data.pack())

    approval = bool(group.requires_approval)
    steps = int(group.strictness)
    strictness = []
    if steps > 0:
        strictness.append(
            button(texts.strictness_button(steps, False), Setting.STRICTNESS, steps - 1)
        )
    if steps < MAX_STEPS:
        strictness.append(
            button(texts.strictness_button(steps, True), Setting.STRICTNESS, steps + 1)
        )
    rows = [
        [button(texts.approval_button(approval), Setting.APPROVAL, not approval)],
        strictness,
        [
            button(
                languages_texts.chosen(
                    _(texts.DELIVERY_BUTTONS[mode.value]), group.delivery_mode == mode
                ),
                Setting.DELIVERY,
                mode.value,
            )
            for mode in DeliveryMode
        ],
        [
            button(
                languages_texts.chosen(texts.retention_button(days), group.retention_days == days),
                Setting.RETENTION,
                days,
            )
            for days in RETENTION_CHOICES
        ],
        [
            button(languages_texts.chosen(name, group.language == code), Setting.LANGUAGE, code)
            for code, name in LANGUAGES.items()
        ],
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


async def settings_command(message: Message, organizers: Organizers, bot: Bot, **data: Any) -> None:
    """In an admin chat: the card. In a photo group itself, settings are not shown to the
    whole group: an admin is told where they are (the linked admin chat by name, or /admin
    first), anyone else is refused as for every organizers' command there."""
    if not await organizers.served_by(message.chat.id):
        group = await organizers.photo_group(message.chat.id)
        if group is not None:
            user_id = message.from_user.id if message.from_user else None
            sender = message.sender_chat.id if message.sender_chat else None
            if await organizers.may_moderate(group, user_id, sender_chat_id=sender):
                await point_to_admin_chat(message, group, "settings", bot, data["admin_linking"])
            else:
                refusals = data["organizer_refusals"]
                await refuse_organizer_command(message, group, "settings", bot, refusals)
            return
    await run_for_group(message, "settings", {"organizers": organizers, "bot": bot, **data})


@for_chosen_group("settings")
async def show_settings(
    message: Message, group: GroupView, user_id: int, data: dict[str, Any]
) -> None:
    """The card, for anyone in the admin chat to read: only the buttons need rights."""
    group_settings: GroupSettings = data["group_settings"]
    posted = await message.answer(
        settings_card(group, group_settings),
        reply_markup=settings_keyboard(group),
    )
    await group_settings.card_shown(group.id, posted.chat.id, posted.message_id)


async def refresh_cards(
    bot: Bot,
    organizers: Organizers,
    group_settings: GroupSettings,
    group_id: UUID,
    but: int | None = None,
) -> None:
    """A setting changed (a button, /timezone, an undo in /audit), or the group paused or
    resumed: every settings card of the group still shown says the values now (``but``:
    the card already edited)."""
    group = await organizers.group(group_id)
    if group is None or not group.is_active or group.admin_chat_id is None:
        return
    async with speaking_to(group.admin_chat_id):
        text = settings_card(group, group_settings)
        keyboard = settings_keyboard(group)
    for message_id in settings.cards_of(group):
        if message_id == but:
            continue
        # Unchanged ("message is not modified"), deleted or too old: nothing to edit.
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_text(
                text, chat_id=group.admin_chat_id, message_id=message_id, reply_markup=keyboard
            )


async def settings_cards_moved_away(
    bot: Bot, organizers: Organizers, group_id: UUID, old_chat_id: int, chat_title: str
) -> None:
    """The group's admin chat moved from ``old_chat_id`` to the chat ``chat_title``: each
    settings card still shown there says where the settings are now, without its buttons
    (pressed, they could only expire), in the language of the context."""
    group = await organizers.group(group_id)
    if group is None:
        return
    text = texts.settings_moved_away(group.title, chat_title)
    for message_id in settings.cards_in(group, old_chat_id):
        with contextlib.suppress(TelegramBadRequest):  # deleted, or too old to edit
            await bot.edit_message_text(text, chat_id=old_chat_id, message_id=message_id)


async def setting_pressed(
    query: CallbackQuery,
    callback_data: GroupSettingData,
    organizers: Organizers,
    audits: AuditView,
    group_settings: GroupSettings,
    setting_redraws: SettingRedraws,
    bot: Bot,
) -> None:
    message = pressed_message(query)
    group_id = expand(callback_data.group)
    group = await organizers.group(group_id) if group_id else None
    chosen = settings.parse(callback_data.key, callback_data.value)
    if (
        message is None
        or group is None
        or not group.is_active
        or chosen is None
        or group.admin_chat_id != message.chat.id
    ):
        await answer(query, languages_texts.button_expired())
        return
    if not await organizers.may_moderate(group, query.from_user.id):
        await answer(query, texts.only_admins_change_settings(), alert=True)
        return
    setting, value = chosen
    actor = Actor(user_id=query.from_user.id, name=query.from_user.full_name)
    changed = await group_settings.change(group.id, setting, value, actor)
    group = await organizers.group(group.id)  # as it is now
    if changed is None or group is None:
        await answer(query, languages_texts.button_expired())
        return
    async with speaking_to(message.chat.id):  # a new language is spoken at once
        with contextlib.suppress(TelegramBadRequest):  # unchanged: "message is not modified"
            await message.edit_text(
                settings_card(group, group_settings),
                reply_markup=settings_keyboard(group),
            )
        said = texts.setting_changed if changed.changed else texts.setting_unchanged
        digest = texts.digest_at(group_settings.digest_hour, zone_of_group(group.settings))
        await answer(query, said(group.title, setting.value, changed.new, digest))
    # The pressed message is a card now (a /timezone question becomes one); the others
    # shown earlier say the new value too.
    await group_settings.card_shown(group.id, message.chat.id, message.message_id)
    if changed.changed:
        await setting_redraws.after_change(group.id, changed, but=message.message_id)
        # An /audit shown says the zone its times are in, and which changes can be undone.
        await refresh_audits(bot, audits, group.id)


def router() -> Router:
    routes = Router(name="group_settings")
    routes.message.filter(F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP}))
    routes.message.register(settings_command, Command("settings"))
    routes.callback_query.register(setting_pressed, GroupSettingData.filter(), F.message)
    return routes
