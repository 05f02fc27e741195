"""The person card: a photo of the person's face (its cover) with what we hold about
them and the buttons a guardian may press, or a text message when there is no cover.

A card that no longer describes anyone (the person deleted, or merged into another)
is deleted rather than edited: Telegram cannot take the photo off a message
(editing the caption keeps the face; editMessageMedia only swaps it for another
picture), and a face must not stay under words that say it is gone.

Every card and /persons list sent is recorded (``domain.persons.shown``): a change to a
person (renamed, merged, deleted, paused, a guardian gone) brings each one still in a
chat up to date at once (``bring_up_to_date``), in every guardian's chat; an enrollment
learned by the worker does so there (``domain.persons.cards``, whose text and buttons
these are too). An older card
no longer kept track of is checked when pressed: one whose name is out of date is
replaced by the current one there.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import suppress
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message

from domain.corrections import texts as corrections_texts
from domain.infra.telegram.callbacks import keyboard
from domain.languages.chats import speaking_to
from domain.persons import shown
from domain.persons.cards import card_buttons, card_text, list_view
from domain.persons.service import PersonCard, PersonRow, Persons


def card_keyboard(card: PersonCard) -> InlineKeyboardMarkup | None:
    return keyboard(card_buttons(card))


async def show_card(bot: Bot, chat_id: int, persons: Persons, person_id: UUID) -> None:
    """A new card of the person, at the end of the chat."""
    card = await persons.card(person_id, chat_id)
    if card is None:
        await bot.send_message(chat_id, corrections_texts.not_yours())
        return
    text = card_text(card)
    cover = await persons.cover(card)
    if cover is not None:
        sent = await bot.send_photo(
            chat_id,
            BufferedInputFile(cover, "cover.jpg"),
            caption=text,
            reply_markup=card_keyboard(card),
        )
    else:
        sent = await bot.send_message(chat_id, text, reply_markup=card_keyboard(card))
    await persons.shown.record(chat_id, sent.message_id, person_id, has_photo=cover is not None)


async def drop_card(bot: Bot, persons: Persons, message: Message) -> None:
    """Delete a card that no longer describes anyone (see the module's docstring)."""
    await _delete(bot, persons, message.chat.id, message.message_id)


async def _delete(bot: Bot, persons: Persons, chat_id: int, message_id: int) -> None:
    with suppress(TelegramAPIError):  # deleted already
        await bot.delete_message(chat_id, message_id)
    await persons.shown.forget(chat_id, message_id)


async def drop_all(bot: Bot, persons: Persons, chat_id: int) -> None:
    """/forget: every card and list in the user's chat goes (the persons and faces they
    show are being deleted)."""
    for message in await persons.shown.in_chat(chat_id):
        await _delete(bot, persons, chat_id, message.message_id)


def persons_list_view(rows: Sequence[PersonRow]) -> tuple[str, InlineKeyboardMarkup | None]:
    """/persons: the reader's persons, with a button to open each one's card."""
    text, buttons = list_view(rows)
    return text, keyboard(buttons)


async def update_list_at(bot: Bot, chat_id: int, message_id: int, persons: Persons) -> None:
    """The /persons list (message ``message_id``) lists the reader's persons as they are
    now: a person merged away or deleted is no longer offered."""
    text, markup = persons_list_view(await persons.of_user(chat_id))
    with suppress(TelegramBadRequest):  # unchanged, or deleted
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )


async def bring_up_to_date(
    bot: Bot,
    persons: Persons,
    person_ids: Collection[UUID],
    *,
    drop: Collection[UUID] = (),
    asked: shown.Shown | None = None,
) -> None:
    """Every card of these persons still in a chat shows the person as it is now, in its
    reader's language, or goes where it no longer describes anyone to its reader (merged
    away, being deleted, a guardian who left); a card that must lose or gain its picture
    is replaced by one current card. The /persons lists of their guardians too.
    ``drop``: persons whose cards go whatever they are now (their faces being forgotten:
    the picture is one of them). ``asked``: the card a question was asked from, in case it
    is not kept track of."""
    lists = await persons.shown.lists_about([*person_ids, *drop])
    for gone in await persons.shown.cards_of(drop):
        await _delete(bot, persons, gone.chat_id, gone.message_id)
    cards = await persons.shown.cards_of(person_ids)
    if (
        asked is not None
        and asked.person_id in person_ids
        and all((c.chat_id, c.message_id) != (asked.chat_id, asked.message_id) for c in cards)
    ):
        cards.append(asked)
    edited: set[tuple[int, UUID]] = set()
    replaced: set[tuple[int, UUID]] = set()
    for shown_card in cards:
        chat_id, person_id = shown_card.chat_id, shown_card.person_id
        if person_id is None:
            continue
        async with speaking_to(chat_id):
            card = await persons.card(person_id, chat_id)
            if card is None or shown_card.has_photo != (card.cover_key is not None):
                await _delete(bot, persons, chat_id, shown_card.message_id)
                if card is not None:
                    replaced.add((chat_id, person_id))
                continue
            await _edit(bot, chat_id, shown_card.message_id, shown_card.has_photo, card)
            edited.add((chat_id, person_id))
    for chat_id, person_id in replaced - edited:
        async with speaking_to(chat_id):
            await show_card(bot, chat_id, persons, person_id)
    for listing in lists:
        async with speaking_to(listing.chat_id):
            await update_list_at(bot, listing.chat_id, listing.message_id, persons)


async def _edit(bot: Bot, chat_id: int, message_id: int, has_photo: bool, card: PersonCard) -> None:
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
