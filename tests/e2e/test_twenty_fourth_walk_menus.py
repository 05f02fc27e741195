"""Issue 32, last session's leftovers in menus and offers: a "What's wrong" menu the hourly
run closed ("Press “Not Alice?” again") is re-worded when Alice is deleted, and at any age;
an offer of earlier photos already answered names its person as now; an offer left open
on a person merged before the merge moved offers follows it to the person kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import close_menus_left_two_days, forget_everything, menus_of
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_erasure import _merge
from tests.e2e.test_merged_offers import _alices_offer_and_mia
from tests.e2e.test_renamed_questions import _rename

X, Y = CAST["angelina"], CAST["scarlett"]

LEFT = "Closed: nothing was chosen here in two days. Press “Not Alice?” again to correct this."


async def _menu_closed_unused(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alice's photo posted, Ann's copy's "Not Alice?" pressed and left two days, the hourly
    run closing it: (Ann, the menu)."""
    ann, *_, menu = await _posted_and_closed(journey, collages)
    return ann, menu


async def _posted_and_closed(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """As ``_menu_closed_unused``: (Ann, the poster, the group, the post, the menu)."""
    ann, poster, group = await journey.class_with_alice()
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert "What's wrong with this photo of Alice?" in menu["text"], menu["text"]
    await journey.settle()  # the bot has recorded it (after sending it)
    await close_menus_left_two_days(journey)
    assert journey.now(menu)["text"] == LEFT
    return ann, poster, group, posted, menu


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


async def test_a_menu_the_cron_closed_follows_a_rename(
    journey: Journey, collages: Collages
) -> None:
    """Alice renamed Lia: the closed menu said "Press “Not Alice?” again" under a copy whose
    button reads "Not Lia?" now."""
    ann, menu = await _menu_closed_unused(journey, collages)
    await _rename(journey, ann, "Alice", "Lia")
    renamed = "Closed: the name is Lia now. Press “Not Lia?” again to correct this."
    await journey.until(lambda: journey.now(menu)["text"] == renamed)
    assert labels(journey.now(menu)) == []


async def test_a_menu_the_cron_closed_follows_a_merge(journey: Journey, collages: Collages) -> None:
    """Alice merged into Mia: the closed menu said "Press “Not Alice?” again" of a person
    merged away."""
    ann, menu = await _menu_closed_unused(journey, collages)
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
    await journey.settle()
    await _merge(journey, ann, "Mia", "Alice")
    merged = "Closed: Alice was merged into Mia. Press “Not Mia?” again to correct this."
    await journey.until(lambda: journey.now(menu)["text"] == merged)
    assert labels(journey.now(menu)) == []


async def test_a_menu_the_cron_closed_is_reworded_by_the_photos_takedown(
    journey: Journey, collages: Collages
) -> None:
    """The photo taken down: the closed menu sent Ann to a button of a copy that is gone."""
    _ann, poster, group, posted, menu = await _posted_and_closed(journey, collages)
    office = await bound_admin_chat(journey, group, [poster])
    await take_down(journey, group, office, poster, posted)
    await journey.settle()
    closed = "Closed: the group's organizers took it down, so these choices no longer apply."
    await journey.until(lambda: journey.now(menu)["text"] == closed)
    assert labels(journey.now(menu)) == []


async def test_a_menu_the_cron_closed_is_reworded_by_a_correction_and_names_no_other_child(
    journey: Journey, collages: Collages
) -> None:
    """Carl (Alice's other guardian) said his copy's face is his Yara: Ann's closed menu
    kept "Press “Not Alice?” again" (her copy of a face that is no longer Alice's), and a
    choice replayed from it read "Press “Not Yara?” again", naming a child of another
    family to her. It says the photo was corrected, and a replay names nobody."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(carl, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,), (carls,) = journey.photos_for(ann), journey.photos_for(carl)
    (menu,) = await journey.after_pressing(ann, anns, "Not Alice?")
    choices = [b["callback_data"] for row in menu["reply_markup"]["inline_keyboard"] for b in row]
    await journey.settle()
    await close_menus_left_two_days(journey)
    assert journey.now(menu)["text"] == LEFT

    (his,) = await journey.after_pressing(carl, carls, "Not Alice?")
    await journey.press(carl, his, "That isn't Alice")
    await journey.press(carl, journey.now(his), "Yara")
    assert journey.now(his)["text"].startswith("Moved: that face is Yara now."), journey.now(his)
    await journey.settle()

    corrected = "Closed: this photo was corrected since, so these choices no longer apply."
    await journey.until(lambda: journey.now(menu)["text"] == corrected)
    assert labels(journey.now(menu)) == []
    for data in choices:
        replayed = await journey.world.press_button(ann["id"], ann["id"], menu["message_id"], data)
        assert "Yara" not in replayed["text"], replayed["text"]


async def test_a_menu_closed_weeks_ago_is_reworded_by_forget(
    journey: Journey, collages: Collages
) -> None:
    """A menu closed more than 14 days before /forget kept "Press “Not Alice?” again"
    (its row was dropped then); it is kept while its face and reader are."""
    ann, menu = await _menu_closed_unused(journey, collages)
    async with menus_of(journey) as menus:  # the hourly run, three weeks on
        assert await menus.close_unused(datetime.now(UTC) + timedelta(days=21)) == 0
    journey.world.clock.advance(PAST_DELETING_S)

    await forget_everything(journey, ann)

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
