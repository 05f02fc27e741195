"""Whether a participant is still a member of a group, asked of Telegram whenever facedrop
cannot know it from what it saw.

facedrop learns that a member left from Telegram's updates (``chat_member``, a
``left_chat_member`` message), and only while the bot is in the group: Telegram tells a bot
nothing about a group it is not in. So a membership is trusted only when it was verified
after the bot last arrived in the group, and not longer ago than the recheck window (a bot
that is a plain member receives no ``chat_member`` updates at all); otherwise Telegram is
asked (``getChatMember``) before anything from that group is sent to the participant."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from domain.groups.service import ARRIVED, Groups
from domain.groups.stores import MembershipStore
from domain.retry import TryAgainLater
from domain.states import MembershipStatus
from domain.telegram import (
    IN_CHAT_STATUSES,
    ChatMigrated,
    ChatUnavailable,
    Messenger,
    TelegramUnavailable,
)

log = logging.getLogger(__name__)


def bot_arrived_at(settings: Mapping[str, Any]) -> datetime | None:
    """When the bot last arrived in the group (a group's ``settings``), if it was recorded."""
    stored = settings.get(ARRIVED)
    if not isinstance(stored, str):
        return None
    try:
        when = datetime.fromisoformat(stored)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def must_ask(
    verified_at: datetime, now: datetime, recheck: timedelta, arrived_at: datetime | None
) -> bool:
    """Whether a membership has to be asked of Telegram before the group's photos go to the
    participant: verified before the bot last arrived (it may have ended while the bot was
    away), or longer ago than ``recheck``."""
    if arrived_at is not None and verified_at <= arrived_at:
        return True
    return now - verified_at >= recheck


class Member(Protocol):
    """Whom a membership is asked about: a participant, by their ids."""

    @property
    def id(self) -> UUID: ...

    @property
    def telegram_user_id(self) -> int: ...


class MemberCheck:
    """Asks Telegram whether a participant is still in a group when facedrop cannot know."""

    def __init__(self, messenger: Messenger, groups: Groups, *, recheck: timedelta) -> None:
        self._messenger = messenger
        self._store: MembershipStore = groups.store
        self._groups = groups  # follows a group Telegram says became a supergroup
        self._recheck = recheck

    async def still_member(self, participant: Member, group_id: UUID) -> bool:
        """Whether the participant is (still) a member of the group: as recorded while
        that is known (``must_ask``), else as Telegram answers now (recorded)."""
        membership = await self._store.membership(participant.id, group_id)
        if membership is None or membership.status != MembershipStatus.MEMBER:
            return False
        now = datetime.now(UTC)
        arrived = bot_arrived_at(membership.group_settings)
        if not must_ask(membership.verified_at, now, self._recheck, arrived):
            return True
        try:
            status = await self._messenger.member_status(
                membership.group_chat_id, participant.telegram_user_id
            )
        except ChatUnavailable:
            return False
        except TelegramUnavailable as error:
            if isinstance(error, ChatMigrated):
                await self._groups.migrated(error.old_chat_id, error.new_chat_id)
            raise TryAgainLater(error.retry_after or 10) from None
        member = status in IN_CHAT_STATUSES
        # Only while it is still a membership: a ban (or a leave) recorded while Telegram
        # was asked is never overwritten by this answer.
        still = await self._store.verified(membership.id, member, datetime.now(UTC))
        return member and still
