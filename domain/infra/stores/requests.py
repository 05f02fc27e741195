"""The ``UserRequest`` outbox rows as the stores read and close them (the rows
``domain.jobs.requests`` writes and ``pending`` reads; the reconcile cron queues the open
ones again)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from domain.infra.models import UserRequest
from domain.states import RequestKind


async def open_requests(kind: RequestKind, subject: UUID) -> list[UUID]:
    """The requests of this kind about ``subject`` not done yet, oldest first."""
    return [
        UUID(str(request_id))
        for request_id in await UserRequest.filter(kind=kind, subject=str(subject), done_at=None)
        .order_by("created_at")
        .values_list("id", flat=True)
    ]


async def requests_done(request_ids: list[UUID]) -> None:
    """These requests are done (again is harmless); as ``domain.jobs.requests.done``, who
    asked is no longer kept."""
    if request_ids:
        await UserRequest.filter(id__in=request_ids, done_at=None).update(
            done_at=datetime.now(UTC), requested_by=None
        )


async def ask_request(kind: RequestKind, subject: UUID | int, requested_by: int | None) -> None:
    """Record a request (inside the caller's transaction), as ``domain.jobs.requests.ask``
    does: the stores' way to it (jobs, below the adapters, is not imported back)."""
    await UserRequest.create(kind=kind, subject=str(subject), requested_by=requested_by)
