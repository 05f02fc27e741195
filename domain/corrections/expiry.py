"""Questions ("Is this Alice?") nobody answered expire after a set time: the question in
each guardian's chat is blanked (its face crop replaced by a neutral image, its buttons
gone, its caption saying so), then the suggestion is marked expired and the crop is
deleted once no question about the face is open. The face stays nobody's; a later photo
of them is asked about afresh. Blanking first, marking after: a
run cut short between the two blanks again next time (blanking what is already blank
is a success), and a question pressed meanwhile is still answered as usual."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain import texts
from domain.blobs import BlobStore
from domain.corrections.service import drop_crop
from domain.infra.models import Suggestion
from domain.retry import TryAgainLater
from domain.states import SuggestionStatus
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

BATCH = 200  # questions expired per run at most; the next run takes the rest


@dataclass(frozen=True, slots=True)
class Expired:
    questions: int  # suggestions marked expired
    messages: int  # their messages blanked in guardians' chats


class QuestionExpiry:
    def __init__(self, messenger: Messenger, blobs: BlobStore, *, after: timedelta) -> None:
        self._messenger = messenger
        self._blobs = blobs
        self._after = after

    async def run(self) -> Expired:
        """Expire the pending questions older than ``after``."""
        due = (
            await Suggestion.filter(
                status=SuggestionStatus.PENDING, created_at__lt=datetime.now(UTC) - self._after
            )
            .limit(BATCH)
            .prefetch_related("person")
        )
        questions = messages = 0
        for suggestion in due:
            caption = texts.suggestion_expired(suggestion.person.name, self._after.days)
            for chat_id, message_id in suggestion.sent_to or []:
                try:
                    if await self._messenger.blank_photo(chat_id, message_id, caption):
                        messages += 1
                    else:
                        log.info("question %s in chat %s not blanked", suggestion.id, chat_id)
                except TelegramUnavailable as error:
                    raise TryAgainLater(error.retry_after or 5) from None
            questions += await Suggestion.filter(
                id=suggestion.id, status=SuggestionStatus.PENDING
            ).update(status=SuggestionStatus.EXPIRED)
            await drop_crop(self._blobs, suggestion.face_id)  # type: ignore[attr-defined]
        if questions:
            log.info(
                "%d unanswered question(s) expired, %d message(s) blanked", questions, messages
            )
        return Expired(questions, messages)
