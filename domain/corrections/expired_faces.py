"""Questions about faces a group's retention deletes: closed, saying why.

Retention publishes ``FacesExpired`` before the faces go (their questions go with them):
each question still open about one of them ("Is this Alice?", single or pair), and each
guardian's sheet of questions left with none of its faces, loses its picture and buttons
and says that the group keeps faces so many days (as a withdrawn question is closed); so
does each offer of earlier photos left with none of its faces.
Best effort: a message Telegram keeps as it was stays so, and a press on it hears that
its face is gone."""

from __future__ import annotations

import logging

from domain.corrections import texts
from domain.corrections.stores import ExpiringQuestionStore
from domain.events import FacesExpired
from domain.languages.chats import speaking_to
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


async def on_faces_expired(
    messenger: Messenger, store: ExpiringQuestionStore, event: FacesExpired
) -> None:
    kept = await store.kept_by(event.group_id)
    if kept is None:
        return
    title, days = kept
    for chat_id, message_id in await store.close_about(event.group_id, event.face_ids):
        async with speaking_to(chat_id):
            closed = texts.question_faces_expired(title, days)
        try:
            await messenger.blank_photo(chat_id, message_id, closed)
        except TelegramUnavailable as error:
            log.info("question in chat %s left open: %s", chat_id, error)
    # The offers of earlier photos shown with those faces: nothing is left to send.
    for chat_id, message_id, sheet in await store.close_offers_about(
        event.group_id, event.face_ids
    ):
        async with speaking_to(chat_id):
            closed = texts.offer_faces_expired(title, days)
        try:
            if sheet:
                await messenger.blank_photo(chat_id, message_id, closed)
            else:
                await messenger.replace_text(chat_id, message_id, closed)
        except TelegramUnavailable as error:
            log.info("offer in chat %s left open: %s", chat_id, error)
