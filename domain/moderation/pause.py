"""Pausing a group: while ``Group.paused_at`` is set nothing of it is recognized or
delivered. Photos posted meanwhile are recorded and wait; resuming recognizes them and
sends what is due, as if they had just been posted. Guardians are told nothing."""

from __future__ import annotations

import logging
from uuid import UUID

from domain.delivery.stores import HeldMedia
from domain.groups.stores import GroupRef
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.moderation.audit import Actor
from domain.moderation.pause_store import PauseStore

log = logging.getLogger(__name__)


class Pauses:
    """The organizers' /pause and /resume of a group (and /audit's undo of them)."""

    def __init__(self, store: PauseStore) -> None:
        self._store = store

    async def pause(self, group: GroupRef, actor: Actor, *, undoes: UUID | None = None) -> bool:
        """Pause the group; False when it was paused already. ``undoes``: the resume, when
        /audit undoes it."""
        if not await self._store.pause(group.id, actor, undoes=undoes):
            return False
        log.info("group %s paused", group.id)
        return True

    async def resume(
        self, group: GroupRef, actor: Actor, jobs: JobQueue | None, *, undoes: UUID | None = None
    ) -> HeldMedia | None:
        """Resume the group: recognize the photos posted while paused and send what is due.
        Returns how many photos and clips were waiting, or None when it was not paused. Without
        ``jobs`` the reconcile cron queues them (within a minute); the albums and digests
        kept waiting are the caller's to look at (``Deliveries.queue_waiting``), else the
        cron's. ``undoes``: the pause, when /audit undoes it."""
        if await self._store.resume(group.id, actor, undoes=undoes) is None:
            return None
        posts = await self._store.waiting_photos(group.id)
        deliveries = await self._store.pending_deliveries(group.id)
        if jobs is not None:
            for post in posts:
                await enqueue_for(jobs, job_names.RECOGNIZE, post.photo_id)
            for delivery_id in deliveries:
                await enqueue_for(jobs, job_names.DELIVER, delivery_id)
        log.info("group %s resumed: %d photo(s) to recognize", group.id, len(posts))
        return HeldMedia.of([post.clip for post in posts])
