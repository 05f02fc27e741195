"""/settings: the participant's own choices: getting their own photos back, and how their
questions ("Is this Alice?") arrive (each as it comes, once a day, every N).

Every settings card sent is kept track of (``domain.persons.shown``): a change made on one
redraws them all, so none still shows the old value, and /forget deletes them."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.replies import answer, shows_pressed_button
from bot.users import telegram_user
from domain.corrections import texts as corrections_texts
from domain.corrections.settings_cards import CHOICES, SettingsCards
from domain.delivery import texts
from domain.infra.telegram.callbacks import OwnPhotosData, QuestionModeData, keyboard
from domain.languages import texts as languages_texts
from domain.onboarding.service import Onboarding
from domain.persons import texts as persons_texts
from domain.persons.service import Persons
from domain.states import QuestionMode


async def settings_command(
    message: Message, persons: Persons, settings_cards: SettingsCards
) -> None:
    assert message.from_user is not None
    text, buttons = await settings_cards.card(message.from_user.id)
    sent = await message.answer(text, reply_markup=keyboard(buttons))
    await persons.shown.record_settings(message.chat.id, sent.message_id)


async def _show(query: CallbackQuery, settings_cards: SettingsCards) -> None:
    """The pressed card and every other settings card in the chat, as the settings are
    now."""
    pressed = query.message.message_id if query.message is not None else None
    await settings_cards.show(query.from_user.id, pressed)


async def _forgotten(query: CallbackQuery, onboarding: Onboarding) -> bool:
    """A settings press by someone I hold nothing about on a message that does not show
    the pressed button (after their /forget, which deleted or emptied their cards: a
    replayed press): it stores nobody again (findings14 7: a press re-registered her name
    and settings without a new consent). A card shown since (/settings read by someone I
    hold nothing about shows the defaults and stores nobody: findings25 9) is theirs to
    press: the setting they choose is their own act, and is stored."""
    if await onboarding.known(query.from_user.id) or shows_pressed_button(query):
        return False
    await answer(query, persons_texts.shown_forgotten(), alert=True)
    return True


async def toggle_own_photos(
    query: CallbackQuery,
    callback_data: OwnPhotosData,
    onboarding: Onboarding,
    settings_cards: SettingsCards,
) -> None:
    """The setting is the presser's own: the button carries only the value it sets."""
    if await _forgotten(query, onboarding):
        return
    own = await onboarding.own_photos(telegram_user(query.from_user), callback_data.on)
    await _show(query, settings_cards)
    await answer(query, texts.own_photos_button(own))


async def choose_question_mode(
    query: CallbackQuery,
    callback_data: QuestionModeData,
    onboarding: Onboarding,
    settings_cards: SettingsCards,
) -> None:
    """The presser's own setting: the button carries only the value it sets; a value no
    button offers (a tampered press) changes nothing."""
    try:
        choice = (QuestionMode(callback_data.mode), callback_data.every)
    except ValueError:
        choice = None
    if choice not in CHOICES or choice is None:
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    if await _forgotten(query, onboarding):
        return
    mode, every = await onboarding.question_mode(
        telegram_user(query.from_user), choice[0], choice[1] or None
    )
    await _show(query, settings_cards)
    await answer(query, corrections_texts.question_mode_button(mode.value, every, True))


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="settings")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(settings_command, Command("settings"))
    routes.callback_query.register(toggle_own_photos, OwnPhotosData.filter())
    routes.callback_query.register(choose_question_mode, QuestionModeData.filter())
    return routes
