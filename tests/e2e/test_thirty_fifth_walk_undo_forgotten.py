"""The thirty-fifth session's walk (walk35 1, 5): an undo of a merge once "Forget faces"
deleted the faces it moved, and the reason the earlier-photos offer gives."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes

SARA = CAST["scarlett"]
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

    (forget,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Forget faces")
    await journey.press(ann, forget, "Yes, delete")
    await journey.settle()
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
