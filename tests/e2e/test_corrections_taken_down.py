"""A guardian's corrections of faces in a photo the organizers then took down (issue 32,
findings19 5): the move's and the undo's messages no longer say the face "is" anyone's,
as /history no longer does ("the faces it concerned were deleted"). A "Remove this photo only"
loses its Undo and says the organizers took the photo down since (walken4 3)."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def test_a_move_and_an_undo_say_what_became_of_the_face_after_a_takedown(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    office = await bound_admin_chat(journey, group, [poster])
    (first,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (second,) = await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][1]))
    await journey.settle()
    (third,) = await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][2]))
    await journey.settle()
    one, two, three = journey.photos_for(ann)

    async def moved_to_amy(copy: dict[str, object]) -> dict[str, object]:
        (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
        await journey.press(ann, choices, "That isn't Alice")
        await journey.press(ann, journey.now(choices), "Amy")
        await journey.settle()
        moved = journey.now(choices)
        assert str(moved["text"]).startswith("Moved: that face is Amy now."), moved["text"]
        return moved

    # The first face moved to Amy (its Undo still live); the second moved, then undone.
    moved = await moved_to_amy(one)
    undone = await moved_to_amy(two)
    assert (await journey.press(ann, undone, "Undo"))["text"] == "Undone."
    await journey.settle()
    assert str(journey.now(undone)["text"]).startswith("Undone: that face is Alice's again")

    (choices,) = await journey.after_pressing(ann, three, "Not Alice?")
    assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
    await journey.settle()
    removed = journey.now(choices)
    assert str(removed["text"]).startswith("Removed this photo of Alice"), removed["text"]
    assert labels(removed) == ["Undo"]

    await take_down(journey, group, office, poster, first)
    await take_down(journey, group, office, poster, second)
    await take_down(journey, group, office, poster, third)
    await journey.settle()
    now = journey.now(moved)
    assert now["text"] == "Moved: that face was Amy's, until it was deleted.", now["text"]
    assert labels(now) == []
    now = journey.now(undone)
    assert now["text"] == "Undone: that face was Alice's again, until it was deleted.", now["text"]
    assert labels(now) == []
    now = journey.now(removed)
    assert now["text"] == (
        "Removed this photo of Alice from your photos. The organizers of Class 1A took it "
        "down since."
    ), now["text"]
    assert labels(now) == []
