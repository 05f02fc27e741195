"""/history after the eleventh walk (issue 32, findings11 18 and what /forget left):
"/history all" lists recognition's matches among the guardian's own changes, newest
first as it says, and /forget takes every /history away, with or without Undo buttons
(one too old to delete is emptied of the names it listed)."""

from __future__ import annotations

import re
from typing import Any

from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, data_of, labels

X = CAST["angelina"]
# Telegram lets a bot delete its messages for 48 hours; edit them for ever.
PAST_DELETING_S = 49 * 3600


def numbered(history: dict[str, Any]) -> list[str]:
    """A /history's lines, each without its number, time and who: what changed."""
    return [
        re.sub(r"^\d+\. .*?(, you)? (?=(un)?matched)", "", line)
        for line in history["text"].splitlines()
        if re.match(r"\d+\. ", line)
    ]


async def test_history_all_is_newest_first_and_forget_takes_every_history_away(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    # Recognition matches Alice; Ann says that one isn't her, then takes it back from
    # /history; recognition matches her in a later photo.
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (first,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, first, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    mine = await journey.reply_to(ann, "/history")
    undo_1 = data_of(mine, "Undo 1")
    assert (await journey.press(ann, mine, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    # Pressed again (a double tap): it says so, and the list keeps its other buttons
    # (findings19 3: they all went).
    kept = labels(journey.now(mine))
    assert kept and "Undo 1" not in kept
    again = await journey.world.press_button(ann["id"], ann["id"], mine["message_id"], undo_1)
    assert again["text"] == "That change is already undone."  # findings32 3: "expired"
    await journey.settle()
    assert labels(journey.now(mine)) == kept
    await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2  # the first sent again, and the later one

    # "/history all" said "newest first" and listed both matches after Ann's changes.
    everything = await journey.reply_to(ann, "/history all")
    assert everything["text"].splitlines()[0] == "Recent changes (newest first):"
    assert numbered(everything) == [
        "matched 1 face: Alice",
        "matched 1 face: Alice (an undo)",
        "unmatched 1 face: Alice (undone)",
        "matched 1 face: Alice",
    ], everything["text"]
    assert "you matched" in everything["text"].splitlines()[2]
    assert labels(everything) == ["Undo 1"]  # the others: undone, an undo, changed since
    # Ann's own changes alone offer no Undo; "Show automatic matches" gives the same list.
    no_undo = await journey.reply_to(ann, "/history")
    assert numbered(no_undo) == numbered(everything)[1:3]
    assert labels(no_undo) == ["Show automatic matches"]
    (shown,) = await journey.after_pressing(ann, no_undo, "Show automatic matches")
    assert numbered(shown) == numbered(everything)

    # Two days on, Telegram no longer lets the bot delete those; a new one it may.
    journey.world.clock.advance(PAST_DELETING_S)
    latest = await journey.reply_to(ann, "/history")
    assert labels(latest) == ["Show automatic matches"] and "Alice" in latest["text"]
    question = await journey.reply_to(ann, "/forget")
    (done,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()

    # No /history names Alice any more, with an Undo button or without (those /forget
    # used to leave as they were): the latest is gone, the older ones say what became
    # of them.
    assert journey.now(latest).get("_deleted"), journey.now(latest)
    for old in (mine, everything, no_undo, shown):
        now = journey.now(old)
        assert not now.get("_deleted")
        assert now["text"] == (
            "This list of changes was deleted with everything else I had about you."
        )
        assert labels(now) == []
