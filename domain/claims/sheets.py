"""The sheets of unknown faces' crops the bot posts for naming and claiming (a /whois
sheet in an admin chat, a claim's sheet in the opener's chat): recorded when posted, so
that a button is bound to the faces its sheet showed, and deleted when one of their faces
is taken down, when the unclaimed person is deleted or its claim rejected, after a claim's
answer other than "yes", and when the group goes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from uuid import UUID

from domain.claims import texts
from domain.events import ClaimRejected, FacesExpired, FacesTakenDown, ParticipantForgotten
from domain.infra.models import ClaimSheet
from domain.languages.chats import speaking_to
from domain.retry import TryAgainLater
from domain.telegram import Deletion, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


async def record(
    group_id: UUID,
    chat_id: int,
    message_id: int,
    face_ids: Sequence[UUID],
    claim_id: UUID | None = None,
) -> None:
    await ClaimSheet.create(
        group_id=group_id,
        claim_id=claim_id,
        chat_id=chat_id,
        message_id=message_id,
        face_ids=[str(face) for face in face_ids],
    )


async def faces_of(chat_id: int, message_id: int) -> list[UUID] | None:
    """The faces a posted sheet showed; None when it is not (any more) recorded."""
    sheet = await ClaimSheet.get_or_none(chat_id=chat_id, message_id=message_id)
    return None if sheet is None else [UUID(face) for face in sheet.face_ids]


# A sheet is recorded once Telegram has taken it (its message id comes back then), so a
# button pressed at once can reach the bot a moment before the record: that long, it is waited.
RECORDING_S = 3.0


async def faces_of_pressed(chat_id: int, message_id: int) -> list[UUID] | None:
    """The faces of the sheet whose button was pressed, waiting out the moment between its
    posting and its record; None when it is not recorded (any more)."""
    deadline = asyncio.get_running_loop().time() + RECORDING_S
    while (shown := await faces_of(chat_id, message_id)) is None:
        if asyncio.get_running_loop().time() >= deadline:
            return None
        await asyncio.sleep(0.1)
    return shown


async def named_from(chat_id: int, message_id: int, claim_id: UUID) -> None:
    """The /whois sheet a child was named from belongs to its claim now."""
    await ClaimSheet.filter(chat_id=chat_id, message_id=message_id).update(claim_id=claim_id)


async def mark_named(
    messenger: Messenger, chat_id: int, message_id: int, claim_id: UUID, name: str
) -> None:
    """The /whois sheet a child was named from: it belongs to the claim now (deleted with
    it), and shows the name instead of the faces and their buttons (named, they are not
    offered for naming again)."""
    await named_from(chat_id, message_id, claim_id)
    async with speaking_to(chat_id):
        caption = texts.whois_named(name)
    try:
        if not await messenger.blank_photo(chat_id, message_id, caption):
            log.info("whois sheet %s in %s: not edited once named", message_id, chat_id)
    except TelegramUnavailable as error:  # the faces stay shown; their button refuses
        log.warning("whois sheet %s in %s: not edited once named: %s", message_id, chat_id, error)


async def showing(face_ids: Iterable[UUID], group_id: UUID) -> list[ClaimSheet]:
    """The group's recorded sheets that show any of these faces."""
    wanted = {str(face) for face in face_ids}
    return [
        sheet
        for sheet in await ClaimSheet.filter(group_id=group_id)
        if wanted & set(sheet.face_ids)
    ]


async def drop(messenger: Messenger, sheets: Iterable[ClaimSheet]) -> None:
    """Delete these sheets from their chats (one too old to delete is blanked), then
    forget them. Telegram unavailable: try again later (the rest stays recorded)."""
    for sheet in sheets:
        async with speaking_to(sheet.chat_id):
            withdrawn = texts.sheet_withdrawn()
        try:
            deletion = await messenger.delete_message(sheet.chat_id, sheet.message_id)
            if deletion == Deletion.REFUSED and not await messenger.blank_photo(
                sheet.chat_id, sheet.message_id, withdrawn
            ):
                log.warning("sheet %s: neither deleted nor blanked", sheet.id)
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        await ClaimSheet.filter(id=sheet.id).delete()


async def drop_where(
    messenger: Messenger,
    *,
    claim_id: UUID | None = None,
    chat_id: int | None = None,
    group_chat_id: int | None = None,
) -> None:
    """Drop the recorded sheets of this claim, in this chat, of the group of this chat
    (every criterion given)."""
    criteria = {"claim_id": claim_id, "chat_id": chat_id, "group__chat_id": group_chat_id}
    wanted = {key: value for key, value in criteria.items() if value is not None}
    await drop(messenger, await ClaimSheet.filter(**wanted))


# ----- reactions to moderation (``domain.events``, wired in ``domain.composition.reactions``) ---


async def on_claim_rejected(messenger: Messenger, event: ClaimRejected) -> None:
    """A claim rejected: the sheets of the child's faces shown for claiming it go."""
    await drop(messenger, await ClaimSheet.filter(claim__person_id=event.person_id))


async def on_faces_taken_down(messenger: Messenger, event: FacesTakenDown) -> None:
    """Faces taken down: the sheets showing one of them, for naming or claiming, go."""
    await drop(messenger, await showing(event.face_ids, event.group_id))


async def on_faces_expired(messenger: Messenger, event: FacesExpired) -> None:
    """Faces expired (the group's retention): the sheets showing one of them go."""
    await drop(messenger, await showing(event.face_ids, event.group_id))


async def on_participant_forgotten(messenger: Messenger, event: ParticipantForgotten) -> None:
    """A participant forgotten: the sheets shown in their private chat go."""
    await drop(messenger, await ClaimSheet.filter(chat_id=event.telegram_user_id))
