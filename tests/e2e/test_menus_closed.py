"""An open "What's wrong with this photo of Alice?" menu once everything it is about is
gone (findings19 17): after /forget, and after the photo's takedown, it kept its two
buttons and "I'll remember these faces aren't Alice's...", each press refused. Now it says
why it closed, without buttons."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import close_menus_left_two_days, forget_everything
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

X = CAST["angelina"]


async def _menu_open(
    journey: Journey, collages: Collages, ann: dict[str, Any], poster: dict[str, Any], group: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alice's photo posted, Ann's copy's "Not Alice?" pressed: (the post, the menu)."""
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert "What's wrong with this photo of Alice?" in menu["text"], menu["text"]
    assert labels(menu)
    return posted, menu


async def test_an_open_menu_is_closed_by_forget(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    _, menu = await _menu_open(journey, collages, ann, poster, group)

    journey.world.clock.advance(PAST_DELETING_S)  # as walked: nothing can be deleted now
    await forget_everything(journey, ann)

    closed = "Closed: you deleted everything I had about you."
    await journey.until(lambda: journey.now(menu)["text"] == closed)
    assert labels(journey.now(menu)) == []


async def test_a_menu_the_cron_closed_is_reworded_by_forget(
    journey: Journey, collages: Collages
) -> None:
    """findings22 7: a menu the hourly run had closed kept "Press “Not Alice?” again to
    correct this." after /forget, sending the reader to a button about a child no longer
    theirs with the bot (an open one was closed)."""
    ann, poster, group = await journey.class_with_alice()
    _, menu = await _menu_open(journey, collages, ann, poster, group)
    await journey.settle()  # the bot has recorded it (after sending it)
    await close_menus_left_two_days(journey)
    left = "Closed: nothing was chosen here in two days. Press “Not Alice?” again to correct this."
    assert journey.now(menu)["text"] == left

    journey.world.clock.advance(PAST_DELETING_S)  # as walked: nothing can be deleted now
    await forget_everything(journey, ann)

    closed = "Closed: you deleted everything I had about you."
    await journey.until(lambda: journey.now(menu)["text"] == closed)
    assert labels(journey.now(menu)) == []


async def test_an_open_menu_is_closed_by_the_photos_takedown(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    posted, menu = await _menu_open(journey, collages, ann, poster, group)

    await take_down(journey, group, office, poster, posted)
    await journey.settle()

    closed = "Closed: the group's organizers took it down, so these choices no longer apply."
    await journey.until(lambda: journey.now(menu)["text"] == closed)
    assert labels(journey.now(menu)) == []
