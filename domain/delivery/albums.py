"""Sending several of a guardian's photos from one group as one album (``sendMediaGroup``),
each exactly once, and the "Not Alice?" choices an album cannot carry in one follow-up
message that replies to it.

Two ways lead here: a group in album or digest mode (its ``waiting`` photos, see
``batches``), and a burst in a group that sends each photo at once: a guardian's photos
recognized while their chat waits for its next turn go together at that turn (their
``pending`` deliveries, see ``service``). The caller has taken the chat's turn for the
whole album.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from domain.delivery.album_notes import album_note
from domain.delivery.captions import copy_caption
from domain.delivery.stores import ALBUM_REFUSED, AlbumStore, Guardian, Planned
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.languages.chats import speaking_to_participant
from domain.observability import metrics
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus
from domain.telegram import (
    AlbumItem,
    ChatUnavailable,
    Messenger,
    RecipientUnreachable,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)

ALBUM_MAX = 10  # Telegram's limit of photos and videos in one album
PHOTOS_FIRST_S = 30.0  # the longest an album's "Not Alice?" message waits for the photos after it

# After a delivery, how long the chat's person cards wait to show the new count: the
# deliveries of a burst meanwhile are one edit of each.
CARDS_AFTER_S = 1.0


async def cards_counted(jobs: JobQueue, chat_id: int, now: float | None = None) -> None:
    """Photos or clips were delivered to the chat (``now``, in seconds since the epoch):
    its open person cards say how many now (the ``SHOW_CARDS`` job,
    ``domain.persons.cards.show_delivered``). One job per chat and ``CARDS_AFTER_S`` slot,
    run at the slot's end: the deliveries of a slot share it, and it reads them all; one
    landing while it runs is in the next slot, and queues the next (with one id per chat,
    such a delivery found the job running and queued nothing: a card stayed one short)."""
    now = time.time() if now is None else now
    slot = math.floor(now / CARDS_AFTER_S) + 1
    await jobs.enqueue(
        job_names.SHOW_CARDS,
        str(chat_id),
        job_id=f"{job_names.SHOW_CARDS}:{chat_id}:{slot}",
        delay=slot * CARDS_AFTER_S - now,
    )


class Albums:
    def __init__(self, messenger: Messenger, jobs: JobQueue, store: AlbumStore) -> None:
        self._messenger = messenger
        self._jobs = jobs
        self._store = store

    async def send(self, guardian: Guardian, chunk: list[Planned], origin: DeliveryStatus) -> int:
        """Send ``chunk`` (2 to ``ALBUM_MAX`` of the guardian's deliveries from one group,
        now ``origin``) as one album, the turn taken; how many photos went. Each is reserved
        on the single send's conditions (not taken down, group not paused, still a member,
        one of the guardian's persons in it active): from there on a crash never leads to a
        second send. One that is not reserved goes (or is settled) the single way, which
        decides its fate."""
        group_id, group_title = chunk[0].photo.group_id, chunk[0].photo.group_title
        names = await self._store.names(guardian.id, [d.photo.id for d in chunk])  # before
        # reserving: from the reservations to the request, as little as can be
        won = await self._store.reserve_all([d.id for d in chunk], origin, guardian.id, group_id)
        reserved = [d for d in chunk if d.id in won]
        if await self._store.group_paused(group_id):
            # Paused meanwhile: the album waits for the resume, as it is.
            await self.release(reserved, origin)
            return 0
        await self.single([d for d in chunk if d.id not in won])
        if len(reserved) < 2:
            await self.release(reserved, DeliveryStatus.PENDING)
            await self.queue_single(reserved)
            return 0
        # A video's names say when each is on screen, as its copy alone would.
        on_screen = await self._store.on_screen(
            [
                face
                for d in reserved
                if d.photo.media_kind.is_clip
                for face, _ in names.get(d.photo.id, [])
            ]
        )
        with speaking_to_participant(guardian):
            items = [
                AlbumItem(
                    d.photo.file_id,
                    copy_caption(
                        names.get(d.photo.id, []),
                        group_title,
                        d.photo.caption,
                        d.photo.caption_entities,
                        buttons=False,
                        on_screen=on_screen,
                    )[0],
                    d.photo.media_kind,
                )
                for d in reserved
            ]
        chat_id = guardian.telegram_user_id
        try:
            message_ids = await self._messenger.send_album(chat_id, items, turn_taken=True)
        except RecipientUnreachable as error:
            await self.finish(reserved, DeliveryStatus.PARKED, str(error))
            await self._store.unreachable(guardian.id, datetime.now(UTC))
            return 0
        except ChatUnavailable as error:
            # Refused (nothing was sent): a file Telegram no longer has. One by one, the
            # single way copies the group's message or says what failed.
            log.info("album for participant %s refused: %s", guardian.id, error)
            await self.release(reserved, DeliveryStatus.PENDING, f"{ALBUM_REFUSED}: {error}")
            await self.queue_single(reserved)
            return 0
        except TelegramUnavailable as error:
            await self.release(reserved, origin)
            if origin == DeliveryStatus.PENDING:
                await self.queue_single(reserved[1:])  # the first's own job tries again
            raise TryAgainLater(error.retry_after or 5) from None
        # All the album's photos are marked sent, or none is; the first's id is the album's
        # (the first no older album goes by).
        album_id = await self._store.album_sent(
            [(d.id, message_id) for d, message_id in zip(reserved, message_ids, strict=False)],
            datetime.now(UTC),
        )
        await cards_counted(self._jobs, chat_id)
        for delivery in reserved:
            metrics.delivered(DeliveryStatus.SENT, delivery.photo.posted_at)
        log.info(
            "album of %d photo(s) sent to participant %s from group %s",
            len(reserved),
            guardian.id,
            group_id,
        )
        await enqueue_for(self._jobs, job_names.ALBUM_CORRECTIONS, album_id)
        return len(reserved)

    async def send_burst(self, guardian: Guardian, delivery_ids: list[UUID]) -> int:
        """Send these pending deliveries of the guardian from one group (a burst) as one
        album, oldest first, the turn taken; how many photos went (``send``)."""
        chunk = await self._store.planned(delivery_ids)
        if not chunk:
            return 0
        return await self.send(guardian, chunk, DeliveryStatus.PENDING)

    async def offer_corrections(self, album_id: UUID) -> None:
        """An album carries no buttons: "Not Alice?" for each of its photos follows it in one
        message replying to it (owed until sent: reconcile queues it again), once the
        guardian's photos from the group ready to go have gone (each message waits about a
        second for the chat's turn: the choices can wait, the photos should not; at most
        ``PHOTOS_FIRST_S``). Its buttons are those still true when it goes: a photo taken
        down or a person deleted since has none; with none left, nothing is sent."""
        first = await self._store.album_due(album_id)
        if first is None:
            return
        guardian = first.guardian
        waited = (datetime.now(UTC) - first.sent_at).total_seconds()
        if waited < PHOTOS_FIRST_S and await self._store.any_ready(guardian.id, first.group_id):
            raise TryAgainLater(1)  # without holding a worker's slot meanwhile
        photos = await self._store.album_photos(album_id)
        names = await self._store.names(guardian.id, [item.photo_id for item in photos])
        with speaking_to_participant(guardian):
            said, buttons = album_note(photos, names, first.group_title)
        note_id = None
        if buttons:
            chat_id = guardian.telegram_user_id
            try:
                await self._messenger.wait_turn(chat_id, longest=10)
                note_id = await self._messenger.send_text(
                    chat_id,
                    said,
                    buttons,
                    reply_to=first.message_id,
                    turn_taken=True,
                )
            except TelegramUnavailable as error:
                raise TryAgainLater(error.retry_after or 5) from None
            except (RecipientUnreachable, ChatUnavailable) as error:
                log.info("album corrections for %s not sent: %s", chat_id, error)
        await self._store.corrections_offered(album_id, note_id)

    async def single(self, deliveries: Sequence[Planned]) -> None:
        """These go (or are settled) the single way."""
        if not deliveries:
            return
        await self._store.to_single([d.id for d in deliveries])
        await self.queue_single(deliveries)

    async def queue_single(self, deliveries: Sequence[Planned]) -> None:
        for delivery in deliveries:
            await enqueue_for(self._jobs, job_names.DELIVER, delivery.id)

    async def release(
        self, deliveries: Sequence[Planned], status: DeliveryStatus, refused: str | None = None
    ) -> None:
        """Back to ``status``, unsent; ``refused``: what Telegram said (such a photo goes
        alone from now on)."""
        await self._store.release_all(
            [d.id for d in deliveries], status, None if refused is None else refused[:255]
        )

    async def finish(
        self, deliveries: Sequence[Planned], status: DeliveryStatus, reason: str
    ) -> None:
        """Those still waiting or being sent are settled unsent: ``status``, for ``reason``."""
        ended = await self._store.finish_all([d.id for d in deliveries], status, reason[:255])
        metrics.delivered(status, count=ended)
