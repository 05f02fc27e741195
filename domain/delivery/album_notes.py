"""An album's "Not Alice? (photo n)" message kept true: after a correction, a takedown, a
merge or a person deleted, each such message still in a chat is re-written to what still
applies (its photos renumbered in the order they still stand), or deleted when nothing
does (``show_notes_as_now``). Its message id is kept on the album's first delivery
(``Delivery.corrections_message_id``), recorded when ``Albums`` sends it."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from domain.delivery import texts
from domain.delivery.stores import Names
from domain.infra.models import Delivery, Face, Participant
from domain.languages.chats import speaking_to_participant
from domain.states import DeliveryStatus, PersonStatus
from domain.telegram import Button, Deletion, Messenger, NotThisPerson, TelegramUnavailable

log = logging.getLogger(__name__)


async def _note(
    album_id: UUID, participant: Participant, group_title: str
) -> tuple[str, list[list[Button]]]:
    """An album's "Not Alice? (photo n)" message as it is true now: its photos still in
    the chat (not taken down, not deleted by a correction), numbered in the album's
    order, each with a button per person of the guardian's in it."""
    album = await Delivery.filter(
        album_id=album_id,
        status=DeliveryStatus.SENT,
        message_id__isnull=False,
        photo__removed_at__isnull=True,
    ).order_by("message_id")
    names = await _names(participant.id, [d.photo_id for d in album])  # type: ignore[attr-defined]
    with speaking_to_participant(participant):
        buttons: list[list[Button]] = [
            [NotThisPerson(face_id, texts.album_not_person_button(name, number))]
            for number, delivery in enumerate(album, start=1)
            for face_id, name in names[delivery.photo_id]  # type: ignore[attr-defined]
        ]
        said = texts.album_corrections(len(album), group_title)
    return said, buttons


async def albums_of(photo_ids: Collection[UUID]) -> list[UUID]:
    """The albums (their first delivery's id) any copy of these photos was sent in."""
    ids = (
        await Delivery.filter(photo_id__in=list(photo_ids), album_id__isnull=False)
        .distinct()
        .values_list("album_id", flat=True)
    )
    return [UUID(str(each)) for each in ids]


@dataclass(frozen=True, slots=True)
class NoteChange:
    """An album's "Not Alice? (photo n)" message in a chat, as it is to read now; no
    buttons left: it is to be deleted (none of it applies any more)."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[Button]]


async def notes_now(album_ids: Collection[UUID]) -> list[NoteChange]:
    """The albums' "Not Alice?" messages sent, each as it is true now."""
    changes = []
    for first in await Delivery.filter(
        id__in=list(album_ids), corrections_message_id__isnull=False
    ).prefetch_related("participant", "photo__group"):
        said, buttons = await _note(first.id, first.participant, first.photo.group.title)
        assert first.corrections_message_id is not None
        changes.append(
            NoteChange(
                first.participant.telegram_user_id, first.corrections_message_id, said, buttons
            )
        )
    return changes


async def show_notes_as_now(messenger: Messenger, album_ids: Collection[UUID]) -> None:
    """The albums' "Not Alice?" messages re-written as true now, or deleted when none of
    them applies (its buttons taken off when it is too old to delete). Best effort."""
    for note in await notes_now(album_ids):
        if not note.buttons:
            await drop_notes(messenger, [(note.chat_id, note.message_id)])
            continue
        try:
            await messenger.replace_text(note.chat_id, note.message_id, note.text, note.buttons)
        except TelegramUnavailable as error:
            log.info("album note %s in %s left as it was: %s", note.message_id, note.chat_id, error)


async def notes_in_chat_of(participant_id: UUID) -> list[tuple[int, int]]:
    """The albums' "Not Alice?" messages in the participant's chat ((chat, message)), read
    before they are forgotten: their deliveries, which say where these are, go with them."""
    rows = await Delivery.filter(
        participant_id=participant_id, corrections_message_id__isnull=False
    ).values_list("participant__telegram_user_id", "corrections_message_id")
    return [(int(chat_id), int(message_id)) for chat_id, message_id in rows]


async def drop_notes(messenger: Messenger, notes: Collection[tuple[int, int]]) -> None:
    """Albums' "Not Alice?" messages of which nothing applies any more ((chat, message)):
    deleted, or their buttons taken off when too old to delete. Best effort."""
    for chat_id, message_id in notes:
        try:
            if await messenger.delete_message(chat_id, message_id) == Deletion.REFUSED:
                await messenger.drop_buttons(chat_id, message_id)
        except TelegramUnavailable as error:
            log.info("album note %s in %s left as it was: %s", message_id, chat_id, error)


async def _names(participant_id: UUID, photo_ids: list[UUID]) -> Names:
    """For each photo, its faces of the guardian's active persons, with their names."""
    names: Names = defaultdict(list)
    for face in await Face.filter(
        photo_id__in=photo_ids,
        person__status=PersonStatus.ACTIVE,
        person__guardianships__participant_id=participant_id,
    ).prefetch_related("person"):
        if face.person is not None:
            names[face.photo_id].append((face.id, face.person.name))  # type: ignore[attr-defined]
    return names
