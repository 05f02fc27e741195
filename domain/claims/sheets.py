"""The sheets of unknown faces' crops the bot posts for naming and claiming (a /whois
sheet in an admin chat, a claim's sheet in the opener's chat): recorded before they are
sent, so that a button is bound to the faces its sheet showed (found by the fingerprint
the button carries, even pressed the instant the sheet shows: no wait), and deleted when
one of their faces is taken down or expires, when the unclaimed person is deleted or its
claim rejected, after a claim's answer other than "yes", when the participant is
forgotten, and when the group goes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from uuid import UUID

from domain.claims import texts
from domain.claims.rules import fingerprint
from domain.claims.stores import RecordedSheet, SheetStore
from domain.events import (
    ClaimRejected,
    FacesExpired,
    FacesTakenDown,
    ParticipantForgotten,
    PersonFacesErased,
)
from domain.languages.chats import speaking_to
from domain.retry import TryAgainLater
from domain.telegram import Deletion, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


class Sheets:
    def __init__(self, messenger: Messenger, store: SheetStore) -> None:
        self._messenger = messenger
        self._store = store

    async def record(
        self,
        group_id: UUID,
        chat_id: int,
        face_ids: Sequence[UUID],
        claim_id: UUID | None = None,
    ) -> UUID:
        """A sheet of these faces about to be sent to the chat: recorded first, so that its
        buttons (carrying the faces' fingerprint) find them at once. Then ``posted``."""
        return await self._store.record(
            group_id, chat_id, face_ids, fingerprint(face_ids), claim_id
        )

    async def posted(self, sheet_id: UUID, message_id: int) -> None:
        """Telegram took the recorded sheet as this message (it can be deleted now)."""
        await self._store.posted(sheet_id, message_id)

    async def faces_of(self, chat_id: int, message_id: int, fp: str) -> list[UUID] | None:
        """The faces of the sheet whose button (carrying ``fp``) was pressed; None when it
        is not recorded (any more)."""
        return await self._store.faces_of(chat_id, message_id, fp)

    async def mark_named(
        self,
        chat_id: int,
        message_id: int,
        claim_id: UUID,
        name: str,
        face_ids: Collection[UUID],
    ) -> None:
        """The /whois sheet a child was named from, and any other /whois sheet of the chat
        still showing those faces (walkhe 7: a second /whois kept them, and its buttons):
        they belong to the claim now (deleted with it), and show the name instead of the
        faces and their buttons (named, they are not offered for naming again)."""
        others = await self._store.named_from(chat_id, message_id, claim_id, face_ids)
        async with speaking_to(chat_id):
            caption = texts.whois_named(name)
        await self._blank(chat_id, (message_id, *others), caption)

    async def named_decided(self, claim_id: UUID, chat_id: int, caption: Callable[[], str]) -> None:
        """The /whois sheets of this chat the claim's child was named from (blanked, "Named
        Tom…") say ``caption()`` now: the organizers approved a parent's claim of the child
        (walk33 7)."""
        async with speaking_to(chat_id):
            said = caption()
        named = await self._store.where(claim_id=claim_id, chat_id=chat_id)
        await self._blank(chat_id, [s.message_id for s in named if s.message_id], said)

    async def _blank(self, chat_id: int, shown: Iterable[int], caption: str) -> None:
        """These sheets of the chat show ``caption`` instead of their faces and buttons;
        best effort (one left as it was is logged)."""
        for message_id in shown:
            try:
                if not await self._messenger.blank_photo(chat_id, message_id, caption):
                    log.info("whois sheet %s in %s: not edited", message_id, chat_id)
            except TelegramUnavailable as error:  # the faces stay shown; their button refuses
                log.warning("whois sheet %s in %s: not edited: %s", message_id, chat_id, error)

    async def drop(
        self, sheets: Iterable[RecordedSheet], said: Callable[[], str] = texts.sheet_withdrawn
    ) -> None:
        """Delete these sheets from their chats (one too old to delete is blanked, saying
        ``said()``), then forget them. Telegram unavailable: try again later (the rest stays
        recorded)."""
        for sheet in sheets:
            if sheet.message_id is not None:
                await self._take_off(sheet.id, sheet.chat_id, sheet.message_id, said)
            await self._store.forget(sheet.id)

    async def _take_off(
        self, sheet_id: UUID, chat_id: int, message_id: int, said: Callable[[], str]
    ) -> None:
        async with speaking_to(chat_id):
            withdrawn = said()
        try:
            deletion = await self._messenger.delete_message(chat_id, message_id)
            if deletion == Deletion.REFUSED and not await self._messenger.blank_photo(
                chat_id, message_id, withdrawn
            ):
                log.warning("sheet %s: neither deleted nor blanked", sheet_id)
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None

    async def drop_where(
        self,
        *,
        claim_id: UUID | None = None,
        chat_id: int | None = None,
        group_chat_id: int | None = None,
    ) -> None:
        """Drop the recorded sheets of this claim, in this chat, of the group of this chat
        (every criterion given)."""
        await self.drop(
            await self._store.where(claim_id=claim_id, chat_id=chat_id, group_chat_id=group_chat_id)
        )

    # ----- reactions (``domain.events``, wired in ``domain.composition.reactions``) -----------

    async def on_claim_rejected(self, event: ClaimRejected) -> None:
        """A claim rejected: the sheets of the child's faces shown for claiming it go."""
        await self.drop(await self._store.where(claimed_person_id=event.person_id))

    async def on_faces_taken_down(self, event: FacesTakenDown) -> None:
        """Faces taken down: the sheets showing one of them, for naming or claiming, go."""
        await self.drop(await self._store.showing(event.group_id, event.face_ids))

    async def on_faces_expired(self, event: FacesExpired) -> None:
        """Faces expired (the group's retention): the sheets showing one of them go."""
        await self.drop(await self._store.showing(event.group_id, event.face_ids))

    async def on_person_faces_erased(self, event: PersonFacesErased) -> None:
        """A person's faces erased (deleted, or forgotten): the sheets showing one of them,
        in any chat, go; one too old to delete says they were deleted (issue 32: a claimed
        child's claim sheet kept its crops once the child was deleted)."""
        await self.drop(await self._store.showing(None, event.face_ids), texts.sheet_faces_deleted)

    async def on_participant_forgotten(self, event: ParticipantForgotten) -> None:
        """A participant forgotten: the sheets shown in their private chat go; one too old
        to delete says why, not "withdrawn" (findings27 8: an answered and approved claim's
        sheet read "cancelled")."""
        await self.drop(
            await self._store.where(chat_id=event.telegram_user_id), texts.sheet_forgotten
        )
