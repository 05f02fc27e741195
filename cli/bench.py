"""``facedrop bench journey``: post group photos in a sandbox and time them to delivery.

Prints figures; asserts nothing. Everything runs in a fresh temporary data dir
with the emulator standing in for Telegram, so nothing configured is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from cli import bench_burst as burst
from cli import bench_deliver as deliver
from cli import bench_index
from cli import bench_recognize as recognize
from cli import bench_video as video
from cli.bench_sandbox import bench_sandbox
from cli.exits import EXIT_OK, EXIT_USAGE
from domain.infra.models import Delivery, Photo
from domain.recognition.service import Timings
from domain.settings import Settings
from domain.states import DeliveryStatus

GUARDIANS = (("Ann", "Alice", "angelina"), ("Bea", "Yara", "scarlett"), ("Wes", "Will", "mark"))


def register(commands: Any) -> None:
    bench = commands.add_parser("bench")
    actions = bench.add_subparsers(dest="bench_command", required=True, metavar="WHAT")
    journey = actions.add_parser(
        "journey", help="post N group photos in a sandbox and time each from posted to delivered"
    )
    journey.add_argument("--photos", type=int, default=20, help="how many group photos to post")
    journey.add_argument(
        "--interval",
        type=float,
        default=1.5,
        help="seconds between posts (0 posts them in one burst)",
    )
    journey.add_argument(
        "--faces",
        type=Path,
        default=Path("../shared/faces"),
        help="the labelled photos (../shared/faces)",
    )
    journey.set_defaults(handler=bench_journey)
    burst.register(actions)
    deliver.register(actions)
    recognize.register(actions)
    bench_index.register(actions)
    video.register(actions)


@dataclass
class Sample:
    photo_id: UUID
    timings: Timings | None = None


class _TimingsCatcher(logging.Handler):
    """Collects the per-photo timings the recognition logs."""

    def __init__(self) -> None:
        super().__init__()
        self.by_photo: dict[UUID, Timings] = {}

    def emit(self, record: logging.LogRecord) -> None:
        timings = getattr(record, "timings", None)
        if isinstance(timings, Timings):
            self.by_photo[record.photo_id] = timings  # type: ignore[attr-defined]


def _percentiles(values: Sequence[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.0f} ms   p95 {p95 * 1000:7.0f} ms"


def bench_journey(args: argparse.Namespace, settings: Settings) -> int:
    if not (args.faces / "labels.csv").is_file():
        print(f"facedrop: {args.faces} is not the labelled photos folder (../shared/faces)")
        return EXIT_USAGE
    asyncio.run(_journey(settings, args.faces.resolve(), args.photos, args.interval))
    return EXIT_OK


async def _journey(settings: Settings, faces_dir: Path, count: int, interval: float) -> None:
    from sandbox.collages import DEMO_CAST

    catcher = _TimingsCatcher()
    recognition_log = logging.getLogger("domain.recognition.service")
    recognition_log.addHandler(catcher)
    recognition_log.setLevel(logging.INFO)  # its per-photo timings, whatever the root says
    try:
        async with bench_sandbox(settings, faces_dir) as sandbox:
            script, collages, engine = sandbox.script, sandbox.collages, sandbox.engine
            poster = script.user("Poster")
            people = [(script.user(guardian), person, cast) for guardian, person, cast in GUARDIANS]
            group, payload = await script.group_with_bot(
                "Bench class", poster, [g for g, _, _ in people]
            )
            for guardian, person, cast in people:
                await script.join(guardian, payload)
                await script.enroll(
                    guardian, person, [collages.photo(n) for n in DEMO_CAST[cast]["enroll"]]
                )

            images = []
            for i in range(count):
                names = [
                    DEMO_CAST[cast]["group"][i % len(DEMO_CAST[cast]["group"])]
                    for _, _, cast in people
                ]
                names.append(DEMO_CAST["strangers"]["group"][i % 4])
                images.append(collages.make(*names[i % 4 :], *names[: i % 4]))
            started = time.perf_counter()
            posted = []
            for image in images:
                posted += await script.post(group, poster, image)
                if interval:
                    await asyncio.sleep(interval)
            message_ids = [m["message_id"] for m in posted]
            expected = count * len(people)
            sent = Delivery.filter(photo__message_id__in=message_ids, status=DeliveryStatus.SENT)
            while await sent.count() < expected:  # noqa: ASYNC110 (Postgres is the source)
                await asyncio.sleep(0.1)
            wall = time.perf_counter() - started

            photos = {p.id: p for p in await Photo.filter(message_id__in=message_ids)}
            latencies, send = [], []
            for delivery in await Delivery.filter(
                photo_id__in=list(photos), status=DeliveryStatus.SENT
            ):
                photo = photos[delivery.photo_id]  # type: ignore[attr-defined]
                assert delivery.sent_at is not None
                latency = (delivery.sent_at - photo.created_at).total_seconds()
                latencies.append(latency)
                t = catcher.by_photo.get(photo.id)
                if t is not None:
                    send.append(latency - (t.download + t.detect_embed + t.match + t.store))
            steps = list(catcher.by_photo.values())
            raw = []
            for image in images:
                begin = time.perf_counter()
                engine.analyze_sync(image)
                raw.append(time.perf_counter() - begin)
            print(
                f"facedrop bench journey: {count} photos x {len(people)} guardians, "
                f"{interval}s apart, "
                f"pack {settings.faces.pack} on {engine.provider}, "
                f"{steps[0].faces if steps else '?'} faces per photo"
            )
            print(
                f"  posted -> delivered   {_percentiles(latencies)}"
                f"   ({len(latencies)} deliveries, {wall:.1f} s in all)"
            )
            print(f"  download              {_percentiles([t.download for t in steps])}")
            print(f"  detect + embed        {_percentiles([t.detect_embed for t in steps])}")
            print(f"  match                 {_percentiles([t.match for t in steps])}")
            print(f"  store                 {_percentiles([t.store for t in steps])}")
            print(f"  queue + send          {_percentiles(send)}")
            print(f"  raw model, same photos  {_percentiles(raw)}")
    finally:
        recognition_log.removeHandler(catcher)
