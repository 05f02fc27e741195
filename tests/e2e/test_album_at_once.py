"""A photo and a clip posted together (one Telegram album) arrive together in a group that
sends each photo at once (issue 35): the photo, read first, waits for the clip, and each
guardian gets their share of the album as one album (``sendMediaGroup`` by file id), each
item captioned; what is theirs in one item only comes alone; a photo posted alone is not
held back by an album still being read. The clips are filmed from the shared photos
(``sandbox/clips.py``)."""

from __future__ import annotations

import asyncio
from typing import Any

from domain.infra.models import Delivery, Photo
from domain.states import DeliveryStatus, PhotoStatus
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.test_clip_delivery import from_bot

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def photo_and_clip(
    journey: Journey,
    group: dict[str, Any],
    poster: dict[str, Any],
    photo: bytes,
    clip_s: float,
    caption: str | None = None,
) -> list[dict[str, Any]]:
    """The poster's album: ``photo``, then a clip of Alice ``clip_s`` seconds long."""
    clip = film([(photo_bytes(X["group"][1]), clip_s)])
    return await journey.world.user_sends_album(
        group["id"],
        poster["id"],
        [(photo, "a.jpg", "image/jpeg"), (clip, "song.mp4", "video/mp4")],
        caption=caption,
    )


def media(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if "photo" in m or "video" in m]


async def test_a_photo_and_a_clip_posted_together_arrive_as_one_album_and_a_lone_photo_at_once(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    alice = collages.make(X["group"][0], NOBODY["group"][0])
    # A 6 s clip: read well after the photos.
    posted = await photo_and_clip(journey, group, poster, alice, 6.0, "Sports day")
    (alone,) = await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.settle()

    first, *album = media(from_bot(journey, ann))
    # The photo posted alone went as soon as it was recognized, without the album's items
    # waiting for their clip, in a message of its own with its buttons.
    assert first["photo"][-1]["file_unique_id"] == alone["photo"][-1]["file_unique_id"]
    assert "media_group_id" not in first
    assert first["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    # The album's photo waited for its clip: one album, each item with its caption.
    assert [("photo" in m, "video" in m) for m in album] == [(True, False), (False, True)]
    assert len({m.get("media_group_id") for m in album}) == 1 and "media_group_id" in album[0]
    assert album[0]["photo"][-1]["file_unique_id"] == posted[0]["photo"][-1]["file_unique_id"]
    assert album[1]["video"]["file_unique_id"] == posted[1]["video"]["file_unique_id"]
    assert [m["caption"] for m in album] == [
        "Sports day\n\nAlice · Class 1A",
        "Sports day\n\nAlice at 0:00 · Class 1A",
    ]
    (note,) = [m for m in from_bot(journey, ann) if "above" in m.get("text", "")]
    assert note["text"].startswith("1 photo and 1 clip from Class 1A above.")
    assert note["reply_to_message"]["message_id"] == album[0]["message_id"]
    assert [r["status"] for r in journey.world.requests("sendMediaGroup")] == [200]
    deliveries = await Delivery.filter(participant__telegram_user_id=ann["id"])
    assert sorted(d.status for d in deliveries) == [DeliveryStatus.SENT] * 3


async def test_a_guardian_whose_child_is_in_one_item_of_the_album_gets_that_one_alone(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, poster, group = await journey.class_with_alice_and_yara()
    both = collages.make(X["group"][0], Y["group"][0])
    posted = await photo_and_clip(journey, group, poster, both, 4.0)  # Alice's clip
    await journey.settle()

    to_ann = media(from_bot(journey, ann))
    assert [("photo" in m, "video" in m) for m in to_ann] == [(True, False), (False, True)]
    assert len({m.get("media_group_id") for m in to_ann}) == 1 and "media_group_id" in to_ann[0]
    (to_bea,) = media(from_bot(journey, bea))
    assert to_bea["photo"][-1]["file_unique_id"] == posted[0]["photo"][-1]["file_unique_id"]
    assert "media_group_id" not in to_bea
    assert to_bea["caption"] == "Yara · Class 1A"
    assert to_bea["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Yara?"


async def test_a_photo_waiting_for_its_clip_survives_a_worker_restart_and_a_lost_queue(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    alice = collages.make(X["group"][0], NOBODY["group"][0])
    posted = await photo_and_clip(journey, group, poster, alice, 12.0)
    # The photo is read (its delivery planned) while the clip still is: the worker stops
    # then, and Redis loses the queued jobs (the photo's deferred delivery among them).
    waiting = Delivery.filter(photo__message_id=posted[0]["message_id"])
    deadline = asyncio.get_running_loop().time() + 120
    while not await waiting.exists():
        assert asyncio.get_running_loop().time() < deadline, "the photo was never read"
        await asyncio.sleep(0.05)
    await journey.shutdown()
    clip = await Photo.get(message_id=posted[1]["message_id"])
    assert clip.status in (PhotoStatus.PENDING, PhotoStatus.PROCESSING)
    assert media(from_bot(journey, ann)) == []
    await journey.redis.flushall()

    await journey.start()  # the worker reconciles at start-up
    await journey.settle()
    album = media(from_bot(journey, ann))
    assert [("photo" in m, "video" in m) for m in album] == [(True, False), (False, True)]
    assert len({m.get("media_group_id") for m in album}) == 1 and "media_group_id" in album[0]
    assert [d.status for d in await Delivery.all()] == [DeliveryStatus.SENT] * 2
