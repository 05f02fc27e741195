"""Albums and the daily digest: a group's photos gathered for each guardian and sent
together (``sendMediaGroup``, up to ``ALBUM_MAX`` in one), each photo exactly once.

In a group whose delivery mode is ``album`` or ``digest``, recognition plans a guardian's
delivery as ``waiting``. An album goes once the first of the guardian's waiting photos
from the group waited ``album_window_s`` (a delayed job, with a cron as the safety net);
the digest goes once a day at ``digest_hour_utc``. Nothing goes while the organizers
paused the group; a photo taken down is never sent. Each delivery of an album is reserved
(``waiting`` -> ``sending``) before the one request and marked ``sent`` with its own
message after it, so an interrupted album is never sent again (reconcile gives up on it,
as on a single photo). What an album cannot carry goes the single way (``pending``, the
``deliver`` job): a photo posted as a file, a lone photo, one whose person is no longer
active or that was taken down (the single way decides its fate), and everything once the
group is back to "each photo". Photos a guardian asked for ("Yes, that's Alice") come at
once, the single way.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.delivery.albums import ALBUM_MAX, Albums
from domain.delivery.batch_jobs import queue_album
from domain.delivery.service import Deliveries
from domain.delivery.stores import BatchStore, Guardian, Planned
from domain.jobs.queue import JobQueue
from domain.retry import TryAgainLater
from domain.states import DeliveryMode, DeliveryStatus
from domain.telegram import ALBUM_KINDS, Messenger, TelegramUnavailable

log = logging.getLogger(__name__)


def last_digest(now: datetime, hour: int) -> datetime:
    """When the latest daily digest was due, at or before ``now``."""
    today = now.astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


def is_due(
    mode: DeliveryMode, oldest: datetime, now: datetime, window: timedelta, digest_hour: int
) -> bool:
    """Whether a guardian's waiting photos from a group go now: the oldest was planned at
    ``oldest``."""
    match mode:
        case DeliveryMode.EACH:
            return True
        case DeliveryMode.ALBUM:
            return oldest <= now - window
        case DeliveryMode.DIGEST:
            return oldest < last_digest(now, digest_hour)


class Batches:
    def __init__(
        self,
        messenger: Messenger,
        jobs: JobQueue,
        deliveries: Deliveries,
        *,
        album_window: timedelta,
        digest_hour: int,
    ) -> None:
        self._messenger = messenger
        self._jobs = jobs
        self._deliveries = deliveries
        self._store: BatchStore = deliveries.store
        self._albums = Albums(messenger, jobs, deliveries.store)
        self._window = album_window
        self._digest_hour = digest_hour

    async def send_due(self, now: datetime | None = None) -> int:
        """Every guardian's albums that are due now (the cron); how many photos went."""
        sent = 0
        for participant_id, group_id in await self._store.waiting_pairs():
            sent += await self.send(participant_id, group_id, now)
        return sent

    async def send(self, participant_id: UUID, group_id: UUID, now: datetime | None = None) -> int:
        """Send the guardian's waiting photos from the group if they are due."""
        now = now or datetime.now(UTC)
        batch = await self._store.batch(participant_id, group_id)
        if batch is None:
            return 0
        guardian, waiting = batch.guardian, batch.waiting
        if not batch.group_active or batch.mode == DeliveryMode.EACH:
            await self._albums.single(waiting)
            return 0
        if batch.group_paused:
            return 0  # the organizers paused the group: they wait for the resume
        removed = [d for d in waiting if d.taken_down]
        await self._albums.finish(removed, DeliveryStatus.TAKEN_DOWN, "taken down by an organizer")
        waiting = [d for d in waiting if not d.taken_down]
        if not waiting:
            return 0
        oldest = min(delivery.planned_at for delivery in waiting)
        if not is_due(batch.mode, oldest, now, self._window, self._digest_hour):
            if batch.mode == DeliveryMode.ALBUM:  # come back when it is
                await queue_album(self._jobs, participant_id, group_id, oldest + self._window - now)
            return 0
        if not await self._deliveries.still_member(guardian, group_id):
            await self._albums.finish(
                waiting, DeliveryStatus.CANCELLED, "no longer for this participant"
            )
            return 0
        if not batch.reachable:
            await self._albums.finish(
                waiting, DeliveryStatus.PARKED, "the participant blocked the bot"
            )
            return 0
        together = [d for d in waiting if d.photo.media_kind in ALBUM_KINDS]
        await self._albums.single([d for d in waiting if d not in together])
        sent = 0
        for start in range(0, len(together), ALBUM_MAX):
            sent += await self._album(guardian, together[start : start + ALBUM_MAX])
        return sent

    async def _album(self, guardian: Guardian, chunk: list[Planned]) -> int:
        if len(chunk) < 2:
            await self._albums.single(chunk)
            return 0
        try:
            await self._messenger.wait_turn(guardian.telegram_user_id, longest=30, count=len(chunk))
        except TelegramUnavailable as error:
            raise TryAgainLater(error.retry_after or 5) from None
        return await self._albums.send(guardian, chunk, DeliveryStatus.WAITING)
