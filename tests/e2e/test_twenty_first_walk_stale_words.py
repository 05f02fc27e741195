"""What the twenty-first walk still read untrue (issue 32, findings21 2, 8, 1 and
findings20 2), walked through the emulator: a rejected person's card and list follow the
rejection's reason."""

from __future__ import annotations

from domain.moderation import texts
from tests.e2e.conftest import Journey
from tests.e2e.test_approvals import alice_waiting, said


async def test_a_card_and_list_rejected_as_enrolled_already_point_to_the_invitation(
    journey: Journey,
) -> None:
    """findings21 2: after "Enrolled already", the message pointed to the other parent's
    invitation, but the card and /persons still said "adding photos asks the organizers
    again", which only sends them the card they rejected as a duplicate."""
    poster, _group, _office, ann, card = await alice_waiting(journey)
    listing = await journey.reply_to(ann, "/persons")
    alice = await journey.card(ann, "Alice")

    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Enrolled already")
    invite = (
        "not approved in Class 1A: already enrolled by another parent, ask them to invite "
        'you ("Invite co-guardian" on their card)'
    )
    await journey.until(lambda: f"Alice: {invite}" in journey.now(listing)["text"])
    await journey.until(lambda: f"Alice · {invite}" in said(journey.now(alice)))
    fresh = await journey.reply_to(ann, "/persons")
    assert f"Alice: {invite}" in fresh["text"]
    for shown in (journey.now(listing)["text"], said(journey.now(alice)), fresh["text"]):
        assert "adding photos" not in shown, shown
