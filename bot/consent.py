"""Consent questions ("Do you agree?") as the chat shows them: once a user agrees, by any
path (the button, /agree, accepting an invitation, claiming a child), each question still in
their chat says so instead of asking.

The questions shown are kept apart from the user's conversation (an FSM destiny of its
own), which /cancel, an enrollment or an invitation clears."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from domain.infra.telegram.callbacks import PrivacyData
from domain.onboarding import texts
from domain.privacy import texts as privacy_texts

CONSENT = "consent"


def details_row() -> list[InlineKeyboardButton]:
    """ "What exactly is stored?": under every consent, kept once it is answered."""
    return [
        InlineKeyboardButton(
            text=privacy_texts.privacy_button(), callback_data=PrivacyData().pack()
        )
    ]


def _questions(state: FSMContext) -> FSMContext:
    return FSMContext(state.storage, replace(state.key, destiny=CONSENT))


async def asked(state: FSMContext, question: Message, title: str, days: int | None) -> None:
    """A consent question shown: what it said (the group's title and retention)."""
    questions = _questions(state)
    shown = await questions.get_value("shown") or []
    await questions.update_data(shown=[*shown, [question.message_id, title, days]])


async def mark_agreed(bot: Bot, state: FSMContext, user_id: int) -> list[int]:
    """The user agreed: each consent question shown to them now says so, without its
    "I agree" (the details stay one tap away). Returns the questions' message ids."""
    questions = _questions(state)
    shown = await questions.get_value("shown") or []
    await questions.clear()
    now = datetime.now(UTC)
    for message_id, title, days in shown:
        with suppress(TelegramBadRequest):  # deleted by the user meanwhile
            await bot.edit_message_text(
                chat_id=user_id,
                message_id=message_id,
                text=texts.consent_request(title, days, agreed_on=now),
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
            )
    return [message_id for message_id, _, _ in shown]


async def forget_conversation(state: FSMContext) -> None:
    """/forget: the user's conversation and the consent questions kept for them go."""
    await state.clear()
    await _questions(state).clear()


async def conclude_pressed(message: Message, at: datetime) -> None:
    """A consent question agreed to that was not kept (the state was lost): its last
    paragraph, the question, becomes the answer, from the message as the chat shows it."""
    if not message.text:
        return
    said = message.html_text.split("\n\n")[:-1]
    with suppress(TelegramBadRequest):  # pressed twice: already says so
        await message.edit_text(
            "\n\n".join([*said, texts.agreed(at)]),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[details_row()]),
        )
