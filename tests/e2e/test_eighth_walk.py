"""What the eighth walk of issue 32 found untrue in small sentences, read as each reader
reads them: /done asking for more photos while the look-alike questions wait for an
answer; a co-guardian who left told he had never enrolled anyone "yet"; /history offering
Undo on changes whose faces were deleted; a clip's question naming two children without
saying when the face is on screen."""

from __future__ import annotations

import re

from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.test_clip_journeys import _clip, _post_clip
from tests.e2e.test_siblings import _ann_with_alice_and_ally

X = CAST["angelina"]
CANNOT = "    That can't be undone: the faces it concerned were deleted."


async def test_done_while_look_alike_questions_wait_asks_for_the_answers(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Mimi")
    photos = [photo_bytes(X["group"][0]), photo_bytes(X["group"][2])]
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], photos)
    asked = await journey.replies(ann["id"], sent[-1], count=2)
    assert all(m["text"].startswith("This looks like Alice") for m in asked)
    # It read "I need at least 3 accepted photos; I have 0. Please send more.": she had
    # sent them; what is missing is her answer.
    assert (await journey.reply_to(ann, "/done"))["text"] == (
        "Please answer the 2 questions above first (or send more photos or a clip), then send "
        "/done again."
    )


async def test_a_leaver_and_forgotten_faces_read_true_lists_and_offer_no_vain_undo(
    journey: Journey,
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.post(group, poster, photo_bytes(X["group"][0]))
    await journey.settle()

    # Carl leaves Alice, his only person: he read "You haven't enrolled anyone yet".
    (guardians,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guard")
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.until(lambda: journey.last(ann).get("text", "").startswith("Carl no longer"))
    listing = await journey.reply_to(carl, "/persons")
    assert listing["text"] == "Your list of people is empty. Use /add to enroll someone."

    # Ann forgets Alice's faces: /history offered "Undo" on each line, whose press could
    # only refuse ("That can't be undone: the faces it concerned were deleted.").
    (question,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Forget")
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted every face of Alice.")
    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert re.fullmatch(r"1\. .*, you deleted \d+ faces: Alice", lines[1]), lines
    assert lines[2] == CANNOT
    assert not [label for label in labels(history) if label.startswith("Undo")]
    # The match recognition made, its face deleted too: the same.
    everything = await journey.reply_to(ann, "/history all")
    matched = everything["text"].splitlines()
    assert any(line.endswith("matched 1 face: Alice") for line in matched), matched
    assert matched.count(CANNOT) == len(matched) // 2
    assert not [label for label in labels(everything) if label.startswith("Undo")]


async def test_a_clips_question_naming_two_children_says_when_the_face_is_on_screen(
    journey: Journey,
) -> None:
    ann, _, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_clip(journey, group, poster, _clip((X["group"][2], 3.0)))
    await journey.settle()
    (question,) = journey.suggestions(ann)
    # It read "Is this Alice or Ally? (a clip posted in Class 1A)", while a single
    # question says when.
    assert re.fullmatch(
        r"Is this (Alice or Ally|Ally or Alice)\? "
        r"\((from 0:00 to 0:0\d|at 0:00) in the clip posted in Class 1A\)",
        question["caption"],
    ), question["caption"]
