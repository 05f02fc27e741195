"""Every delivery is made exactly once, whatever is duplicated, killed or lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from typing import Any

from domain.infra.models import Delivery, Photo
from domain.states import DeliveryStatus, PhotoStatus
from tests.conftest import MODELS, REPO, TEST_PACK
from tests.e2e.conftest import CAST, TOKEN, Collages, Journey, JourneyFactory, photo_bytes

X, Y, W, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["mark"], CAST["strangers"]


def _exactly_once(journey: Journey, user: dict[str, Any], posted: list[dict[str, Any]]) -> None:
    received = Counter(journey.unique_ids(user))
    expected = {m["photo"][-1]["file_unique_id"] for m in posted}
    assert set(received) == expected
    assert all(count == 1 for count in received.values()), received


async def test_the_same_update_twice_makes_one_photo(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    # Telegram delivers the same message again (as after a bot crash before confirming).
    bot = journey.world.default_bot()
    await journey.world.queues[bot.id].push("message", posted)
    await journey.world.queues[bot.id].push("message", posted)
    await journey.settle()
    assert await Photo.filter(message_id=posted["message_id"]).count() == 1
    _exactly_once(journey, ann, [posted])


async def test_redis_flushed_with_work_pending(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory() as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.shutdown()
        await journey.start(parts=("bot",))  # nobody works the queue
        posted = [
            (await journey.post(group, poster, collages.make(X["group"][i], NOBODY["group"][i])))[0]
            for i in range(3)
        ]
        # Each photo is recorded, then its job queued (the bot handles updates at once: on a
        # busy machine all three rows may exist before the first job is queued).
        deadline = asyncio.get_running_loop().time() + 30
        while True:
            queued = await journey.redis.zrange("arq:queue", 0, -1)
            recognize = [job for job in queued if job.startswith(b"recognize_photo:")]
            if len(recognize) == 3 or asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.05)
        assert len(recognize) == 3
        assert await Photo.filter(status=PhotoStatus.PENDING).count() == 3
        await journey.redis.flushall()  # Redis lost: the queued jobs are gone

        await journey.shutdown()
        await journey.start()  # the worker reconciles at start-up
        await journey.settle()
        _exactly_once(journey, ann, posted)


def _worker_process(journey: Journey) -> subprocess.Popen[bytes]:
    settings = journey.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    env.update(
        {
            "FACEDROP_DATA_DIR": str(settings.data_dir),
            "FACEDROP_DATABASE_URL": str(settings.database_url),
            "FACEDROP_REDIS_URL": str(settings.redis_url),
            "FACEDROP_BOT_TOKEN": TOKEN,
            "FACEDROP_TELEGRAM__API_URL": str(settings.telegram.api_url),
            "FACEDROP_TELEGRAM__PER_CHAT_PER_S": "20",
            "FACEDROP_FACES__ROOT": str(MODELS),
            "FACEDROP_FACES__PACK": TEST_PACK,
            "FACEDROP_JOBS__TIMEOUT_S": "5",  # a killed job's lock expires 15 s later
            "FACEDROP_OPS__PORT": "0",  # any free one: tests run side by side
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_polling_bot_stopped_while_handling_an_update_finishes_it_first(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory() as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.shutdown()
        await journey.start(parts=("bot",))
        # Redis takes no writes for a while: the photo's handler waits in it, and the bot is
        # stopped meanwhile (SIGTERM), once it has taken the update from Telegram.
        await journey.redis.execute_command("CLIENT", "PAUSE", "1500", "WRITE")  # type: ignore[no-untyped-call]
        (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
        queue = journey.world.queues[journey.world.default_bot().id]
        await journey.until(lambda: queue.pending_count == 0)
        await journey.shutdown()
        await journey.start()
        await journey.settle()
        # The photo reached Ann: the bot finished it before its database and Redis closed
        # (before, they closed under the handler, and the photo was lost: Telegram had it
        # confirmed and does not send it again).
        _exactly_once(journey, ann, [posted])


async def test_a_worker_killed_mid_job_and_restarted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(start=False) as journey:
        await journey.start(parts=("bot",))
        worker = _worker_process(journey)
        try:
            ann, poster, group = await journey.class_with_alice()
            posted = [
                (
                    await journey.post(
                        group, poster, collages.make(X["group"][i % 3], NOBODY["group"][i % 4])
                    )
                )[0]
                for i in range(6)
            ]
            while not await Photo.filter(status=PhotoStatus.PROCESSING).exists():
                await asyncio.sleep(0.01)
            worker.send_signal(signal.SIGKILL)  # no goodbye: in-progress locks stay behind
            worker.wait(timeout=30)
            assert await Photo.filter(status=PhotoStatus.DONE).count() < 6

            worker = _worker_process(journey)
            await journey.settle(timeout=120)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        _exactly_once(journey, ann, posted)
        assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 6


async def test_a_blocked_guardian_gets_the_photos_after_unblocking(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.world.block(ann["id"])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.unique_ids(ann) == []
    assert await Delivery.filter(status=DeliveryStatus.PARKED).count() == 1

    await journey.world.block(ann["id"], blocked=False)
    await journey.settle()
    _exactly_once(journey, ann, [posted])


async def test_sixty_deliveries_under_telegram_rate_limits(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, wes, poster = (journey.user(n) for n in ("Ann", "Bea", "Wes", "Poster"))
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea, wes])
    for guardian, person, cast in ((ann, "Alice", X), (bea, "Yara", Y), (wes, "Will", W)):
        await journey.join(guardian, payload)
        await journey.enroll(guardian, person, [photo_bytes(n) for n in cast["enroll"]])

    journey.world.limiter.config.enabled = True  # ~1 message/s per chat, as Telegram
    posted = []
    for i in range(20):
        faces = [X["group"][i % 3], Y["group"][(i + 1) % 3], W["group"][i % 2]]
        posted += await journey.post(group, poster, collages.make(*faces[i % 3 :], *faces[: i % 3]))
    await journey.settle(timeout=180)

    for guardian in (ann, bea, wes):
        _exactly_once(journey, guardian, posted)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 60
    assert journey.world.stats["429"] > 0  # the limits were hit, and honoured
