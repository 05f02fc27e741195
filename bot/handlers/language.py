"""/language: the language the bot writes to a participant in, in their private chat
(their Telegram app's until they choose one). A group's language is its organizers'
setting (/settings in the group)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.menus import show_private_menu
from bot.replies import answer
from bot.users import telegram_user
from domain.corrections.settings_cards import SettingsCards
from domain.infra.telegram.callbacks import LanguageData
from domain.languages import texts
from domain.languages.catalogs import LANGUAGES, in_language
from domain.languages.chats import language_of
from domain.onboarding.service import Onboarding
from domain.persons.cards import show_in_language
from domain.persons.service import Persons
from domain.telegram import Messenger


def language_keyboard(chosen: str | None) -> InlineKeyboardMarkup:
    """Each language in its own name, then the Telegram app's; the current choice ticked."""

    def button(text: str, code: str) -> InlineKeyboardButton:
        ticked = "✓ " if (chosen or "") == code else ""
        return InlineKeyboardButton(
            text=ticked + text, callback_data=LanguageData(code=code).pack()
        )

    languages = [button(name, code) for code, name in LANGUAGES.items()]
    return InlineKeyboardMarkup(
        inline_keyboard=[
            languages[:2],
            languages[2:],
            [button(texts.telegram_language_button(), "")],
        ]
    )


async def language_command(message: Message, onboarding: Onboarding, persons: Persons) -> None:
    assert message.from_user is not None
    user = telegram_user(message.from_user)
    chosen = await onboarding.language(user)
    speaking = language_of(chosen, user.language_code)
    sent = await message.answer(
        texts.language_text(speaking, chosen is not None), reply_markup=language_keyboard(chosen)
    )
    await persons.shown.record_language(message.chat.id, sent.message_id)


async def choose_language(
    query: CallbackQuery,
    callback_data: LanguageData,
    onboarding: Onboarding,
    persons: Persons,
    messenger: Messenger,
    settings_cards: SettingsCards,
) -> None:
    """The presser's own setting: the button carries only the value it sets; a code no
    button offers (a tampered press) changes nothing. What is open in the chat (person
    cards, /persons lists, /settings cards) and its command menu follow."""
    if callback_data.code and callback_data.code not in LANGUAGES:
        await answer(query, texts.button_expired(), alert=True)
        return
    user = telegram_user(query.from_user)
    before = await onboarding.language(user)
    chosen = await onboarding.language(user, callback_data.code)
    speaking = language_of(chosen, user.language_code)
    with in_language(speaking):  # the update's language was the one before the press
        if query.bot is not None:
            await _show_language_menus(query, persons, speaking, chosen)
        await answer(query, texts.language_chosen(speaking))
        if query.bot is None or before == chosen:
            return
        await show_private_menu(query.bot, query.from_user.id, chosen or "")
        await show_in_language(persons, messenger, query.from_user.id)
        await settings_cards.show(query.from_user.id)


async def _show_language_menus(
    query: CallbackQuery, persons: Persons, speaking: str, chosen: str | None
) -> None:
    """The pressed menu and every other /language menu in the chat say the language now
    chosen, with its ✓ (findings21 1: an older menu kept the one it was sent in)."""
    assert query.bot is not None
    chat_id = query.from_user.id
    menus = {s.message_id for s in await persons.shown.language_menus_in(chat_id)}
    if query.message is not None:
        menus.add(query.message.message_id)
    for message_id in sorted(menus):
        # A replayed press that changes nothing leaves the message as it is ("not
        # modified"); a menu deleted by hand is no longer kept track of.
        try:
            await query.bot.edit_message_text(
                texts.language_text(speaking, chosen is not None),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=language_keyboard(chosen),
            )
        except TelegramBadRequest as error:
            if "not found" in str(error):
                await persons.shown.forget(chat_id, message_id)


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="language")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(language_command, Command("language"))
    routes.callback_query.register(choose_language, LanguageData.filter())
    return routes
