"""An offer of earlier photos ("I found 2 earlier photos of Alice...", a sheet of look-alike
faces too) follows a merge of its person (issue 32): it was left on the person merged
away, kept the old name, and its buttons answered "This offer has already been answered."
for a person that was gone. Now the merge moves it to the kept person, and it asks about
that one by name; the merge undone gives it back, asking about the first one again. A
rename, too, has it ask by the new name."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.test_earlier_photos import (
    SHEET,
    _before_alice,
    _sheet,
    _sheet_journey,
    offers,
    unique_ids,
)
from tests.e2e.test_erasure import _merge
from tests.e2e.test_renamed_questions import _rename

Y = CAST["scarlett"]


def _offer_of(name: str) -> str:
    return (
        f"I found 2 earlier photos of {name} in Class 1A. Are these faces (numbered) {name}? "
        "I'll send the photos of those that are."
    )


async def _alices_offer_and_mia(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Ann is offered Alice's two earlier photos, and enrolls Mia. Returns (ann, the
    offer, the class's two posts of Alice)."""
    ann, _poster, _group, alice = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    assert offer["caption"] == _offer_of("Alice")
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
    await journey.settle()
    return ann, offer, alice


async def test_an_offer_of_the_person_merged_away_offers_the_kept_one(
    journey: Journey, collages: Collages
) -> None:
    """Alice merged into Mia: the open offer names Mia, its buttons too, and its
    [Yes, all are Mia] sends both photos (before: it kept "Alice", and the press said the
    offer had been answered)."""
    ann, offer, alice = await _alices_offer_and_mia(journey, collages)
    await _merge(journey, ann, "Mia", "Alice")
    await journey.until(lambda: journey.now(offer)["caption"] == _offer_of("Mia"))
    assert labels(journey.now(offer)) == ["Yes, all are Mia", "Some are", "None is Mia"]

    pressed = await journey.press(ann, journey.now(offer), "Yes, all are Mia")
    assert pressed["text"] == "On their way."
    assert journey.now(offer)["caption"] == (
        "They're all Mia. Sending you 2 photos of Mia from Class 1A."
    )
    await journey.settle()
    assert sorted(journey.unique_ids(ann)) == unique_ids(alice)


async def test_the_merge_undone_gives_the_offer_back(journey: Journey, collages: Collages) -> None:
    """Alice merged into Mia, the merge undone from /history: the offer asks about Alice
    again, and its [Yes, all are Alice] sends both photos as Alice's."""
    ann, offer, alice = await _alices_offer_and_mia(journey, collages)
    await _merge(journey, ann, "Mia", "Alice")
    await journey.until(lambda: journey.now(offer)["caption"] == _offer_of("Mia"))

    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: journey.now(offer)["caption"] == _offer_of("Alice"))
    assert labels(journey.now(offer)) == ["Yes, all are Alice", "Some are", "None is Alice"]

    await journey.press(ann, journey.now(offer), "Yes, all are Alice")
    assert journey.now(offer)["caption"] == (
        "They're all Alice. Sending you 2 photos of Alice from Class 1A."
    )
    await journey.settle()
    assert sorted(journey.unique_ids(ann)) == unique_ids(alice)


async def test_a_look_alike_sheet_of_the_person_merged_away_asks_about_the_kept_one(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """The sheet "These 3 faces ... look alike, and like Alice" follows Alice merged into
    Mia: it asks about Mia, and [Yes, all are Mia] sends the three photos."""
    async with _sheet_journey(journey_factory) as journey:
        ann, _, sheet = await _sheet(journey, collages)
        assert sheet["caption"] == SHEET
        await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
        await journey.settle()
        await _merge(journey, ann, "Mia", "Alice")
        mias = SHEET.replace("Alice", "Mia")
        await journey.until(lambda: journey.now(sheet)["caption"] == mias)
        assert labels(journey.now(sheet)) == ["Yes, all are Mia", "Some are", "None is Mia"]

        await journey.press(ann, journey.now(sheet), "Yes, all are Mia")
        assert journey.now(sheet)["caption"] == (
            "They're all Mia. Sending you 3 photos of Mia from Class 1A."
        )
        await journey.settle()
        assert len(journey.photos_for(ann)) == 3


async def test_an_open_offer_asks_about_the_new_name(journey: Journey, collages: Collages) -> None:
    """Alice renamed Lia: the open offer names Lia, its buttons too, and still sends."""
    ann, _poster, _group, alice = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    await _rename(journey, ann, "Alice", "Lia")
    await journey.until(lambda: journey.now(offer)["caption"] == _offer_of("Lia"))
    assert labels(journey.now(offer)) == ["Yes, all are Lia", "Some are", "None is Lia"]

    await journey.press(ann, journey.now(offer), "Yes, all are Lia")
    await journey.settle()
    assert sorted(journey.unique_ids(ann)) == unique_ids(alice)
