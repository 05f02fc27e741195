"""The ``UserRequest`` outbox rows (``domain.jobs.requests``) as the stores write, read and
close them; the reconcile cron queues the open ones again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from domain.infra.models import UserRequest
from domain.states import RequestKind


async def open_requests(kind: RequestKind, subject: UUID | str) -> list[UUID]:
    """The requests of this kind about ``subject`` not done yet, oldest first."""
    return (await open_requests_and_asker(kind, subject))[0]


async def open_requests_and_asker(
    kind: RequestKind, subject: UUID | int | str
) -> tuple[list[UUID], int | None]:
    """As ``open_requests``, and who asked (the Telegram user id of the first request that
    says), if anyone."""
    rows = await UserRequest.filter(kind=kind, subject=str(subject), done_at=None).order_by(
        "created_at"
    )
    asker = next((row.requested_by for row in rows if row.requested_by is not None), None)
    return [UUID(str(row.id)) for row in rows], asker


async def forget_requester(telegram_user_id: int) -> None:
    """``/forget``: the user's requests no longer say who asked."""
    await UserRequest.filter(requested_by=telegram_user_id).update(requested_by=None)


async def requests_done(request_ids: list[UUID]) -> None:
    """These requests are done (again is harmless); who asked is no longer kept."""
    if request_ids:
        await UserRequest.filter(id__in=request_ids, done_at=None).update(
            done_at=datetime.now(UTC), requested_by=None
        )


async def ask_request(
    kind: RequestKind,
    subject: UUID | int | str,
    requested_by: int | None,
    said: tuple[int, int] | None = None,
    waits_for: Sequence[UUID] = (),
) -> None:
    """Record a request (inside the caller's transaction), as ``domain.jobs.requests.ask``
    does: the stores' way to it (jobs, below the adapters, is not imported back). ``said``:
    the message (chat id, message id) that says the work is under way; ``waits_for``: the
    ids of the work it waits for."""
    chat_id, message_id = said if said is not None else (None, None)
    await UserRequest.create(
        kind=kind,
        subject=str(subject),
        requested_by=requested_by,
        said_chat_id=chat_id,
        said_message_id=message_id,
        waits_for=[str(each) for each in waits_for] or None,
    )


async def still_under_way(said: tuple[int, int]) -> bool:
    """Whether a request that this message (chat id, message id) says is under way is still
    open."""
    chat_id, message_id = said
    return await UserRequest.exists(
        said_chat_id=chat_id, said_message_id=message_id, done_at__isnull=True
    )


async def said_under_way(request_ids: Sequence[UUID]) -> list[tuple[int, int]]:
    """The messages (chat id, message id) that say these requests' work is under way."""
    rows = await UserRequest.filter(
        id__in=list(request_ids), said_chat_id__isnull=False, said_message_id__isnull=False
    ).values_list("said_chat_id", "said_message_id")
    return [(int(chat_id), int(message_id)) for chat_id, message_id in rows]
