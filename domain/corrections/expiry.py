"""Questions ("Is this Alice?") nobody answered expire a set time after they were asked:
the suggestion is marked expired (only if it is still open: an answer that came first
wins), its crop deleted once no question about the face is open, then the question in
each chat it was sent to is blanked (the crop replaced by a neutral image, the buttons
gone, the caption saying so, naming nobody: a chat may no longer be a guardian's). The
face stays nobody's; a later photo of them is asked about afresh. A question never asked
(its person or group paused) waits to be asked first. A run cut short after marking
leaves a question with buttons that answer "expired" and drop themselves when pressed."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.blobs import BlobStore
from domain.corrections import texts
from domain.corrections.crops import drop_crop
from domain.corrections.stores import ExpiryStore
from domain.languages.catalogs import in_language
from domain.languages.chats import language_of_chat
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

BATCH = 200  # questions expired per run at most; the next run takes the rest
RUNS_AT_MINUTE = 27  # the run starts hourly, at this minute (the workers' cron)
BUDGET = timedelta(seconds=60)  # no new question after this long (a job has 120 s)


def expires_at(asked_at: datetime, after: timedelta) -> datetime:
    """When a question asked at ``asked_at`` and still open expires: the first hourly run
    more than ``after`` later."""
    due = asked_at + after
    run = due.replace(minute=RUNS_AT_MINUTE, second=0, microsecond=0)
    return run if run > due else run + timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Expired:
    questions: int  # suggestions marked expired
    messages: int  # their messages blanked in chats


class QuestionExpiry:
    def __init__(
        self,
        messenger: Messenger,
        blobs: BlobStore,
        store: ExpiryStore,
        *,
        after: timedelta,
        language_of: Callable[[int], Awaitable[str]] = language_of_chat,
    ) -> None:
        self._language_of = language_of  # a chat's language (the participant's, the group's)
        self._messenger = messenger
        self._blobs = blobs
        self._store = store
        self._after = after

    async def run(self) -> Expired:
        """Expire the open questions asked more than ``after`` ago, oldest first."""
        started = datetime.now(UTC)
        due = await self._store.unanswered(started - self._after, BATCH)
        questions = messages = 0
        for suggestion in due:
            if datetime.now(UTC) - started > BUDGET:
                break
            if not await self._store.expire(suggestion.id, datetime.now(UTC)):
                continue  # answered meanwhile
            questions += 1
            await drop_crop(self._blobs, self._store, suggestion.face_id)
            for chat_id, message_id in suggestion.sent_to:
                with in_language(await self._language_of(chat_id)):
                    caption = texts.suggestion_expired(self._after.days)
                try:
                    if await self._messenger.blank_photo(chat_id, message_id, caption):
                        messages += 1
                    else:
                        log.info("question %s in chat %s not blanked", suggestion.id, chat_id)
                except TelegramUnavailable as error:
                    log.info(
                        "question %s in chat %s not blanked: %s", suggestion.id, chat_id, error
                    )
        if questions:
            log.info(
                "%d unanswered question(s) expired, %d message(s) blanked", questions, messages
            )
        return Expired(questions, messages)
