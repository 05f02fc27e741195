"""Leftovers of issue 32 (session 34): names and news left stale in co-guardians' chats.

Carl's "You're in: I'll look for Alice and Amy in Class 1A…", redrawn once he stopped
getting Amy's photos ("Since then you are no longer a guardian of Amy: I look for Alice…"),
kept "Alice" once Ann renamed her; so did one redrawn at his leaving Class 1A, once he was
back.

Carl, who stopped getting Alice's photos after Ann merged Amy into her and undid it, read
the merge's news without its undo."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import co_guardian_then_joins, reads_now, sent_starting
from tests.e2e.test_approvals import add_member

X, Y = CAST["angelina"], CAST["scarlett"]
User = dict[str, Any]


async def _rename(journey: Journey, user: User, name: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, name), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def test_a_rename_reaches_a_you_are_in_redrawn_for_a_child_gone(journey: Journey) -> None:
    """Carl's "You're in: I'll look for Alice and Amy…", redrawn once he stopped getting
    Amy's photos, names Alicia once Ann renamed Alice; so does it once he is back in
    Class 1A after Ann renamed her again while he was out."""
    ann, _poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in Y["enroll"]])
    carl = journey.user("Carl")
    await journey.co_guardian(ann, "Alice", carl)
    await co_guardian_then_joins(journey, ann, "Amy", carl, group)
    await journey.until(lambda: sent_starting(journey, carl, "You're in") != [])
    (carls_in,) = sent_starting(journey, carl, "You're in")
    keep = reads_now(journey, carls_in).split("\n\n")[-1]
    (guardians,) = await journey.after_pressing(carl, await journey.card(carl, "Amy"), "Guardians")
    await journey.press(carl, guardians, "Stop getting Amy's photos and clips")
    await journey.until(lambda: reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, carls_in))
    await journey.settle()
    assert reads_now(journey, carls_in) == (
        "Since then you are no longer a guardian of Amy: I look for Alicia in Class 1A, and "
        "send you the photos and clips they are in.\n\n" + keep
    )

    # Out of Class 1A meanwhile: it says so, and once back, what it said, of Lia.
    await journey.world.set_member_status(group["id"], carl["id"], "left")
    await journey.until(lambda: not reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()
    await _rename(journey, ann, "Alicia", "Lia")
    await journey.settle()
    await add_member(journey, group, carl)
    await journey.join(carl, journey.group_payload(group))
    await journey.until(lambda: reads_now(journey, carls_in).startswith("Since then"))
    await journey.settle()
    assert reads_now(journey, carls_in) == (
        "Since then you are no longer a guardian of Amy: I look for Lia in Class 1A, and "
        "send you the photos and clips they are in.\n\n" + keep
    )


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
