"""``facedrop bench deliver``: photos for many guardians at once, with Telegram's flood
limits enforced by the emulator (1 message/s per chat, 30/s in all): how many messages a
second go out, and that none is lost or sent twice.

One person has many guardians (one enrolled it through the bot; the others are added as
its co-guardians straight in Postgres, to keep the set-up short), so every group photo of
them is one delivery per guardian. Prints figures and writes JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from cli.bench_sandbox import bench_sandbox
from cli.exits import EXIT_OK, EXIT_USAGE
from domain.infra.models import Delivery, Guardianship, Participant, Person
from domain.settings import Settings
from domain.states import DeliveryStatus, GuardianRole


def register(actions: Any) -> None:
    deliver = actions.add_parser(
        "deliver",
        help="send photos to many guardians under Telegram's flood limits: messages/s, "
        "lost and doubled",
    )
    deliver.add_argument("--guardians", type=int, default=60, help="guardians of one person")
    deliver.add_argument("--photos", type=int, default=10, help="group photos of that person")
    deliver.add_argument(
        "--faces", type=Path, default=Path("../shared/faces"), help="the labelled photos"
    )
    deliver.add_argument("--json", type=Path, default=None, help="also write the figures here")
    deliver.set_defaults(handler=bench_deliver)


def bench_deliver(args: argparse.Namespace, settings: Settings) -> int:
    if not (args.faces / "labels.csv").is_file():
        print(f"facedrop: {args.faces} is not the labelled photos folder (../shared/faces)")
        return EXIT_USAGE
    if args.guardians < 1 or args.photos < 1:
        print("facedrop: --guardians and --photos must be at least 1")
        return EXIT_USAGE
    figures = asyncio.run(_deliver(settings, args.faces.resolve(), args.guardians, args.photos))
    print(
        f"facedrop bench deliver: {args.photos} photos x {args.guardians} guardians, "
        f"emulator limits {figures['limits']}, facedrop paces at "
        f"{figures['paced_per_s']}/s"
    )
    print(f"  sent                {figures['sent']} of {figures['expected']}")
    print(f"  messages/s          {figures['messages_per_s']:.1f}  (first to last send)")
    print(f"  sustained           {figures['sustained_per_s']:.1f}  (the middle 80% of sends)")
    print(f"  lost                {figures['lost']}")
    print(f"  doubled             {figures['doubled']}")
    print(f"  429 from Telegram   {figures['telegram_429']}")
    print(f"  all sent after      {figures['all_sent_s']:.1f} s")
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return EXIT_OK


async def _deliver(
    settings: Settings, faces_dir: Path, guardians: int, photos: int
) -> dict[str, Any]:
    from sandbox.collages import DEMO_CAST

    async with bench_sandbox(settings, faces_dir) as sandbox:
        world, script, collages = sandbox.world, sandbox.script, sandbox.collages
        poster = script.user("Poster")
        people = [script.user(f"Guardian{n}") for n in range(guardians)]
        group, payload = await script.group_with_bot("Bench class", poster, people)
        for guardian in people:
            await script.join(guardian, payload)
        cast = DEMO_CAST["angelina"]
        await script.enroll(people[0], "Alice", [collages.photo(n) for n in cast["enroll"]])
        person = await Person.get(name="Alice")
        others = await Participant.filter(
            telegram_user_id__in=[g["id"] for g in people[1:]]
        ).values_list("id", flat=True)
        await Guardianship.bulk_create(
            [
                Guardianship(person_id=person.id, participant_id=p, role=GuardianRole.CO_GUARDIAN)
                for p in others
            ]
        )
        images = [
            collages.make(
                cast["group"][i % len(cast["group"])],
                DEMO_CAST["strangers"]["group"][i % len(DEMO_CAST["strangers"]["group"])],
                *DEMO_CAST["strangers"]["group"][: i // 12],
            )
            for i in range(photos)
        ]
        world.limiter.reset()
        world.limiter.config.enabled = True
        started = time.perf_counter()
        posted = []
        for image in images:
            posted += await script.post(group, poster, image)
        expected = photos * guardians
        sent = Delivery.filter(status=DeliveryStatus.SENT)
        deadline = started + 60 + expected / 10
        while await sent.count() < expected and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        all_sent = time.perf_counter() - started
        # An album's photos count once its "Not Alice?" message came (it follows the
        # guardian's waiting photos, within 30 s).
        owed = Delivery.filter(corrections_due=True)
        while await owed.exists() and time.perf_counter() < deadline + 30:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        await asyncio.sleep(2)  # anything sent twice would show now
        times = sorted(d.sent_at for d in await sent if d.sent_at is not None)
        span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0.0
        # Sustained: the middle 80% of the sends, without the start and the tail.
        low, high = len(times) // 10, len(times) - 1 - len(times) // 10
        middle = (times[high] - times[low]).total_seconds() if high > low else 0.0
        received: Counter[tuple[int, str]] = Counter(
            (guardian["id"], message["photo"][-1]["file_unique_id"])
            for guardian in people
            for message in script.delivered(guardian)
            if "photo" in message
        )
        limits = world.limiter.config
        return {
            "guardians": guardians,
            "photos": photos,
            "expected": expected,
            "sent": len(times),
            "lost": expected - len(received),
            "doubled": sum(count - 1 for count in received.values() if count > 1),
            "messages_per_s": (len(times) - 1) / span if span else 0.0,
            "sustained_per_s": (high - low) / middle if middle else 0.0,
            "all_sent_s": all_sent,
            "telegram_429": world.stats["429"],
            "limits": f"{limits.per_chat_per_s:g}/s per chat, {limits.global_per_s}/s in all",
            "paced_per_s": settings.telegram.global_per_s,
        }
