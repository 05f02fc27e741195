"""The eleventh walk's findings about approvals (issue 32, findings11 15 and 17), walked
through the emulator as their users did: a photo a guardian took off her child comes back
to no one when the organizers approve a co-guardian; a person the organizers rejected says
so on its list and card, and clearer photos ask them again."""

from __future__ import annotations

from domain.moderation import texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.steps import forget_everything
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said

X = CAST["angelina"]


async def test_a_photo_taken_off_alice_is_not_offered_again_when_a_co_guardian_is_approved(
    journey: Journey, collages: Collages
) -> None:
    poster, group, office, ann, alice_card = await alice_waiting(journey)
    carl = journey.user("Carl")
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    # A photo of Alice posted while she waits is asked about once she is approved: the
    # look back finds her earlier faces in this group.
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    await journey.press(poster, alice_card, texts.approve_button())
    await journey.settle()
    (asked,) = journey.suggestions(ann)

    # The next photo of Alice reaches Ann, who takes it off Alice: this photo only.
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, choices, "Remove this photo only")
    await journey.settle()
    assert journey.photos_for(ann) == []

    # Carl becomes Alice's co-guardian and the organizers approve him: the look back runs
    # again, and the removed photo is asked of no one, nor sent to him.
    await journey.co_guardian(ann, "Alice", carl)
    await journey.until(lambda: len(cards(journey, office)) == 1)
    (carl_card,) = cards(journey, office)
    assert "New co-guardian: Carl" in said(carl_card)
    await journey.press(poster, carl_card, texts.approve_button())
    await journey.settle()
    assert journey.suggestions(ann) == [asked]
    assert journey.suggestions(carl) == []
    assert journey.photos_for(carl) == []
    assert journey.photos_for(ann) == []


async def test_a_rejected_person_says_so_and_clearer_photos_ask_the_organizers_again(
    journey: Journey,
) -> None:
    poster, _group, office, ann, card = await alice_waiting(journey)
    listing = await journey.reply_to(ann, "/persons")
    assert "Alice: waiting for an organizer's approval" in listing["text"]
    alice = await journey.card(ann, "Alice")

    # Rejected: Ann's list and card shown are edited at the decision, saying where and
    # what asks the organizers again.
    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    not_approved = "not approved in Class 1A: adding photos asks the organizers again"
    await journey.until(lambda: f"Alice: {not_approved}" in journey.now(listing)["text"])
    await journey.until(lambda: f"Alice · {not_approved}" in said(journey.now(alice)))
    assert "Groups: Class 1A (not approved by the organizers)" in said(journey.now(alice))
    assert "waiting" not in said(journey.now(alice))
    (rejection,) = [
        m for m in journey.world.transcript(ann["id"]) if "wasn't approved" in m.get("text", "")
    ]
    # An /audit shown now offers to undo the rejection.
    asked = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], asked)
    (undo_label,) = [label for label in labels(audit) if label.startswith("↩️ Undo")]

    # A clearer photo added from the card asks them again: Ann is told, a new card waits
    # in the admin chat, and her list says Alice waits again.
    await journey.after_pressing(ann, journey.now(alice), "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    (verdict,) = await journey.replies(ann["id"], sent[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"] == (
        "Added 1 photo of Alice. I'll use it once the organizers of Class 1A approve Alice."
        "\n\nThe organizers of Class 1A had not approved Alice: I asked them again with the "
        "new photos, and I'll tell you when they decide."
    )
    await journey.settle()
    (again,) = cards(journey, office)
    assert "New person: Alice" in said(again)
    waiting = "Alice: waiting for an organizer's approval"
    await journey.until(lambda: waiting in journey.now(listing)["text"])
    # The /audit shown no longer offers to undo the rejection asked again: it says why.
    await journey.until(lambda: undo_label not in labels(journey.now(audit)))
    assert "it has changed since." in journey.now(audit)["text"], journey.now(audit)["text"]

    # Approved this time: the list says so at once.
    await journey.press(poster, again, texts.approve_button())
    await journey.until(lambda: "Alice: active" in journey.now(listing)["text"])
    # Her "Alice wasn't approved… I won't send photos" says they approved her since
    # (walken3 1), and "Added… I'll use it once… approve" too (walkhe2 9).
    assert journey.now(rejection)["text"] == (
        "Alice wasn't approved by the organizers of Class 1A at first; after new photos of "
        "Alice were added, they approved Alice."
    )
    await journey.until(lambda: not said(journey.now(added)).startswith("Added"))
    assert said(journey.now(added)) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1A: they have since approved Alice."
    ), said(journey.now(added))

    # The rejection is decided again (findings13 2): a new /audit offers no Undo for it and
    # says why.
    asked = await journey.says(poster, "/audit", office["id"])
    (fresh,) = await journey.replies(office["id"], asked)
    assert not [label for label in labels(fresh) if label.startswith("↩️ Undo")]
    assert "That can't be undone any more: it has changed since." in fresh["text"]
    # Her /forget makes it true too (walken4 2: "I'll use it… I'll tell you" stayed).
    await forget_everything(journey, ann)
    # In brief, whom it was about: a newer message says the rest (walken7 8: the same line
    # again and again), once.
    assert said(journey.now(added)) == "You were a guardian of Alice.", said(journey.now(added))
    full = (
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips."
    )
    everything = [said(journey.now(m)) for m in journey.world.transcript(ann["id"])]
    assert everything.count(full) == 1, everything


async def test_photos_added_to_a_person_still_waiting_are_used_once_approved(
    journey: Journey,
) -> None:
    """findings27 9: "Added 1 photo of Noa. I'll use it from now on." while nothing of Noa
    was used in the group before the organizers approved her. Added while Alice waits,
    Ann reads when the photo is used; approved, the next one is used from now on."""
    poster, _group, _office, ann, card = await alice_waiting(journey)
    alice = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, alice, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    (verdict,) = await journey.replies(ann["id"], sent[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"] == (
        "Added 1 photo of Alice. I'll use it once the organizers of Class 1A approve Alice."
    )

    await journey.press(poster, card, texts.approve_button())
    await journey.settle()
    assert said(journey.now(added)) == (
        "New faces of Alice were added. Alice waited for the approval of the organizers of "
        "Class 1A: they have since approved Alice."
    ), said(journey.now(added))
    alice = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, alice, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][1])])
    (verdict,) = await journey.replies(ann["id"], sent[0])
    assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"] == "Added 1 photo of Alice. I'll use it from now on."
