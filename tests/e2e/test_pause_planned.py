"""A guardian who pauses a person after a photo of them was planned (waiting for its
album) does not lose it: it is held, and offered with the others when they resume."""

from __future__ import annotations

import asyncio

from domain.infra.models import Delivery
from domain.settings import DeliverySettings
from domain.states import DeliveryStatus
from tests.e2e.conftest import CAST, WAIT, Collages, JourneyFactory, photo_bytes
from tests.e2e.test_group_settings import album_messages, in_mode

X, NOBODY = CAST["angelina"], CAST["scarlett"]
Y, W = CAST["scarlett"], CAST["mark"]


async def test_photos_planned_before_a_pause_are_held_not_dropped(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        for i in range(2):
            await journey.post(group, poster, collages.make(X["group"][i], NOBODY["group"][i]))
        # Recognized and waiting for the album when Ann pauses Alice.
        deadline = asyncio.get_running_loop().time() + WAIT
        while await Delivery.filter(status=DeliveryStatus.WAITING).count() < 2:
            assert asyncio.get_running_loop().time() < deadline, "never planned"
            await asyncio.sleep(0.1)
        card = await journey.card(ann, "Alice")
        (paused,) = await journey.after_pressing(ann, card, "Pause")
        assert paused["text"].startswith("Paused")
        await journey.settle()

        assert album_messages(journey, ann) == [] and journey.photos_for(ann) == []
        statuses = [
            d.status for d in await Delivery.filter(participant__telegram_user_id=ann["id"])
        ]
        assert statuses == [DeliveryStatus.HELD] * 2

        card = await journey.card(ann, "Alice")
        (resumed,) = await journey.after_pressing(ann, card, "Resume")
        assert resumed["text"].startswith("Resumed")
        await journey.settle()
        offer = journey.last(ann)
        assert "2 photos" in offer["text"], offer["text"]


async def test_a_photo_of_a_paused_and_an_active_person_goes_the_paused_alone_is_held(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann is the guardian of Alice (paused) and Yara: a photo of both still reaches her
    (naming Yara only), a photo of Alice alone waits for the resume."""
    async with journey_factory() as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
        card = await journey.card(ann, "Alice")
        (paused,) = await journey.after_pressing(ann, card, "Pause")
        assert paused["text"].startswith("Paused")
        (both,) = await journey.post(group, poster, collages.make(X["group"][0], Y["group"][0]))
        (alone,) = await journey.post(group, poster, collages.make(X["group"][1], W["group"][0]))
        await journey.settle()

        (delivered,) = journey.photos_for(ann)
        assert delivered["photo"][-1]["file_unique_id"] == both["photo"][-1]["file_unique_id"]
        assert delivered["caption"] == "Yara · Class 1A"
        statuses = {
            d.photo.message_id: d.status
            for d in await Delivery.filter(
                participant__telegram_user_id=ann["id"]
            ).prefetch_related("photo")
        }
        assert statuses == {
            both["message_id"]: DeliveryStatus.SENT,
            alone["message_id"]: DeliveryStatus.HELD,
        }
