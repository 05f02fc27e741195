"""The /history message: a guardian's recent changes, newest first, with an Undo button for
each one that can be undone; "/history all" (or "Show automatic matches") lists the matches
recognition made among them, in the same order by time (findings11 18: listed after all
the changes by hand, under "newest first", they read as older than they were).

A /history still in a chat is kept true (``domain.persons.history_view``)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

from domain.buttons import Buttons
from domain.infra.telegram.callbacks import keyboard
from domain.persons.history_view import history_view, listing, note
from domain.persons.service import Persons


async def history_message(
    user_id: int,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID | None = None,
    *,
    automatic: bool = False,
    until: datetime | None = None,
) -> tuple[str, InlineKeyboardMarkup | None, list[UUID]]:
    """The /history text and buttons (and the Undo buttons' tokens): see
    ``domain.persons.history_view``."""
    text, rows, tokens = await history_view(
        user_id, persons, buttons, person_id, automatic=automatic, until=until
    )
    return text, keyboard(rows), tokens


async def send_history(
    bot: Bot,
    user_id: int,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID | None = None,
    *,
    automatic: bool = False,
) -> None:
    until = datetime.now(UTC)
    text, markup, tokens = await history_message(
        user_id, persons, buttons, person_id, automatic=automatic, until=until
    )
    sent = await bot.send_message(user_id, text, reply_markup=markup)
    await persons.shown.record_history(
        user_id, sent.message_id, listing(person_id, automatic, until)
    )
    await note(buttons, tokens, sent.message_id, person_id, automatic, until)
