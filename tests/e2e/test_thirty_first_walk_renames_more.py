"""More of what named a child by its old name once its owner renamed it (walken7 2, the
rename's follow-ups): a co-guardian's "Another guardian of Alice undid their change… so
I'm sending you the photo again" and "… is not Amy's any more, so I deleted your copy"
kept the old name beside cards and captions in the new one. Each says now what it said,
in the child's new name. And a change of a group's keep redrew a "You're in: I'll look for
Alice…" from its first words, undoing what "Forget faces" had made it say."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import beas_correction_menu, co_guardian_then_joins, reads_now, sent_starting
from tests.e2e.test_group_settings import settings_card

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def rename(journey: Journey, user: dict[str, Any], old: str, new: str) -> None:
    await journey.after_pressing(user, await journey.card(user, old), "Rename")
    assert (await journey.reply_to(user, new))["text"] == f"Renamed to {new}."


async def test_a_rename_reaches_the_copy_back_notice(journey: Journey, collages: Collages) -> None:
    """Bea says a face isn't Alice (Ann's copy goes, Ann is told), then undoes it: Ann's
    "Another guardian of Alice undid their change… so I'm sending you the photo again"
    says it of Alicia once Ann renames her."""
    ann, bea, choices = await beas_correction_menu(journey, collages)
    assert (await journey.press(bea, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    assert (await journey.press(bea, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.settle()
    (back,) = sent_starting(journey, ann, "Bea undid their change")
    assert reads_now(journey, back) == (
        "Bea undid their change: that face in a photo from Class 1A is Alice's again, so I'm "
        "sending you the photo again."
    )

    await rename(journey, ann, "Alice", "Alicia")
    await journey.until(lambda: "Alicia" in reads_now(journey, back))
    await journey.settle()
    assert reads_now(journey, back) == (
        "Bea undid their change: that face in a photo from Class 1A is Alicia's again, so I'm "
        "sending you the photo again."
    )


async def test_a_rename_reaches_the_copy_undone_notice(
    journey: Journey, collages: Collages
) -> None:
    """Ann moves a face from Alice to Amy (Bea, Amy's co-guardian, gets the photo), then
    undoes it: Bea's "… is not Amy's any more, so I deleted your copy" says it of Amelia
    once Ann renames Amy."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Amy", bea, group)
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(bea)) == 1)
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: bool(sent_starting(journey, bea, "Ann undid")))
    (gone,) = sent_starting(journey, bea, "Ann undid")

    await rename(journey, ann, "Amy", "Amelia")
    await journey.until(lambda: "Amelia" in reads_now(journey, gone))
    await journey.settle()
    assert reads_now(journey, gone) == (
        "Ann undid their change: that face in a photo from Class 1A is not Amelia's any more, "
        "so I deleted your copy of that photo."
    )


async def test_a_change_of_the_keep_leaves_what_forget_faces_said(journey: Journey) -> None:
    """Ann forgets Alice's faces: Carl's "You're in: I'll look for Alice in Class 1A…" says
    every face of Alice was deleted; the organizers then keep faces 30 days: it says the new
    keep, and still that every face of Alice was deleted (it said again "I'll look for
    Alice… and send you the photos", what it said first)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    (joined,) = sent_starting(journey, carl, "You're in: I'll look for Alice in Class 1A")
    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    forgotten = (
        "You're in Class 1A. Since then every face of Alice was deleted: I send you no photos "
        "or clips of them until photos or a clip of them are added again from /persons."
    )
    assert reads_now(journey, joined).startswith(forgotten)

    office = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, office), "Keep: 30 d")
    await journey.until(lambda: "30 days" in reads_now(journey, joined))
    assert reads_now(journey, joined).startswith(forgotten + "\n\n"), reads_now(journey, joined)
