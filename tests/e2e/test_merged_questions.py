"""A merge reaches every question still open about the person merged away (issue 32,
findings20 4): after Alice was merged into Mia, Ann's open sheet "Are these 2 faces
Alice?" was closed by the next withdrawal run as "This question is closed: it was
answered... Nothing to do here." while its faces were open questions about Mia, her
co-guardian's "Is this Alice?" stayed, and a waiting batch of Alice never came."""

from __future__ import annotations

from typing import Any

from domain.corrections import texts
from domain.infra.models import EarlierPhotos, Participant, Person
from domain.states import OfferStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.test_batched_questions import (
    ASKING,
    _ann_in_class,
    _post_alice,
    _post_alice_second,
    choose,
    sheets,
    worker_side,
)
from tests.e2e.test_erasure import _merge
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
ALICE_SHEET = "Are these 2 faces Alice? (photos in Class 1A, numbered)"
MIA_SHEET = "Are these 2 faces Mia? (photos in Class 1A, numbered)"


async def _ann_with_mia_and_carl(
    journey: Journey, every: int
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Ann with Alice (Carl her co-guardian, asked as questions come) and Mia, her
    questions gathered on a sheet every ``every``."""
    carl = journey.user("Carl")
    ann, poster, group = await _ann_in_class(journey, carl)
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
    await choose(journey, ann, "Every 5")
    await Participant.filter(telegram_user_id=ann["id"]).update(questions_every=every)
    return ann, carl, poster, group


async def test_an_open_sheet_and_the_co_guardians_questions_ask_about_the_kept_name(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Alice merged into Mia: Ann's open sheet asks about Mia, its buttons named anew, and
    is not closed by the withdrawal run (its faces are open questions about Mia); Carl's
    two "Is this Alice?" ask "Is this Mia?"; [Yes, all are Mia] still sends both photos."""
    async with journey_factory(matching=ASKING) as journey:
        ann, carl, poster, group = await _ann_with_mia_and_carl(journey, 2)
        await _post_alice(journey, collages, group, poster, 1)
        await _post_alice_second(journey, collages, group, poster)
        (sheet,) = sheets(journey, ann)
        assert sheet["caption"] == ALICE_SHEET
        carls = journey.suggestions(carl)
        assert [m["caption"] for m in carls] == ["Is this Alice? (a photo in Class 1A)"] * 2

        await _merge(journey, ann, "Mia", "Alice")
        await journey.until(lambda: "Mia" in journey.now(sheet)["caption"])
        await journey.until(lambda: all("Mia" in journey.now(m)["caption"] for m in carls))
        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        assert journey.now(sheet)["caption"] == MIA_SHEET
        assert journey.now(sheet)["caption"] != texts.question_withdrawn()
        assert labels(journey.now(sheet)) == ["Yes, all are Mia", "Some are", "None is Mia"]
        for question in carls:
            assert journey.now(question)["caption"] == "Is this Mia? (a photo in Class 1A)"
            assert labels(journey.now(question)) == ["Yes", "No"]

        await journey.press(ann, journey.now(sheet), "Yes, all are Mia")
        assert journey.now(sheet)["caption"] == "Thanks: 2 photos of Mia, on their way to you."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 2


async def test_a_waiting_batch_comes_as_the_kept_person(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Two faces of Alice wait on Ann's batch (every 3) when Alice is merged into Mia: the
    third face makes it due, and Ann is asked about all three as Mia (before, the waiting
    two were closed unasked and the third came alone)."""
    async with journey_factory(matching=ASKING) as journey:
        ann, _carl, poster, group = await _ann_with_mia_and_carl(journey, 3)
        await _post_alice(journey, collages, group, poster, 2)
        assert sheets(journey, ann) == []
        assert await EarlierPhotos.filter(status=OfferStatus.WAITING).count() == 1

        await _merge(journey, ann, "Mia", "Alice")
        await journey.post(group, poster, collages.make(NOBODY["group"][2], X["group"][2]))
        await journey.settle()
        await journey.until(lambda: len(sheets(journey, ann)) == 1)
        (sheet,) = sheets(journey, ann)
        assert sheet["caption"] == "Are these 3 faces Mia? (photos in Class 1A, numbered)"
        assert journey.suggestions(ann) == []


async def test_the_merge_undone_asks_about_the_person_given_back(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Alice merged into Mia, then the merge undone from /history: the sheet and Carl's
    questions, which asked about Mia, ask about Alice again (the sheet moved back with
    its questions), and [Yes, all are Alice] sends both photos."""
    async with journey_factory(matching=ASKING) as journey:
        ann, carl, poster, group = await _ann_with_mia_and_carl(journey, 2)
        await _post_alice(journey, collages, group, poster, 1)
        await _post_alice_second(journey, collages, group, poster)
        (sheet,) = sheets(journey, ann)
        carls = journey.suggestions(carl)
        await _merge(journey, ann, "Mia", "Alice")
        await journey.until(lambda: journey.now(sheet)["caption"] == MIA_SHEET)

        history = await journey.reply_to(ann, "/history")
        assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
        await journey.until(lambda: journey.now(sheet)["caption"] == ALICE_SHEET)
        await journey.until(lambda: all("Alice" in journey.now(m)["caption"] for m in carls))
        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        assert journey.now(sheet)["caption"] == ALICE_SHEET
        assert labels(journey.now(sheet)) == ["Yes, all are Alice", "Some are", "None is Alice"]
        for question in carls:
            assert journey.now(question)["caption"] == "Is this Alice? (a photo in Class 1A)"

        await journey.press(ann, journey.now(sheet), "Yes, all are Alice")
        assert journey.now(sheet)["caption"] == "Thanks: 2 photos of Alice, on their way to you."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 2


async def test_a_sheet_left_on_a_person_merged_away_is_not_closed_as_answered(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """A sheet still on Alice after she was merged into Mia (as a merge made before merges
    moved sheets left it): the withdrawal run does not close it as answered ("Nothing to
    do here") while its faces are open questions about Mia; it is Mia's, and its [Yes,
    all are Mia] sends both photos."""
    async with journey_factory(matching=ASKING) as journey:
        ann, _carl, poster, group = await _ann_with_mia_and_carl(journey, 2)
        await _post_alice(journey, collages, group, poster, 1)
        await _post_alice_second(journey, collages, group, poster)
        (sheet,) = sheets(journey, ann)
        await _merge(journey, ann, "Mia", "Alice")
        await journey.until(lambda: journey.now(sheet)["caption"] == MIA_SHEET)
        alice = await Person.get(name="Alice")
        await EarlierPhotos.filter(participant_id__isnull=False).update(person_id=alice.id)

        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        assert journey.now(sheet)["caption"] == MIA_SHEET
        await journey.press(ann, journey.now(sheet), "Yes, all are Mia")
        assert journey.now(sheet)["caption"] == "Thanks: 2 photos of Mia, on their way to you."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 2


async def test_a_sibling_pair_question_of_the_two_merged_asks_about_the_kept_one(
    journey: Journey, collages: Collages
) -> None:
    """Ally merged into Alice while Ann is asked "Is this Ally or Alice?" and Bea (Alice's
    co-guardian only) "Is this Alice?": Ann's question asks "Is this Alice?" with Yes and
    No (before, the withdrawal run closed it as answered while the face was an open
    question about Alice, and Ann was not asked again); her Yes still answers it."""
    ann, bea, poster, group = await _ann_with_alice_and_ally(journey, bea_guards_alice=True)
    await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    await _merge(journey, ann, "Alice", "Ally")
    await journey.until(lambda: "Ally" not in journey.now(question)["caption"])
    async with worker_side(journey) as (_, withdrawal):
        await withdrawal.run()
    for asked in (question, beas):
        assert journey.now(asked)["caption"] == "Is this Alice? (a photo in Class 1A)"
        assert labels(journey.now(asked)) == ["Yes", "No"]

    answer = await journey.press(ann, journey.now(question), "Yes")
    assert answer["text"] == "Thanks! Noted."
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
