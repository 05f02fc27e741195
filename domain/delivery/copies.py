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
from uuid import UUID, uuid4

from domain.delivery.album_notes import AlbumNotes
from domain.delivery.captions import copy_caption
from domain.delivery.stores import CopyStore, DeliveryStore, SentCopy
from domain.events import ExpiredFacesDeleted, PersonRenamed
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, job_id
from domain.languages.chats import speaking_to_participant
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

BUDGET_S = 60.0  # the longest one job spends on copies (``show_as_now``)


class Copies:
    def __init__(self, messenger: Messenger, store: DeliveryStore) -> None:
        self._messenger = messenger
        self._store: CopyStore = store
        self.album_notes = AlbumNotes(messenger, store)  # their "Not Alice?" messages too
        # The copies sent and still in their chats, of these persons' photos, of this
        # participant, of these photos (``CopyStore.copies_in_chats``).
        self.in_chats = store.copies_in_chats

    async def show_as_now(
        self, copies: Sequence[SentCopy], *, budget_s: float = BUDGET_S
    ) -> list[SentCopy]:
        """Each copy re-captioned to name the receiver's persons in it now, with their
        buttons; none left (or the photo taken down, or the receiver forgotten): its
        buttons taken off. Best effort: a message gone, too old or already so stays as it
        is, quietly. Returns the copies left as they were once ``budget_s`` was spent (an
        edit waits for its chat's turn, about one a second: a job must not run past its
        timeout for a chat of hundreds of copies): ``show_in_turn`` has a job show them."""
        deadline = time.monotonic() + budget_s
        left = await self._show_copies(copies, deadline)
        # Their albums' "Not Alice? (photo n)" messages, true of the album now.
        await self.album_notes.show_as_now({c.album_id for c in copies if c.album_id is not None})
        return left

    async def _show_copies(self, copies: Sequence[SentCopy], deadline: float) -> list[SentCopy]:
        for done, copy in enumerate(copies):
            if time.monotonic() > deadline:
                log.info("%d copies left as they were: out of time", len(copies) - done)
                return list(copies[done:])
            now = await self._store.copy_now(copy)
            try:
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
                        await self._messenger.recaption(
                            copy.chat_id, copy.message_id, caption, buttons
                        )
                    else:
                        # A round video has no caption: its names are in the message
                        # beside it, its buttons on it.
                        await self._messenger.set_buttons(copy.chat_id, copy.message_id, buttons)
                        await self._messenger.replace_text(
                            copy.chat_id, copy.names_message_id, caption
                        )
                elif not copy.album:
                    # A round video's names message (it has no buttons) stays as it was, as
                    # a copy's caption does: who was in it and where, the buttons gone.
                    await self._messenger.drop_buttons(copy.chat_id, copy.message_id)
            except TelegramUnavailable as error:
                log.info("copy %s in %s left as it was: %s", copy.message_id, copy.chat_id, error)
        return []

    async def recaption_after(self, event_id: UUID) -> None:
        """The copies of the photos whose faces the assignment event moved, named as they
        are now (after a merge: the kept name, never the dropped one; after its undo: each
        its own)."""
        photo_ids = await self._store.photos_moved(event_id)
        if photo_ids:
            await self.show_as_now(await self.in_chats(photo_ids=photo_ids))

    async def recaption_person(self, person_id: UUID) -> None:
        """The copies of the person's photos, named as it is now (after a rename)."""
        await self.show_as_now(await self.in_chats(person_ids=[person_id]))


async def on_person_renamed(jobs: JobQueue, event: PersonRenamed) -> None:
    """A renamed person's copies can be many (edits go about one a second): a job. Each
    rename its own job: one queued while the last still runs (a typo put right) must not be
    refused as a duplicate, or the copies that job had edited would keep the typo."""
    person_id = str(event.person_id)
    await jobs.enqueue(
        job_names.RECAPTION_PERSON,
        person_id,
        job_id=f"{job_id(job_names.RECAPTION_PERSON, event.person_id)}:{uuid4()}",
    )


async def on_expired_faces_deleted(
    copies: Copies, jobs: JobQueue, event: ExpiredFacesDeleted
) -> None:
    """The copies of the photos whose faces retention deleted, shown as they are now (the
    "Not Alice?" of the faces gone taken off), as far as the run's time for edits allows;
    the rest by a job (``show_in_turn``)."""
    budget_s = max(0.0, (event.edits_until - datetime.now(UTC)).total_seconds())
    shown = await copies.in_chats(photo_ids=event.photo_ids)
    await show_in_turn(copies, jobs, shown, budget_s=budget_s)


async def show_in_turn(
    copies: Copies, jobs: JobQueue, shown: Sequence[SentCopy], *, budget_s: float = BUDGET_S
) -> None:
    """These copies shown as they are now (``Copies.show_as_now``) as far as ``budget_s``
    allows; those left, by a ``SHOW_COPIES`` job that goes on so until none is: a copy
    left with its "Not Alice?" said that the faces it named were gone only once pressed
    (walk 8: never shown otherwise)."""
    left = await copies.show_as_now(shown, budget_s=budget_s)
    if left:
        # Each its own job: the rest of one change never waits on another's.
        await jobs.enqueue(
            job_names.SHOW_COPIES,
            copies_arg(left),
            job_id=f"{job_names.SHOW_COPIES}:{uuid4()}",
        )


def copies_arg(shown: Sequence[SentCopy]) -> str:
    """Copies as a job's argument: "<photo id>:<participant id>" each, comma-separated."""
    return ",".join(f"{copy.photo_id}:{copy.participant_id}" for copy in shown)


async def show_left(copies: Copies, jobs: JobQueue, arg: str) -> None:
    """The ``SHOW_COPIES`` job: the copies a change left as they were (``copies_arg``),
    still in their chats, shown as they are now; in turn again if they are many."""
    pairs = {
        (UUID(photo_id), UUID(participant_id))
        for photo_id, participant_id in (item.split(":") for item in arg.split(",") if item)
    }
    found = await copies.in_chats(photo_ids={photo_id for photo_id, _ in pairs})
    await show_in_turn(copies, jobs, [c for c in found if (c.photo_id, c.participant_id) in pairs])
