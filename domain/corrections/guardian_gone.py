"""Questions asked of a guardian who no longer guards their person: closed, saying why;
and at /forget, every question asked of them about their persons.

Persons publish ``GuardianshipEnded`` once a guardian left a person or was removed from it
by its owner: each question still open about the person in their chat ("Is this Alice?",
single or pair), and their sheets of questions about it, lose the picture and buttons and
say that they no longer get the person's photos and clips (their "Yes" only said "That
isn't one of your people."), as retention closes the questions about faces it deletes.
The other guardians' questions stay open. Best effort: a message Telegram keeps as it was
stays so, and a press on it hears that the person is not theirs."""

from __future__ import annotations

import logging

from domain.corrections import texts
from domain.corrections.stores import GoneGuardianQuestionStore
from domain.events import GuardianshipEnded, ParticipantForgotten
from domain.languages.chats import speaking_to
from domain.telegram import Deletion, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


async def on_guardianship_ended(
    messenger: Messenger, store: GoneGuardianQuestionStore, event: GuardianshipEnded
) -> None:
    asked = await store.take_asked_of(event.person_id, event.participant_id)
    if asked is None:
        return
    for chat_id, message_id in asked.messages:
        async with speaking_to(chat_id):
            closed = texts.question_guardian_gone(asked.person_name)
        try:
            await messenger.blank_photo(chat_id, message_id, closed)
        except TelegramUnavailable as error:
            log.info("question in chat %s left open: %s", chat_id, error)


async def on_participant_forgotten(
    messenger: Messenger, store: GoneGuardianQuestionStore, event: ParticipantForgotten
) -> None:
    """/forget: the questions in their chat about their persons lose the picture and any
    button, the open ones saying they are closed (findings16 9: "Is this Alice?" kept its
    "Yes", which answered "That isn't one of your people."), the answered ones no longer
    saying what is remembered ("I'll remember these faces aren't Yoav's": findings17 3)."""
    chat_id = event.telegram_user_id
    asked = await store.take_asked_in(chat_id)
    if asked is None:
        return
    async with speaking_to(chat_id):
        closed, answered = texts.question_forgotten(), texts.answer_forgotten()
    for said, messages in ((closed, asked.open), (answered, asked.answered)):
        for chat, message_id in messages:
            try:
                await messenger.blank_photo(chat, message_id, said)
            except TelegramUnavailable as error:
                log.info("question %s in chat %s left as it was: %s", message_id, chat, error)
    # An offer of earlier photos shows them and names the person: it goes where Telegram
    # lets it (as before the questions were closed here), else it is closed as they are.
    for chat, message_id in asked.offers:
        try:
            if await messenger.delete_message(chat, message_id) == Deletion.REFUSED:
                await messenger.blank_photo(chat, message_id, closed)
        except TelegramUnavailable as error:
            log.info("offer %s in chat %s left as it was: %s", message_id, chat, error)
