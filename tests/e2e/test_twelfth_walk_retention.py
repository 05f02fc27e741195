"""The twelfth walk's finding 6: retention deleted the faces behind an open offer of
earlier photos, and the offer kept its buttons; "Yes, all are Alice" said "On their way."
and sent nothing. Now the offer is closed saying why, and a press on it as it was (a chat
not yet refreshed) hears that nothing was sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.infra.models import Photo
from tests.e2e.conftest import Collages, Journey, data_of, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_earlier_photos import _before_alice, offers
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_retention_leaves_truth import retention_of


async def test_an_offer_whose_faces_retention_deleted_is_closed_and_sends_nothing(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group, alice = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    yes = data_of(offer, "Yes, all are Alice")
    # Class 1A keeps faces 30 days; both earlier photos of Alice are 40 days old.
    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await Photo.filter(message_id__in=[post["message_id"] for post in alice]).update(
        posted_at=datetime.now(UTC) - timedelta(days=40)
    )
    async with retention_of(journey) as retention:
        assert (await retention.run()).faces > 0

    closed = journey.now(offer)
    assert closed["caption"] == (
        "Nothing to send here any more: Class 1A keeps the faces of its photos and clips 30 "
        "days, and these are deleted."
    )
    assert labels(closed) == []
    pressed = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], yes)
    assert pressed["text"] == "Nothing was sent: those faces are gone."
    await journey.settle()
    assert journey.photos_for(ann) == []
