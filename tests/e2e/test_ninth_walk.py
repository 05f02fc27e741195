"""What the ninth walk of issue 32 found untrue between a parent and her co-guardian, read
as each reads it: a co-guardian's "no" about one child closed the parent's question naming
two children, so the other child was asked about to nobody; and /history's Undo of an
older "yes" silently took a photo back that a later change and its undo had kept."""

from __future__ import annotations

from domain.infra.models import Face, Person
from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her

CHANGED = "That can't be undone any more: the face or person has changed since."


async def test_a_co_guardians_no_leaves_the_other_child_asked_and_an_older_yes_kept(
    journey: Journey, collages: Collages
) -> None:
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    photo = await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)  # "Is this Alice or Ally?"
    (beas,) = journey.suggestions(bea)  # "Is this Alice?": Bea guards Alice only

    # Bea says no, not Alice. Ann's question read "Bea answered this question: not Alice."
    # with no buttons left: whether it is Ally was asked of nobody.
    assert (await journey.press(bea, beas, "No"))["text"].startswith("Thanks, noted")
    asked = "Bea answered this question: not Alice.\nIs this Ally? (a photo in Class 1A)"
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]
    await journey.settle()
    assert journey.now(pair)["caption"] == asked  # the settled "no" does not close it
    assert labels(journey.now(pair)) == ["Yes", "No"]

    # Ann says yes: it is Ally's, and Ally's photo comes (Bea, Alice's only, gets none).
    assert (await journey.press(ann, pair, "Yes"))["text"] == "Thanks! Noted."
    assert journey.now(pair)["caption"] == "Yes, that's Ally. I'll send you the photo."
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.photos_for(bea) == []

    # Then "Not Ally?", "Remove this photo only", and its Undo: the photo is back.
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Ally?")
    assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
    assert (await journey.press(ann, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.settle()
    assert journey.unique_ids(ann) == [photo]

    # Her "yes" in /history, older than the removal and its undo: its Undo took the photo
    # out of her chat again, said only "Undone." and left the line of the undo unmarked.
    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith("matched 1 face: Ally (an undo)"), lines
    assert lines[2].endswith("unmatched 1 face: Ally (undone)"), lines
    assert lines[3].endswith("matched 1 face: Ally"), lines
    assert labels(history) == ["Undo 3"]
    assert (await journey.press(ann, history, "Undo 3"))["text"] == CHANGED
    await journey.settle()
    assert journey.unique_ids(ann) == [photo]
    face = await Face.get(photo_id__isnull=False, suggestions__person__name="Ally")
    assert face.person_id == (await Person.get(name="Ally")).id  # type: ignore[attr-defined]
