"""Issue 32, today's walks (findings13, findings14): a message whose buttons no longer
apply is closed when what it asked about goes, and a second answer tells the truth."""

from __future__ import annotations

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order

X, Y = CAST["angelina"], CAST["scarlett"]


async def test_deleting_a_person_closes_an_open_whats_wrong_menu_about_them(
    journey: Journey,
) -> None:
    """findings14 8: the menu kept both buttons after Alice was deleted, each press
    refused ("That person was deleted ...")."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.until(lambda: bool(journey.singles(ann)))
    (copy,) = journey.singles(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert labels(menu) == ["Remove this photo only", "That isn't Alice"]

    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    await journey.until(lambda: not labels(journey.now(menu)))
    assert journey.now(menu)["text"] == "Closed: Alice was deleted."
    assert not labels(journey.now(copy))


async def test_forgetting_a_persons_faces_closes_an_open_whats_wrong_menu_about_them(
    journey: Journey,
) -> None:
    """findings14 8, the same for "Forget faces": the face the menu asks about is gone."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.until(lambda: bool(journey.singles(ann)))
    (copy,) = journey.singles(ann)
    (menu,) = await journey.after_pressing(ann, copy, "Not Alice?")

    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    await journey.until(lambda: not labels(journey.now(menu)))
    assert journey.now(menu)["text"] == "Closed: the faces of Alice were deleted."


async def test_yes_on_a_photo_she_already_has_for_her_other_child_says_so_and_names_both(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings14 4: "Yes, that's Alice. I'll send you the photo." and nothing came (she
    had it, for Bo), and her copy still named only Bo."""
    # Thresholds so high that every true match is asked about.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.enroll(ann, "Bo", [photo_bytes(n) for n in Y["enroll"]])
        await journey.post(group, poster, collages.make(X["group"][0], Y["group"][0]))
        await journey.settle()
        questions = {q["caption"]: q for q in journey.suggestions(ann)}
        about_bo = questions["Is this Bo? (a photo in Class 1A)"]
        about_alice = questions["Is this Alice? (a photo in Class 1A)"]

        # Yes to Bo: the photo comes, naming Bo.
        await journey.press(ann, about_bo, "Yes")
        await journey.settle()
        (copy,) = journey.photos_for(ann)
        assert copy["caption"] == "Bo · Class 1A"

        # Yes to Alice: it is in her chat already; it says so, and the copy names both.
        await journey.press(ann, about_alice, "Yes")
        assert journey.now(about_alice)["caption"] == (
            "Yes, that's Alice. It's already in your chat: I added Alice to it."
        )
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1  # nothing more sent
        await journey.until(lambda: "Alice" in journey.now(copy)["caption"])
        assert "Bo" in journey.now(copy)["caption"]
        assert {"Not Alice?", "Not Bo?"} <= set(labels(journey.now(copy)))


async def test_the_pair_answered_with_a_child_whose_photo_she_has_says_so_and_names_both(
    journey: Journey, collages: Collages
) -> None:
    """As findings14 4, for "Is this Alice or Ally?": the photo in her chat for Bo, the
    answer said nothing of it, and her copy named only Bo."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await journey.enroll(ann, "Bo", [photo_bytes(n) for n in Y["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][2], Y["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    assert copy["caption"] == "Bo · Class 1A"
    (pair,) = journey.suggestions(ann)
    first, second = await _names_in_order()

    await journey.press(ann, pair, first)
    assert journey.now(pair)["caption"] == (
        f"It's {first}. It's already in your chat: I added {first} to it. "
        f"I'll remember this face isn't {second}, so similar faces will be asked about instead "
        "of sent."
    )
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1  # nothing more sent
    await journey.until(lambda: first in journey.now(copy)["caption"])
    assert "Bo" in journey.now(copy)["caption"]
    assert {f"Not {first}?", "Not Bo?"} <= set(labels(journey.now(copy)))
