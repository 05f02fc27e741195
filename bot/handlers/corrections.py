"""Buttons on delivered photos and suggestions. Callback data is user input: the
services re-check that the clicking user is a guardian of the person."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from domain import texts
from domain.corrections import Corrections, Outcome
from domain.infra.telegram.callbacks import NotPersonData, SuggestionData


async def not_this_person(
    query: CallbackQuery, callback_data: NotPersonData, corrections: Corrections
) -> None:
    outcome, name = await corrections.not_this_person(callback_data.face, query.from_user.id)
    answers = {
        Outcome.DONE: texts.not_person_done(name),
        Outcome.ALREADY: texts.ALREADY_CHANGED,
        Outcome.NOT_YOURS: texts.NOT_YOURS,
    }
    await query.answer(answers[outcome], show_alert=outcome != Outcome.DONE)
    if outcome == Outcome.DONE and query.bot is not None:
        await query.bot.send_message(query.from_user.id, texts.not_person_done(name))


async def answer_suggestion(
    query: CallbackQuery, callback_data: SuggestionData, corrections: Corrections
) -> None:
    outcome, _ = await corrections.answer_suggestion(
        callback_data.id, query.from_user.id, callback_data.yes
    )
    answers = {
        Outcome.DONE: texts.SUGGESTION_YES if callback_data.yes else texts.SUGGESTION_NO,
        Outcome.ALREADY: texts.SUGGESTION_ALREADY_ANSWERED,
        Outcome.NOT_YOURS: texts.NOT_YOURS,
    }
    await query.answer(answers[outcome], show_alert=outcome == Outcome.NOT_YOURS)
    if outcome != Outcome.NOT_YOURS and query.message is not None and query.bot is not None:
        await query.bot.edit_message_reply_markup(
            chat_id=query.message.chat.id, message_id=query.message.message_id, reply_markup=None
        )


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="corrections")
    routes.callback_query.register(not_this_person, NotPersonData.filter())
    routes.callback_query.register(answer_suggestion, SuggestionData.filter())
    return routes
