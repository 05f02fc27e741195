"""Delivered copies still in guardians' chats, kept true once something changed around
them: a person deleted (or their faces), a participant forgotten, a photo taken down, two
persons merged. Each copy then names the receiver's persons still in it, with their
"Not Alice?" buttons (``copy_caption``); with none left, its buttons go and the photo
stays as it was (the receiver's to keep or delete).

Collect the copies (``copies_in_chats``) before the change when it deletes what says
which copies these are (faces, the participant), and show them as they are now
(``show_as_now``) once it is done."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.delivery.album_notes import show_notes_as_now
from domain.delivery.captions import copy_caption
from domain.infra.models import AssignmentEvent, Delivery, Face, Participant, Photo
from domain.languages.chats import speaking_to_participant
from domain.states import DeliveryStatus, PersonStatus
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

BUDGET_S = 60.0  # the longest one job spends on copies (``show_as_now``)


@dataclass(frozen=True, slots=True)
class SentCopy:
    """One delivered copy in a participant's chat (an album's photo: ``album``)."""

    photo_id: UUID
    participant_id: UUID
    chat_id: int
    message_id: int
    album: bool = False
    album_id: UUID | None = None  # the album it was sent in (its "Not Alice?" message)


async def copies_in_chats(
    *,
    person_ids: Collection[UUID] = (),
    participant_id: UUID | None = None,
    photo_ids: Collection[UUID] = (),
) -> list[SentCopy]:
    """The copies sent and still in their chats: of photos the persons' faces are in, of
    the participant, of these photos (each filter given narrows)."""
    query = Delivery.filter(status=DeliveryStatus.SENT, message_id__isnull=False)
    if person_ids:
        query = query.filter(photo__faces__person_id__in=list(person_ids))
    if participant_id is not None:
        query = query.filter(participant_id=participant_id)
    if photo_ids:
        query = query.filter(photo_id__in=list(photo_ids))
    rows = await query.distinct().values(
        "photo_id", "participant_id", "participant__telegram_user_id", "message_id", "album_id"
    )
    return [
        SentCopy(
            row["photo_id"],
            row["participant_id"],
            int(row["participant__telegram_user_id"]),
            int(row["message_id"]),
            row["album_id"] is not None,
            row["album_id"],
        )
        for row in rows
    ]


async def show_as_now(
    messenger: Messenger, copies: Sequence[SentCopy], *, budget_s: float = BUDGET_S
) -> None:
    """Each copy re-captioned to name the receiver's persons in it now, with their buttons;
    none left (or the photo taken down, or the receiver forgotten): its buttons taken off.
    Best effort: a message gone, too old or already so stays as it is, quietly; so do the
    copies left once ``budget_s`` is spent (an edit waits for its chat's turn, about one a
    second: a job must not run past its timeout for a chat of hundreds of copies)."""
    deadline = time.monotonic() + budget_s
    await _show_copies(messenger, copies, deadline)
    # Their albums' "Not Alice? (photo n)" messages, true of the album now.
    await show_notes_as_now(messenger, {c.album_id for c in copies if c.album_id is not None})


async def _show_copies(messenger: Messenger, copies: Sequence[SentCopy], deadline: float) -> None:
    for done, copy in enumerate(copies):
        if time.monotonic() > deadline:
            log.info("%d copies left as they were: out of time", len(copies) - done)
            return
        participant = await Participant.get_or_none(id=copy.participant_id)
        photo = await Photo.get_or_none(id=copy.photo_id).prefetch_related("group")
        named: list[tuple[UUID, str]] = []
        if participant is not None and photo is not None and photo.removed_at is None:
            faces = await Face.filter(
                photo_id=photo.id,
                person__status__in=(PersonStatus.ACTIVE, PersonStatus.PAUSED),
                person__guardianships__participant_id=participant.id,
            ).prefetch_related("person")
            named = [(f.id, f.person.name) for f in faces if f.person is not None]
            named.sort(key=lambda each: each[1])
        try:
            if named and participant is not None and photo is not None:
                with speaking_to_participant(participant):
                    caption, buttons = copy_caption(
                        named,
                        photo.group.title,
                        photo.caption,
                        photo.caption_entities,
                        buttons=not copy.album,  # an album's photos carry no buttons
                    )
                await messenger.recaption(copy.chat_id, copy.message_id, caption, buttons)
            elif not copy.album:
                await messenger.drop_buttons(copy.chat_id, copy.message_id)
        except TelegramUnavailable as error:
            log.info("copy %s in %s left as it was: %s", copy.message_id, copy.chat_id, error)


async def recaption_after(messenger: Messenger, event_id: UUID) -> None:
    """The copies of the photos whose faces the assignment event moved, named as they are
    now (after a merge: the kept name, never the dropped one; after its undo: each its own)."""
    event = await AssignmentEvent.get_or_none(id=event_id)
    if event is None:
        return
    faces = await Face.filter(
        id__in=[UUID(face) for face in event.face_ids], photo_id__isnull=False
    ).values_list("photo_id", flat=True)
    photo_ids: set[UUID] = {UUID(str(each)) for each in faces}
    if photo_ids:
        await show_as_now(messenger, await copies_in_chats(photo_ids=photo_ids))
