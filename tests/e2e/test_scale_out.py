"""Scale-out (issue 12): several workers on one Postgres, Redis and face index share the
work, and every guardian still gets each of their photos exactly once."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import Delivery, Photo
from domain.recognition.faces import ImageFaces
from domain.settings import FacesSettings
from domain.states import DeliveryStatus, PhotoStatus
from tests.e2e.conftest import CAST, WAIT, Collages, Journey, photo_bytes
from tests.e2e.test_reliability import _exactly_once

X, Y, W, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["mark"], CAST["strangers"]
PHOTOS = 100


class CountingEngine(InsightFaceEngine):
    """The real engine, counting the photos it analyzed (which worker did the work)."""

    analyzed = 0

    async def analyze(self, image: bytes, *, crops: bool = False) -> ImageFaces:
        self.analyzed += 1
        return await super().analyze(image, crops=crops)


def _group_photos() -> list[tuple[tuple[str, ...], set[str]]]:
    """``PHOTOS`` different group photos: which faces, and whose (Alice, Yara, Will) are in."""
    photos: list[tuple[tuple[str, ...], set[str]]] = []
    seen: set[tuple[str, ...]] = set()
    i = 0
    while len(photos) < PHOTOS:
        cast = [("Alice", X["group"][i % 3]), ("Yara", Y["group"][i // 3 % 3])]
        cast.append(("Will", W["group"][i // 9 % 2]))
        chosen = [face for bit, face in enumerate(cast) if (i % 7 + 1) >> bit & 1]
        faces = [name for _, name in chosen] + [NOBODY["group"][i // 18 % 4]]
        turn = i // 7 % len(faces)
        names = tuple(faces[turn:] + faces[:turn])
        if names not in seen:
            seen.add(names)
            photos.append((names, {person for person, _ in chosen}))
        i += 1
    return photos


async def test_two_workers_share_a_hundred_photos_and_deliver_each_exactly_once(
    journey: Journey, collages: Collages, faces_settings: FacesSettings
) -> None:
    from workers.app import run_worker

    ann, bea, wes, poster = (journey.user(n) for n in ("Ann", "Bea", "Wes", "Poster"))
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea, wes])
    guardians = {"Alice": ann, "Yara": bea, "Will": wes}
    for (person, guardian), cast in zip(guardians.items(), (X, Y, W), strict=True):
        await journey.join(guardian, payload)
        await journey.enroll(guardian, person, [photo_bytes(n) for n in cast["enroll"]])
    await journey.settle()

    # A second worker process's worth: its own model, queue consumer, bot session and
    # Telegram throttle client, on the same Postgres, Redis and face index.
    assert journey.stack is not None
    engine = await asyncio.to_thread(CountingEngine.load, faces_settings, download=False)
    assert isinstance(engine, CountingEngine)
    stop = asyncio.Event()
    second = asyncio.create_task(run_worker(journey.stack, journey.settings, stop, engine=engine))
    try:
        posted: dict[str, list[dict[str, Any]]] = {person: [] for person in guardians}
        for names, persons in _group_photos():
            (message,) = await journey.post(group, poster, collages.make(*names))
            for person in persons:
                posted[person].append(message)
        await journey.settle(timeout=WAIT * 20)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(second, WAIT)
        engine.close()

    for person, guardian in guardians.items():
        _exactly_once(journey, guardian, posted[person])
    expected = sum(len(messages) for messages in posted.values())
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == expected
    assert await Delivery.exclude(status=DeliveryStatus.SENT).count() == 0
    assert await Photo.filter(status=PhotoStatus.DONE).count() == PHOTOS
    # Both workers recognized photos: the work was shared, not done by one alone.
    assert 0 < engine.analyzed < PHOTOS, engine.analyzed
