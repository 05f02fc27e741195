"""Every /history still shown stays true (issue 32, second walk): a change undone from one
/history is marked undone in the others listing it, and their Undo for it goes."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, labels, photo_bytes

X = CAST["angelina"]


async def ann_merged_ally_into_alice(journey: Journey) -> dict[str, Any]:
    """Ann, who enrolled the same child twice (Alice, Ally) and merged Ally into Alice: a
    change she can undo from /history. Returns Ann."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll_again(
        ann, "Ally", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    card = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    await journey.settle()
    return ann


async def test_an_undo_from_one_history_is_shown_in_the_older_one(journey: Journey) -> None:
    ann = await ann_merged_ally_into_alice(journey)

    older = await journey.reply_to(ann, "/history")
    newer = await journey.reply_to(ann, "/history")
    for shown in (older, newer):
        assert shown["text"].splitlines()[1].endswith("merged 3 faces: Ally → Alice")
        assert labels(shown) == ["Undo 1"]

    assert (await journey.press(ann, newer, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    # Both lists keep their lines; each says the merge was undone, and offers no Undo.
    for shown in (newer, older):

        def says_undone(message: dict[str, Any] = shown) -> bool:
            return "(undone)" in journey.now(message)["text"]

        await journey.until(says_undone)
        now = journey.now(shown)
        assert now["text"].splitlines()[1].endswith("merged 3 faces: Ally → Alice (undone)")
        assert len(now["text"].splitlines()) == len(older["text"].splitlines())
        assert labels(now) == []
