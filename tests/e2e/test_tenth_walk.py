"""What the tenth walk of issue 32 found untrue, read as each reader reads it: an undo that
told the parent "I'm sending you the photo again" when only her co-guardian's copy came
back; /audit listing a correction and its undo as two identical lines; a co-guardian who
left keeping "Not Alice?" on his copy, which only refused; and after /forget, messages
whose buttons only refused (an older /persons list, a correction's Undo, /history), the
list then telling to "Use /add", which /add refuses."""

from __future__ import annotations

from domain.persons import texts as persons_texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_admin_chat import audit_of

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def test_an_undo_an_audit_and_a_leaver_read_true(
    journey: Journey, collages: Collages
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in SARA["enroll"]])
    office = await bound_admin_chat(journey, group, [poster])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)
    (carls,) = journey.photos_for(carl)

    # Ann moves the face to Yara, hers only: her copy stays, Carl's goes.
    (choices,) = await journey.after_pressing(ann, anns, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    assert (await journey.press(ann, journey.now(choices), "Yara"))["text"] == "Done."
    moved = journey.now(choices)
    assert moved["text"].startswith("Moved: that face is Yara now.")
    assert journey.now(carls).get("_deleted") is True
    assert journey.now(anns).get("_deleted") is None
    await journey.settle()

    # Its Undo: Carl's copy comes back, not Ann's, which never went; she read "I'm
    # sending you the photo again", and none came.
    assert (await journey.press(ann, moved, "Undo"))["text"] == "Undone."
    await journey.until(lambda: journey.now(moved)["text"].startswith("Undone"))
    assert journey.now(moved)["text"] == (
        "Undone: that face is Alice's again. Your copy stays where it is; the other "
        "guardian who lost theirs gets it back."
    )
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    (carls,) = journey.photos_for(carl)
    assert labels(carls) == ["Not Alice?"]

    # The organizers' /audit tells the correction from its undo.
    lines = (await audit_of(journey, poster, office))["text"].splitlines()
    corrected = [line for line in lines if "Ann corrected 1 face on a photo of" in line]
    assert [line.rsplit(" (", 1)[-1] for line in corrected] == ["an undo)", "undone)"], lines

    # Carl stops getting Alice's photos: his copy keeps who was in it, not her "Not Alice?"
    # (pressed, it only said "That isn't one of your people.").
    card = await journey.card(carl, "Alice")
    (guardians,) = await journey.after_pressing(carl, card, "Guardians")
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.settle()
    assert labels(journey.now(carls)) == []
    assert journey.now(carls)["caption"] == carls["caption"]


async def test_forget_leaves_no_button_that_only_refuses(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    # Three lists: the oldest is no longer kept track of (nothing edits it).
    oldest = await journey.reply_to(ann, "/persons")
    for _ in range(2):
        await journey.reply_to(ann, "/persons")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, choices, "Remove this photo only")
    note = journey.now(choices)
    assert labels(note) == ["Undo"]
    history = await journey.reply_to(ann, "/history")
    assert "Undo 1" in labels(history)

    sent = await journey.says(ann, "/forget confirm")
    await journey.replies(ann["id"], sent)
    await journey.settle()
    assert labels(journey.now(note)) == []
    assert journey.now(history).get("_deleted")  # every /history goes (its names too)

    # The oldest list, no longer kept up to date, goes too (findings18 20: it kept the
    # children's names); /persons says what to do now: /add first needs the group's link
    # (it said "Use /add", which /add refused).
    assert journey.now(oldest).get("_deleted")
    empty = persons_texts.no_persons("needs_group")
    assert (await journey.reply_to(ann, "/persons"))["text"] == empty
