"""The message that hands a co-guardian invitation's link (and those asking whoever opened
it "Accept?", through ``InvitationEnded``) stays true once the link expired unused
(findings18 14: it kept offering the link as if it worked, and whoever opened it read only
"used, expired or unknown"). As a claim link's (``domain.claims.links``): where the message
is, is kept with the invitation in Postgres, and the expiry is a sweep of Postgres
(``expire_due``, a cron job). A used invitation's message says who used it at the moment it
is used (``Guardians.link_used``)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from domain.events import EventBus, InvitationEnded
from domain.languages.chats import speaking_to
from domain.persons import texts
from domain.persons.stores import GuardianStore
from domain.telegram import Edit, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

BATCH = 200  # expired invitations told per sweep at most; the next sweep takes the rest


class InviteLinks:
    """The messages handing co-guardian invitations, told when their link expired unused."""

    def __init__(
        self, messenger: Messenger, store: GuardianStore, events: EventBus | None = None
    ) -> None:
        self._messenger = messenger
        self._store = store
        self._events = events  # None: those who opened the link are not told

    async def expire_due(self) -> int:
        """The messages of the invitations that expired unused say so, in their creator's
        language; how many were told. A message deleted meanwhile, or a chat that blocked
        the bot, is only logged; Telegram unavailable leaves the rest for the next sweep."""
        told = 0
        for expired in await self._store.expired_invites(datetime.now(UTC), BATCH):
            async with speaking_to(expired.chat_id):
                text = texts.invite_link_expired(expired.person, expired.expires_at)
            try:
                edit = await self._messenger.replace_text(expired.chat_id, expired.message_id, text)
            except TelegramUnavailable as error:
                log.warning("invitation %s: its message not edited: %s", expired.id, error)
                break
            if edit == Edit.REFUSED:
                log.info("invitation %s: message %s not edited", expired.id, expired.message_id)
            await self._store.invite_told(expired.id)
            told += 1
            if self._events is not None:  # whoever opened it and did not answer, too
                await self._events.publish(InvitationEnded(expired.id))
        if told:
            log.info("%d expired invitation(s) told where they were sent", told)
        return told
