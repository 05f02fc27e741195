"""Issue 32, findings27 1 and 2: a sibling pair's answer is one answer, undone whole. Ann
answered "Is this Ally or Alice?" with [Alice] by mistake and undid it from /history: only
its match went, the "not Ally" it also said stayed, and the next photo of that face came to
her as Alice's without a question (the question said "similar faces will be asked about").
A "Neither" was two /history lines quoting questions never asked ("said “no” to “Is this
Ally?”"), and undoing one of them left the question saying "neither of them"."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

X, NOBODY = CAST["angelina"], CAST["strangers"]


@pytest.mark.parametrize(("chosen", "other"), [("Alice", "Ally"), ("Ally", "Alice")])
async def test_a_pair_answer_undone_from_history_asks_the_pair_again(
    journey: Journey, collages: Collages, chosen: str, other: str
) -> None:
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    assert (await journey.press(ann, pair, chosen))["text"] == "Thanks! Noted."
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(ann)) == 1)

    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    # The answer as it was asked, not a "no" to "Is this Ally?" she was never asked.
    assert any(
        line.endswith(
            f"you answered “{chosen}” to “Is this {first} or {second}?”: I remember that face "
            f"isn't {other}'s"
        )
        for line in lines
    ), lines
    match = next(n for n, line in enumerate(lines) if line.endswith(f"matched 1 face: {chosen}"))
    assert (await journey.press(ann, history, f"Undo {match}"))["text"] == "Undone."
    await journey.until(lambda: journey.now(pair)["caption"].startswith("You said it's"))
    assert journey.now(pair)["caption"] == (
        f"You said it's {chosen}, then undid it: this face isn't {chosen}'s any more. I "
        f"removed your copy of the photo. The “not {other}” of that answer was undone too: I "
        "no longer remember it."
    )
    await journey.until(lambda: "no longer remembered" in journey.now(history)["text"])
    assert any(
        line.endswith(
            f"you answered “{chosen}” to “Is this {first} or {second}?” (that the face isn't "
            f"{other}'s is no longer remembered)"
        )
        for line in journey.now(history)["text"].splitlines()
    )
    assert labels(journey.now(history)) == []  # both lines undone: no Undo left

    # The same child in another photo: asked as the pair again, sent to nobody.
    asked = len(journey.suggestions(ann))
    await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][1]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    again = journey.suggestions(ann)[asked:]
    assert [m["caption"] for m in again] == [f"Is this {first} or {second}? (a photo in Class 1A)"]
    assert labels(again[0]) == [first, second, "Neither"]


async def test_neither_is_one_history_line_and_one_undo(
    journey: Journey, collages: Collages
) -> None:
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    await journey.press(ann, pair, "Neither")
    await journey.settle()

    history = await journey.reply_to(ann, "/history")
    answered = [line for line in history["text"].splitlines() if "answered" in line]
    assert len(answered) == 1, history["text"]
    assert answered[0].endswith(
        f"you answered “Neither” to “Is this {first} or {second}?”: I remember that face is "
        f"neither {first}'s nor {second}'s"
    )
    assert labels(history) == ["Undo 1"]
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: journey.now(pair)["caption"].startswith("You said"))
    assert journey.now(pair)["caption"] == (
        f"You said this face is neither {first} nor {second}, then undid it: I no longer "
        "remember that."
    )
    await journey.until(lambda: "no longer remembered" in journey.now(history)["text"])
    (line,) = [x for x in journey.now(history)["text"].splitlines() if "answered" in x]
    assert line.endswith(
        f"you answered “Neither” to “Is this {first} or {second}?” (no longer remembered)"
    )
    assert labels(journey.now(history)) == []
    # Nothing is kept from either child any more: the same face is asked as the pair again.
    asked = len(journey.suggestions(ann))
    await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][1]))
    await journey.settle()
    again = journey.suggestions(ann)[asked:]
    assert [m["caption"] for m in again] == [f"Is this {first} or {second}? (a photo in Class 1A)"]
