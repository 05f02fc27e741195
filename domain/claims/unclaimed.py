"""Unclaimed persons leaving no name behind: the organizers' audit scrubbed of it, and the
persons of a group that is gone (the bot left, or it was merged into another record)."""

from __future__ import annotations

import logging
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.events import GroupGone
from domain.infra.models import ModerationEvent, Person
from domain.states import ModerationAction, PersonStatus

log = logging.getLogger(__name__)
# The moderation events that name an unclaimed person (scrubbed when it goes).
CLAIM_ACTIONS = (
    ModerationAction.NAMED,
    ModerationAction.CLAIM_LINK,
    ModerationAction.CLAIM_REVOKED,
    ModerationAction.UNCLAIMED_RENAMED,
    ModerationAction.UNCLAIMED_DELETED,
    ModerationAction.CLAIMED,
    ModerationAction.CLAIM_DECLINED,
)


async def scrub_names(person_ids: list[UUID]) -> None:
    """The organizers' audit keeps what was done about an unclaimed person, not its name
    (inside the caller's transaction)."""
    persons = {str(each) for each in person_ids}
    for event in await ModerationEvent.filter(action__in=CLAIM_ACTIONS):
        if event.details.get("person") in persons:
            details = {k: v for k, v in event.details.items() if k != "from"}
            await ModerationEvent.filter(id=event.id).update(subject="a child", details=details)


async def delete_of_group(group_id: UUID) -> int:
    """The group is gone (the bot left it, or its record was merged into another): nobody
    can claim, rename or delete its unclaimed persons any more, so they go now, with their
    claims and the faces they remembered, their names scrubbed from the audit. How many."""
    async with in_transaction():
        ids = [
            UUID(str(each))
            for each in await Person.filter(
                claim__group_id=group_id, status=PersonStatus.UNCLAIMED
            ).values_list("id", flat=True)
        ]
        if ids:
            await scrub_names(ids)
            await Person.filter(id__in=ids).delete()
    if ids:
        log.info("group %s gone: %d unclaimed person(s) deleted", group_id, len(ids))
    return len(ids)


async def on_group_gone(event: GroupGone) -> None:
    """``GroupGone``: the bot left the group, so its unclaimed persons go."""
    await delete_of_group(event.group_id)
