"""How every button is answered: a plain-text popup (Telegram shows no markup there),
and the pressed message rewritten to say what was done, without its buttons."""

from __future__ import annotations

import logging
from contextlib import suppress
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from domain.buttons import Refusal
from domain.infra.telegram.callbacks import KeepData, TokenData, short
from domain.languages import markup, texts

log = logging.getLogger(__name__)

# Telegram shows at most this many characters in a button's popup (answerCallbackQuery).
POPUP_LIMIT = 200


# Telegram refuses longer messages: UTF-16 code units of the text as shown, after the
# markup is parsed (a character outside the BMP, an emoji, counts two).
MESSAGE_LIMIT = 4096


def shown_length(text: str) -> int:
    """How long Telegram counts ``text`` (HTML) against ``MESSAGE_LIMIT``."""
    return len(markup.plain(text).encode("utf-16-le")) // 2


def in_parts(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` (HTML) as messages Telegram accepts: whole paragraphs together while they fit
    (a translation may be longer than the English); a paragraph longer than ``limit`` (the
    Spanish and Russian "What I keep" list) is cut between its lines (each a point of the
    list, its markup closed on it), lines together while they fit. Nothing is left out; a
    single line longer than ``limit`` would be refused (none of facedrop's is:
    tests/unit/test_catalogs.py measures /privacy in every language)."""
    parts: list[str] = []
    for paragraph in text.split("\n\n"):
        pieces = [paragraph] if shown_length(paragraph) <= limit else _lines(paragraph, limit)
        for at, piece in enumerate(pieces):
            joined = f"{parts[-1]}\n\n{piece}" if parts else piece
            if parts and at == 0 and shown_length(joined) <= limit:
                parts[-1] = joined
            else:
                parts.append(piece)
    return parts


def _lines(paragraph: str, limit: int) -> list[str]:
    """A paragraph too long for one message, as its lines together while they fit."""
    pieces: list[str] = []
    for line in paragraph.split("\n"):
        joined = f"{pieces[-1]}\n{line}" if pieces else line
        if pieces and shown_length(joined) <= limit:
            pieces[-1] = joined
        else:
            pieces.append(line)
    return pieces


async def answer_in_parts(message: Message, text: str) -> None:
    for part in in_parts(text):
        await message.answer(part)


# Telegram's words for a button answered too late (the user's app stopped waiting) or twice.
QUERY_TOO_OLD = "query is too old"


async def answer(query: CallbackQuery, text: str = "", *, alert: bool = False) -> None:
    """Answer the button (every button is answered, once); ``text`` may be HTML.

    A press answered too late (or already answered) is harmless: the action is done and the
    chat shows its result, only the popup is lost, so the handler goes on.
    """
    shown = markup.plain(text)
    if len(shown) > POPUP_LIMIT:
        shown = shown[: POPUP_LIMIT - 1] + "…"
    try:
        await query.answer(shown or None, show_alert=alert and bool(shown))
    except TelegramBadRequest as exc:
        if QUERY_TOO_OLD not in exc.message:
            raise
        log.info("button %s answered too late: %s", query.id, exc.message)


def pressed_message(query: CallbackQuery) -> Message | None:
    """The message the button was on, when the bot can still edit it."""
    return query.message if isinstance(query.message, Message) else None


def shows_pressed_button(query: CallbackQuery) -> bool:
    """Whether the pressed message still shows the pressed button: a press from a client
    that has not redrawn it (a double tap), or a replayed one, after the message changed
    answers nothing there."""
    message = pressed_message(query)
    markup = message.reply_markup if message is not None else None
    return markup is not None and any(
        button.callback_data == query.data for row in markup.inline_keyboard for button in row
    )


async def conclude(query: CallbackQuery, text: str) -> None:
    """The pressed message now says ``text`` (HTML) and has no buttons left."""
    message = pressed_message(query)
    if message is None:
        return
    with suppress(TelegramBadRequest):  # pressed again: already says so ("not modified")
        if message.photo or message.document or message.video:
            await message.edit_caption(caption=text, reply_markup=None)
        else:
            await message.edit_text(text, reply_markup=None)


async def drop_buttons(query: CallbackQuery) -> None:
    """Remove the message's buttons, keeping what it says."""
    message = pressed_message(query)
    if message is not None and message.reply_markup is not None:
        with suppress(TelegramBadRequest):  # removed meanwhile by another press
            await message.edit_reply_markup(reply_markup=None)


async def drop_pressed(query: CallbackQuery) -> None:
    """Remove only the pressed button (a list of undo buttons keeps the others)."""
    message = pressed_message(query)
    if message is None or message.reply_markup is None:
        return
    rows = [
        [button for button in row if button.callback_data != query.data]
        for row in message.reply_markup.inline_keyboard
    ]
    rows = [row for row in rows if row]
    with suppress(TelegramBadRequest):
        await message.edit_reply_markup(
            reply_markup=InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
        )


async def delete_messages(bot: Bot, chat_id: int, message_ids: list[int]) -> None:
    """Delete the bot's messages; one already gone (or too old to delete) is let be."""
    for message_id in message_ids:
        with suppress(TelegramAPIError):
            await bot.delete_message(chat_id, message_id)


def token_button(label: str, token: UUID) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=label, callback_data=TokenData(id=short(token)).pack())


def dismiss_button(label: str, token: UUID) -> InlineKeyboardButton:
    """ "No, keep it" beside ``token``'s button: pressing it spends that one."""
    return InlineKeyboardButton(text=label, callback_data=KeepData(id=short(token)).pack())


def button_refusal(refusal: Refusal | None) -> str:
    """Why a single-use button did nothing (plain text, for its popup)."""
    if refusal is Refusal.OTHER_CHAT:
        return texts.button_other_chat()
    if refusal is Refusal.NOT_YOURS:
        return texts.button_not_yours()
    return texts.button_expired()
