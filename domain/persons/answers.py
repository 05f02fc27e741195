"""A correction's own message ("Moved: that face is Amy now." [Undo]) kept true: once a
later change of its face (a move back, a merge, "Forget faces") means its Undo would be
refused, the message says what the move did and why it can't be undone, as /history's line
does, and its Undo goes (findings11 1: it kept "now Amy's" with an Undo that only refused,
in three wordings). As a rename closes the open menus, one pass over the Undo buttons
still on corrections' messages (they last ``buttons.VALID_FOR``: few)."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from uuid import UUID

from domain.buttons import Action, Buttons, Token
from domain.events import PersonsMerged
from domain.languages.catalogs import _
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.service import Persons
from domain.persons.stores import Change
from domain.recognition.assignments import UndoOutcome
from domain.states import AssignmentOperation
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

SHOWN_ON = "correction"  # an Undo issued on a correction's own message (its ``shown``)


class CorrectionAnswers:
    def __init__(self, buttons: Buttons, persons: Persons, messenger: Messenger) -> None:
        self._buttons = buttons
        self._persons = persons
        self._messenger = messenger

    async def close_changed(self, person_ids: Collection[UUID]) -> None:
        """Each correction's message about one of these persons whose Undo would now be
        refused says why, with the Undo gone. Best effort: a message Telegram cannot edit
        stays as it was (its Undo, pressed, says the same refusal)."""
        for token, message_id, change in await self.about(person_ids):
            if change.refused in (None, UndoOutcome.ALREADY_UNDONE):
                continue  # still undoable, or undone: its message said so
            await self._buttons.withdraw(token.id)
            await self._close(token.chat_id, message_id, change)

    async def about(self, person_ids: Collection[UUID]) -> list[tuple[Token, int, Change]]:
        """The corrections' messages about these persons that still offer an Undo: each
        button, the message it is on, and its change as it stands now. Read before a person
        is deleted (``close_deleted``): its changes go with it."""
        found = []
        for token in await self._buttons.unpressed(Action.UNDO):
            message = token.args.get("message")
            if token.args.get("shown") != SHOWN_ON or token.subject is None:
                continue
            if not isinstance(message, str) or not message.isdigit():
                continue
            change = await self._persons.change(token.subject)
            if change is None or not {change.from_person_id, change.to_person_id} & set(person_ids):
                continue
            found.append((token, int(message), change))
        return found

    async def close_deleted(self, deleted: UUID, about: list[tuple[Token, int, Change]]) -> None:
        """``about`` (read before ``deleted`` went), once it went with its changes: a move
        onto it says that face was its until its faces were deleted; any other (a move away
        from it, "That isn't ...") stays true, and only its Undo goes."""
        for token, message_id, change in about:
            if change.undone:
                continue
            await self._buttons.withdraw(token.id)
            if change.to_person_id == deleted:
                await self._close(
                    token.chat_id, message_id, replace(change, refused=UndoOutcome.NOT_UNDOABLE)
                )
            else:
                await self._drop(token.chat_id, message_id)

    async def refused(self, event_id: UUID, chat_id: int, message_id: int) -> str | None:
        """An Undo on a correction's message pressed once it could no longer act (its
        button expired, or the undo refused): why, as /history says it, the message saying
        the same; None: it could still act, or was undone already."""
        change = await self._persons.change(event_id)
        if change is None or change.refused in (None, UndoOutcome.ALREADY_UNDONE):
            return None  # undoable, or undone here (a replay: "expired", as any button)
        await self._close(chat_id, message_id, change)
        return _(texts.UNDO_TEXTS[change.refused.value])

    async def close_merged(self, event_id: UUID) -> None:
        """A merge, or its undo: the corrections about either person may no longer be
        undone."""
        change = await self._persons.change(event_id)
        if change is not None:
            await self.close_changed([p for p in (change.from_person_id, change.to_person_id) if p])

    async def _close(self, chat_id: int, message_id: int, change: Change) -> None:
        try:
            if change.operation == AssignmentOperation.MOVE and change.to_person is not None:
                why = (change.refused or UndoOutcome.CHANGED_SINCE).value
                async with speaking_to(chat_id):
                    text = texts.moved_changed_since(change.to_person.name, why)
                await self._messenger.replace_text(chat_id, message_id, text)
            else:  # what it said ("That isn't Alice") stays true: only its Undo goes
                await self._messenger.drop_buttons(chat_id, message_id)
        except TelegramUnavailable as error:
            log.info("answer %s in %s left as it was: %s", message_id, chat_id, error)

    async def _drop(self, chat_id: int, message_id: int) -> None:
        try:
            await self._messenger.drop_buttons(chat_id, message_id)
        except TelegramUnavailable as error:
            log.info("answer %s in %s left as it was: %s", message_id, chat_id, error)


async def on_persons_merged(answers: CorrectionAnswers, event: PersonsMerged) -> None:
    await answers.close_merged(event.event_id)
