"""The thirty-first session's merges: what an older message about a child merged into
another says once the one it went into is deleted or renamed, and what the "Forget faces"
confirmation of a child merged since says."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import delete_person

SARA = CAST["scarlett"]
READY = "Amy is ready. I'll send you the photos and clips they appear in from: Class 1A."


async def _amy_merged_into_alice(journey: Journey) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ann enrolls Amy in Class 1A (no approval) beside Alice, and merges Amy into Alice
    from Alice's card: Ann, and Amy's "… is ready" as it reads then."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    ready = journey.last(ann)
    assert ready["text"].startswith(READY), ready["text"]
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.settle()
    merged = "Since then Amy was merged into Alice: I send you the photos and clips of Alice."
    await journey.until(lambda: journey.now(ready)["text"] == merged)
    return ann, ready


async def test_a_ready_line_of_a_merged_child_says_the_one_it_went_into_was_deleted(
    journey: Journey,
) -> None:
    """Amy's "Since then Amy was merged into Alice: I send you the photos and clips of
    Alice." kept promising Alice's photos once Alice was deleted (the deletion redrew only
    what named Alice). Now it says Alice was deleted since, and that nothing comes."""
    ann, ready = await _amy_merged_into_alice(journey)
    await delete_person(journey, ann, "Alice")
    gone = (
        "Since then Amy was merged into Alice, and Alice has been deleted since, with "
        "everything I had about them: I no longer send anyone their photos and clips."
    )
    await journey.until(lambda: "deleted" in journey.now(ready)["text"])
    assert journey.now(ready)["text"] == gone


async def test_a_ready_line_of_a_merged_child_names_the_one_it_went_into_as_now(
    journey: Journey,
) -> None:
    """Alice renamed Alicia: Amy's "… merged into Alice: I send you the photos and clips of
    Alice." kept the old name, beside cards in the new. Now it names Alicia."""
    ann, ready = await _amy_merged_into_alice(journey)
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.settle()
    await journey.until(lambda: "Alicia" in journey.now(ready)["text"])
    assert journey.now(ready)["text"] == (
        "Since then Amy was merged into Alicia: I send you the photos and clips of Alicia."
    )


async def test_forget_faces_said_of_a_child_merged_since_follows_the_merge_and_its_undo(
    journey: Journey,
) -> None:
    """Ann had Amy's faces forgotten: Carl, Amy's other guardian, read "Ann had me forget
    the faces of Amy…: … choose "Add photos" to enroll them again.", which stayed once Amy
    was merged into Alice, asking for photos of a child no longer there. Now it says she
    was merged, and whose photos come; the merge undone from /history, it says what it
    said."""
    ann, _, _ = await journey.class_with_alice()
    carl = journey.user("Carl")
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.co_guardian(ann, "Amy", carl)
    (forget,) = await journey.after_pressing(ann, await journey.card(ann, "Amy"), "Forget faces")
    await journey.press(ann, forget, "Yes, delete")
    await journey.settle()
    told = next(
        m
        for m in reversed(journey.world.transcript(carl["id"]))
        if "to enroll them again" in m.get("text", "")
    )
    first = told["text"]
    assert first.startswith("Ann had me forget the faces of Amy"), first

    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.settle()
    await journey.until(lambda: "merged" in journey.now(told)["text"])
    assert journey.now(told)["text"] == (
        "Ann had me forget the faces of Amy: I deleted every one I had. Since then Amy was "
        "merged into Alice: I send you the photos and clips of Alice."
    )

    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: "merged" not in journey.now(told)["text"])
    assert journey.now(told)["text"] == first
