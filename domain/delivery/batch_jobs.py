"""The ``send_batch`` job of a guardian's photos waiting in a group for its album or digest
(``batches``): its id, and queueing it when the window has passed or at once."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.delivery.stores import BatchStore
from domain.events import PhotoWaitsForAlbum
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue


def batch_job_id(participant_id: UUID, group_id: UUID, *, now: bool = False) -> str:
    """The album job planned for when the window has passed, or (``now``) the look at
    once a mode change or a resume asks for: a planned one must not swallow it."""
    when = ":now" if now else ""
    return f"{job_names.SEND_BATCH}{when}:{participant_id}:{group_id}"


async def queue_album(
    jobs: JobQueue, participant_id: UUID, group_id: UUID, wait: timedelta
) -> bool:
    """Send the guardian's album from the group once ``wait`` (its window) has passed."""
    return await jobs.enqueue(
        job_names.SEND_BATCH,
        str(participant_id),
        str(group_id),
        job_id=batch_job_id(participant_id, group_id),
        delay=max(0.0, wait.total_seconds()) + 1,
    )


async def on_photo_waiting(jobs: JobQueue, window: timedelta, event: PhotoWaitsForAlbum) -> None:
    """A photo recognized for the guardian waits for their album: it goes when the window
    has passed (one job for a burst: the first photo's)."""
    await queue_album(jobs, event.participant_id, event.group_id, window)


async def queue_waiting(jobs: JobQueue, store: BatchStore, group_id: UUID) -> int:
    """The group's delivery mode changed, or it resumed: look at its waiting photos now
    (those of a group back to "each photo" go one by one, an album due goes) rather than at
    the cron's next run."""
    pairs = await store.waiting_pairs(group_id)
    for participant_id, pair_group_id in pairs:
        await jobs.enqueue(
            job_names.SEND_BATCH,
            str(participant_id),
            str(pair_group_id),
            job_id=batch_job_id(participant_id, pair_group_id, now=True),
        )
    return len(pairs)
