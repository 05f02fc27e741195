"""What the corrections' messages say once a later change makes them untrue (issue 32,
moves3): a move to a person deleted since, and a correction undone from /history, read as
the guardian reads them, with no Undo left that would only refuse."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def test_a_move_to_a_person_deleted_since_says_so(
    journey: Journey, collages: Collages
) -> None:
    ann, _carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Bob", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, anns, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.press(ann, journey.now(choices), "Bob")
    moved = journey.now(choices)
    assert moved["text"].startswith("Moved: that face is Bob now.")
    undo = data_of(moved, "Undo")
    await journey.settle()

    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Bob"), "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: not labels(journey.now(moved)))
    assert journey.now(moved)["text"] == "Moved: that face was Bob's, until Bob was deleted."
    # Its Undo, pressed anyway from an older view: refused, and the message stays true.
    refused = await journey.world.press_button(ann["id"], ann["id"], moved["message_id"], undo)
    assert refused["text"] != "Undone."
    assert journey.now(moved)["text"] == "Moved: that face was Bob's, until Bob was deleted."


async def test_a_correction_undone_from_history_is_said_undone_where_it_was_made(
    journey: Journey, collages: Collages
) -> None:
    ann, _carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Bob", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, anns, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.press(ann, journey.now(choices), "Bob")
    moved = journey.now(choices)
    await journey.settle()
    # "That isn't Bob" on the same face: the move can't be undone now.
    (menu,) = await journey.after_pressing(ann, journey.now(anns), "Not Bob?")
    await journey.press(ann, menu, "That isn't Bob")
    await journey.press(ann, journey.now(menu), "Someone I don't know")
    unmatched = journey.now(menu)
    assert labels(unmatched) == ["Undo"]
    await journey.until(lambda: not labels(journey.now(moved)))
    assert journey.now(moved)["text"].startswith("Moved: that face was Bob's, until a later")
    await journey.settle()

    # Ann undoes "That isn't Bob" from /history: the face is Bob's again.
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    # The unmatch's own message says it was undone, its Undo gone (it only said "expired").
    await journey.until(lambda: not labels(journey.now(unmatched)))
    assert journey.now(unmatched)["text"] == "Undone: that face is Bob's again."
    # The move's says the face is Bob's, as it is, and why it can't be undone.
    await journey.until(lambda: journey.now(moved)["text"].startswith("Moved: that face is"))
    assert journey.now(moved)["text"] == (
        "Moved: that face is Bob now.\n"
        "That can't be undone any more: the face or person has changed since."
    )
    assert labels(journey.now(moved)) == []
