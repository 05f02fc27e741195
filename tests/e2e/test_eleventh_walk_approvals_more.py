"""What the eleventh walk's approvals fixes left (issue 32, findings11 17's tail), walked
through the emulator: a rejected person's guardian is told that clearer photos ask the
organizers again; a co-guardian the organizers rejected reads so on his own list and card,
not "waiting", at the decision and at its undo from /audit."""

from __future__ import annotations

from typing import Any

from domain.moderation import texts
from tests.e2e.conftest import Journey, labels
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said


async def _undo_the_rejection(
    journey: Journey, poster: dict[str, Any], office: dict[str, Any], told: dict[str, Any]
) -> str:
    """/audit in the admin chat, and its one Undo (the latest rejection's): what the
    guardian it was about (``told``) is told."""
    before = journey.last(told)["message_id"]
    sent = await journey.says(poster, "/audit", office["id"])
    (shown,) = await journey.replies(office["id"], sent)
    (undo,) = [label for label in labels(shown) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, shown, undo))["text"] == "Undone."
    (approved,) = await journey.replies(told["id"], before)
    return str(approved["text"])


async def test_a_rejection_says_what_asks_again_and_a_rejected_co_guardian_reads_his_own(
    journey: Journey,
) -> None:
    poster, group, office, ann, card = await alice_waiting(journey)

    # Alice rejected: Ann is told why, and that clearer photos ask the organizers again.
    await journey.press(poster, card, texts.reject_button())
    before = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    (told,) = await journey.replies(ann["id"], before)
    assert "Alice wasn't approved by the organizers of Class 1A" in told["text"]
    assert told["text"].endswith("Add clearer photos of Alice from /persons to ask them again."), (
        told["text"]
    )
    approved = await _undo_the_rejection(journey, poster, office, ann)
    assert "Alice is approved by the organizers of Class 1A" in approved
    # The undo's own line says no way back it does not have (findings15 1: "to go back, do
    # it again", but nothing offers to reject Alice again).
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert "An undo isn't undone in turn, and an approval can't be undone here." in audit["text"]
    assert "do it again" not in audit["text"]

    # Bob, a member, becomes Alice's co-guardian: he waits for the organizers.
    bob = journey.user("Bob")
    await add_member(journey, group, bob)
    await journey.join(bob, journey.group_payload(group))
    await journey.co_guardian(ann, "Alice", bob)
    await journey.until(
        lambda: any("New co-guardian: Bob" in said(c) for c in cards(journey, office))
    )
    (bob_card,) = [c for c in cards(journey, office) if "New co-guardian: Bob" in said(c)]
    # He is told he waits (sent beside the card: a /persons sent before it came would read
    # that message as its answer).
    await journey.until(
        lambda: any(
            "need the approval of the organizers" in m.get("text", "")
            for m in journey.world.transcript(bob["id"])
        )
    )
    listing = await journey.reply_to(bob, "/persons")
    assert "Alice: waiting for an organizer's approval" in listing["text"]
    alice = await journey.card(bob, "Alice")

    # Rejected: his list and card shown are edited at the decision, in his own words, and
    # say who can change it; the rejection message promises nothing of photos.
    before = journey.last(bob)["message_id"]
    await journey.press(poster, bob_card, texts.reject_button())
    await journey.press(poster, journey.now(bob_card), "Not known as its guardian")
    (told,) = await journey.replies(bob["id"], before)
    assert "You weren't approved as a guardian of Alice" in told["text"]
    assert "clearer photos" not in told["text"]
    not_you = (
        "the organizers of Class 1A did not approve you as a guardian of Alice: only they "
        "can change that"
    )
    await journey.until(lambda: f"Alice: {not_you}" in journey.now(listing)["text"])
    await journey.until(lambda: f"Alice · {not_you}" in said(journey.now(alice)))
    assert "Groups: Class 1A (you were not approved as a guardian)" in said(journey.now(alice))
    assert "waiting" not in said(journey.now(alice))
    fresh = await journey.reply_to(bob, "/persons")
    assert f"Alice: {not_you}" in fresh["text"]
    # Ann, approved, still reads Alice as active.
    assert "Alice: active" in (await journey.reply_to(ann, "/persons"))["text"]

    # The organizers undo it from /audit: Bob's list and card say Alice is active again.
    approved = await _undo_the_rejection(journey, poster, office, bob)
    assert "You, as a guardian of Alice, are approved" in approved
    await journey.until(lambda: "Alice: active" in journey.now(fresh)["text"])
    await journey.until(lambda: "Alice · active" in said(journey.now(alice)))
    assert "Groups: Class 1A\n" in said(journey.now(alice))


async def test_a_rejection_as_enrolled_already_points_to_the_other_parent_s_invitation(
    journey: Journey,
) -> None:
    """findings19 10: told "add clearer photos ... to ask them again" whatever the reason,
    a parent whose child another parent enrolled was sent to a step that only asks the
    organizers the same question again."""
    poster, _group, _office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.reject_button())
    before = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(card), "Enrolled already")
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"].endswith(
        "they are already enrolled by another guardian. I won't send photos or clips from that "
        "group for them. If another parent enrolled Alice already, ask them to invite you: on "
        'their card of Alice, "Invite co-guardian".'
    ), told["text"]
    assert "clearer" not in told["text"]
