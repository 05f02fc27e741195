"""Issue 32, fixm's leftover: an approval card still pending when its person was merged
into another kept the old name ("new person Amy") until decided or posted again. It is
redrawn at the merge, its buttons kept, and they act on what stands now."""

from __future__ import annotations

from domain.infra.models import Group
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import co_guardian_then_joins
from tests.e2e.test_approvals import cards, said

SARA, X = CAST["scarlett"], CAST["angelina"]


async def test_a_pending_card_of_a_person_merged_away_says_whom_she_went_into(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    amy_ready = journey.last(ann)
    assert "I'll tell you when they decide" in said(amy_ready), said(amy_ready)
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
    # Her "Amy is ready… I'll tell you when they decide" says so too (walkhe2 4).
    await journey.until(lambda: "merged into Alice" in said(journey.now(amy_ready)))
    assert said(journey.now(amy_ready)) == (
        "Amy is ready. Amy needs the approval of the organizers of Class 1A before I send "
        "photos and clips from there. I'll tell you when they decide. Amy has since been "
        "merged into Alice."
    ), said(journey.now(amy_ready))

    # Its Approve decides Amy's approval, which the merged Alice stands by.
    before = journey.world.transcript(ann["id"])[-1]
    await journey.press(poster, now, moderation_texts.approve_button())
    await journey.settle()
    # Ann hears it by the name that stays (walkhe 4: "approved Amy", there was no Amy).
    told = [said(m) for m in await journey.replies(ann["id"], before)]
    assert told == [
        "✅ The organizers of Class 1A approved Amy, merged since into Alice. I'll send you "
        "the photos and clips Alice appears in that are posted there from now on."
    ], told
    assert said(journey.now(amy_ready)) == (
        "Amy is ready. Amy waited for the approval of the organizers of Class 1A: they have "
        "since approved Amy. Amy has since been merged into Alice."
    ), said(journey.now(amy_ready))
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


async def test_a_merge_with_a_waiting_child_promises_nothing_until_the_organizers_approve(
    journey: Journey,
) -> None:
    """Walkhe 3 and 4: Alice approved, Carl (her co-guardian) and Amy waiting for the
    organizers, Amy merged into Alice: the merge screen and Carl's notice said "will get
    Amy's photos" (nothing came), and Ann's "✅ Alice is approved" stayed as it was."""
    poster = journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    ann, carl = journey.user("Ann"), journey.user("Carl")
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (alices,) = cards(journey, office)
    await journey.press(poster, alices, moderation_texts.approve_button())
    await journey.settle()
    (approved,) = [
        m for m in journey.world.transcript(ann["id"]) if said(m).startswith("✅ Alice is approved")
    ]
    assert said(approved).endswith("posted there from now on."), said(approved)
    await co_guardian_then_joins(journey, ann, "Alice", carl, group)
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.settle()
    assert len(cards(journey, office)) == 2  # Carl's and Amy's wait

    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    asked = journey.now(choose)["text"]
    assert (
        "Carl, Alice's other guardian, will get Amy's photos and clips too; from Class 1A, "
        "only once the organizers there approve."
    ) in asked, asked
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()
    told = [
        said(m) for m in journey.world.transcript(carl["id"]) if said(m).startswith("Ann merged")
    ]
    assert told == [
        "Ann merged Amy into Alice: they are one child now, called Alice. You were a guardian "
        "of Alice only, so you'll get the photos and clips of Amy too; from Class 1A, only "
        "once the organizers there approve."
    ], told

    # Ann's "✅ Alice is approved… from now on" says the merge made Alice wait again; once
    # the organizers approve Amy's card, it says so no more.
    assert said(journey.now(approved)) == (
        "✅ Alice was approved by the organizers of Class 1A. Since then Alice was merged with "
        "a child they haven't approved: nothing of Alice comes from there until they approve."
    ), said(journey.now(approved))
    # Her "✅ Approved" record in the admin chat, beside Amy's pending card, says it too
    # (issue 32: it stayed as if Alice were recognized), until Amy is approved.
    (record,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"] and said(m).startswith("Approval in Class 1A: new person Alice")
    ]
    alone = (
        "Approval in Class 1A: new person Alice, enrolled by Ann (@ann).\n\n✅ Approved by Poster."
    )
    assert said(journey.now(record)) == (
        f"{alone}\nSince then Alice was merged with a person not approved here: Alice is not "
        "recognized in this group's photos and clips until that person is approved."
    ), said(journey.now(record))
    # Approval turned off, Alice waits for no one: both say so no more; turned on again,
    # they say it again (issue 32: they stayed as they were, both ways).
    sent = await journey.says(poster, "/settings", office["id"])
    (settings,) = await journey.replies(office["id"], sent)
    waits = said(journey.now(approved))
    await journey.press(poster, settings, "Approval: turn off")
    await journey.until(lambda: said(journey.now(approved)) == said(approved))
    await journey.until(lambda: said(journey.now(record)) == alone)
    await journey.press(poster, journey.now(settings), "Approval: turn on")
    await journey.until(lambda: said(journey.now(approved)) == waits)
    await journey.until(lambda: said(journey.now(record)) != alone)
    await journey.settle()
    (amys,) = [
        c
        for c in cards(journey, office)
        if "Amy" in said(journey.now(c)) and not journey.now(c).get("_deleted")
    ]
    await journey.press(poster, journey.now(amys), moderation_texts.approve_button())
    await journey.settle()
    assert said(journey.now(approved)) == said(approved)
    assert said(journey.now(record)) == alone, said(journey.now(record))
