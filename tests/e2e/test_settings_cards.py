"""/settings cards kept true: a setting changed on one card is shown on every settings
card in the chat (an older one kept "off" after "on" was chosen on a newer one), and
/forget deletes them all, or empties one too old to delete: it showed settings that are
gone, with buttons that would store them again."""

from __future__ import annotations

from tests.e2e.conftest import Journey, labels
from tests.e2e.steps import forget_everything
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

GONE = "This was deleted with everything else I had about you."


async def test_a_setting_changed_on_one_card_is_shown_on_the_older_one(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    (older,) = await journey.replies(ann["id"], await journey.says(ann, "/settings"))
    (newer,) = await journey.replies(ann["id"], await journey.says(ann, "/settings"))
    assert "Every 5" in labels(older) and "✓ Every 5" not in labels(older)

    await journey.press(ann, newer, "Every 5")
    await journey.settle()
    for card in (journey.now(older), journey.now(newer)):
        assert "✓ Every 5" in labels(card) and "✓ As they come" not in labels(card)
        assert "once 5 are waiting" in card["text"]


async def test_forget_deletes_the_settings_cards(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    (card,) = await journey.replies(ann["id"], await journey.says(ann, "/settings"))
    await forget_everything(journey, ann)
    assert journey.now(card).get("_deleted")


async def test_a_settings_card_too_old_to_delete_is_emptied_at_forget(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    (card,) = await journey.replies(ann["id"], await journey.says(ann, "/settings"))
    journey.world.clock.advance(PAST_DELETING_S)
    await forget_everything(journey, ann)
    old = journey.now(card)
    assert not old.get("_deleted")
    assert old["text"] == GONE and labels(old) == []
