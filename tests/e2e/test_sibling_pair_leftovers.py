"""Issue 32, a sibling pair's question ("Is this Ally or Alice?") after one of its two
was settled, at a ban and at an undone merge: what the parent reads is true of what is
stored, and its buttons still act."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Collages, Journey, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import co_guardian_then_joins, delete_person, everything_read
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_renamed_questions import _rename
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

ASKED_ALONE = "Bea answered this question: not {no}.\nIs this {left}? (a photo in Class 1A)"
ASKED_UNDONE = (
    "Bea answered this question: not {no}. That was undone since.\n"
    "Is this {left}? (a photo in Class 1A)"
)


async def _bea_guards(
    journey: Journey, child: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann with Alice and Ally; Bea, in the class, the co-guardian of ``child`` only."""
    if child == "Alice":
        return await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey)
    await co_guardian_then_joins(journey, ann, child, bea, group)
    return ann, bea, poster, group


@pytest.mark.parametrize("no", ["Alice", "Ally"])
async def test_the_question_left_after_a_no_asks_about_the_new_name(
    journey: Journey, collages: Collages, no: str
) -> None:
    """Bea (the co-guardian of one child only) said no: Ann's pair question asks about the
    other alone. That one renamed Lia, then the other Mia: it names both new names (it
    kept the old one before), and its Yes still gives the photo to Lia. Either child's
    question may be the pair's leading one: both ways round."""
    left = "Ally" if no == "Alice" else "Alice"
    ann, bea, poster, group = await _bea_guards(journey, no)
    photo = await _post_her(journey, collages, poster, group)
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert (await journey.press(bea, beas, "No"))["text"].startswith("Thanks, noted")
    asked = ASKED_ALONE.format(no=no, left=left)
    await journey.until(lambda: journey.now(pair)["caption"] == asked)

    await _rename(journey, ann, left, "Lia")
    asked = ASKED_ALONE.format(no=no, left="Lia")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]
    await _rename(journey, ann, no, "Mia")
    asked = ASKED_ALONE.format(no="Mia", left="Lia")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]
    assert "Lia" not in everything_read(journey, bea)

    # findings32 5: Bea undoes her "no" from /history: Ann's question no longer says it
    # as standing (before, it kept "Bea answered this question: not Mia.").
    history = await journey.reply_to(bea, "/history")
    assert (await journey.press(bea, history, "Undo 1"))["text"] == "Undone."
    asked = ASKED_UNDONE.format(no="Mia", left="Lia")
    await journey.until(lambda: journey.now(pair)["caption"] == asked)
    assert labels(journey.now(pair)) == ["Yes", "No"]

    assert (await journey.press(ann, journey.now(pair), "Yes"))["text"] == "Thanks! Noted."
    assert journey.now(pair)["caption"] == "Yes, that's Lia. The photo comes to you in this chat."
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.photos_for(bea) == []


async def test_a_pair_question_closed_by_a_ban_is_asked_again_on_return(
    journey: Journey, collages: Collages
) -> None:
    """/ban closed Ann's "Is this Ally or Alice?" and Bea's "Is this Alice?" (Bea guards
    Alice only); back after /unban through the link, each is asked again as a fresh one
    would be (before, only questions about one child were), and Ann's answer acts."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    payload = journey.group_payload(group)
    office = await bound_admin_chat(journey, group, [poster])
    photo = await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    pair_asks = f"Is this {first} or {second}? (a photo in Class 1A)"
    assert pair["caption"] == pair_asks

    for user in ("ann", "bea"):
        said = await _says_in(journey, office, poster, f"/ban @{user}")
        assert said.startswith(f"Class 1A: {user.title()} (@{user}) is banned."), said
    for closed in (pair, beas):
        assert journey.now(closed)["caption"].startswith("This question no longer applies")
    # Told privately, with the questions it closed (said only when some were open).
    await journey.until(
        lambda: any(
            "and I closed the questions I asked you about them" in (m.get("text") or "")
            for m in journey.world.transcript(ann["id"])
        )
    )
    for user in ("ann", "bea"):
        assert "no longer banned" in await _says_in(journey, office, poster, f"/unban @{user}")
    await journey.join(ann, payload)
    await journey.join(bea, payload)
    await journey.settle()

    (again,) = (m for m in journey.suggestions(ann) if m["message_id"] > pair["message_id"])
    assert again["caption"] == pair_asks
    assert labels(again) == [first, second, "Neither"]
    (beas_again,) = (m for m in journey.suggestions(bea) if m["message_id"] > beas["message_id"])
    assert beas_again["caption"] == "Is this Alice? (a photo in Class 1A)"
    assert labels(beas_again) == ["Yes", "No"]

    assert (await journey.press(ann, again, "Alice"))["text"] == "Thanks! Noted."
    assert journey.now(again)["caption"].startswith("It's Alice.")
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.unique_ids(bea) == [photo]


async def test_an_undone_merge_asks_the_pair_again(journey: Journey, collages: Collages) -> None:
    """Alice merged into Ally folded Ann's "Is this Ally or Alice?" and Bea's "Is this
    Alice?" into "Is this Ally?"; the merge undone from /history, Ann is asked
    the pair again and Bea (Alice's co-guardian, not Ally's) about Alice, not about Ally
    (before, both kept "Is this Ally?"); Ann's [Alice] acts."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    photo = await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    pair_asks = f"Is this {first} or {second}? (a photo in Class 1A)"

    card = await journey.card(ann, "Ally")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    merged = await journey.confirm_merge(ann, choose, "Alice")
    assert merged["text"].startswith("Merged Alice into Ally")
    await journey.settle()
    for question in (pair, beas):
        assert journey.now(question)["caption"] == "Is this Ally? (a photo in Class 1A)"

    history = await journey.reply_to(ann, "/history")
    assert history["text"].splitlines()[1].endswith("you merged 3 faces: Alice → Ally")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: journey.now(pair)["caption"] == pair_asks)
    await journey.until(lambda: "Alice" in journey.now(beas)["caption"])
    await journey.settle()
    assert journey.now(pair)["caption"] == pair_asks
    assert labels(journey.now(pair)) == [first, second, "Neither"]
    assert journey.now(beas)["caption"] == "Is this Alice? (a photo in Class 1A)"
    assert labels(journey.now(beas)) == ["Yes", "No"]

    assert (await journey.press(ann, journey.now(pair), "Alice"))["text"] == "Thanks! Noted."
    assert journey.now(pair)["caption"].startswith("It's Alice.")
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.unique_ids(bea) == [photo]
    assert journey.now(beas)["caption"] == "Ann answered this question: yes, that's Alice."


async def test_deleting_one_child_of_a_pair_asks_about_the_other_alone(
    journey: Journey, collages: Collages
) -> None:
    """Ann deletes Alice, one child of her "Is this Ally or Alice?": that question says she
    deleted Alice, and she is asked about Ally alone; Bea, Ally's co-guardian only, keeps
    her open "Is this Ally?" and never reads Alice's name (she read "Ann deleted Alice."
    when Alice's was not the pair's leading question); Ally renamed Lia, both questions
    name Lia (the closed one was made "Is this Lia?" on its blank picture when Ally's
    was), and Ann's Yes delivers the photo to both."""
    ann, bea, poster, group = await _bea_guards(journey, "Ally")
    photo = await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    assert pair["caption"] == f"Is this {first} or {second}? (a photo in Class 1A)"
    (beas,) = journey.suggestions(bea)
    assert beas["caption"] == "Is this Ally? (a photo in Class 1A)"

    await delete_person(journey, ann, "Alice")
    assert journey.now(pair)["caption"] == "You deleted Alice."
    assert "reply_markup" not in journey.now(pair)
    assert journey.now(beas)["caption"] == "Is this Ally? (a photo in Class 1A)"
    assert labels(journey.now(beas)) == ["Yes", "No"]
    (alone,) = (m for m in journey.suggestions(ann) if m["message_id"] > pair["message_id"])
    assert alone["caption"] == "Is this Ally? (a photo in Class 1A)"
    assert labels(alone) == ["Yes", "No"]

    await _rename(journey, ann, "Ally", "Lia")
    await journey.until(lambda: "Lia" in journey.now(alone)["caption"])
    await journey.until(lambda: "Lia" in journey.now(beas)["caption"])
    for question in (alone, beas):
        assert journey.now(question)["caption"] == "Is this Lia? (a photo in Class 1A)"
    assert journey.now(pair)["caption"] == "You deleted Alice."
    assert "reply_markup" not in journey.now(pair)

    assert (await journey.press(ann, journey.now(alone), "Yes"))["text"] == "Thanks! Noted."
    await journey.settle()
    assert journey.unique_ids(ann) == [photo] and journey.unique_ids(bea) == [photo]
    said = everything_read(journey, bea)
    assert "Alice" not in said
