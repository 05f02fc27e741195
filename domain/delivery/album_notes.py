"""An album's "Not Alice? (photo n)" message kept true: after a correction, a takedown, a
merge or a person deleted, each such message still in a chat is re-written to what still
applies (its photos renumbered in the order they still stand), or deleted when nothing
does (``AlbumNotes.show_as_now``). Its message id is kept with the album's first delivery,
recorded when ``Albums`` sends it."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.delivery import texts
from domain.delivery.stores import AlbumCopy, AlbumStore, Names
from domain.languages.chats import speaking_to_participant
from domain.telegram import Button, Deletion, Messenger, NotThisPerson, TelegramUnavailable

log = logging.getLogger(__name__)


def album_note(
    items: Sequence[AlbumCopy], names: Names, group_title: str
) -> tuple[str, list[list[Button]]]:
    """An album's "Not Alice? (photo n)" message: its photos and clips numbered in the
    album's order ("(clip 2)"), each with a button per person of the guardian's in it
    (``names``), in the language made current. A copy hidden rather than deleted (past 48
    hours) still holds its number, as it still stands in the album (findings23 13: the
    others were renumbered as if it were gone, "(photo 1)" then meaning another picture),
    but is neither counted nor offered."""
    buttons: list[list[Button]] = [
        [NotThisPerson(face_id, texts.album_not_person_button(name, number, clip=item.clip))]
        for number, item in enumerate(items, start=1)
        if not item.hidden
        for face_id, name in names.get(item.photo_id, [])
    ]
    shown = [item for item in items if not item.hidden]
    clips = sum(1 for item in shown if item.clip)
    return texts.album_corrections(len(shown) - clips, clips, group_title), buttons


@dataclass(frozen=True, slots=True)
class NoteChange:
    """An album's "Not Alice? (photo n)" message in a chat, as it is to read now; no
    buttons left: it is to be deleted (none of it applies any more)."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[Button]]
    # With no buttons: what it says instead where Telegram refuses to delete it.
    closed: str = ""


class AlbumNotes:
    def __init__(self, messenger: Messenger, store: AlbumStore) -> None:
        self._messenger = messenger
        self._store = store

    async def albums_of(self, photo_ids: Collection[UUID]) -> list[UUID]:
        """The albums (their first delivery's id) any copy of these photos was sent in."""
        return await self._store.albums_of(photo_ids)

    async def notes_now(self, album_ids: Collection[UUID]) -> list[NoteChange]:
        """The albums' "Not Alice?" messages sent, each as it is true now: its photos still
        in the chat (not taken down, not deleted by a correction), with the buttons of the
        guardian's persons active in them."""
        changes = []
        for note in await self._store.notes_sent(album_ids):
            guardian = note.guardian
            photos = await self._store.album_photos(note.album_id)
            # Only the copies still shown are to correct (a hidden one's face may still be
            # the person's: "Remove this photo only" hides the copy alone).
            shown = [item.photo_id for item in photos if not item.hidden]
            names = await self._store.names(guardian.id, shown)
            taken_down = (0, 0) if names else await self._store.album_taken_down(note.album_id)
            with speaking_to_participant(guardian):
                said, buttons = album_note(photos, names, note.group_title)
                closed = texts.album_note_closed(taken_down, note.group_title)
            changes.append(
                NoteChange(guardian.telegram_user_id, note.message_id, said, buttons, closed)
            )
        return changes

    async def show_as_now(self, album_ids: Collection[UUID]) -> None:
        """The albums' "Not Alice?" messages re-written as true now, or deleted when none
        of them applies (too old to delete: re-written to say what became of it, with no
        buttons). Best effort."""
        for note in await self.notes_now(album_ids):
            if not note.buttons:
                await self._close(note)
                continue
            try:
                await self._messenger.replace_text(
                    note.chat_id, note.message_id, note.text, note.buttons
                )
            except TelegramUnavailable as error:
                log.info(
                    "album note %s in %s left as it was: %s", note.message_id, note.chat_id, error
                )

    async def _close(self, note: NoteChange) -> None:
        """A message none of which applies: deleted, or, where Telegram refuses (48 hours),
        saying so without buttons (findings18 19: it kept "tap its button")."""
        try:
            refused = (
                await self._messenger.delete_message(note.chat_id, note.message_id)
                == Deletion.REFUSED
            )
            if refused:
                await self._messenger.replace_text(note.chat_id, note.message_id, note.closed)
        except TelegramUnavailable as error:
            log.info("album note %s in %s left as it was: %s", note.message_id, note.chat_id, error)

    async def in_chat_of(self, guardian_id: UUID) -> list[tuple[int, int]]:
        """The albums' "Not Alice?" messages in the guardian's chat ((chat, message)), read
        before they are forgotten: their deliveries, which say where these are, go with
        them."""
        return await self._store.notes_in_chat_of(guardian_id)

    async def drop(self, notes: Collection[tuple[int, int]], closed: str) -> None:
        """Albums' "Not Alice?" messages of which nothing applies any more ((chat,
        message)): deleted, or, too old to delete, saying ``closed`` instead, without
        buttons (findings20 6: after /forget one kept "tap its button" with none left).
        Best effort."""
        for chat_id, message_id in notes:
            try:
                if await self._messenger.delete_message(chat_id, message_id) == Deletion.REFUSED:
                    await self._messenger.replace_text(chat_id, message_id, closed)
            except TelegramUnavailable as error:
                log.info("album note %s in %s left as it was: %s", message_id, chat_id, error)
