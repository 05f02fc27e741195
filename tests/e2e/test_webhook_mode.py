"""The bot in webhook mode: the emulator posts updates to it, with the secret token; a
webhook without a secret is refused, and so is an update without the right token.
Several ``facedrop bot`` processes behind a round-robin load balancer share the updates:
each is handled once, a copy Telegram sends again included, and a process stopped while
it handles one finishes it first."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import ValidationError

from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import Delivery, Participant, Photo
from domain.languages import texts as languages_texts
from domain.privacy import texts
from domain.states import DeliveryStatus, PhotoStatus
from tests.e2e.balancer import BotProcess, Passed, RoundRobin
from tests.e2e.conftest import CAST, WAIT, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import ann_in_a_class
from tests.e2e.test_reliability import _exactly_once


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_the_whole_journey_over_a_webhook(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    port = _free_port()
    telegram = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
        "webhook_secret": "hook-secret",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    async with journey_factory(start=False, local_bot_api=True, telegram=telegram) as journey:
        await journey.start(wait_for_polling=False)
        bot = journey.world.default_bot()
        webhook = journey.world.queues[bot.id].webhook
        assert webhook is not None
        assert webhook.url == telegram["webhook_url"]
        assert webhook.secret_token == "hook-secret"

        ann, poster = journey.user("Ann"), journey.user("Poster")
        group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
        await journey.join(ann, payload)
        await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
        (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
        await journey.settle()
        assert journey.unique_ids(ann) == [posted["photo"][-1]["file_unique_id"]]
        assert journey.world.requests("getUpdates") == []  # nothing polled


async def test_a_forged_update_without_the_secret_token_is_refused(
    journey_factory: JourneyFactory,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    telegram = {
        "webhook_url": url,
        "webhook_secret": "hook-secret",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    async with journey_factory(start=False, local_bot_api=True, telegram=telegram) as journey:
        await journey.start(wait_for_polling=False)
        ann = await ann_in_a_class(journey)
        assert await Participant.exists(telegram_user_id=ann["id"])

        def forged(update_id: int) -> str:
            me = {"id": ann["id"], "is_bot": False, "first_name": "Ann"}
            message = {
                "message_id": 10_000 + update_id,
                "date": int(time.time()),
                "chat": {"id": ann["id"], "type": "private", "first_name": "Ann"},
                "from": me,
                "text": "/forget confirm",
                "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            }
            return json.dumps({"update_id": 900_000 + update_id, "message": message})

        async with aiohttp.ClientSession() as http:
            for n, headers in enumerate(
                [{}, {"X-Telegram-Bot-Api-Secret-Token": "guessed"}], start=1
            ):
                async with http.post(
                    url, data=forged(n), headers={"Content-Type": "application/json", **headers}
                ) as response:
                    assert response.status in (401, 403), response.status
            await journey.settle()
            assert await Participant.exists(telegram_user_id=ann["id"])
            assert not any(
                m.get("text") in (texts.forgetting(), texts.forgotten())
                for m in journey.world.transcript(ann["id"])
                if m["from"]["is_bot"]
            )

            # The same update with the right token is Ann's own: the check is what stopped it.
            async with http.post(
                url,
                data=forged(3),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "hook-secret",
                },
            ) as response:
                assert response.status == 200
        for _ in range(100):
            if not await Participant.exists(telegram_user_id=ann["id"]):
                break
            await asyncio.sleep(0.1)
        assert not await Participant.exists(telegram_user_id=ann["id"])


async def test_webhook_mode_refuses_to_start_without_a_secret(
    journey_factory: JourneyFactory,
) -> None:
    port = _free_port()
    telegram = {
        "webhook_url": f"http://127.0.0.1:{port}/telegram/webhook",
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    with pytest.raises(ValidationError, match="FACEDROP_TELEGRAM__WEBHOOK_SECRET must be set"):
        async with journey_factory(start=False, telegram=telegram):
            pass


# ----- several bot processes behind a load balancer -----------------------------------

HANDLED = re.compile(r"Update id=(\d+) is (handled|not handled)")
SKIPPED = re.compile(r"update (\d+) skipped: it came again")


@contextlib.asynccontextmanager
async def behind_a_balancer(
    journey_factory: JourneyFactory,
    engine: InsightFaceEngine,
    tmp_path: Path,
    fail_after_passing: Callable[[dict[str, Any]], bool] = lambda update: False,
) -> AsyncIterator[tuple[Journey, RoundRobin, list[BotProcess]]]:
    """One worker, and two ``facedrop bot`` processes in webhook mode behind a round-robin
    load balancer whose URL is the webhook, all on the same Postgres, Redis and data dir."""
    async with journey_factory(start=False, local_bot_api=True) as journey:
        await journey.start(("worker",), engine)
        balancer = RoundRobin([], fail_after_passing)
        bots = [
            BotProcess(journey.settings, balancer.url, "hook-secret", tmp_path / f"bot-{n}.log")
            for n in (1, 2)
        ]
        balancer.backends = [bot.url for bot in bots]
        await balancer.start()
        try:
            for bot in bots:
                bot.start()
            for bot in bots:
                await bot.ready(WAIT)
            # Each process sets the webhook (to the same URL) as it starts; Telegram answers
            # the second within a second 429 "retry after 1" (Client.cpp), and that process
            # waits its turn and sets it too.
            deadline = asyncio.get_running_loop().time() + WAIT
            while [r["status"] for r in journey.world.requests("setWebhook")].count(200) < len(
                bots
            ):
                assert asyncio.get_running_loop().time() < deadline, "a bot set no webhook"
                await asyncio.sleep(0.05)
            webhook = journey.world.queues[journey.world.default_bot().id].webhook
            assert webhook is not None and webhook.url == balancer.url
            yield journey, balancer, bots
            await journey.settle()
        finally:
            codes = [await bot.stop(WAIT) for bot in bots]
            await balancer.stop()
        assert codes == [0, 0], [bot.output()[-3000:] for bot in bots]
        assert journey.world.requests("getUpdates") == []  # nothing polled


def dispatched(bots: list[BotProcess]) -> Counter[int]:
    """How many times each update went through a bot's dispatcher, over all processes."""
    return Counter(int(m.group(1)) for bot in bots for m in HANDLED.finditer(bot.output()))


def in_group(passed: Passed, group: dict[str, Any]) -> bool:
    """Whether the balancer passed on a photo posted in ``group``."""
    message = passed.update.get("message", {})
    return "photo" in message and message["chat"]["id"] == group["id"]


def bot_said(journey: Journey, user: dict[str, Any]) -> list[str]:
    return [
        m.get("text") or m.get("caption") or ""
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"]
    ]


async def test_two_bot_processes_behind_a_load_balancer_share_a_guardians_whole_conversation(
    journey_factory: JourneyFactory, engine: InsightFaceEngine, collages: Collages, tmp_path: Path
) -> None:
    async with behind_a_balancer(journey_factory, engine, tmp_path) as (journey, balancer, bots):
        ann, poster = journey.user("Ann"), journey.user("Poster")
        group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
        await journey.join(ann, payload)  # /start <payload>, then /agree
        # /add, the photos one by one, /done: the enrollment session lives in Redis.
        enroll = [photo_bytes(n) for n in CAST["angelina"]["enroll"]]
        await journey.enroll(ann, "Alice", enroll)
        card = await journey.card(ann, "Alice")  # /persons, then the "Alice" button
        assert "Alice" in (card.get("caption") or card.get("text") or ""), card
        album = await journey.post(
            group,
            poster,
            collages.make(CAST["angelina"]["group"][0]),
            collages.make(CAST["angelina"]["group"][1], CAST["strangers"]["group"][0]),
        )
        await journey.settle()

    # Every delivery exactly once, and nothing went wrong on the way.
    _exactly_once(journey, ann, album)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 2
    said = bot_said(journey, ann)
    assert languages_texts.something_went_wrong() not in said
    assert len([s for s in said if s.startswith("✅")]) == len(enroll)  # one verdict a photo
    assert len([s for s in said if "is ready" in s]) == 1

    # The balancer passed each update on once (no retry), to one process or the other,
    # and each update went through exactly one process's dispatcher.
    passed = Counter(p.update["update_id"] for p in balancer.passed)
    assert passed and set(passed.values()) == {1}, passed
    assert all(p.status == 200 for p in balancer.passed)
    assert dispatched(bots) == passed
    # The conversation really was split: Ann's private chat (the enrollment session, the
    # button) and the album's two photos were each handled by both processes.
    private = [
        p.backend
        for p in balancer.passed
        if (p.update.get("message") or {}).get("chat", {}).get("id") == ann["id"]
        or (p.update.get("callback_query") or {}).get("from", {}).get("id") == ann["id"]
    ]
    assert set(private) == {0, 1}, private
    photos = {m["message_id"] for m in album}
    album_backends = {
        p.backend
        for p in balancer.passed
        if (p.update.get("message") or {}).get("message_id") in photos
        and p.update["message"]["chat"]["id"] == group["id"]
    }
    assert album_backends == {0, 1}
    assert await Photo.filter(status=PhotoStatus.DONE).count() == 2


async def test_an_update_telegram_sends_again_is_handled_once_by_whichever_process_gets_it(
    journey_factory: JourneyFactory, engine: InsightFaceEngine, collages: Collages, tmp_path: Path
) -> None:
    # The balancer passes an update on, then answers Telegram 502 (its upstream was too
    # slow): Telegram sends the same update again, and the balancer passes it on to the
    # next process. The enrollment photos, a command, a button and a group photo come twice.
    def flaky(update: dict[str, Any]) -> bool:
        message = update.get("message") or {}
        return "photo" in message or message.get("text") == "/persons" or "callback_query" in update

    async with behind_a_balancer(journey_factory, engine, tmp_path, flaky) as (
        journey,
        balancer,
        bots,
    ):
        ann, poster = journey.user("Ann"), journey.user("Poster")
        group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
        await journey.join(ann, payload)
        enroll = [photo_bytes(n) for n in CAST["angelina"]["enroll"]]
        await journey.enroll(ann, "Alice", enroll)
        listing = await journey.reply_to(ann, "/persons")
        (card,) = await journey.after_pressing(ann, listing, "Alice")
        (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
        await journey.settle()
        # A second try comes a second after the first: wait for the last ones.
        for _ in range(int(WAIT * 10)):
            if all(
                len(balancer.backends_of(p.update["update_id"])) == 2
                for p in balancer.passed
                if flaky(p.update)
            ):
                break
            await asyncio.sleep(0.1)
        await journey.settle()

    twice = [u for u, n in Counter(p.update["update_id"] for p in balancer.passed).items() if n > 1]
    assert len(twice) == len(enroll) + 3, twice  # the photos, /persons, the button, the group's
    # Each went through a dispatcher twice, and was handled by the first one only.
    assert all(dispatched(bots)[u] == 2 for u in twice), dispatched(bots)
    skipped = Counter(int(m.group(1)) for bot in bots for m in SKIPPED.finditer(bot.output()))
    assert skipped == Counter(twice), skipped

    # What Ann saw: each photo checked once, one list, one card, the group photo once.
    said = bot_said(journey, ann)
    assert languages_texts.something_went_wrong() not in said
    verdicts = [s for s in said if s.startswith("✅")]
    counted = [int(m.group(1)) for s in verdicts if (m := re.search(r"\((\d+)[ )]", s))]
    assert counted == list(range(1, len(enroll) + 1)), verdicts  # none counted twice
    assert said.count(listing["text"]) == 1, said
    assert said.count(card.get("caption") or card["text"]) == 1, said
    _exactly_once(journey, ann, [posted])
    assert await Photo.all().count() == 1


async def test_a_bot_process_stopped_while_handling_an_update_finishes_it_first(
    journey_factory: JourneyFactory, engine: InsightFaceEngine, collages: Collages, tmp_path: Path
) -> None:
    # A rolling restart: a process is stopped (SIGTERM) while it handles a group photo it
    # has already answered 200 for (Telegram will not send it again), then started again.
    async with behind_a_balancer(journey_factory, engine, tmp_path) as (journey, balancer, bots):
        ann, poster, group = await journey.class_with_alice()
        stopping: list[BotProcess] = []

        def stop_the_one_taking_it(passed: Passed) -> None:
            if not stopping and in_group(passed, group):
                stopping.append(bots[passed.backend])
                stopping[0].terminate()

        balancer.on_passed = stop_the_one_taking_it
        # Redis takes no writes for a while: the photo's handler waits in it, and the
        # process is told to stop meanwhile (it would be gone in well under a second).
        await journey.redis.execute_command("CLIENT", "PAUSE", "2500", "WRITE")  # type: ignore[no-untyped-call]
        (posted,) = await journey.post(group, poster, collages.make(CAST["angelina"]["group"][0]))
        for _ in range(int(WAIT * 20)):
            if stopping:
                break
            await asyncio.sleep(0.05)
        assert stopping
        assert await stopping[0].stop(WAIT) == 0, stopping[0].output()[-3000:]
        stopping[0].start()
        await stopping[0].ready(WAIT)
        await journey.settle()

    # The photo reached Ann, once: the process finished it as it stopped (before, its
    # Redis and Postgres closed under the handler, and the photo was lost).
    _exactly_once(journey, ann, [posted])
    assert await Photo.filter(status=PhotoStatus.DONE).count() == 1
    assert "finishing 1 update(s) before stopping" in stopping[0].output()
    (photo_update,) = (p.update["update_id"] for p in balancer.passed if in_group(p, group))
    assert dispatched(bots)[photo_update] == 1
