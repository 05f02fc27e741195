"""/settings: the participant's own choices (today: getting their own photos back)."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.replies import answer
from bot.users import telegram_user
from domain import texts
from domain.infra.telegram.callbacks import OwnPhotosData
from domain.onboarding.service import Onboarding


def settings_keyboard(own_photos: bool) -> InlineKeyboardMarkup:
    """One toggle; pressing it sets the opposite of what it shows."""
    button = InlineKeyboardButton(
        text=texts.own_photos_button(own_photos),
        callback_data=OwnPhotosData(on=not own_photos).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def settings_command(message: Message, onboarding: Onboarding) -> None:
    assert message.from_user is not None
    own = await onboarding.own_photos(telegram_user(message.from_user))
    await message.answer(texts.settings_text(own), reply_markup=settings_keyboard(own))


async def toggle_own_photos(
    query: CallbackQuery, callback_data: OwnPhotosData, onboarding: Onboarding
) -> None:
    """The setting is the presser's own: the button carries only the value it sets."""
    own = await onboarding.own_photos(telegram_user(query.from_user), callback_data.on)
    # A replayed press that changes nothing leaves the message as it is ("not modified").
    if query.message is not None and query.bot is not None:
        with contextlib.suppress(TelegramBadRequest):
            await query.bot.edit_message_text(
                texts.settings_text(own),
                chat_id=query.from_user.id,
                message_id=query.message.message_id,
                reply_markup=settings_keyboard(own),
            )
    await answer(query, texts.own_photos_button(own))


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="settings")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(settings_command, Command("settings"))
    routes.callback_query.register(toggle_own_photos, OwnPhotosData.filter())
    return routes
