"""The thirty-first session's leftovers of the English walk (walken7 4, 6, 7): what a parent
reads once "Forget faces", a merge or a deletion changed what an older message spoke of."""

from __future__ import annotations

from domain.infra.models import Face, Group
from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import delete_person

X, SARA = CAST["angelina"], CAST["scarlett"]


async def test_history_offers_no_undo_of_a_removal_once_faces_are_forgotten(
    journey: Journey, collages: Collages
) -> None:
    """walken7 4: after "Forget faces" of Alice, /history (an older one, and a new one)
    offered "Undo" of "That isn't Alice": pressed, it gave the face back to a child whose
    faces were all deleted, found through those faces. Now no Undo; the line says why, and
    an Undo pressed on an app that still shows it says why too."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    older = await journey.reply_to(ann, "/history")
    assert labels(older)[0] == "Undo 1", older
    undo = data_of(older, "Undo 1")

    (forget,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Forget faces")
    await journey.press(ann, forget, "Yes, delete")
    await journey.settle()
    why = "That can't be undone any more: every face of Alice was deleted since (“Forget faces”)."
    await journey.until(lambda: "Undo 1" not in labels(journey.now(older)))
    assert why in journey.now(older)["text"], journey.now(older)["text"]
    newer = await journey.reply_to(ann, "/history")
    lines = newer["text"].splitlines()
    assert "you unmatched 1 face: Alice" in lines[3] and lines[4].strip() == why, lines
    assert not [label for label in labels(newer) if label.startswith("Undo")], labels(newer)

    late = await journey.world.press_button(ann["id"], ann["id"], older["message_id"], undo)
    assert late["text"] == why, late
    await journey.settle()
    assert (await Face.filter(person__name="Alice").count()) == 0


async def test_you_are_in_says_enroll_your_child_once_the_only_one_is_deleted(
    journey: Journey,
) -> None:
    """walken7 7: Ann joined Camp (its organizers approve new persons first) with Alice,
    her only child, waiting there: "You're in Camp. To enroll another child, use /add."
    Alice deleted, it still said "another" child. Now it says what a joiner with no child
    reads, with Camp's keep as before."""
    ann, poster, _ = await journey.class_with_alice()
    camp, payload = await journey.group_with_bot("Camp", poster, [ann])
    await Group.filter(chat_id=camp["id"]).update(requires_approval=True)
    await bound_admin_chat(journey, camp, [poster], title="Camp office")
    before = journey.last(ann)["message_id"]
    await journey.join(ann, payload)
    joined, _waits = await journey.replies(ann["id"], before, count=2)
    keep = (
        "In Camp, the faces found in its photos and clips are kept until they are deleted: "
        "its organizers have set no time limit."
    )
    assert joined["text"] == f"You're in Camp.\nTo enroll another child, use /add.\n\n{keep}"

    await delete_person(journey, ann, "Alice")
    await journey.until(lambda: "another" not in journey.now(joined)["text"])
    assert journey.now(joined)["text"] == (
        "You're in: I'll look for your people in Camp.\n"
        "Use /add to enroll your child (3 to 10 photos of their face, or a short clip).\n\n"
        f"{keep}"
    )


async def test_a_ready_line_follows_a_merge_and_its_undo(journey: Journey) -> None:
    """walken7 6: "Amy is ready. I'll send you the photos and clips they appear in from:
    Class 1A." (no approval there) stayed as it was once Amy was merged into Alice from
    Alice's card, speaking of a child no longer there. Now it says she was merged, and
    whose photos come; the merge undone from /history, it says what it said."""
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    ready = journey.last(ann)
    said = ready["text"]
    assert said.startswith(
        "Amy is ready. I'll send you the photos and clips they appear in from: Class 1A."
    ), said

    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Amy")
    await journey.settle()
    merged = "Since then Amy was merged into Alice: I send you the photos and clips of Alice."
    await journey.until(lambda: journey.now(ready)["text"] == merged)

    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: "merged" not in journey.now(ready)["text"])
    assert journey.now(ready)["text"] == (
        "Amy is ready. I'll send you the photos and clips they appear in from: Class 1A."
    )
