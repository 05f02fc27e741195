"""What the seventh walk of issue 32 found pointing at nothing or left in the present tense,
each read as its reader reads it: "What's wrong with this photo of Alice?" said at the
bottom of the chat, however far up the photo tapped was; progress messages ("I'm checking
the photo again…", "Sending 1 photo.") left as they were once the work was done."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.test_clip_corrections import _from_bot
from tests.e2e.test_clip_journeys import _clip as clip_of
from tests.e2e.test_clip_journeys import _post_clip as post_clip
from tests.e2e.test_enrollment import _send as send_photo

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


def _replies_to(message: dict[str, Any]) -> int | None:
    replied: int | None = message.get("reply_to_message", {}).get("message_id")
    return replied


async def test_not_alice_answers_as_a_reply_to_the_copy_tapped(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    await post_clip(journey, group, poster, clip_of((X["group"][1], 2.0)))
    await journey.settle()
    await journey.post(group, poster, collages.make(X["group"][2], NOBODY["group"][0]))
    await journey.settle()
    photo = journey.photos_for(ann)[0]
    (clip,) = [m for m in _from_bot(journey, ann) if "video" in m]
    assert journey.last(ann)["message_id"] > clip["message_id"] > photo["message_id"]

    # It came at the bottom of the chat, below the later photo: "this photo" named none.
    (choices,) = await journey.after_pressing(ann, photo, "Not Alice?")
    assert choices["text"].startswith("What's wrong with this photo of Alice?"), choices["text"]
    assert _replies_to(choices) == photo["message_id"]

    (choices,) = await journey.after_pressing(ann, clip, "Not Alice?")
    assert choices["text"].startswith("What's wrong with this clip of Alice?"), choices["text"]
    assert _replies_to(choices) == clip["message_id"]


async def test_checking_again_becomes_the_verdict_and_its_remove_edits_it(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Sara")
    first = await send_photo(journey, ann, photo_bytes(Y["enroll"][0]))
    asked = await send_photo(journey, ann, photo_bytes(X["group"][0]))
    assert asked["text"].startswith("This looks like Alice")
    (checking,) = await journey.after_pressing(ann, asked, "No, it's a different")
    # "I'm checking the photo again…" stayed, present tense, above a new verdict.
    await journey.until(lambda: journey.now(checking)["text"].startswith("✅"))
    assert journey.now(checking)["text"].startswith("✅ Accepted (2 of 3)."), journey.now(checking)
    await journey.settle()
    assert journey.last(ann)["message_id"] == checking["message_id"]

    # It is the photo's verdict now: "Remove this photo" there says so there, and the
    # verdicts after it count without it.
    await journey.press(ann, journey.now(checking), "Remove this photo")
    await journey.until(lambda: journey.now(checking)["text"].startswith("🗑"))
    assert journey.now(checking)["text"] == (
        "🗑 Removed: I won't learn from this photo. 1 of 3 now."
    )
    assert journey.now(first)["text"] == "✅ Accepted (1 of 3)."
    third = await send_photo(journey, ann, photo_bytes(Y["enroll"][1]))
    assert third["text"] == "✅ Accepted (2 of 3)."


async def test_held_photos_sending_says_sent_once_they_came(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.press(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    await journey.press(ann, await journey.card(ann, "Alice"), "Resume")
    await journey.until(
        lambda: journey.last(ann).get("text", "").startswith("While Alice was paused")
    )
    offer = journey.last(ann)
    assert await journey.press(ann, offer, "Yes")
    await journey.settle()
    (photo,) = journey.photos_for(ann)
    assert photo["message_id"] > offer["message_id"]
    # It said "Sending 1 photo." after the photo had come.
    await journey.until(lambda: journey.now(offer)["text"] == "Sent 1 photo.")
    assert "reply_markup" not in journey.now(offer)
