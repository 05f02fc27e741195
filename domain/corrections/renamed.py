"""A correction's own message ("Moved: that face is Amy now." [Undo], "OK, that isn't
Amy.", "Undone: that face is Amy's again.") said again in the person's new name once it
is renamed, as the copies' captions and the cards are (findings17 2: they kept the old
name beside captions that used the new one). Its messages are found by their Undo
buttons (``persons.answers``), kept a week past their day: a message older than that
keeps the name it was written with.

A message a merge closed ("... That can't be undone any more", its Undo gone) is opened
again once the merge is undone and its change may be undone again (``on_merge_undone``:
walken3 2, it kept "can't be undone" while /history offered the same change's Undo)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import UUID

from domain.buttons import KEEP_SPENT, VALID_FOR, Action, Buttons, Token
from domain.corrections import texts
from domain.events import PersonRenamed, PersonsMerged
from domain.languages.chats import speaking_to
from domain.persons import texts as persons_texts
from domain.persons.answers import (
    CLOSED,
    REPLACED,
    SHOWN_ON,
    UNDONE,
    UNDONE_DELETED,
    now_said,
    undone_said,
)
from domain.persons.service import Persons
from domain.persons.stores import Change
from domain.states import AssignmentOperation
from domain.telegram import Button, Messenger, PressToken, TelegramUnavailable

log = logging.getLogger(__name__)

# What a correction's message says (noted on its Undo as ``said``), and whose name it is.
MOVED = "moved"  # "Moved: that face is Amy now.": the person it went to
NOT_PERSON = "not_person"  # "OK, that isn't Amy. ...": the person it left
REMOVED = "removed"  # "Removed this photo of Amy ...": the person it left


def said(kind: str, name: str, *, clip: bool = False) -> str:
    """A correction's first words, by ``kind``, naming ``name``."""
    if kind == MOVED:
        return persons_texts.moved_to(name)
    if kind == REMOVED:
        return texts.photo_removed(name, clip=clip)
    return texts.not_person_done(name)


async def on_person_renamed(
    buttons: Buttons, persons: Persons, messenger: Messenger, event: PersonRenamed
) -> None:
    """The person renamed: each correction's message that names it says so in the new
    name, in the chats of its guardians (who read the new name on their cards anyway): an
    open one with its words and its Undo (while it may be pressed), one closed (its Undo
    refused, or the change undone) as it is closed. Best effort: a message Telegram cannot
    edit stays as it was."""
    person_id = event.person_id
    now = datetime.now(UTC)
    changes = await persons.corrected_since([person_id], now - VALID_FOR - KEEP_SPENT)
    by_id = {change.id: change for change in changes}
    chats = await persons.guardian_chats([person_id])
    for token in await buttons.issued_about(Action.UNDO, list(by_id), expired=True):
        message = token.args.get("message")
        if (
            token.args.get("shown") != SHOWN_ON
            or REPLACED in token.args
            or token.subject not in by_id
            or token.chat_id not in chats
            or not (isinstance(message, str) and message.isdigit())
        ):
            continue
        change = by_id[token.subject]
        keyboard: list[list[Button]] = []
        if not token.used and token.expires_at > now:
            # The rename ended its Undo (a button is bound to the names it was shown
            # with): the message gets a new one, that still undoes.
            undo = await buttons.issue(
                token.bound_to or token.chat_id,
                token.chat_id,
                Action.UNDO,
                token.subject,
                **{name: str(value) for name, value in token.args.items()},
            )
            if undo is not None:
                await buttons.withdraw(token.id)
                await buttons.note(token.id, **{REPLACED: str(undo)})
                keyboard = [[PressToken(undo, persons_texts.undo())]]
        async with speaking_to(token.chat_id):
            text = _said_now(token, change, person_id)
        try:
            if text is not None:
                await messenger.replace_text(token.chat_id, int(message), text, keyboard)
            elif keyboard:  # its words name someone else: only its Undo is new
                await messenger.set_buttons(token.chat_id, int(message), keyboard)
        except TelegramUnavailable as error:
            log.info("correction %s in %s left as it was: %s", message, token.chat_id, error)


async def on_merge_undone(
    buttons: Buttons, persons: Persons, messenger: Messenger, event: PersonsMerged
) -> None:
    """A merge undone (or made): each correction's message about either person that was
    closed as no longer undoable, whose change may be undone again now, says what it said
    when it was shown, with a new Undo (the closed one was withdrawn). Best effort."""
    merge = await persons.change(event.event_id)
    if merge is None:
        return
    between = [p for p in (merge.from_person_id, merge.to_person_id) if p is not None]
    since = datetime.now(UTC) - VALID_FOR
    undoable = {c.id: c for c in await persons.corrected_since(between, since) if c.refused is None}
    chats = await persons.guardian_chats(between)
    for token in await buttons.issued_about(Action.UNDO, list(undoable)):
        message, closed = token.args.get("message"), token.args.get(CLOSED)
        if (
            token.args.get("shown") != SHOWN_ON
            or not closed
            or closed in (UNDONE, UNDONE_DELETED)
            or REPLACED in token.args
            or token.subject not in undoable
            or token.chat_id not in chats
            or not (isinstance(message, str) and message.isdigit())
        ):
            continue
        async with speaking_to(token.chat_id):
            text = first_said(token, undoable[token.subject])
        if text is None and closed != "kept":
            continue  # its words were changed, and can't be told again
        args = {name: str(value) for name, value in token.args.items() if name != CLOSED}
        undo = await buttons.issue(
            token.bound_to or token.chat_id, token.chat_id, Action.UNDO, token.subject, **args
        )
        if undo is None:
            continue
        await buttons.note(token.id, **{REPLACED: str(undo)})
        keyboard: list[list[Button]] = [[PressToken(undo, persons_texts.undo())]]
        try:
            if text is not None:
                await messenger.replace_text(token.chat_id, int(message), text, keyboard)
            else:
                await messenger.set_buttons(token.chat_id, int(message), keyboard)
        except TelegramUnavailable as error:
            log.info("correction %s in %s left closed: %s", message, token.chat_id, error)


def _said_now(token: Token, change: Change, person_id: UUID) -> str | None:
    """What the message of this Undo says once ``person_id`` was renamed; None: it says
    what it said (it names someone else, or its words can't be told again)."""
    closed = token.args.get(CLOSED)
    if closed:
        kind, words = now_said(change, change, None)
        named = change.from_person_id if kind in (UNDONE, UNDONE_DELETED) else change.to_person_id
        if words is None or kind == "deleted" or named != person_id:
            return None
        return words()
    if token.used:  # its Undo pressed here: it says the change was undone
        back = change.from_person
        if not change.undone or back is None or change.from_person_id != person_id:
            return None
        return undone_said(token.args, back.name, change)
    return first_said(token, change)


def first_said(token: Token, change: Change) -> str | None:
    """What the message of this Undo said when it was shown, in its persons' names now;
    None: its words can't be told again (they were not noted)."""
    kind = str(token.args.get("said") or "")
    if not kind and change.operation == AssignmentOperation.MOVE:
        kind = MOVED  # shown before its words were noted: a move's
    person = change.to_person if kind == MOVED else change.from_person
    if not kind or person is None:
        return None
    first = said(kind, person.name, clip=bool(token.args.get("clip")))
    rest = str(token.args.get("rest") or "")
    return f"{first} {rest}" if rest else first
