"""Issue 32, a sibling pair's question ("Is this Ally or Alice?") after one of its two
was settled, at a ban and at an undone merge: what the parent reads is true of what is
stored, and its buttons still act."""

from __future__ import annotations

from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.test_renamed_questions import _rename
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her

ASKED_ALONE = "Bea answered this question: not {no}.\nIs this {left}? (a photo in Class 1A)"


async def test_the_question_left_after_a_no_asks_about_the_new_name(
    journey: Journey, collages: Collages
) -> None:
    """Bea (Alice's co-guardian only) said no: Ann's pair question asks about Ally alone.
    Ally renamed Lia, then Alice renamed Mia: it names both new names (it kept "Ally"
    before), and its Yes still gives the photo to Lia."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    photo = await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert (await journey.press(bea, beas, "No"))["text"].startswith("Thanks, noted")
    asked = ASKED_ALONE.format(no="Alice", left="Ally")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)

    await _rename(journey, ann, "Ally", "Lia")
    asked = ASKED_ALONE.format(no="Alice", left="Lia")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]
    await _rename(journey, ann, "Alice", "Mia")
    asked = ASKED_ALONE.format(no="Mia", left="Lia")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]
    assert "Lia" not in journey.now(beas)["caption"]  # Bea guards Alice only

    assert (await journey.press(ann, journey.now(pair), "Yes"))["text"] == "Thanks! Noted."
    assert journey.now(pair)["caption"] == "Yes, that's Lia. The photo comes to you in this chat."
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.photos_for(bea) == []
