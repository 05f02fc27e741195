"""The person card: a photo of the person's face (its cover) with what we hold about
them and the buttons a guardian may press, or a text message when there is no cover.

A card that no longer describes anyone (the person deleted, or merged into another)
is deleted rather than edited: Telegram cannot take the photo off a message
(editing the caption keeps the face; editMessageMedia only swaps it for another
picture), and a face must not stay under words that say it is gone.

Every card and /persons list sent is recorded (``domain.persons.shown``): a change to a
person (renamed, merged, deleted, paused, a guardian gone, its enrollment learned or
approved) brings each one still in a chat up to date at once, in every guardian's chat
(``domain.persons.cards.show_as_now``, whose text and buttons these are too). An older card
no longer kept track of is checked when pressed: one whose name is out of date is
replaced by the current one there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

from domain.buttons import Buttons
from domain.corrections import texts as corrections_texts
from domain.infra.telegram.callbacks import keyboard
from domain.persons import texts as persons_texts
from domain.persons.cards import blank_card, list_view, send_card
from domain.persons.service import Listing, Persons
from domain.persons.shown import Shown
from domain.telegram import Deletion, Messenger, TelegramUnavailable


async def show_card(messenger: Messenger, chat_id: int, persons: Persons, person_id: UUID) -> None:
    """A new card of the person, at the end of the chat (``domain.persons.cards``), or
    why there is none for this reader."""
    if not await send_card(persons, messenger, chat_id, person_id):
        await messenger.send_text(chat_id, corrections_texts.not_yours())


async def drop_card(
    bot: Bot,
    persons: Persons,
    message: Message,
    *,
    messenger: Messenger | None = None,
    said: Callable[[int], str] | None = None,
    replaced_by: UUID | None = None,
) -> None:
    """Delete a card that no longer describes anyone (see the module's docstring); one
    Telegram refuses to delete (older than 48 hours) shows, with a ``messenger``, a neutral
    picture saying ``said`` of its chat, without buttons (findings18 3: it stayed whole).
    ``replaced_by``: ``said`` sends its reader to a newer card of that person, below it
    (``blank_card``)."""
    if messenger is None or said is None:
        await _delete(bot, persons, message.chat.id, message.message_id)
        return
    shown = Shown(message.chat.id, message.message_id, None, has_photo=bool(message.photo))
    with suppress(TelegramUnavailable):  # best effort: a press on it is checked anyway
        if await messenger.delete_message(shown.chat_id, shown.message_id) == Deletion.REFUSED:
            await blank_card(persons, messenger, shown, said, replaced_by=replaced_by)
            return
    await persons.shown.forget(shown.chat_id, shown.message_id)


async def _delete(bot: Bot, persons: Persons, chat_id: int, message_id: int) -> None:
    with suppress(TelegramAPIError):  # deleted already
        await bot.delete_message(chat_id, message_id)
    await persons.shown.forget(chat_id, message_id)


async def _delete_or_empty(messenger: Messenger, persons: Persons, shown: Shown) -> None:
    """A card, list, /history or /settings card at /forget: deleted, or past the 48 hours
    Telegram lets a bot delete its messages in, emptied of the names (and the cover) it
    showed, buttons off: it said what /forget erases."""
    chat_id, message_id = shown.chat_id, shown.message_id
    with suppress(TelegramUnavailable):  # best effort, as every other message of theirs
        if await messenger.delete_message(chat_id, message_id) == Deletion.REFUSED:
            said = (
                persons_texts.history_forgotten()
                if shown.history
                else persons_texts.shown_forgotten()
            )
            if shown.has_photo:
                await messenger.blank_photo(chat_id, message_id, said)
            else:
                await messenger.replace_text(chat_id, message_id, said)
    await persons.shown.forget(chat_id, message_id)


async def forget_account(
    bot: Bot,
    persons: Persons,
    buttons: Buttons,
    messenger: Messenger,
    user_id: int,
    said: tuple[int, int] | None,
) -> None:
    """/forget, confirmed (``said``: the message saying it is under way): every card, list,
    /history and /settings card in the user's chat goes (the persons and faces they name are being
    deleted; one too old to delete is emptied), and the messages their buttons
    were on lose them: found before the erasure takes the buttons with it, they would only
    refuse after it; a correction's own message says nothing is kept of it for them."""
    moot = set(await buttons.messages_of(user_id))
    corrections = set(await buttons.corrections_of(user_id))
    shown = await persons.shown.in_chat(user_id)  # read before the erasure too
    await persons.forget_me(user_id, said)
    for message in shown:
        await _delete_or_empty(messenger, persons, message)
        moot.discard(message.message_id)
        corrections.discard(message.message_id)
    # A correction's message no longer says whose the faces are now ("Moved: these faces
    # are now Yoav's" stayed after "everything was deleted": findings17 3), nor offers to
    # undo it.
    said_now = corrections_texts.answer_forgotten()
    for message_id in sorted(corrections):
        with suppress(TelegramUnavailable):  # deleted, too old, or said so already
            await messenger.replace_text(user_id, message_id, said_now)
        moot.discard(message_id)
    for message_id in sorted(moot):
        with suppress(TelegramAPIError):  # deleted, too old, or without them already
            await bot.edit_message_reply_markup(
                chat_id=user_id, message_id=message_id, reply_markup=None
            )


def persons_list_view(listing: Listing) -> tuple[str, InlineKeyboardMarkup | None]:
    """/persons: the reader's persons, with a button to open each one's card."""
    text, buttons = list_view(listing)
    return text, keyboard(buttons)


async def update_list_at(bot: Bot, chat_id: int, message_id: int, persons: Persons) -> None:
    """The /persons list (message ``message_id``) lists the reader's persons as they are
    now: a person merged away or deleted is no longer offered. Left empty, it says what
    /persons says: after a /forget, "Use /add" would be refused (findings10 7)."""
    text, markup = persons_list_view(await persons.listing(chat_id))
    with suppress(TelegramBadRequest):  # unchanged, or deleted
        await bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
