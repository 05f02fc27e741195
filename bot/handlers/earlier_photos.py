"""Answering a sheet of earlier photos' faces ("I found 3 earlier photos of Sara in 5B:
are these faces Sara?"), of look-alike faces ("These 5 faces look like Sara") and a batch
of questions ("Are these 5 faces Sara?").
Callback data is user input: the service checks the presser is a guardian of the person
before anything is said of it, and checks every photo again before it goes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InaccessibleMessage

from bot.replies import answer
from domain.corrections import texts as corrections_texts
from domain.earlier_photos import texts
from domain.earlier_photos.service import Answer, Answered, EarlierPhotoAnswers, Reply
from domain.infra.telegram.callbacks import EarlierPhotosData, expand
from domain.languages import texts as languages_texts

# What each answer says, made when answering: in the presser's language, not the one
# current when the module was imported.
REPLIES: dict[Answer, Callable[[], str]] = {
    Answer.SENT: texts.offer_sent,
    Answer.DECLINED: texts.offer_declined,
    Answer.ONE_BY_ONE: texts.offer_one_by_one,
    Answer.ALREADY: texts.offer_already_answered,
    Answer.STALE: texts.offer_looking_again,
    Answer.CLOSED: texts.offer_nothing_sent,
}


def _outcome(answered: Answered) -> str:
    if answered.answer == Answer.STALE:
        return texts.earlier_photos_stale(answered.name)
    if answered.questions:
        return corrections_texts.questions_sheet_answered(
            answered.name,
            answered.answer.value,
            answered.photos,
            answered.to_you,
            answered.closed,
            answered.clips,
        )
    if answered.sheet:
        return texts.look_alikes_answered(
            answered.name,
            answered.group,
            answered.answer.value,
            answered.photos,
            answered.to_you,
            answered.clips,
            answered.clips_to_you,
        )
    if answered.answer == Answer.SENT:
        return texts.earlier_photos_sent(
            answered.name,
            answered.group,
            answered.photos,
            answered.to_you,
            answered.clips,
            answered.clips_to_you,
        )
    return texts.earlier_photos_declined(answered.name, answered.group)


async def answer_offer(
    query: CallbackQuery,
    callback_data: EarlierPhotosData,
    earlier_photo_answers: EarlierPhotoAnswers,
) -> None:
    offer_id = expand(callback_data.id)
    if offer_id is None or callback_data.reply not in set(Reply):
        await answer(query, languages_texts.button_expired(), alert=True)
        return
    answered = await earlier_photo_answers.answer(
        offer_id, query.from_user.id, Reply(callback_data.reply)
    )
    if answered.answer == Answer.NOT_YOURS:
        await answer(query, corrections_texts.not_yours(), alert=True)
        return
    if answered.answer == Answer.LEFT:
        await answer(query, texts.earlier_photos_left(answered.group), alert=True)
        return
    message = query.message
    if message is not None and not isinstance(message, InaccessibleMessage) and query.bot:
        if answered.answer in (Answer.ALREADY, Answer.CLOSED):
            with contextlib.suppress(TelegramAPIError):
                await query.bot.edit_message_reply_markup(
                    chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
                )
        else:
            # The answer holds for every guardian it was shown to: each message says so.
            await _say(query.bot, message.chat.id, message.message_id, answered, _outcome(answered))
            elsewhere = (
                _outcome(answered)
                if answered.answer == Answer.STALE
                else texts.offer_answered_elsewhere(answered.name, answered.answer.value)
            )
            for chat_id, message_id in answered.others:
                await _say(query.bot, chat_id, message_id, answered, elsewhere)
    if answered.answer == Answer.SENT and not answered.photos:
        # Nothing was left to send (taken down, past the group's retention, corrected):
        # the popup says so, as the message now does, not "On their way."
        await answer(query, texts.offer_nothing_sent())
        return
    if answered.answer == Answer.ALREADY and answered.questions:
        # A sheet of questions is a question, not an offer (findings20 7).
        await answer(query, corrections_texts.suggestion_already_answered())
        return
    await answer(query, REPLIES[answered.answer]())


async def _say(bot: Bot, chat_id: int, message_id: int, answered: Answered, text: str) -> None:
    """Replace an offer's text (a sheet's caption) with ``text``, buttons gone."""
    with contextlib.suppress(TelegramAPIError):
        if answered.sheet:
            await bot.edit_message_caption(
                chat_id=chat_id, message_id=message_id, caption=text, reply_markup=None
            )
        else:
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=None
            )


def router() -> Router:
    """This feature's handlers on a fresh router (one per dispatcher)."""
    routes = Router(name="earlier_photos")
    routes.callback_query.register(answer_offer, EarlierPhotosData.filter())
    return routes
