"""Delivered copies still in guardians' chats, kept true once something changed around
them: a person deleted (or their faces) or renamed, a participant forgotten, a photo
taken down, two persons merged, a group's retention past. Each copy then names the
receiver's persons still in it, with their "Not Alice?" buttons (``copy_caption``); with
none left, its buttons go and the photo stays as it was (the receiver's to keep or
delete).

Collect the copies (``Copies.in_chats``) before the change when it deletes what says
which copies these are (faces, the participant), and show them as they are now
(``Copies.show_as_now``) once it is done."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from domain.delivery.album_notes import AlbumNotes
from domain.delivery.captions import copy_caption
from domain.delivery.stores import CopyStore, DeliveryStore, OwedCopy, SentCopy
from domain.events import ExpiredFacesDeleted, PersonRenamed, PersonsMerged
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for_chat
from domain.languages.chats import speaking_to_participant
from domain.retry import TryAgainLater
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

# The longest one call spends on copies (``show_as_now``), one chat's job too (read when
# called: a test makes it short).
BUDGET_S = 60.0
SHOW_AGAIN_S = 1.0  # a chat's job, its copies still owed once its budget is spent


class Copies:
    def __init__(
        self, messenger: Messenger, store: DeliveryStore, jobs: JobQueue | None = None
    ) -> None:
        """``jobs``: where the copies left once a budget is spent are queued (None: they
        wait for the reconcile cron)."""
        self._messenger = messenger
        self._store: CopyStore = store
        self._jobs = jobs
        self.album_notes = AlbumNotes(messenger, store)  # their "Not Alice?" messages too
        # The copies sent and still in their chats, of these persons' photos, of this
        # participant, of these photos (``CopyStore.copies_in_chats``).
        self.in_chats = store.copies_in_chats

    async def show_as_now(
        self, copies: Sequence[SentCopy], *, budget_s: float | None = None
    ) -> None:
        """Each copy re-captioned to name the receiver's persons in it now, with their
        buttons; none left (or the photo taken down, or the receiver forgotten): its
        buttons taken off. Best effort: a message gone, too old or already so stays as it
        is, quietly.

        Never dropped: the copies are recorded as owed an edit first (``CopyStore.owe``),
        and each struck off once shown. An edit waits for its chat's turn (about one a
        second: a chat of hundreds of copies would run a job past its timeout), so those
        left once ``budget_s`` is spent (or Telegram is busy) are shown by their chat's
        ``SHOW_COPIES`` job (``show_owed``), and those a job lost with Redis or a killed
        worker left by the one the reconcile cron queues again. ``budget_s``: ``BUDGET_S``
        unless given."""
        if not copies:
            return
        owed = await self._store.owe(copies)
        budget_s = BUDGET_S if budget_s is None else budget_s
        left, retry_after = await self._show(owed, time.monotonic() + budget_s)
        # Their albums' "Not Alice? (photo n)" messages, true of the album now.
        await self.album_notes.show_as_now({c.album_id for c in copies if c.album_id is not None})
        if left:
            log.info("%d copies left to their chats' jobs", len(left))
            await self._queue(left, retry_after)

    async def show_later(self, copies: Sequence[SentCopy]) -> None:
        """As ``show_as_now``, all by their chats' jobs (the caller cannot wait for the
        edits)."""
        await self._queue(await self._store.owe(copies))

    async def _queue(self, owed: Sequence[OwedCopy], delay: float | None = None) -> None:
        """The chats' ``SHOW_COPIES`` jobs (None for ``jobs``: the reconcile cron's)."""
        if self._jobs is None:
            return
        for chat_id in sorted({each.copy.chat_id for each in owed}):
            await enqueue_for_chat(self._jobs, job_names.SHOW_COPIES, chat_id, delay)

    async def show_owed(self, chat_id: int) -> None:
        """The ``SHOW_COPIES`` job, one per chat (its edits go one at a time anyway): the
        copies owed an edit in the chat, shown as they are now. It comes back while some are
        still owed: its budget spent, Telegram busy, a newer change owed one afresh while it
        was being edited, or owed more while it ran (that change's job, refused as a
        duplicate of this one, is this last look)."""
        owed = await self._store.owed_in(chat_id)
        _, retry_after = await self._show(owed, time.monotonic() + BUDGET_S)
        await self.album_notes.show_as_now(
            {each.copy.album_id for each in owed if each.copy.album_id is not None}
        )
        if await self._store.owed_in(chat_id):
            raise TryAgainLater(retry_after or SHOW_AGAIN_S)

    async def _show(
        self, owed: Sequence[OwedCopy], deadline: float
    ) -> tuple[list[OwedCopy], float | None]:
        """Show each in turn until ``deadline``: those left (with those a newer change owed
        afresh while they were edited), and when Telegram asked to come back (None: it did
        not)."""
        owed_afresh: list[OwedCopy] = []
        for done, each in enumerate(owed):
            if time.monotonic() > deadline:
                return owed_afresh + list(owed[done:]), None
            try:
                await self._show_one(each.copy)
            except TelegramUnavailable as error:
                log.info("copies in %s left for later: %s", each.copy.chat_id, error)
                return owed_afresh + list(owed[done:]), float(error.retry_after or SHOW_AGAIN_S)
            if not await self._store.shown(each):
                owed_afresh.append(each)
        return owed_afresh, None

    async def _show_one(self, copy: SentCopy) -> None:
        now = await self._store.copy_now(copy)
        if now is not None and now.named:
            guardian = now.guardian
            with speaking_to_participant(guardian):
                caption, buttons = copy_caption(
                    now.named,
                    now.group_title,
                    now.caption,
                    now.caption_entities,
                    buttons=not copy.album,  # an album's photos carry no buttons
                    on_screen=now.on_screen,
                )
            if copy.names_message_id is None:
                await self._messenger.recaption(copy.chat_id, copy.message_id, caption, buttons)
            else:
                # A round video has no caption: its names are in the message beside it,
                # its buttons on it.
                await self._messenger.set_buttons(copy.chat_id, copy.message_id, buttons)
                await self._messenger.replace_text(copy.chat_id, copy.names_message_id, caption)
        elif not copy.album:
            # A round video's names message (it has no buttons) stays as it was, as a
            # copy's caption does: who was in it and where, the buttons gone.
            await self._messenger.drop_buttons(copy.chat_id, copy.message_id)

    async def moved_later(self, event_id: UUID) -> None:
        """The copies of the photos whose faces the assignment event moved, all by their
        chats' jobs (``show_later``), named as they are then."""
        photo_ids = await self._store.photos_moved(event_id)
        if photo_ids:
            await self.show_later(await self.in_chats(photo_ids=list(photo_ids)))


async def on_person_renamed(copies: Copies, event: PersonRenamed) -> None:
    """A renamed person's copies can be many (edits go about one a second): owed an edit
    at once, each chat's shown by its job. A rename while a chat's job still runs (a typo
    put right) owes its copies afresh: those the job edited with the typo are edited
    again."""
    await copies.show_later(await copies.in_chats(person_ids=[event.person_id]))


async def on_persons_merged(copies: Copies, event: PersonsMerged) -> None:
    """The copies of the photos whose faces a merge (or its undo) moved, owed an edit at
    once and shown by their chats' jobs, as a rename's: after a merge they name the kept
    person, never the dropped one; after its undo, each its own. Owed in Postgres, the
    edits outlive a flushed Redis or a killed worker (the reconcile cron queues the jobs
    again)."""
    await copies.moved_later(event.event_id)


async def on_expired_faces_deleted(copies: Copies, event: ExpiredFacesDeleted) -> None:
    """The copies of the photos whose faces retention deleted, shown as they are now (the
    "Not Alice?" of the faces gone taken off), as far as the run's time for edits allows;
    the rest by their chats' jobs (``Copies.show_as_now``)."""
    budget_s = max(0.0, (event.edits_until - datetime.now(UTC)).total_seconds())
    await copies.show_as_now(await copies.in_chats(photo_ids=event.photo_ids), budget_s=budget_s)
