"""Earlier photos: a person enrolled late, or known better after a "yes", is looked for in
the photos already posted; what is found is offered to the guardians, never sent unasked."""

from __future__ import annotations

from uuid import UUID

from domain.events import GuardianJoined, OfferWithdrawn, PersonApproved
from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.telegram import Reply

__all__ = [
    "Reply",
    "look_back",
    "on_guardian_joined",
    "on_offer_withdrawn",
    "on_person_approved",
]


async def look_back(jobs: JobQueue, person_id: UUID, delay: float | None = None) -> bool:
    """Look for the person's earlier photos (``service.EarlierPhotoFinder.find``)."""
    return await enqueue_for(jobs, job_names.FIND_EARLIER_PHOTOS, person_id, delay=delay)


async def on_person_approved(jobs: JobQueue, event: PersonApproved) -> None:
    """Photos of the group posted while the person waited: offered, never sent unasked."""
    await look_back(jobs, event.person_id)


async def on_offer_withdrawn(jobs: JobQueue, event: OfferWithdrawn) -> None:
    """The withdrawn sheet's other faces are shown again, on a sheet (or a question) of
    their own."""
    await look_back(jobs, event.person_id)


async def on_guardian_joined(jobs: JobQueue, event: GuardianJoined) -> None:
    """The group's photos posted before the guardian joined: their persons are looked for
    there, and what is found offered, never sent unasked."""
    for person_id in event.person_ids:
        await look_back(jobs, person_id)
