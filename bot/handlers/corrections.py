"""Buttons on delivered photos and suggestions. Callback data is user input: the
services re-check that the clicking user is a guardian of the person."""

from __future__ import annotations

from uuid import UUID

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from domain import texts
from domain.corrections import Corrections, Outcome
from domain.infra.telegram.callbacks import MoveData, NotPersonData, SuggestionData, expand, short


async def not_this_person(
    query: CallbackQuery, callback_data: NotPersonData, corrections: Corrections
) -> None:
    """ "Not Alice?": a guardian of other persons is asked who it is; others just detach it."""
    others = await corrections.other_persons(callback_data.face, query.from_user.id)
    if others and query.bot is not None:
        await query.answer()
        face = short(callback_data.face)
        rows = [
            [
                InlineKeyboardButton(
                    text=p.name, callback_data=MoveData(face=face, to=short(p.id)).pack()
                )
            ]
            for p in others
        ]
        rows.append(
            [
                InlineKeyboardButton(
                    text=texts.NONE_OF_MINE, callback_data=MoveData(face=face, to="").pack()
                )
            ]
        )
        name = await corrections.person_name(callback_data.face) or "them"
        await query.bot.send_message(
            query.from_user.id,
            texts.who_is_it(name),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows),
        )
        return
    await _detach(query, callback_data.face, corrections)


async def _report(query: CallbackQuery, outcome: Outcome, done: str) -> None:
    """Answer the button; a change that happened is also confirmed in the chat."""
    answers = {
        Outcome.DONE: done,
        Outcome.ALREADY: texts.ALREADY_CHANGED,
        Outcome.NOT_YOURS: texts.NOT_YOURS,
    }
    await query.answer(answers[outcome], show_alert=outcome != Outcome.DONE)
    if outcome == Outcome.DONE and query.bot is not None:
        await query.bot.send_message(query.from_user.id, done)


async def _detach(query: CallbackQuery, face_id: UUID, corrections: Corrections) -> None:
    outcome, name = await corrections.not_this_person(face_id, query.from_user.id)
    await _report(query, outcome, texts.not_person_done(name))


async def move_face(
    query: CallbackQuery, callback_data: MoveData, corrections: Corrections
) -> None:
    face_id = expand(callback_data.face)
    if face_id is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    if not callback_data.to:
        await _detach(query, face_id, corrections)
        return
    to_person = expand(callback_data.to)
    outcome, name = (
        await corrections.move_face(face_id, to_person, query.from_user.id)
        if to_person
        else (Outcome.NOT_YOURS, "")
    )
    await _report(query, outcome, texts.moved_to(name))


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
    routes.callback_query.register(move_face, MoveData.filter())
    routes.callback_query.register(answer_suggestion, SuggestionData.filter())
    return routes
