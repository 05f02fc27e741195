"""Leftovers of issue 32 (session 34): news left stale in co-guardians' chats.

Carl, who stopped getting Alice's photos after Ann merged Amy into her and undid it, read
the merge's news without its undo."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import reads_now, sent_starting

X = CAST["angelina"]


async def test_leaving_after_an_undone_merge_says_the_undo(journey: Journey) -> None:
    """Ann merges Amy into Alice and undoes it; Carl stops getting Alice's photos: his news
    of the merge says it was undone, and that he was her guardian until then."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.enroll_again(
        ann, "Amy", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann merged")))
    (news,) = sent_starting(journey, carl, "Ann merged")
    await journey.settle()
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()

    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.until(lambda: "until you stopped" in reads_now(journey, news))
    await journey.settle()
    assert reads_now(journey, news) == (
        "Ann merged Amy into Alice; that merge has since been undone. You were a guardian of "
        "Alice until you stopped getting their photos and clips."
    )
