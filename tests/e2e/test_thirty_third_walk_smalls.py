"""Issue 32, session 33: four answers that were untrue where they were read.

/stats said "Guardians: 0" once "Forget faces" was pressed on a parent's only child (the
parent still guards it); Ann's "Alice is ready…", re-worded at "Forget faces", kept asking
for photos of Alice once Alice was merged into Bob; Carl read Alice's deletion twice ("Ann
deleted Alice…" and, on an older message, "Alice has since been deleted…"); and an undone
merge's news, redrawn at a rename, said the merge as if it still stood."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import bot_lines, delete_person, reads_now, sent_starting

X, Y = CAST["angelina"], CAST["scarlett"]
User = dict[str, Any]


async def _forget_faces(journey: Journey, user: User, name: str) -> None:
    (forget,) = await journey.after_pressing(user, await journey.card(user, name), "Forget faces")
    await journey.press(user, forget, "Yes, delete")
    await journey.settle()


async def _merge(journey: Journey, user: User, keep: str, drop: str) -> None:
    (choose,) = await journey.after_pressing(user, await journey.card(user, keep), "Merge")
    await journey.confirm_merge(user, choose, drop)
    await journey.settle()


async def _rename(journey: Journey, user: User, name: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, name), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."
    await journey.settle()


async def test_stats_count_the_guardian_of_a_child_whose_faces_were_forgotten(
    journey: Journey,
) -> None:
    """Ann's only child had "Forget faces" pressed: /stats said "Guardians: 0", though Ann
    still guards Alice. It counts her, and says that one child waits for new photos."""
    ann, poster, group = await journey.class_with_alice()
    await _forget_faces(journey, ann, "Alice")
    office = await bound_admin_chat(journey, group, [poster])

    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    lines = reply["caption"].split("\n")
    assert "Guardians: 1" in lines, lines
    assert "Persons enrolled: 0" in lines, lines
    assert "Persons whose faces were deleted, waiting for new photos: 1" in lines, lines


async def test_a_ready_line_re_worded_at_forget_faces_follows_a_merge(journey: Journey) -> None:
    """Ann's "Alice is ready…", re-worded at "Forget faces" to ask for photos of Alice, kept
    asking once Alice was merged into Bob: it says she was, and that Bob's photos come; the
    merge undone from /history, it asks for photos of Alice again."""
    ann, _poster, _group = await journey.class_with_alice()
    (ready,) = sent_starting(journey, ann, "Alice is ready")
    await journey.enroll(ann, "Bob", [photo_bytes(n) for n in Y["enroll"]])
    await _forget_faces(journey, ann, "Alice")
    await journey.until(lambda: reads_now(journey, ready).startswith("Since then every face"))
    faceless = reads_now(journey, ready)

    await _merge(journey, ann, "Bob", "Alice")
    await journey.until(lambda: "merged" in reads_now(journey, ready))
    assert reads_now(journey, ready) == (
        "Since then Alice was merged into Bob: I send you the photos and clips of Bob."
    )

    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: "merged" not in reads_now(journey, ready))
    assert reads_now(journey, ready) == faceless


async def test_a_co_guardian_reads_a_childs_deletion_once(journey: Journey) -> None:
    """Ann deleted Alice: Carl read "Ann deleted Alice: everything I had about them is
    deleted." and, on his "You're now a guardian of Alice…", "Alice has since been deleted,
    with everything I had about them…": the same news twice. The older one says in brief
    what it told."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (guardian,) = sent_starting(journey, carl, "You're now a guardian of Alice")

    await delete_person(journey, ann, "Alice")
    await journey.until(lambda: reads_now(journey, guardian).startswith("You were"))
    lines = bot_lines(journey, carl)
    assert lines.count("Ann deleted Alice: everything I had about them is deleted.") == 1, lines
    assert not [line for line in lines if "has since been deleted" in line], lines
    assert reads_now(journey, guardian) == "You were a guardian of Alice."


async def test_an_undone_merges_news_keeps_the_undo_at_a_rename(journey: Journey) -> None:
    """Ann merged Amy into Alice, then undid it: Carl's "Ann merged Amy into Alice: they
    are one child now…", redrawn at Alice's rename, said the merge as if it still stood. It
    says it was undone."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.enroll_again(
        ann, "Amy", [photo_bytes(n) for n in (X["group"][0], X["group"][1], "img11.jpg")]
    )
    await _merge(journey, ann, "Alice", "Amy")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann merged")))
    (news,) = sent_starting(journey, carl, "Ann merged")
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann undid")))
    await journey.settle()

    await _rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, news))
    assert reads_now(journey, news) == (
        "Ann merged Amy into Alicia; that merge has since been undone: they are two persons again."
    )
