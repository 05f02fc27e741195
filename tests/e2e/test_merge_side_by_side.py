"""Two persons seen side by side in one photo are almost surely two children (issue 32,
findings22 5): the merge's confirmation says so before the parent merges them."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes

X, SARA = CAST["angelina"], CAST["scarlett"]


async def test_the_merge_screen_warns_when_both_are_in_one_photo(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], SARA["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    assert {"Not Alice?", "Not Amy?"} <= set(labels(copy)), labels(copy)

    card = await journey.card(ann, "Amy")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.press(ann, choose, "Alice")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    asked = journey.now(choose)["text"]
    assert asked.startswith(
        "⚠️ Alice and Amy are both in 1 photo or clip together: are they really the same "
        "child?\nMerge Alice into Amy?"
    ), asked


async def test_a_merge_made_anyway_keeps_one_face_per_photo_and_its_undo_both(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Merged anyway, the kept person has one face in that photo (one person at most once
    per photo): the copy asks "Not Amy?" once; the undo gives both faces back. The face
    set aside, and given back, is synced to the face index by the merge and the undo
    themselves: the reconcile cron runs only as the worker starts here (it had synced it,
    up to a minute later, as their jobs were never queued)."""
    async with journey_factory(jobs={"reconcile_every_s": 3600}) as journey:
        await _merged_anyway_and_undone(journey, collages)


async def _merged_anyway_and_undone(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], SARA["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)

    card = await journey.card(ann, "Amy")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.press(ann, choose, "Alice")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    await journey.press(ann, choose, "Merge, keep Amy")
    await journey.settle()
    await journey.until(lambda: labels(journey.now(copy)).count("Not Amy?") == 1)
    assert "Not Alice?" not in labels(journey.now(copy))
    await journey.assert_consistent()

    history = await journey.reply_to(ann, "/history")
    answer = await journey.press(ann, history, "Undo 1")
    assert answer["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: {"Not Alice?", "Not Amy?"} <= set(labels(journey.now(copy))))
    await journey.assert_consistent()
