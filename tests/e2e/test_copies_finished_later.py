"""A change's edits of the copies in guardians' chats are finished later, never dropped:
the copies owed an edit are Postgres rows (``stale_copies``), each chat's shown by its
``show_copies`` job, which comes back while its time runs out, and which the reconcile
cron queues again when Redis lost it."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from domain.delivery import copies as copies_module
from tests.e2e.conftest import CAST, JourneyFactory, labels, photo_bytes
from tests.e2e.test_durable_requests import _redis_lost, _workers_stopped

X = CAST["angelina"]


async def test_every_copy_takes_the_new_name_however_long_its_edits_take(
    journey_factory: JourneyFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Edits in a chat go twice a second, and a chat's job stops after a fifth of a second:
    # one edit each time it runs, so three copies outlast it. The reconcile cron runs when
    # the workers start, not again: the job itself comes back for the rest.
    monkeypatch.setattr(copies_module, "BUDGET_S", 0.2)
    hourly = {"reconcile_every_s": 3600}
    async with journey_factory(telegram={"per_chat_per_s": 2}, jobs=hourly) as journey:
        ann, poster, group = await journey.class_with_alice()

        def delivered(count: int) -> bool:
            return len(journey.singles(ann)) == count

        for sent, name in enumerate(X["group"][:3], start=1):  # one by one: none in an album
            await journey.post(group, poster, photo_bytes(name))
            await journey.until(partial(delivered, sent))
        copies = journey.singles(ann)

        def all_named(name: str) -> bool:
            return all(labels(journey.now(copy)) == [f"Not {name}?"] for copy in copies)

        def caption(copy: dict[str, Any]) -> str:
            return str(journey.now(copy).get("caption", ""))

        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
        assert (await journey.reply_to(ann, "Lia"))["text"] == "Renamed to Lia."
        await journey.until(lambda: all_named("Lia"))
        assert all("Lia" in caption(copy) and "Alice" not in caption(copy) for copy in copies)

        # The next rename's job is lost with Redis before any worker took it: the workers
        # queue it again when they start (the reconcile cron), and every copy says Mia.
        await _workers_stopped(journey)
        await journey.after_pressing(ann, await journey.card(ann, "Lia"), "Rename")
        assert (await journey.reply_to(ann, "Mia"))["text"] == "Renamed to Mia."
        assert all_named("Lia")  # nothing edited yet: no worker runs
        await _redis_lost(journey, f"show_copies:{ann['id']}")
        assert all_named("Mia")
        assert all("Mia" in caption(copy) and "Lia" not in caption(copy) for copy in copies)
