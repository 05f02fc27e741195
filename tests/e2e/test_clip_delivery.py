"""Clips delivered as they came (issue 35): photos and videos posted together reach a
guardian as one album, a round video (which carries no caption) is followed by who is in
it and when, and a clip whose group message is gone is sent again by its file id. The
clips are filmed from the shared photos (``sandbox/clips.py``)."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Delivery
from domain.settings import DeliverySettings
from domain.states import DeliveryStatus
from sandbox.clips import film
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.test_group_settings import in_mode

X, NOBODY = CAST["angelina"], CAST["strangers"]


def from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


async def test_photos_and_a_clip_posted_together_arrive_as_one_album(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=3)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        clip = film([(photo_bytes(X["group"][1]), 3.0)])
        posted = await journey.world.user_sends_album(
            group["id"],
            poster["id"],
            [
                (collages.make(X["group"][0], NOBODY["group"][0]), "a.jpg", "image/jpeg"),
                (clip, "song.mp4", "video/mp4"),
            ],
            caption="Sports day",
        )
        await journey.settle()  # the album's delayed job too

        album = [m for m in from_bot(journey, ann) if "media_group_id" in m]
        assert [("photo" in m, "video" in m) for m in album] == [(True, False), (False, True)]
        assert len({m["media_group_id"] for m in album}) == 1  # one album
        assert album[1]["video"]["file_unique_id"] == posted[1]["video"]["file_unique_id"]
        assert [m["caption"] for m in album] == [
            "Sports day\n\nAlice · Class 1A",
            "Sports day\n\nAlice at 0:00 · Class 1A",
        ]
        deliveries = await Delivery.filter(participant__telegram_user_id=ann["id"])
        assert [d.status for d in deliveries] == [DeliveryStatus.SENT] * 2
        assert len({d.album_id for d in deliveries}) == 1


async def test_a_round_video_is_followed_by_who_is_in_it_and_when(journey: Journey) -> None:
    """A video note has no caption (Telegram drops one): the names and times go in a
    message replying to the guardian's copy."""
    ann, poster, group = await journey.class_with_alice()
    clip = film([(photo_bytes(NOBODY["group"][0]), 2.0), (photo_bytes(X["group"][0]), 3.0)])
    posted = await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()

    copy, said = from_bot(journey, ann)[-2:]
    assert copy["video_note"]["file_unique_id"] == posted["video_note"]["file_unique_id"]
    assert "caption" not in copy
    assert copy["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    assert said["text"] == "Alice at 0:02 · Class 1A"
    assert said["reply_to_message"]["message_id"] == copy["message_id"]


async def test_a_clip_whose_group_message_is_gone_is_sent_again_by_its_file_id(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    gone = "Bad Request: message to copy not found"  # deleted from the group meanwhile
    journey.world.add_fault(Fault("copyMessage", 400, description=gone, chat_id=ann["id"]))
    clip = film([(photo_bytes(X["group"][0]), 3.0)])
    posted = await journey.world.user_sends_media(
        "video", group["id"], poster["id"], clip, file_name="play.mp4", mime_type="video/mp4"
    )
    await journey.settle()

    (copy,) = [m for m in from_bot(journey, ann) if "video" in m]
    assert copy["video"]["file_unique_id"] == posted["video"]["file_unique_id"]
    assert copy["caption"] == "Alice at 0:00 · Class 1A"
    assert copy["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    assert [r["status"] for r in journey.world.requests("sendVideo")] == [200]
    delivery = await Delivery.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
