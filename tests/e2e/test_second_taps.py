"""Issue 32, today's walks (findings13, findings14): a message whose buttons no longer
apply is closed when what it asked about goes, and a second answer tells the truth."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, labels, photo_bytes

X = CAST["angelina"]


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

