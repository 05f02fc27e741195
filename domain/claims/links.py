"""The message that hands a claim link to its namer (privately) stays true: once the link
stops working (a parent used it; it was revoked, replaced, or its child deleted; it
expired unused) it says so instead of offering it. Where that message is, is kept with
the claim in Postgres, so an expiry still finds it after a restart or a Redis flush; the
expiry is a sweep of Postgres (``expire_due``, a cron job), not a job queued per link.

A message the organizer deleted meanwhile, or a chat that blocked the bot, is only
logged; Telegram unavailable leaves the message recorded for the next sweep."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from domain.claims import texts
from domain.claims.rules import claim_waits
from domain.claims.stores import ClaimGroup, ClaimRecord, ClaimStore
from domain.languages.chats import speaking_to_organizer
from domain.telegram import Edit, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


class UnclaimedLists(Protocol):
    """The /unclaimed lists shown (``service.Naming``)."""

    async def redraw_lists(self, group: ClaimGroup) -> None: ...


BATCH = 200  # expired links told per sweep at most; the next sweep takes the rest


class ClaimLinks:
    """Where each claim link was handed, and that message told when the link stops working."""

    def __init__(
        self, messenger: Messenger, store: ClaimStore, lists: UnclaimedLists | None = None
    ) -> None:
        """``lists``: the /unclaimed lists shown, redrawn once a link expired there (None:
        none are)."""
        self._messenger = messenger
        self._store = store
        self._lists = lists

    async def said(self, claim_id: UUID, chat_id: int, message_id: int) -> None:
        """The claim's link was handed in this message."""
        await self._store.link_said(claim_id, chat_id, message_id)

    async def spent(self, claim_id: UUID, *, used: bool) -> None:
        """The claim's link no longer works (``used`` by a parent; otherwise revoked,
        replaced, or its child about to be deleted): its message says so. Used by a parent
        whose claim now waits for the organizers, the message is kept to say their
        decision (``decided``)."""
        claim = await self._store.claim(claim_id)
        if claim is None or claim.link_said is None:
            return
        async with speaking_to_organizer(claim.link_said[0], claim.group.chat_id):
            if used:
                text = texts.claim_link_used(claim.name, claim.group.title)
            elif claim.used_at is not None:  # a claim waited: the child deleted meanwhile
                text = texts.claim_link_used_since_deleted(claim.name, claim.group.title)
            else:
                text = texts.claim_link_gone(claim.name, claim.group.title)
        await self._tell(claim, text, keep=used and claim_waits(claim))

    async def decided(self, claim: ClaimRecord, *, approved: bool) -> None:
        """The organizers decided on the claim its link was used for: the message that
        handed the link says so (walk33 7: "/unclaimed lists each named child until…"
        stayed once the child was no longer listed)."""
        if claim.link_said is None or claim.used_at is None:
            return
        on = datetime.now(UTC)
        async with speaking_to_organizer(claim.link_said[0], claim.group.chat_id):
            text = texts.claim_link_decided(claim.name, claim.group.title, approved, on)
        await self._tell(claim, text)

    async def expire_due(self) -> int:
        """The messages of the links that expired unused say so; how many were told."""
        told = 0
        groups: dict[UUID, ClaimGroup] = {}
        for claim in await self._store.expired_links(datetime.now(UTC), BATCH):
            assert claim.link_said is not None
            assert claim.expires_at is not None
            # The organizer's language; the group's time zone, as the link's date was written.
            async with speaking_to_organizer(claim.link_said[0], claim.group.chat_id):
                text = texts.claim_link_expired(claim.name, claim.group.title, claim.expires_at)
            if not await self._tell(claim, text):
                break  # Telegram unavailable: the rest at the next sweep
            told += 1
            groups[claim.group.id] = claim.group
        # Their /unclaimed lists no longer say "a link is out".
        for group in groups.values():
            if self._lists is not None:
                await self._lists.redraw_lists(group)
        if told:
            log.info("%d expired claim link(s) told where they were handed", told)
        return told

    async def _tell(self, claim: ClaimRecord, text: str, *, keep: bool = False) -> bool:
        """The link's message replaced by ``text``, then forgotten (``keep``: not yet);
        False (and still recorded) when Telegram is unavailable."""
        assert claim.link_said is not None
        chat_id, message_id = claim.link_said
        try:
            if await self._messenger.replace_text(chat_id, message_id, text) == Edit.REFUSED:
                log.info("claim %s: link message %s not edited", claim.id, message_id)
        except TelegramUnavailable as error:
            log.warning("claim %s: link message %s not edited: %s", claim.id, message_id, error)
            return False
        if not keep:
            await self._store.link_told(claim.id, claim.link_said)
        return True
