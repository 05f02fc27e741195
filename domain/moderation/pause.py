"""Pausing a group: while ``Group.paused_at`` is set nothing of it is recognized or
delivered. Photos posted meanwhile are recorded and wait; resuming recognizes them and
sends what is due, as if they had just been posted. Guardians are told nothing."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from domain.groups.stores import GroupRef
from domain.infra.models import Delivery, Group, ModerationEvent, Photo
from domain.infra.queries import ids_of
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.moderation.audit import Actor
from domain.states import DeliveryStatus, ModerationAction, PhotoStatus

log = logging.getLogger(__name__)

WAITING = (PhotoStatus.PENDING, PhotoStatus.PROCESSING)


async def pause(group: GroupRef, actor: Actor) -> bool:
    """Pause the group; False when it was paused already."""
    async with in_transaction():
        locked = await Group.select_for_update(no_key=True).get(id=group.id)
        if locked.paused_at is not None:
            return False
        locked.paused_at = datetime.now(UTC)
        await locked.save(update_fields=["paused_at", "updated_at"])
        await ModerationEvent.record(locked.id, ModerationAction.PAUSED, actor)
    log.info("group %s paused", group.id)
    return True


async def resume(
    group: GroupRef, actor: Actor, jobs: JobQueue | None, *, undoes: ModerationEvent | None = None
) -> int | None:
    """Resume the group: recognize the photos posted while paused and send what is due.
    Returns how many photos were waiting, or None when it was not paused. Without ``jobs``
    the reconcile cron queues them (within a minute); the albums and digests kept waiting
    are the caller's to look at (``Deliveries.queue_waiting``), else the cron's.
    ``undoes``: the pause, when /audit undoes it."""
    async with in_transaction():
        locked = await Group.select_for_update(no_key=True).get(id=group.id)
        if locked.paused_at is None:
            return None
        paused_at = locked.paused_at
        locked.paused_at = None
        await locked.save(update_fields=["paused_at", "updated_at"])
        await ModerationEvent.record(
            locked.id,
            ModerationAction.RESUMED,
            actor,
            details={
                "paused_at": paused_at.isoformat(),
                **({"undoes": str(undoes.id)} if undoes is not None else {}),
            },
        )
    photos = await ids_of(Photo.filter(group_id=group.id, status__in=WAITING))
    deliveries = await ids_of(
        Delivery.filter(photo__group_id=group.id, status=DeliveryStatus.PENDING)
    )
    if jobs is not None:
        for photo_id in photos:
            await enqueue_for(jobs, job_names.RECOGNIZE, photo_id)
        for delivery_id in deliveries:
            await enqueue_for(jobs, job_names.DELIVER, delivery_id)
    log.info("group %s resumed: %d photo(s) to recognize", group.id, len(photos))
    return len(photos)
