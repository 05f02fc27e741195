"""Issue 32, last session's leftovers in menus and offers: a "What's wrong" menu the hourly
run closed ("Press “Not Alice?” again") is re-worded when Alice is deleted, and at any age;
an offer of earlier photos already answered names its person as now; an offer left open
on a person merged before the merge moved offers follows it to the person kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.infra.models import CorrectionMenu
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_erasure import _merge
from tests.e2e.test_merged_offers import _alices_offer_and_mia
from tests.e2e.test_renamed_questions import _rename
from tests.e2e.test_tenth_round import menus_of

X = CAST["angelina"]

LEFT = "Closed: nothing was chosen here in two days. Press “Not Alice?” again to correct this."


async def _menu_closed_unused(journey: Journey, collages: Collages) -> tuple[Any, dict[str, Any]]:
    """Alice's photo posted, Ann's copy's "Not Alice?" pressed and left two days, the hourly
    run closing it: (Ann, the menu)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert "What's wrong with this photo of Alice?" in menu["text"], menu["text"]
    await journey.settle()  # the bot has recorded it (after sending it)
    await CorrectionMenu.all().update(created_at=datetime.now(UTC) - timedelta(hours=49))
    async with menus_of(journey) as menus:
        assert await menus.close_unused() == 1
    assert journey.now(menu)["text"] == LEFT
    return ann, menu


async def test_a_menu_the_cron_closed_is_reworded_when_its_person_is_deleted(
    journey: Journey, collages: Collages
) -> None:
    """Alice deleted after the hourly run closed the menu: it said "Press “Not Alice?”
    again", a button about a child that was gone (an open one was re-worded, this one was
    not)."""
    ann, menu = await _menu_closed_unused(journey, collages)
    journey.world.clock.advance(PAST_DELETING_S)  # nothing can be deleted now

    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()

    await journey.until(lambda: journey.now(menu)["text"] == "Closed: Alice was deleted.")
    assert labels(journey.now(menu)) == []


async def test_a_menu_closed_weeks_ago_is_reworded_by_forget(
    journey: Journey, collages: Collages
) -> None:
    """A menu closed more than 14 days before /forget kept "Press “Not Alice?” again"
    (its row was dropped then); it is kept while its face and reader are."""
    ann, menu = await _menu_closed_unused(journey, collages)
    async with menus_of(journey) as menus:  # the hourly run, three weeks on
        assert await menus.close_unused(datetime.now(UTC) + timedelta(days=21)) == 0
    journey.world.clock.advance(PAST_DELETING_S)

    question = await journey.reply_to(ann, "/forget")
    await journey.after_pressing(ann, question, "Yes, delete everything")
    await journey.settle()

    closed = "Closed: you deleted everything I had about you."
    await journey.until(lambda: journey.now(menu)["text"] == closed)
    assert labels(journey.now(menu)) == []


async def test_an_offer_answered_yes_names_its_person_as_renamed(
    journey: Journey, collages: Collages
) -> None:
    """Ann said "Yes, all are Alice", then renamed Alice Lia: the answered offer kept
    "They're all Alice. Sending you 2 photos of Alice from Class 1A." (no buttons), a
    child of hers called otherwise now. It says the answer in Lia's name, and when."""
    ann, offer, _alice = await _alices_offer_and_mia(journey, collages)
    await journey.press(ann, offer, "Yes, all are Alice")
    answered = "They're all Alice. Sending you 2 photos of Alice from Class 1A."
    assert journey.now(offer)["caption"] == answered
    await journey.settle()

    await _rename(journey, ann, "Alice", "Lia")
    today = datetime.now(UTC).strftime("%b %-d, %Y")
    said = f"They're all Lia: you said so on {today}."
    await journey.until(lambda: journey.now(offer)["caption"] == said)
    assert labels(journey.now(offer)) == []


async def test_an_offer_answered_no_names_the_person_it_was_merged_into(
    journey: Journey, collages: Collages
) -> None:
    """Ann said "None is Alice", then merged Alice into Mia: the answered offer kept
    "OK, none is Alice..." of a person that was gone; it names Mia, whose faces they
    are asked about as now."""
    ann, offer, _alice = await _alices_offer_and_mia(journey, collages)
    await journey.press(ann, offer, "None is Alice")
    declined = (
        "OK, none is {name}: I won't send the photos or clips they are in, and faces like "
        "these will be asked about rather than sent to you as {name}."
    )
    assert journey.now(offer)["caption"] == declined.format(name="Alice")
    await journey.settle()

    await _merge(journey, ann, "Mia", "Alice")
    await journey.until(lambda: journey.now(offer)["caption"] == declined.format(name="Mia"))
    assert labels(journey.now(offer)) == []
