"""``facedrop bench burst``: one guardian's child in N photos posted at once (as a phone
sends them: albums of up to 10), under Telegram's flood limits as the emulator enforces
them (about 1 message/s per chat, a request of several photos counting each): when each
photo reaches the guardian after the last one was posted, in how many messages, and
that none is lost or sent twice. Runs twice, bursts sent as albums and one message per
photo, for comparison. Prints figures and writes JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from cli.bench_sandbox import bench_sandbox
from cli.exits import EXIT_OK, EXIT_USAGE
from domain.delivery.albums import ALBUM_MAX
from domain.infra.models import Delivery
from domain.settings import Settings
from domain.states import DeliveryStatus


def register(actions: Any) -> None:
    burst = actions.add_parser(
        "burst",
        help="post N photos of one guardian's child at once: when each arrives, in how many "
        "messages (albums vs one message per photo)",
    )
    burst.add_argument("--photos", type=int, default=20, help="photos in the burst")
    burst.add_argument(
        "--faces", type=Path, default=Path("../shared/faces"), help="the labelled photos"
    )
    burst.add_argument("--json", type=Path, default=None, help="also write the figures here")
    burst.set_defaults(handler=bench_burst)


def bench_burst(args: argparse.Namespace, settings: Settings) -> int:
    if not (args.faces / "labels.csv").is_file():
        print(f"facedrop: {args.faces} is not the labelled photos folder (../shared/faces)")
        return EXIT_USAGE
    if not 1 <= args.photos <= 100:
        print("facedrop: --photos must be 1 to 100")
        return EXIT_USAGE
    runs = {}
    for albums in (True, False):
        delivery = settings.delivery.model_copy(update={"bursts_as_albums": albums})
        runs["albums" if albums else "one_by_one"] = asyncio.run(
            _burst(
                settings.model_copy(update={"delivery": delivery}),
                args.faces.resolve(),
                args.photos,
            )
        )
    first = runs["albums"]
    print(
        f"facedrop bench burst: {args.photos} photos of one child posted at once "
        f"(albums of {ALBUM_MAX}), emulator limits {first['limits']}, "
        f"facedrop paces at {settings.telegram.per_chat_per_s:g}/s per chat"
    )
    print(f"  {'':34}{'as albums':>14}{'one by one':>14}")
    rows = (
        ("photos sent", "sent", "{:.0f}"),
        ("messages to the guardian", "messages", "{:.0f}"),
        ("  of which albums", "albums", "{:.0f}"),
        ("  and their Not X? messages", "follow_ups", "{:.0f}"),
        ("first photo after first posted", "first_s", "{:.1f} s"),
        ("after the last posted: p50", "p50_s", "{:.1f} s"),
        ("after the last posted: p95", "p95_s", "{:.1f} s"),
        ("after the last posted: last", "last_s", "{:.1f} s"),
        ("last recognized after last posted", "recognized_s", "{:.1f} s"),
        ("lost", "lost", "{:.0f}"),
        ("doubled", "doubled", "{:.0f}"),
        ("429 from Telegram", "telegram_429", "{:.0f}"),
    )
    for label, key, form in rows:
        cells = [form.format(runs[run][key]) for run in ("albums", "one_by_one")]
        print(f"  {label:34}{cells[0]:>14}{cells[1]:>14}")
    print(
        f"  the limits alone keep the last photo at least {first['floor_s']:.0f} s after the "
        "first send (see docs/benchmarks.md)"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(runs, indent=2) + "\n")
    return EXIT_OK


def floor_s(photos: int, per_chat_per_s: float, burst: int) -> float:
    """The soonest the last of ``photos`` can go after the first send, in albums of up to
    ``ALBUM_MAX``, when each photo costs one of a chat's ``burst`` allowances and they come
    back at ``per_chat_per_s``: every photo before the last album must be paid back first,
    less what the allowance held beyond what the last album needs to start."""
    last = photos - (photos - 1) // ALBUM_MAX * ALBUM_MAX
    before = photos - last
    return max(0.0, (before - (burst - min(last, burst))) / per_chat_per_s) if before else 0.0


async def _burst(settings: Settings, faces: Path, photos: int) -> dict[str, Any]:
    from sandbox.collages import DEMO_CAST

    cast, strangers = DEMO_CAST["angelina"], DEMO_CAST["strangers"]["group"]
    async with bench_sandbox(settings, faces) as sandbox:
        world, script, collages = sandbox.world, sandbox.script, sandbox.collages
        ann, poster = script.user("Ann"), script.user("Poster")
        group, payload = await script.group_with_bot("Bench class", poster, [ann])
        await script.join(ann, payload)
        await script.enroll(ann, "Alice", [collages.photo(n) for n in cast["enroll"]])
        images = [
            collages.make(
                cast["group"][i % len(cast["group"])],
                *strangers[: i // len(cast["group"]) % len(strangers) + 1],
                *([strangers[0]] * (i // (len(cast["group"]) * len(strangers)))),
            )
            for i in range(photos)
        ]
        world.limiter.reset()
        world.limiter.config.enabled = True
        world.stats["429"] = 0
        started = time.perf_counter()
        posted = []
        for start in range(0, photos, ALBUM_MAX):
            posted += await script.post(group, poster, *images[start : start + ALBUM_MAX])
        last_posted = time.perf_counter()
        sent = Delivery.filter(status=DeliveryStatus.SENT)
        deadline = last_posted + 60 + 2 * photos
        while await sent.count() < photos and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        while _follow_ups_missing(world, ann) and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        await asyncio.sleep(2)  # anything sent twice would show now
        deliveries = await Delivery.filter(participant__telegram_user_id=ann["id"])
        offset = time.time() - time.perf_counter()  # sent_at is wall time; the rest perf
        arrivals = sorted(
            d.sent_at.timestamp() - offset - last_posted for d in deliveries if d.sent_at
        )
        planned = [d.created_at.timestamp() - offset - last_posted for d in deliveries]
        expected = {m["photo"][-1]["file_unique_id"] for m in posted}
        to_ann = [m for m in world.transcript(ann["id"]) if m["from"]["is_bot"] and "photo" in m]
        received = Counter(m["photo"][-1]["file_unique_id"] for m in to_ann)
        groups = {m["media_group_id"] for m in to_ann if "media_group_id" in m}
        follow_ups = len(groups) - _follow_ups_missing(world, ann)
        limits = world.limiter.config
        ordered = arrivals or [float("nan")]
        return {
            "photos": photos,
            "bursts_as_albums": settings.delivery.bursts_as_albums,
            "sent": len(arrivals),
            "messages": len(groups)
            + sum(1 for m in to_ann if "media_group_id" not in m)
            + follow_ups,
            "albums": len(groups),
            "follow_ups": follow_ups,
            "first_s": ordered[0] + last_posted - started,
            "p50_s": statistics.median(ordered),
            "p95_s": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "last_s": ordered[-1],
            "recognized_s": max(planned, default=float("nan")),
            "lost": len(expected - set(received)),
            "doubled": sum(count - 1 for count in received.values() if count > 1),
            "telegram_429": world.stats["429"],
            "telegram_429_on": dict(
                Counter(r["method"] for r in world.requests() if r.get("status") == 429)
            ),
            "limits": f"{limits.per_chat_per_s:g}/s per chat (a burst of "
            f"{limits.per_chat_burst}), {limits.global_per_s}/s in all",
            "floor_s": floor_s(photos, limits.per_chat_per_s, limits.per_chat_burst),
        }


def _follow_ups_missing(world: Any, user: dict[str, Any]) -> int:
    """Albums the user got that no "Not Alice?" message answers yet."""
    transcript = [m for m in world.transcript(user["id"]) if m["from"]["is_bot"]]
    albums = {m["media_group_id"] for m in transcript if "media_group_id" in m}
    answered = {
        m["reply_to_message"].get("media_group_id") for m in transcript if "reply_to_message" in m
    }
    return len(albums - answered)
