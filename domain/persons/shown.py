"""Where the person cards and /persons lists a guardian was sent are (ids only): recorded
when sent, so that a rename, a merge, a deletion or a guardian's leaving brings every one
still in a chat up to date at once, not when it is next pressed (``bot.cards``).

Only the latest few of each chat are kept track of; an older one is still checked when
pressed (its buttons carry the name it showed: ``rules.card_version``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from domain.infra.models import Guardianship, Participant, PersonMessage

# Kept track of per chat: cards per person, and /persons lists.
CARDS_KEPT = 3
LISTS_KEPT = 2


@dataclass(frozen=True, slots=True)
class Shown:
    chat_id: int
    message_id: int
    person_id: UUID | None  # None: a /persons list
    has_photo: bool = False


async def record(
    chat_id: int, message_id: int, person_id: UUID | None, *, has_photo: bool = False
) -> None:
    """A card of ``person_id`` (None: a /persons list) was sent to the chat of ``chat_id``."""
    participant = await Participant.get_or_none(telegram_user_id=chat_id)
    if participant is None:
        return
    await PersonMessage.get_or_create(
        participant=participant,
        message_id=message_id,
        defaults={"person_id": person_id, "has_photo": has_photo},
    )
    kept = CARDS_KEPT if person_id is not None else LISTS_KEPT
    older = await (
        PersonMessage.filter(participant=participant, person_id=person_id)
        .order_by("-message_id")
        .offset(kept)
        .values_list("id", flat=True)
    )
    if older:
        await PersonMessage.filter(id__in=list(older)).delete()


async def forget(chat_id: int, message_id: int) -> None:
    """The message is gone (deleted, or replaced by a new one)."""
    await PersonMessage.filter(
        participant__telegram_user_id=chat_id, message_id=message_id
    ).delete()


async def cards_of(person_ids: Collection[UUID]) -> list[Shown]:
    """The cards of these persons in every chat, newest first."""
    rows = (
        await PersonMessage.filter(person_id__in=list(person_ids))
        .order_by("-message_id")
        .prefetch_related("participant")
    )
    return [
        Shown(row.participant.telegram_user_id, row.message_id, row.person_id, row.has_photo)  # type: ignore[attr-defined]
        for row in rows
    ]


async def lists_about(person_ids: Collection[UUID]) -> list[Shown]:
    """The /persons lists in the chats of these persons' guardians, and of anyone shown a
    card of them (a guardian who just left), newest first."""
    ids = list(person_ids)
    guardians = await Guardianship.filter(person_id__in=ids).values_list(
        "participant_id", flat=True
    )
    shown = await PersonMessage.filter(person_id__in=ids).values_list("participant_id", flat=True)
    rows = (
        await PersonMessage.filter(participant_id__in=[*guardians, *shown], person_id__isnull=True)
        .order_by("-message_id")
        .prefetch_related("participant")
    )
    return [Shown(row.participant.telegram_user_id, row.message_id, None) for row in rows]


async def in_chat(chat_id: int) -> list[Shown]:
    """Every card and list kept track of in the chat of ``chat_id``."""
    rows = await PersonMessage.filter(participant__telegram_user_id=chat_id)
    return [
        Shown(chat_id, row.message_id, row.person_id, row.has_photo)  # type: ignore[attr-defined]
        for row in rows
    ]


async def is_list(chat_id: int, message_id: int) -> bool:
    """Whether the message is a /persons list still kept track of."""
    return await PersonMessage.exists(
        participant__telegram_user_id=chat_id, message_id=message_id, person_id__isnull=True
    )
