"""The person card: a photo of the person's face (its cover) with what we hold about
them and the buttons a guardian may press, or a text message when there is no cover.

A card that no longer describes anyone (the person deleted, or merged into another)
is deleted rather than edited: Telegram cannot take the photo off a message
(editing the caption keeps the face; editMessageMedia only swaps it for another
picture), and a face must not stay under words that say it is gone. An older card
whose name is out of date is replaced by the current one, where the user pressed it.
"""

from __future__ import annotations

from contextlib import suppress
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message

from domain import texts
from domain.infra.telegram.callbacks import PersonData, short
from domain.languages import dates
from domain.languages.catalogs import _
from domain.persons.rules import card_version
from domain.persons.service import PersonCard, Persons
from domain.states import PersonStatus


def card_keyboard(card: PersonCard) -> InlineKeyboardMarkup:
    pid, version = short(card.id), card_version(card.name)

    def act(action: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=texts.action_label(action),
            callback_data=PersonData(id=pid, act=action, v=version).pack(),
        )

    if card.status == PersonStatus.ENROLLING:  # unfinished: finish, fix its name, or cancel
        return InlineKeyboardMarkup(
            inline_keyboard=[[act("continue")], [act("rename")], [act("discard")]]
        )
    pause = "resume" if card.status == PersonStatus.PAUSED else "pause"
    if not card.is_owner:  # a co-guardian: no buttons for what only the owner may do
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [act("rename"), act("birth")],
                [act("add")],
                [act(pause), act("invite")],
                [act("guardians"), act("history")],
            ]
        )
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [act("rename"), act("birth")],
            [act("add")],
            [act(pause), act("merge")],
            [act("invite"), act("guardians")],
            [act("history")],
            [act("forget_faces"), act("delete")],
        ]
    )


def card_text(card: PersonCard) -> str:
    return texts.person_card(
        card.name,
        _(texts.PERSON_STATUS.get(card.status.value, card.status.value)),
        dates.day(card.birth_date) if card.birth_date else None,
        [(g.name, g.is_you) for g in card.guardians],
        card.groups,
        card.other_groups,
        card.delivered_photos,
        card.faces,
    )


async def show_card(bot: Bot, chat_id: int, persons: Persons, person_id: UUID) -> None:
    """A new card of the person, at the end of the chat."""
    card = await persons.card(person_id, chat_id)
    if card is None:
        await bot.send_message(chat_id, texts.not_yours())
        return
    text = card_text(card)
    cover = await persons.cover(card)
    if cover is not None:
        await bot.send_photo(
            chat_id,
            BufferedInputFile(cover, "cover.jpg"),
            caption=text,
            reply_markup=card_keyboard(card),
        )
    else:
        await bot.send_message(chat_id, text, reply_markup=card_keyboard(card))


async def drop_card(bot: Bot, message: Message) -> None:
    """Delete a card that no longer describes anyone (see the module's docstring)."""
    await _delete(bot, message.chat.id, message.message_id)


async def _delete(bot: Bot, chat_id: int, message_id: int) -> None:
    with suppress(TelegramAPIError):  # deleted already
        await bot.delete_message(chat_id, message_id)


async def update_card(bot: Bot, message: Message, persons: Persons, person_id: UUID) -> None:
    """The card ``message`` shows the person as they are now (``update_card_at``)."""
    await update_card_at(
        bot, message.chat.id, message.message_id, bool(message.photo), persons, person_id
    )


async def update_card_at(
    bot: Bot, chat_id: int, message_id: int, has_photo: bool, persons: Persons, person_id: UUID
) -> None:
    """The card (message ``message_id``, a photo or not) shows the person as they are now:
    edited in place while it can be (a cover still to show, or still none), else deleted
    and sent again; deleted when the person is no longer the reader's to show."""
    card = await persons.card(person_id, chat_id)
    if card is None:
        await _delete(bot, chat_id, message_id)
        return
    if has_photo != (card.cover_key is not None):
        await _delete(bot, chat_id, message_id)
        await show_card(bot, chat_id, persons, person_id)
        return
    with suppress(TelegramBadRequest):  # unchanged
        if has_photo:
            await bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=card_text(card),
                reply_markup=card_keyboard(card),
            )
        else:
            await bot.edit_message_text(
                card_text(card),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=card_keyboard(card),
            )
