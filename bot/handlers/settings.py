"""/settings: the participant's own choices: getting their own photos back, and how their
questions ("Is this Alice?") arrive (each as it comes, once a day, every N).

Every settings card sent is kept track of (``domain.persons.shown``): a change made on one
redraws them all, so none still shows the old value, and /forget deletes them."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    User,
)

from bot.replies import answer, shows_pressed_button
from bot.users import telegram_user
from domain.corrections import texts as corrections_texts
from domain.corrections.batches import EVERY_CHOICES
from domain.delivery import texts
from domain.infra.telegram.callbacks import OwnPhotosData, QuestionModeData
from domain.languages import texts as languages_texts
from domain.onboarding.service import Onboarding
from domain.persons import texts as persons_texts
from domain.persons.service import Persons
from domain.states import QuestionMode

# (mode, N) as the buttons offer them: as they come, once a day, every 5, every 10.
CHOICES: list[tuple[QuestionMode, int]] = [
    (QuestionMode.EACH, 0),
    (QuestionMode.DAILY, 0),
    *((QuestionMode.EVERY, n) for n in EVERY_CHOICES),
]


def settings_keyboard(
    own_photos: bool, mode: QuestionMode = QuestionMode.EACH, every: int = 5
) -> InlineKeyboardMarkup:
    """The own-photos toggle (pressing it sets the opposite of what it shows) and a row of
    the ways questions may arrive, the current one ticked."""
    toggle = InlineKeyboardButton(
        text=texts.own_photos_button(own_photos),
        callback_data=OwnPhotosData(on=not own_photos).pack(),
    )
    modes = [
        InlineKeyboardButton(
            text=corrections_texts.question_mode_button(
                choice.value,
                n,
                choice == mode and (choice != QuestionMode.EVERY or n == every),
            ),
            callback_data=QuestionModeData(mode=choice.value, every=n).pack(),
        )
        for choice, n in CHOICES
    ]
    return InlineKeyboardMarkup(inline_keyboard=[[toggle], modes[:2], modes[2:]])


def _text(own: bool, mode: QuestionMode, every: int, hour: int, a_day: int) -> str:
    questions = corrections_texts.question_mode_text(mode.value, every, hour, a_day)
    return f"{texts.settings_text(own)}\n\n{questions}"


async def settings_command(
    message: Message,
    onboarding: Onboarding,
    persons: Persons,
    questions_hour: int,
    questions_a_day: int,
) -> None:
    assert message.from_user is not None
    user = telegram_user(message.from_user)
    own = await onboarding.own_photos(user)
    mode, every = await onboarding.question_mode(user)
    sent = await message.answer(
        _text(own, mode, every, questions_hour, questions_a_day),
        reply_markup=settings_keyboard(own, mode, every),
    )
    await persons.shown.record_settings(message.chat.id, sent.message_id)


async def _show(
    query: CallbackQuery,
    onboarding: Onboarding,
    persons: Persons,
    questions_hour: int,
    questions_a_day: int,
) -> None:
    """The pressed card and every other settings card in the chat, as the settings are
    now."""
    if query.bot is None:
        return
    pressed = query.message.message_id if query.message is not None else None
    await show_settings_cards(
        query.bot, query.from_user, onboarding, persons, questions_hour, questions_a_day, pressed
    )


async def show_settings_cards(
    bot: Bot,
    from_user: User,
    onboarding: Onboarding,
    persons: Persons,
    questions_hour: int,
    questions_a_day: int,
    pressed: int | None = None,
) -> None:
    """Every settings card in the user's private chat (and ``pressed``, one not kept track
    of), as the settings are now, in the language of the context."""
    user = telegram_user(from_user)
    own = await onboarding.own_photos(user)
    mode, every = await onboarding.question_mode(user)
    chat_id = from_user.id
    cards = {s.message_id for s in await persons.shown.settings_in(chat_id)}
    if pressed is not None:
        cards.add(pressed)
    for message_id in sorted(cards):
        # A replayed press that changes nothing leaves the message as it is ("not
        # modified"); a card deleted by hand is no longer kept track of.
        try:
            await bot.edit_message_text(
                _text(own, mode, every, questions_hour, questions_a_day),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=settings_keyboard(own, mode, every),
            )
        except TelegramBadRequest as error:
            if "not found" in str(error):
                await persons.shown.forget(chat_id, message_id)


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
    persons: Persons,
    questions_hour: int,
    questions_a_day: int,
) -> None:
    """The setting is the presser's own: the button carries only the value it sets."""
    if await _forgotten(query, onboarding):
        return
    own = await onboarding.own_photos(telegram_user(query.from_user), callback_data.on)
    await _show(query, onboarding, persons, questions_hour, questions_a_day)
    await answer(query, texts.own_photos_button(own))


async def choose_question_mode(
    query: CallbackQuery,
    callback_data: QuestionModeData,
    onboarding: Onboarding,
    persons: Persons,
    questions_hour: int,
    questions_a_day: int,
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
    await _show(query, onboarding, persons, questions_hour, questions_a_day)
    await answer(query, corrections_texts.question_mode_button(mode.value, every, True))


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="settings")
    routes.message.filter(F.chat.type == ChatType.PRIVATE)
    routes.message.register(settings_command, Command("settings"))
    routes.callback_query.register(toggle_own_photos, OwnPhotosData.filter())
    routes.callback_query.register(choose_question_mode, QuestionModeData.filter())
    return routes
