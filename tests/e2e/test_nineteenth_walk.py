"""What the nineteenth walk of issue 32 (Hebrew, the whole journey) found, walked here
through the emulator as its users did: after /audit's Undo of a second rejection, the
first rejection of the same person was offered an Undo that only refused (findings19 1)."""

from __future__ import annotations

from domain.moderation import texts
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.test_approvals import alice_waiting, cards, said

X = CAST["angelina"]
CHANGED = "That can't be undone any more: it has changed since."


async def test_the_first_rejection_is_not_offered_to_undo_once_the_second_is_undone(
    journey: Journey,
) -> None:
    poster, _group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()
    # Clearer photos ask the organizers again, who reject Alice again.
    alice = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, alice, "Add photos or a clip")
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(X["group"][2])])
    await journey.replies(ann["id"], sent[0])
    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done, count=2)
    await journey.settle()
    (again,) = cards(journey, office)
    await journey.press(poster, again, texts.reject_button())
    await journey.press(poster, journey.now(again), "Enrolled already")
    await journey.settle()

    # /audit offers to undo the second rejection only; its Undo approves Alice.
    asked = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], asked)
    assert audit["text"].count("rejected a new person") == 2, audit["text"]
    assert CHANGED in audit["text"]
    (undo,) = [label for label in labels(audit) if label.startswith("↩️ Undo")]
    assert (await journey.press(poster, audit, undo))["text"] == "Undone."
    await journey.settle()
    assert "Alice · active" in said(await journey.card(ann, "Alice"))

    # Alice is approved: the first rejection is not in force, and no /audit offers to
    # undo it; its line keeps saying why.
    shown = journey.now(audit)
    assert not [label for label in labels(shown) if label.startswith("↩️ Undo")], labels(shown)
    assert CHANGED in shown["text"], shown["text"]
    asked = await journey.says(poster, "/audit", office["id"])
    (fresh,) = await journey.replies(office["id"], asked)
    assert not [label for label in labels(fresh) if label.startswith("↩️ Undo")], labels(fresh)
    assert CHANGED in fresh["text"], fresh["text"]
