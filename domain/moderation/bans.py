"""Banning a participant from a group in facedrop, and lifting the ban.

A ban is kept by Telegram user id only (``GroupBan``), so it outlives the banned user's
``/forget``: otherwise forgetting would undo it. While it stands, their membership of the
group is ``banned``, nothing of the group is delivered to them, and its link refuses them.
Lifting it lets them join again through the link; it restores nothing by itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.corrections import texts as corrections_texts
from domain.groups.stores import GroupRef
from domain.infra.models import (
    Delivery,
    EarlierPhotos,
    Group,
    GroupBan,
    Membership,
    ModerationEvent,
    Participant,
    Suggestion,
)
from domain.infra.queries import ids_of
from domain.languages.chats import speaking_to
from domain.moderation import texts
from domain.moderation.audit import Actor
from domain.states import (
    DeliveryStatus,
    MembershipStatus,
    ModerationAction,
    OfferStatus,
    SuggestionStatus,
)
from domain.telegram import Messenger, TelegramUnavailable

log = logging.getLogger(__name__)

# Deliveries of the group not yet in the banned participant's chat: never sent now.
UNSENT = (
    DeliveryStatus.PENDING,
    DeliveryStatus.HELD,
    DeliveryStatus.PARKED,
    DeliveryStatus.WAITING,
)
# Telegram user ids are positive 64-bit integers (Postgres ``bigint``).
MAX_USER_ID = 2**63 - 1


class BanOutcome(StrEnum):
    BANNED = "banned"
    ALREADY_BANNED = "already_banned"


class UnbanOutcome(StrEnum):
    UNBANNED = "unbanned"
    NOT_BANNED = "not_banned"


@dataclass(frozen=True, slots=True)
class Target:
    """Whom a ban is about: a Telegram user, with the name organizers know them by."""

    user_id: int
    name: str


def parse_reference(text: str) -> int | str | None:
    """``/ban @username`` or ``/ban 12345``: a Telegram user id, a username (without the @,
    lower case), or None for anything else: only ASCII digits make an id (``²`` or ``٣`` do
    not), and only one Postgres can hold."""
    ref = text.strip()
    if not ref or len(ref.split()) != 1 or not ref.isascii():
        return None
    if ref.lstrip("-").isdigit():
        if len(ref) > 20:
            return None
        value = int(ref)
        return value if 0 < value <= MAX_USER_ID else None
    name = ref.removeprefix("@")
    if 1 <= len(name) <= 32 and all(c.isalnum() or c == "_" for c in name):
        return name.lower()
    return None


def display_name(participant: Participant | None, user_id: int) -> str:
    if participant is None:
        return f"user {user_id}"
    if participant.username:
        return f"{participant.first_name} (@{participant.username})".strip()
    return participant.first_name or f"user {user_id}"


async def find(group: GroupRef, reference: int | str) -> Target | None:
    """A participant known in the group (a member now or before, or banned there) by user
    id or username; None for anyone else. Usernames move between users and our copy of
    one may be stale (two participants may share it): the one who used it last (the row
    updated most recently) is meant; an organizer who means someone else uses their id."""
    if isinstance(reference, int):
        participant = await Participant.get_or_none(telegram_user_id=reference)
        user_id = reference
    else:
        participant = (
            await Participant.filter(username__iexact=reference)
            .order_by("-updated_at", "-created_at")
            .first()
        )
        if participant is None:
            return None
        user_id = participant.telegram_user_id
    return await _known(group, participant, user_id)


async def _known(group: GroupRef, participant: Participant | None, user_id: int) -> Target | None:
    known = await GroupBan.exists(group_id=group.id, telegram_user_id=user_id) or (
        participant is not None
        and await Membership.exists(group_id=group.id, participant_id=participant.id)
    )
    return Target(user_id, display_name(participant, user_id)) if known else None


async def known_name(user_id: int) -> str | None:
    """The name organizers know this Telegram user by, if facedrop knows them."""
    participant = await Participant.get_or_none(telegram_user_id=user_id)
    return None if participant is None else display_name(participant, user_id)


async def is_banned(group_id: UUID, user_id: int) -> bool:
    return await GroupBan.exists(group_id=group_id, telegram_user_id=user_id)


async def ban(group: GroupRef, target: Target, actor: Actor) -> BanOutcome:
    """Ban ``target`` from ``group`` in facedrop: their membership ends, what was not yet
    sent to them from the group is cancelled, and the audit says who did it. The group's
    row is locked first, as a join through the link locks it: a join either commits before
    (and its membership is banned here) or sees the ban."""
    async with in_transaction():
        locked = await Group.select_for_update(no_key=True).get(id=group.id)
        _, created = await GroupBan.get_or_create(
            group=locked,
            telegram_user_id=target.user_id,
            defaults={"banned_by_user_id": actor.user_id},
        )
        if not created:
            return BanOutcome.ALREADY_BANNED
        participant = await Participant.get_or_none(telegram_user_id=target.user_id)
        cancelled = 0
        if participant is not None:
            await Membership.filter(group_id=group.id, participant=participant).update(
                status=MembershipStatus.BANNED
            )
            unsent = await ids_of(
                Delivery.filter(
                    participant=participant, photo__group_id=group.id, status__in=UNSENT
                )
            )
            cancelled = await Delivery.filter(id__in=unsent, status__in=UNSENT).update(
                status=DeliveryStatus.CANCELLED, error="banned from the group by an organizer"
            )
        await ModerationEvent.record(
            locked.id,
            ModerationAction.BANNED,
            actor,
            subject=target.name,
            details={"user_id": target.user_id, "cancelled_deliveries": cancelled},
        )
    log.info(
        "user %s banned from group %s (%d deliveries cancelled)",
        target.user_id,
        group.id,
        cancelled,
    )
    return BanOutcome.BANNED


async def unban(
    group: GroupRef, target: Target, actor: Actor, *, undoes: ModerationEvent | None = None
) -> UnbanOutcome:
    """Lift the ban: they may join again through the group's link (their membership is not
    restored: it is ``left`` until they do). ``undoes``: the ban, when /audit undoes it."""
    async with in_transaction():
        deleted = await GroupBan.filter(group_id=group.id, telegram_user_id=target.user_id).delete()
        if not deleted:
            return UnbanOutcome.NOT_BANNED
        participant = await Participant.get_or_none(telegram_user_id=target.user_id)
        if participant is not None:
            await Membership.filter(
                group_id=group.id, participant=participant, status=MembershipStatus.BANNED
            ).update(status=MembershipStatus.LEFT)
        await ModerationEvent.record(
            group.id,
            ModerationAction.UNBANNED,
            actor,
            subject=target.name,
            details={"user_id": target.user_id, **_undoing(undoes)},
        )
    log.info("user %s unbanned from group %s", target.user_id, group.id)
    return UnbanOutcome.UNBANNED


async def open_questions(group_id: UUID, user_id: int) -> list[tuple[int, int]]:
    """The messages in this user's chat that still ask them about the group's photos
    ("Is this Ben?", a sheet of questions or of earlier photos): (chat id, message id)."""
    sent: list[Any] = [
        *await Suggestion.filter(
            status=SuggestionStatus.PENDING, face__photo__group_id=group_id, sent_to__isnull=False
        ).values_list("sent_to", flat=True),
        *await EarlierPhotos.filter(
            status=OfferStatus.PENDING, group_id=group_id, sent_to__isnull=False
        ).values_list("sent_to", flat=True),
    ]
    return sorted(
        {(chat, message) for pairs in sent for chat, message in pairs or [] if chat == user_id}
    )


async def withdraw_questions(messenger: Messenger, group: GroupRef, user_id: int) -> int:
    """After a ban: the banned user's open questions about the group's photos lose their
    buttons and their faces, and say they no longer apply (a press is refused anyway);
    their co-guardians' questions stay. How many messages were edited."""
    edited = 0
    for chat_id, message_id in await open_questions(group.id, user_id):
        async with speaking_to(chat_id):
            caption = corrections_texts.question_left(group.title or texts.untitled_group())
        try:
            edited += int(await messenger.blank_photo(chat_id, message_id, caption))
        except TelegramUnavailable as error:
            log.info("question %s in chat %s not withdrawn: %s", message_id, chat_id, error)
    return edited


def _undoing(event: ModerationEvent | None) -> dict[str, str]:
    return {"undoes": str(event.id)} if event is not None else {}
