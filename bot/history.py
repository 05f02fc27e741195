"""The /history message: a guardian's recent changes, newest first, with an Undo button for
each one that can be undone; "/history all" (or "Show automatic matches") lists the matches
recognition made among them, in the same order by time (findings11 18: listed after all
the changes by hand, under "newest first", they read as older than they were).

A change undone anywhere (this list, another /history, the correction's own message, a
co-guardian's) is marked undone in every /history still listing it, and its Undo goes
there (``refresh_histories``)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.replies import token_button
from domain.buttons import Action, Buttons
from domain.infra.telegram.callbacks import HistoryData, short
from domain.languages import dates
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.service import ANSWERED_NO, Persons


async def history_message(
    user_id: int,
    persons: Persons,
    buttons: Buttons,
    person_id: UUID | None = None,
    *,
    automatic: bool = False,
    until: datetime | None = None,
) -> tuple[str, InlineKeyboardMarkup | None, list[UUID]]:
    """The /history text and buttons (and the Undo buttons' tokens): the changes made by
    hand, with the matches recognition made only on request (``automatic``); ``until``:
    only the changes made by then (what a /history shown then listed), as they stand now."""
    rows = await persons.history(user_id, person_id, automatic=automatic, until=until)
    hidden = not automatic and await persons.matched_automatically(user_id, person_id, until=until)
    lines: list[tuple[str, object]] = []
    offered: list[tuple[int, UUID]] = []  # the lines with an Undo: (number, change)
    others_only = False
    for i, row in enumerate(rows):
        when = texts.history_when_by(dates.moment_zoned(row.when), row.by, mine=row.mine)
        line = (
            texts.history_answer_line(when, row.from_name or "?", not row.undone)
            if row.operation == ANSWERED_NO
            else texts.history_line(
                when,
                row.operation,
                row.from_name,
                row.to_name,
                row.faces,
                row.undone,
                reverts=row.reverts,
                faces_gone=row.faces_gone,
                changed_since=row.changed_since,
            )
        )
        lines.append((line, row.id))
        undoable = (
            not row.undone and not row.reverts and not row.faces_gone and not row.changed_since
        )
        if row.by and undoable and not row.may_undo:
            others_only = True
        # An undo is not undone in turn, nor a change whose faces were deleted or that
        # was changed since (its undo would refuse); another guardian's change only by
        # them or the owner.
        if undoable and row.may_undo:
            offered.append((i + 1, row.id))
    # The page's Undo buttons issued at once (a few queries, not a few for each line).
    tokens = await buttons.issue_all(user_id, user_id, Action.UNDO, [c for _n, c in offered])
    keyboard = [
        [token_button(f"{texts.undo()} {number}", token)]
        for (number, _change), token in zip(offered, tokens, strict=False)
    ]
    text = texts.history(lines)
    if others_only:
        text += "\n\n" + texts.history_others_changes()
    if hidden:
        text += "\n\n" + texts.history_automatic_hidden()
        data = HistoryData(person=short(person_id) if person_id else "").pack()
        keyboard.append([InlineKeyboardButton(text=texts.show_automatic(), callback_data=data)])
    markup = InlineKeyboardMarkup(inline_keyboard=keyboard) if keyboard else None
    return text, markup, tokens


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
    await persons.shown.record_history(user_id, sent.message_id)
    await _note(buttons, tokens, sent.message_id, person_id, automatic, until)


async def _note(
    buttons: Buttons,
    tokens: list[UUID],
    message_id: int,
    person_id: UUID | None,
    automatic: bool,
    until: datetime,
) -> None:
    """Each Undo button knows the /history it is on, and what that listed: to say there
    what became of its change, wherever it is undone."""
    await buttons.note_all(
        tokens,
        history=str(message_id),
        person=str(person_id or ""),
        automatic="1" if automatic else "",
        until=until.isoformat(),
    )


async def refresh_histories(bot: Bot, persons: Persons, buttons: Buttons, event_id: UUID) -> None:
    """The change ``event_id`` was undone: every /history still listing it with an Undo
    button says so now, with the buttons still of use."""
    seen: set[tuple[int, str]] = set()
    for user_id, chat_id, args in await buttons.shown_for(Action.UNDO, event_id):
        message_id = args.get("history")
        if not isinstance(message_id, str) or chat_id != user_id:
            continue  # an Undo on a correction's own message: that one says it itself
        if (user_id, message_id) in seen:  # listed again (its buttons made anew)
            continue
        seen.add((user_id, message_id))
        await history_again(bot, persons, buttons, user_id, args)


async def history_again(
    bot: Bot, persons: Persons, buttons: Buttons, user_id: int, args: Mapping[str, object]
) -> None:
    """The /history an Undo button was on (``args``: what ``_note`` kept on it) says what
    its lines are now, with the buttons still of use: after an undo, or a press its undo
    refused (the change was changed since)."""
    message_id, listed = args.get("history"), args.get("until")
    if not isinstance(message_id, str) or not isinstance(listed, str):
        return
    person = args.get("person")
    person_id = UUID(person) if isinstance(person, str) and person else None
    automatic = args.get("automatic") == "1"
    until = datetime.fromisoformat(listed)
    async with speaking_to(user_id):
        text, markup, tokens = await history_message(
            user_id, persons, buttons, person_id, automatic=automatic, until=until
        )
    # Deleted, unchanged or too old: nothing to edit.
    with suppress(TelegramBadRequest):
        await bot.edit_message_text(
            text, chat_id=user_id, message_id=int(message_id), reply_markup=markup
        )
    await _note(buttons, tokens, int(message_id), person_id, automatic, until)
