"""The thirty-fifth session's walk (walk35 1, 5): an undo of a merge once "Forget faces"
deleted the faces it moved, and the reason the earlier-photos offer gives."""

from __future__ import annotations

from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import forget_faces

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
GONE = "That can't be undone: the faces it concerned were deleted."


async def test_history_offers_no_undo_of_a_merge_once_its_faces_are_forgotten(
    journey: Journey,
) -> None:
    """walk35 1: Amy merged into Alice, then "Forget faces" of Alice: /history still offered
    "Undo" of the merge, and pressed it said "Undone." and brought Amy back "ready", with
    none of the faces the merge had moved (deleted with Alice's). Now the line says why it
    can't be undone, with no Undo; one pressed on an older /history says so and changes
    nothing."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.settle()
    older = await journey.reply_to(ann, "/history")
    assert labels(older)[0] == "Undo 1", older
    undo = data_of(older, "Undo 1")

    await forget_faces(journey, ann, "Alice")
    newer = await journey.reply_to(ann, "/history")
    lines = newer["text"].splitlines()
    merged = next(i for i, line in enumerate(lines) if "you merged" in line)
    assert "Amy → Alice" in lines[merged] and lines[merged + 1].strip() == GONE, lines
    assert not [label for label in labels(newer) if label.startswith("Undo")], labels(newer)

    late = await journey.world.press_button(ann["id"], ann["id"], older["message_id"], undo)
    assert late["text"] == GONE, late
    await journey.settle()
    persons = await journey.reply_to(ann, "/persons")
    assert "Amy" not in persons["text"], persons["text"]


async def test_the_earlier_photos_offer_gives_no_untrue_reason_after_faces_are_forgotten(
    journey: Journey, collages: Collages
) -> None:
    """walk35 5: photos of Alice posted while her faces were deleted ("Forget faces"), then
    photos of her added again: the offer said "posted before I knew Alice well enough", when
    I had known her and her faces were deleted at Ann's own request. Now it gives no reason
    (one may also have been asked about at the time)."""
    ann, poster, group = await journey.class_with_alice()
    await forget_faces(journey, ann, "Alice")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.post(group, poster, collages.make(NOBODY["group"][2], X["group"][1]))
    await journey.settle()

    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Add photos or a clip")
    for name in X["enroll"]:
        sent = (await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)]))[0]
        (verdict,) = await journey.replies(ann["id"], sent)
        assert verdict["text"].startswith("✅"), verdict["text"]
    await journey.says(ann, "/done")
    await journey.settle()
    offers = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("caption", "").startswith("I found")
    ]
    assert [m["caption"] for m in offers] == [
        "I found 2 earlier photos of Alice in Class 1A. Are these faces (numbered) Alice? "
        "I'll send the photos of those that are."
    ]
