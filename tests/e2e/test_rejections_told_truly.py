"""Rejections, approvals and bans tell the truth (issue 32 leftovers), through the
emulator: a co-guardian of a child the organizers of its only group rejected is promised
no photos, at accepting the invitation nor on the child's card."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts
from tests.e2e.conftest import Journey
from tests.e2e.test_approvals import add_member, alice_waiting, said


def accepted(journey: Journey, user: dict[str, Any]) -> str:
    """What accepting an invitation told ``user``."""
    (told,) = [
        m["text"]
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("You're now a guardian")
    ]
    return str(told)


async def test_a_co_guardian_of_a_child_rejected_in_its_only_group_is_promised_nothing(
    journey: Journey,
) -> None:
    poster, group, _office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")

    # Bob, in no group, accepts Ann's invitation: Alice's only group rejected her, so
    # nothing comes to him (it said "You'll get their photos and clips from the groups
    # you're in (join a group through its link first)", and the card "open my link").
    bob = journey.user("Bob")
    await journey.co_guardian(ann, "Alice", bob)
    assert accepted(journey, bob) == (
        "You're now a guardian of Alice, but no photos or clips of Alice come to you: the "
        "organizers of Alice's group did not approve Alice, and you are in none of my groups."
    )
    nowhere = (
        "not approved by the organizers of Alice's group, and not in any of your groups: no "
        "photos or clips of Alice come to you"
    )
    assert f"Alice · {nowhere}" in said(await journey.card(bob, "Alice"))
    assert f"Alice: {nowhere}" in (await journey.reply_to(bob, "/persons"))["text"]

    # Carl, a member of Class 1A, accepts one too: told Class 1A did not approve Alice.
    carl = journey.user("Carl")
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    await journey.co_guardian(ann, "Alice", carl)
    assert accepted(journey, carl) == (
        "You're now a guardian of Alice. The organizers of Class 1A did not approve Alice, so "
        "no photos or clips of Alice come to you from there until they do."
    )
