"""Issue 32, last session's leftovers in questions and album notes, read as each user reads
them: a sibling pair's "It's Alice." undone from /history said the photo was coming (as a
single question's undone "yes" no longer does); past Telegram's 48 hours, an album photo
taken down renumbered the album's note; a copy hidden past 48 hours and sent again by an
undo lost its place in its album's note."""

from __future__ import annotations

from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her


async def test_a_pair_answer_undone_from_history_says_so_in_both_guardians_questions(
    journey: Journey, collages: Collages
) -> None:
    """Ann answers "Is this Ally or Alice?" with [Alice] and undoes it from /history: her
    copy goes; her pair question, which said the photo was coming, and Bea's "Is this
    Alice?" (Alice's co-guardian) say it was undone, with no button; the "not Ally" of her
    answer, still in force, is still said."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert labels(pair) == [first, second, "Neither"]
    assert (await journey.press(ann, pair, "Alice"))["text"] == "Thanks! Noted."
    await journey.settle()
    assert journey.now(pair)["caption"].startswith(
        "It's Alice. The photo comes to you in this chat."
    )
    assert journey.now(beas)["caption"] == "Ann answered this question: yes, that's Alice."
    await journey.until(lambda: len(journey.photos_for(ann)) == 1)
    (copy,) = journey.photos_for(ann)

    history = await journey.reply_to(ann, "/history")
    assert history["text"].splitlines()[1].endswith("you matched 1 face: Alice")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    assert journey.now(copy).get("_deleted") is True
    await journey.until(lambda: "undid" in journey.now(pair)["caption"])
    assert journey.now(pair)["caption"] == (
        "You said it's Alice, then undid it: this face isn't Alice's any more. I removed your "
        "copy of the photo. I'll remember this face isn't Ally, so similar faces will be "
        "asked about instead of sent."
    )
    assert labels(journey.now(pair)) == []
    await journey.until(lambda: "undone" in journey.now(beas)["caption"])
    assert journey.now(beas)["caption"] == (
        "Ann answered this question: yes, that's Alice. That was undone since: this face "
        "isn't Alice's any more."
    )
    assert labels(journey.now(beas)) == []
