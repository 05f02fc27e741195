"""What an operator sees on a process's port: the metrics a journey moves, and health and
readiness that say which component does not answer."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families
from redis.asyncio import Redis

from domain.infra.models import Photo
from domain.infra.ops_http import ops_app
from domain.infra.readiness import Readiness
from domain.infra.stack import Stack
from domain.logs import JsonFormatter
from domain.settings import Settings
from tests.e2e.balancer import BotProcess, free_port
from tests.e2e.conftest import CAST, WAIT, Collages, Journey, JourneyFactory


@asynccontextmanager
async def ops_port(stack: Stack) -> AsyncIterator[str]:
    """The operator's port of a process with this stack, on a free port; its URL."""
    runner = web.AppRunner(ops_app(Readiness(stack)))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


async def _get(url: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()


async def scrape(url: str) -> dict[str, float]:
    """Every sample of /metrics, by name and labels (``name{label="value"}``)."""
    status, text = await _get(url + "/metrics")
    assert status == 200
    samples: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


async def test_the_metrics_count_what_a_journey_caused(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.settle()
    assert journey.stack is not None
    async with ops_port(journey.stack) as url:
        before = await scrape(url)
        x, nobody = CAST["angelina"]["group"], CAST["strangers"]["group"]
        await journey.post(group, poster, collages.make(x[0], nobody[0]))
        await journey.post(group, poster, collages.make(nobody[1]))
        await journey.settle()
        after = await scrape(url)

    def moved(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    assert moved("facedrop_photos_received_total") == 2
    assert moved("facedrop_faces_detected_total") == 3
    assert moved("facedrop_recognition_seconds_count") == 2
    assert moved('facedrop_deliveries_total{outcome="sent"}') == 1
    assert moved("facedrop_delivery_seconds_count") == 1
    assert moved("facedrop_telegram_rate_limited_total") == 0
    assert len(journey.photos_for(ann)) == 1
    # Read when scraped: nothing waits in the queue; the index holds Alice's three
    # enrollment faces and the three faces posted.
    assert after["facedrop_queue_depth"] == 0
    assert after["facedrop_index_faces"] == 6
    for check in ("database", "redis", "face_index", "blobs", "model"):
        assert after[f'facedrop_ready{{check="{check}"}}'] == 1, check


async def test_a_bot_process_reports_what_it_has_and_no_face_index(
    journey_factory: JourneyFactory, tmp_path: Path
) -> None:
    # `facedrop bot` in its own process, as compose runs it: it has no face index (nor a
    # model), so its /readyz checks what it has and its /metrics carries no index size
    # (a 0 there would drag down a sum or average of facedrop_index_faces).
    async with journey_factory(start=False, local_bot_api=True) as journey:
        bot = BotProcess(journey.settings, "", "hook-secret", tmp_path / "bot.log")
        ops = f"http://127.0.0.1:{free_port()}"
        bot.env["FACEDROP_TELEGRAM__WEBHOOK_URL"] = bot.url
        bot.env["FACEDROP_OPS__PORT"] = ops.rpartition(":")[2]
        bot.start()
        try:
            await bot.ready(timeout=WAIT)
            status, ready = await _get(ops + "/readyz")
            samples = await scrape(ops)
        finally:
            await bot.stop(timeout=WAIT)
    assert (status, ready) == (
        200,
        {"ready": True, "checks": {"database": "ok", "redis": "ok", "blobs": "ok"}},
    ), bot.output()
    assert "facedrop_index_faces" not in samples
    assert samples["facedrop_queue_depth"] == 0
    assert samples['facedrop_ready{check="database"}'] == 1


async def test_a_process_with_every_component_up_is_healthy_and_ready(journey: Journey) -> None:
    assert journey.stack is not None
    async with ops_port(journey.stack) as url:
        assert await _get(url + "/healthz") == (200, {"ok": True})
        status, ready = await _get(url + "/readyz")
    assert status == 200
    assert ready == {
        "ready": True,
        "checks": {
            "database": "ok",
            "redis": "ok",
            "face_index": "ok",
            "blobs": "ok",
            "model": "ok",  # the worker's, loaded
        },
    }


async def test_readiness_names_the_component_that_does_not_answer(tmp_path: Any) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=1)
    stack = Stack(settings=Settings(data_dir=tmp_path), redis_url="redis://127.0.0.1:1/0")
    stack.redis = unreachable

    async def loading() -> None:
        raise RuntimeError("loading the face model")

    stack.checks["model"] = loading
    try:
        async with ops_port(stack) as url:
            assert await _get(url + "/healthz") == (200, {"ok": True})  # alive all the same
            status, ready = await _get(url + "/readyz")
            metrics_status, _ = await _get(url + "/metrics")
            gauges = await scrape(url)
    finally:
        await unreachable.aclose()
    assert status == 503
    assert ready["ready"] is False
    assert ready["checks"]["redis"].startswith("ConnectionError")
    assert ready["checks"]["model"] == "RuntimeError: loading the face model"
    assert metrics_status == 200  # the counters, without the gauges it could not read
    # What Prometheus alerts on: the checks that fail, by name.
    assert gauges['facedrop_ready{check="redis"}'] == 0
    assert gauges['facedrop_ready{check="model"}'] == 0


class Captured(logging.Handler):
    """Every line logged meanwhile, as the JSON format writes it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


async def test_logs_follow_a_photo_by_its_id_and_never_name_anyone(
    journey: Journey, collages: Collages
) -> None:
    root, captured = logging.getLogger(), Captured()
    level = root.level
    root.addHandler(captured)
    root.setLevel(logging.INFO)
    try:
        ann, poster, group = await journey.class_with_alice()
        x, nobody = CAST["angelina"]["group"], CAST["strangers"]["group"]
        (posted,) = await journey.world.user_sends_photos(
            group["id"],
            poster["id"],
            [collages.make(x[0], nobody[0])],
            caption="Zora at the zoo",
        )
        await journey.settle()
    finally:
        root.removeHandler(captured)
        root.setLevel(level)
    assert len(journey.photos_for(ann)) == 1
    records = [json.loads(line) for line in captured.lines]  # each line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(records[0])
    everything = "\n".join(captured.lines)
    for private in ("Alice", "Class 1A", "Zora", "zoo", "Ann"):
        assert private not in everything, private
    photo = await Photo.get(message_id=posted["message_id"])
    about = [r for r in records if r.get("photo_id") == str(photo.id)]
    loggers = {r["logger"] for r in about}
    # From its recognition to its delivery, the photo's lines carry its id.
    assert {"domain.recognition.service", "domain.delivery.service"} <= loggers, loggers
    sent = [r for r in about if r["logger"] == "domain.delivery.service"]
    assert sent and all("delivery_id" in r and r["job"] == "deliver" for r in sent)
