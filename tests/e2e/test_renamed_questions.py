"""A rename reaches every question still open about the person (issue 32, fixo): a sibling
pair's "Is this Alice or Ally?" and a sheet of questions "Are these 2 faces Alice?" kept
the old name beside cards and copies that said the new one; their buttons still answer."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Participant, Suggestion
from domain.states import SuggestionStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.test_batched_questions import (
    ASKING,
    _ann_in_class,
    _post_alice,
    _post_alice_second,
    choose,
    sheets,
)
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def _rename(journey: Journey, user: dict[str, Any], name: str, to: str) -> None:
    card = await journey.card(user, name)
    await journey.after_pressing(user, card, "Rename")
    assert (await journey.reply_to(user, to))["text"] == f"Renamed to {to}."


async def test_a_sibling_pair_question_asks_about_the_new_name(
    journey: Journey, collages: Collages
) -> None:
    """Alice renamed Lia: Ann's "Is this Alice or Ally?" names Lia, on its question and
    its button, and Bea (Alice's co-guardian only) reads "Is this Lia?"; Ann's [Lia]
    still answers it."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (question,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert question["caption"] == f"Is this {first} or {second}? (a photo in Class 1A)"

    await _rename(journey, ann, "Alice", "Lia")
    first, second = ("Lia" if n == "Alice" else n for n in (first, second))
    await journey.until(lambda: "Lia" in journey.now(question)["caption"])
    await journey.until(lambda: "Lia" in journey.now(beas)["caption"])
    assert journey.now(question)["caption"] == (
        f"Is this {first} or {second}? (a photo in Class 1A)"
    )
    assert labels(journey.now(question)) == [first, second, "Neither"]
    assert journey.now(beas)["caption"] == "Is this Lia? (a photo in Class 1A)"
    assert labels(journey.now(beas)) == ["Yes", "No"]

    answer = await journey.press(ann, journey.now(question), "Lia")
    assert answer["text"] == "Thanks! Noted."
    assert journey.now(question)["caption"].startswith("It's Lia.")
    statuses = dict(await Suggestion.all().values_list("person__name", "status"))
    assert statuses == {"Lia": SuggestionStatus.ACCEPTED, "Ally": SuggestionStatus.REJECTED}


async def _sheet_of_two(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ann, who gets her questions on sheets of two, and her sheet about two faces of Alice."""
    ann, poster, group = await _ann_in_class(journey)
    await choose(journey, ann, "Every 5")
    participant = await Participant.get(telegram_user_id=ann["id"])
    await Participant.filter(id=participant.id).update(questions_every=2)
    await _post_alice(journey, collages, group, poster, 1)
    await _post_alice_second(journey, collages, group, poster)
    (sheet,) = sheets(journey, ann)
    return ann, sheet


async def test_a_sheet_of_questions_asks_about_the_new_name(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Alice renamed Lia: Ann's open sheet "Are these 2 faces Alice?" asks about Lia, its
    buttons named anew, and [Yes, all are Lia] still sends her both photos."""
    async with journey_factory(matching=ASKING) as journey:
        ann, sheet = await _sheet_of_two(journey, collages)
        assert sheet["caption"] == "Are these 2 faces Alice? (photos in Class 1A, numbered)"

        await _rename(journey, ann, "Alice", "Lia")
        await journey.until(lambda: "Lia" in journey.now(sheet)["caption"])
        assert journey.now(sheet)["caption"] == (
            "Are these 2 faces Lia? (photos in Class 1A, numbered)"
        )
        assert labels(journey.now(sheet)) == ["Yes, all are Lia", "Some are", "None is Lia"]

        await journey.press(ann, journey.now(sheet), "Yes, all are Lia")
        assert journey.now(sheet)["caption"] == "Thanks: 2 photos of Lia, on their way to you."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 2


async def test_a_sheet_of_questions_pressed_again_is_a_question_answered(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings20 7: a sheet of questions' button replayed after it was answered said "This
    offer has already been answered."; it was a question."""
    async with journey_factory(matching=ASKING) as journey:
        ann, sheet = await _sheet_of_two(journey, collages)
        data = next(
            b["callback_data"]
            for row in sheet["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == "None is Alice"
        )
        await journey.press(ann, sheet, "Yes, all are Alice")
        await journey.settle()
        again = await journey.world.press_button(ann["id"], ann["id"], sheet["message_id"], data)
        assert again["text"] == "This question has already been answered."
        assert len(journey.photos_for(ann)) == 2


async def test_an_open_question_asks_about_the_person_it_was_merged_into(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Alice merged into Amy: the open "Is this Alice?" is Amy's question now (a yes gives
    the face to Amy), and asks "Is this Amy?" in Ann's and Carl's chats."""
    async with journey_factory(matching=ASKING) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (asked,), (carls,) = journey.suggestions(ann), journey.suggestions(carl)
        assert journey.now(asked)["caption"] == "Is this Alice? (a photo in Class 1A)"
        await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])

        card = await journey.card(ann, "Amy")
        (choose,) = await journey.after_pressing(ann, card, "Merge")
        merged = await journey.confirm_merge(ann, choose, "Alice")
        assert merged["text"].startswith("Merged Alice into Amy")
        await journey.until(lambda: "Amy" in journey.now(carls)["caption"])
        for question in (asked, carls):
            assert journey.now(question)["caption"] == "Is this Amy? (a photo in Class 1A)"
            assert labels(journey.now(question)) == ["Yes", "No"]
