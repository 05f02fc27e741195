"""Issue 32, findings26 7 (last part): a person card too old to delete, blanked "This card is
out of date: the newest card of this person is further down." once newer cards came, was no
longer kept track of: after the owner's /forget (past 48 hours) it still sent her to a newer
card that /forget had deleted, and after the person's deletion to a card deleted with it. It
is kept track of as out of date now, and re-worded as the person's other cards are."""

from __future__ import annotations

from typing import Any

from domain.persons import shown
from tests.e2e.conftest import Journey
from tests.e2e.steps import delete_person, forget_everything
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

REPLACED = "This card is out of date: the newest card of this person is further down."


def _text_of(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    text = str(now.get("text") or now.get("caption") or "")
    return text.replace("\u2068", "").replace("\u2069", "")


async def _a_card_out_of_date(journey: Journey) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ann with Alice in Class 1A: her first card of Alice, two days old, then as many newer
    cards as the bot keeps track of, so that the first says it is out of date: (ann, card)."""
    ann, _, _ = await journey.class_with_alice()
    oldest = await journey.card(ann, "Alice")
    journey.world.clock.advance(PAST_DELETING_S)
    for _ in range(shown.CARDS_KEPT):
        await journey.card(ann, "Alice")
    await journey.settle()
    assert _text_of(journey, oldest) == REPLACED
    return ann, oldest


async def test_a_card_out_of_date_says_it_was_deleted_after_forget(journey: Journey) -> None:
    """Findings26 7: after Ann's /forget her two-day-old card "out of date: the newest card
    of this person is further down" stayed, the newer card deleted by that /forget."""
    ann, oldest = await _a_card_out_of_date(journey)

    await forget_everything(journey, ann)

    await journey.until(
        lambda: (
            _text_of(journey, oldest) == "This was deleted with everything else I had about you."
        )
    )
    assert not journey.now(oldest).get("reply_markup", {}).get("inline_keyboard")


async def test_a_card_out_of_date_says_its_person_was_deleted(journey: Journey) -> None:
    """The same card after Ann deleted Alice: it says so, as her other cards too old to delete
    do, not that a newer card of Alice is further down."""
    ann, oldest = await _a_card_out_of_date(journey)

    await delete_person(journey, ann, "Alice")

    await journey.until(lambda: _text_of(journey, oldest) == "You deleted Alice.")
