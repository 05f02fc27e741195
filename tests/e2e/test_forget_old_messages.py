"""/forget and what it shows past Telegram's 48 hours: a person card or a /persons list
the bot may no longer delete said, after /forget, the child's name (and the card its
face). Now each is emptied: a neutral sentence, no picture of the child, no buttons."""

from __future__ import annotations

from tests.e2e.conftest import Journey, labels
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

GONE = "This was deleted with everything else I had about you."


async def test_a_card_and_a_list_too_old_to_delete_are_emptied_at_forget(
    journey: Journey,
) -> None:
    ann, _poster, _group = await journey.class_with_alice()
    listing = await journey.reply_to(ann, "/persons")
    card = await journey.card(ann, "Alice")
    assert "Alice" in listing["text"] and "photo" in card and labels(card)
    cover = card["photo"][-1]["file_unique_id"]

    journey.world.clock.advance(PAST_DELETING_S)
    question = await journey.reply_to(ann, "/forget")
    (done,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()

    old_list, old_card = journey.now(listing), journey.now(card)
    assert not old_list.get("_deleted") and not old_card.get("_deleted")
    assert old_list["text"] == GONE and labels(old_list) == []
    assert old_card["caption"] == GONE and labels(old_card) == []
    assert old_card["photo"][-1]["file_unique_id"] != cover  # Alice's face is gone too


async def test_an_older_list_no_longer_kept_up_to_date_is_emptied_at_forget(
    journey: Journey,
) -> None:
    """Findings18 20: a /persons list two newer lists left "As of 10:12" is no longer edited
    by a change, but still names Alice: past 48 hours, /forget empties it too."""
    ann, _poster, _group = await journey.class_with_alice()
    oldest = await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.until(lambda: "As of" in journey.now(oldest)["text"])
    assert "Alice" in journey.now(oldest)["text"]
    # No change edits it now: it keeps no button that a merge or a deletion would leave
    # opening a child gone (walkhe4 2); the newest list has them.
    assert labels(journey.now(oldest)) == []

    journey.world.clock.advance(PAST_DELETING_S)
    question = await journey.reply_to(ann, "/forget")
    (done,) = await journey.after_pressing(ann, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()

    now = journey.now(oldest)
    assert not now.get("_deleted")
    assert now["text"] == GONE and labels(now) == []
