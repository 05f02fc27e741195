"""A delivery is ``sending`` only while its request is on the way to Telegram: a 429's
wait is spent ``pending``, a wait longer than the job may run defers the job, and a
stop or restart during a wait loses nothing and sends nothing twice."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from domain.infra.models import Delivery
from domain.jobs import queue as job_names
from domain.settings import JobSettings
from domain.states import DeliveryStatus
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory

X = CAST["angelina"]


async def _refused(journey: Journey) -> None:
    """Wait until Telegram has answered the delivery's copy with a 429."""
    deadline = time.monotonic() + 60
    while not any(r["status"] == 429 for r in journey.world.requests("copyMessage")):
        assert time.monotonic() < deadline, "the delivery was never tried"
        await asyncio.sleep(0.02)


async def _pending_while_waiting(journey: Journey) -> Delivery:
    """The refused delivery is pending again (not "sending") while it waits."""
    deadline = time.monotonic() + 3
    while (delivery := await Delivery.get()).status != DeliveryStatus.PENDING:
        assert time.monotonic() < deadline, f"still {delivery.status} during the wait"
        await asyncio.sleep(0.02)
    return delivery


def _sent_once(journey: Journey, ann: dict[str, Any], posted: dict[str, Any]) -> None:
    assert journey.unique_ids(ann) == [posted["photo"][-1]["file_unique_id"]]
    copies = [r["status"] for r in journey.world.requests("copyMessage")]
    assert copies == [429, 200], copies  # refused once, then sent once


async def test_a_restart_during_a_long_retry_after_delivers_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory() as journey:
        ann, poster, group = await journey.class_with_alice()
        # Jobs may run 5 s here; Telegram asks for 8 s (as 150 s against the default 120 s).
        await journey.shutdown()
        journey.settings = journey.settings.model_copy(
            update={"jobs": JobSettings(timeout_s=5, reconcile_every_s=30)}
        )
        await journey.start()
        journey.world.add_fault(Fault("copyMessage", 429, retry_after=8, chat_id=ann["id"]))
        (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))

        await _refused(journey)
        delivery = await _pending_while_waiting(journey)
        # The job is deferred past the wait rather than sleeping into its timeout: to when
        # Telegram allows it again, counted from the refusal (not from this busy test).
        (refusal,) = [r for r in journey.world.requests("copyMessage") if r["status"] == 429]
        due = (refusal["time"] + 8 - 1) * 1000
        key = job_names.job_id(job_names.DELIVER, delivery.id)
        deadline = time.monotonic() + 4  # the job ends (deferred) right after the refusal
        while (score := await journey.redis.zscore("arq:queue", key)) is None or score < due:
            assert time.monotonic() < deadline, (score, due)  # not deferred past the wait
            await asyncio.sleep(0.02)

        await journey.shutdown()  # the workers restart during the wait
        await journey.start()
        await journey.settle(timeout=60)

        _sent_once(journey, ann, posted)
        delivery = await Delivery.get()
        assert delivery.status == DeliveryStatus.SENT
        assert delivery.error is None


async def test_a_stop_during_a_429_wait_leaves_the_delivery_pending(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    journey.world.add_fault(Fault("copyMessage", 429, retry_after=5, chat_id=ann["id"]))
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))

    await _refused(journey)
    await _pending_while_waiting(journey)
    await journey.shutdown()  # a graceful stop cancels the job in the middle of its wait
    delivery = await Delivery.get()
    assert delivery.status == DeliveryStatus.PENDING, delivery.error
    assert journey.unique_ids(ann) == []

    await journey.start()
    await journey.settle()
    _sent_once(journey, ann, posted)
    assert (await Delivery.get()).status == DeliveryStatus.SENT


async def test_a_deleted_group_message_is_sent_again_from_its_file(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    journey.world.add_fault(
        Fault(
            "copyMessage",
            400,
            description="Bad Request: message to copy not found",
            chat_id=ann["id"],
        )
    )
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()

    assert journey.unique_ids(ann) == [posted["photo"][-1]["file_unique_id"]]
    assert [r["status"] for r in journey.world.requests("sendPhoto")] == [200]
    delivery = await Delivery.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
