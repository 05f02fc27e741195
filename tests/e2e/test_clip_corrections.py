"""Corrections on a clip say "clip" to every guardian they reach, and leave nothing stale
beside a round video (issue 35; the sixth walk's finding 1): the co-guardian whose copy a
"Not Alice?" took reads that a clip went, and that it comes back on Undo; "Yes" on a
question about a clip's face says the clip is coming; "it's Mia" on a round video re-labels
its buttons and re-writes the names message replying to it, or deletes both from the chat
of a guardian who no longer gets it. The clips are filmed from the shared photos
(``sandbox/clips.py``)."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Journey, JourneyFactory, photo_bytes
from tests.e2e.test_clip_journeys import ASKING
from tests.e2e.test_clip_journeys import _clip as clip_of
from tests.e2e.test_clip_journeys import _post_clip as post_clip

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


def _from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


def _labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def _round_video(journey: Journey, user: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The user's latest round video from the bot, and the names message replying to it."""
    copy = [m for m in _from_bot(journey, user) if "video_note" in m][-1]
    (said,) = [
        m
        for m in _from_bot(journey, user)
        if m.get("reply_to_message", {}).get("message_id") == copy["message_id"]
    ]
    return copy, said


async def test_a_co_guardian_reads_that_a_clip_went_and_comes_back(journey: Journey) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await post_clip(journey, group, poster, clip_of((X["group"][0], 2.0)))
    await journey.settle()
    (copy,) = [m for m in _from_bot(journey, ann) if "video" in m]
    (carls,) = [m for m in _from_bot(journey, carl) if "video" in m]

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert "the clip also leaves the chat of Alice's other guardian" in choices["text"]
    assert (await journey.press(ann, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()
    assert journey.now(carls).get("_deleted") is True
    assert journey.last(carl)["text"] == (
        "Ann said a face in a clip from Class 1A isn't Alice, so I deleted your copy of that clip."
    )

    assert (await journey.press(ann, journey.now(choices), "Undo"))["text"] == "Undone."
    back = (
        "Ann undid their change: that face in a clip from Class 1A is Alice's again, so I'm "
        "sending you the clip again."
    )
    await journey.until(lambda: any(m.get("text") == back for m in _from_bot(journey, carl)))
    await journey.settle()
    (again,) = [m for m in _from_bot(journey, carl) if "video" in m]
    assert again["message_id"] != carls["message_id"]  # sent again


async def test_yes_on_a_clip_question_says_the_clip_is_coming(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        await post_clip(journey, group, poster, clip_of((X["group"][0], 3.0)))
        await journey.settle()
        (question,) = journey.suggestions(ann)

        await journey.press(ann, question, "Yes")
        assert (
            journey.now(question)["caption"]
            == "Yes, that's Alice. The clip comes to you in this chat."
        )
        await journey.settle()
        assert [m for m in _from_bot(journey, ann) if "video" in m]


async def test_its_mia_on_a_round_video_renames_its_buttons_and_words(journey: Journey) -> None:
    """Ann guards Alice and Mia, Carl only Alice: after "it's Mia" Ann's round video says
    Mia, on its buttons and in the names replying to it; Carl's goes, words and all."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
    clip = clip_of((NOBODY["group"][0], 2.0), (X["group"][0], 3.0))
    await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()
    copy, said = _round_video(journey, ann)
    carls_copy, carls_said = _round_video(journey, carl)
    assert said["text"] == carls_said["text"] == "Alice at 0:02 · Class 1A"

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert choices["text"].startswith("What's wrong with this clip of Alice?"), choices["text"]
    await journey.press(ann, choices, "That isn't Alice")
    assert (await journey.press(ann, await journey.edited(choices), "Mia"))["text"] == "Done."
    await journey.settle()

    assert journey.now(said)["text"] == "Mia at 0:02 · Class 1A"
    assert _labels(journey.now(copy)) == ["Not Mia?"]
    assert journey.now(carls_copy).get("_deleted") is True
    assert journey.now(carls_said).get("_deleted") is True
    assert journey.last(carl)["text"] == (
        "Ann said a face in a clip from Class 1A isn't Alice, so I deleted your copy of that clip."
    )

    # Undone: Alice's again, on Ann's buttons and words; Carl gets it back, with its words.
    assert (await journey.press(ann, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.until(lambda: journey.now(said)["text"] == "Alice at 0:02 · Class 1A")
    await journey.settle()
    assert _labels(journey.now(copy)) == ["Not Alice?"]
    again, again_said = _round_video(journey, carl)
    assert again["message_id"] != carls_copy["message_id"]
    assert again_said["text"] == "Alice at 0:02 · Class 1A"
    await journey.assert_consistent()
