"""Done requests do not pile up: a week after they are done they go; open ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.infra.models import UserRequest
from domain.infra.stores.reconcile import TortoiseReconcileStore
from domain.jobs import requests
from domain.states import RequestKind

pytestmark = pytest.mark.usefixtures("db")


async def test_done_requests_go_a_week_after_they_are_done() -> None:
    now = datetime.now(UTC)

    async def request(done_days_ago: float | None, created_days_ago: float) -> UserRequest:
        row = await requests.ask(RequestKind.DELETE_PERSON, uuid4(), requested_by=42)
        done_at = None if done_days_ago is None else now - timedelta(days=done_days_ago)
        await UserRequest.filter(id=row.id).update(
            done_at=done_at, created_at=now - timedelta(days=created_days_ago)
        )
        return row

    old_done = await request(done_days_ago=8, created_days_ago=9)
    recent_done = await request(done_days_ago=1, created_days_ago=30)
    old_open = await request(done_days_ago=None, created_days_ago=60)

    store = TortoiseReconcileStore()
    assert await store.tidy_requests(now - requests.KEEP_DONE) == 1
    left = set(await UserRequest.all().values_list("id", flat=True))
    assert left == {recent_done.id, old_open.id}
    assert old_done.id not in left
    assert await store.tidy_requests(now - requests.KEEP_DONE) == 0  # again: nothing more to do
