"""Earlier photos: a person enrolled late, or known better after a "yes", is looked for in
the photos already posted; what is found is offered to the guardians, never sent unasked."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for


async def look_back(jobs: JobQueue, person_id: UUID, delay: float | None = None) -> bool:
    """Look for the person's earlier photos (``service.EarlierPhotoFinder.find``)."""
    return await enqueue_for(jobs, job_names.FIND_EARLIER_PHOTOS, person_id, delay=delay)


class Reply(StrEnum):
    """What a guardian pressed on an offer or a sheet (callback data: keep it short)."""

    SEND = "y"  # "Yes, all are Sara" (and "Send them" on offers written as text)
    NO = "n"  # "No, thanks" / "None is Sara" (on a sheet: each face a negative example)
    SOME = "s"  # on a sheet, "Some are": each face asked about on its own
