"""Issue 32, fixm's leftover: an approval card still pending when its person was merged
into another kept the old name ("new person Amy") until decided or posted again. It is
redrawn at the merge, its buttons kept, and they act on what stands now."""

from __future__ import annotations

from domain.infra.models import Group
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_approvals import cards, said

SARA = CAST["scarlett"]


async def test_a_pending_card_of_a_person_merged_away_says_whom_she_went_into(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    assert "New person: Amy, enrolled by Ann" in said(card), said(card)
    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()

    # The card, still pending, says what stands now, with its buttons.
    await journey.until(lambda: "since merged into Alice" in said(journey.now(card)))
    now = journey.now(card)
    assert said(now).startswith(
        "Approval needed in Class 1A\nNew person: Amy (since merged into Alice), enrolled by Ann"
    ), said(now)
    assert labels(now) == [moderation_texts.approve_button(), moderation_texts.reject_button()]

    # Its Approve decides Amy's approval, which the merged Alice stands by.
    await journey.press(poster, now, moderation_texts.approve_button())
    await journey.settle()
    records = [
        said(m)
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and said(m).startswith("Approval in Class 1A")
    ]
    assert records == [
        "Approval in Class 1A: new person Amy (since merged into Alice), enrolled by Ann "
        "(@ann).\n\n✅ Approved by Poster."
    ], records

    # Decided, its record names her as she is now: Ann renames Alice (issue 32: the
    # record kept the name it was written with).
    (record,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and said(m).startswith("Approval in Class 1A")
    ]
    alice = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, alice, "Rename")
    assert (await journey.reply_to(ann, "Ally"))["text"] == "Renamed to Ally."
    await journey.settle()
    await journey.until(lambda: "Ally" in said(journey.now(record)))
    assert said(journey.now(record)) == (
        "Approval in Class 1A: new person Amy (since merged into Ally), enrolled by Ann "
        "(@ann).\n\n✅ Approved by Poster."
    ), said(journey.now(record))
