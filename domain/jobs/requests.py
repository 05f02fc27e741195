"""Requests a user confirmed, kept in Postgres until done (the ``UserRequest`` outbox).

``ask`` is called inside the transaction that makes the change the request is about (a
person marked DELETING, a person marked INDEXING), so both are written or neither.
``queue`` then queues the job; when Redis is lost before the job ran, the reconcile cron
queues it again from the row. The job's id is ``<kind>:<subject>``, as always: a request
queued again while its job is queued or running is not run twice at once.

The job reads the open requests first and closes them when its work is finished, then
tells the user (each through its capability's store, on ``domain/infra/stores/requests.py``):
a job that runs again after that (a requeue, a worker killed after the work) finds nothing
open and says nothing twice. ``ask`` stays here while ``recognition.prototype_choice.ask``,
called inside other capabilities' transactions, uses it; the stores call
``domain.infra.stores.requests.ask_request``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

from domain.infra.models import UserRequest
from domain.jobs.queue import JobQueue
from domain.states import RequestKind

log = logging.getLogger(__name__)

# How long a done request stays, for an operator looking into what happened; then it goes.
KEEP_DONE = timedelta(days=7)


async def ask(kind: RequestKind, subject: UUID | int, requested_by: int | None) -> UserRequest:
    """Record the request (inside the caller's transaction)."""
    return await UserRequest.create(kind=kind, subject=str(subject), requested_by=requested_by)


def job_id(kind: RequestKind, subject: str) -> str:
    return f"{kind.value}:{subject}"


async def queue(jobs: JobQueue, kind: RequestKind, subject: UUID | int | str) -> bool:
    """Queue the request's job. Should Redis be unreachable, the row is there: the reconcile
    cron queues it when Redis is back, so the user's confirmation still stands."""
    try:
        return await jobs.enqueue(kind.value, str(subject), job_id=job_id(kind, str(subject)))
    except Exception as error:  # the queue's client raises many types; the row is durable
        log.warning("%s(%s) not queued now (%s); reconcile will", kind.value, subject, error)
        return False
