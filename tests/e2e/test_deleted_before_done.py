"""A message that says work is under way ("Deleting…", "I'm checking the photo again…")
is edited to its final word once the work is done; when its reader deleted it meanwhile,
Telegram answers the edit "message to edit not found", and the final word comes as a new
message: the user still learns the outcome."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.test_durable_requests import _workers_stopped

X = CAST["angelina"]


async def test_the_outcome_reaches_a_user_who_deleted_the_message_saying_it_was_under_way(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Sara")
    (photo,) = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["group"][0])]
    )
    (asked,) = await journey.replies(ann["id"], photo)
    assert asked["text"].startswith("This looks like Alice"), asked["text"]
    await _workers_stopped(journey)  # what follows is said before any job runs

    # Ann answers, then deletes "I'm checking the photo again…" before the check ends.
    (checking,) = await journey.after_pressing(ann, asked, "No, it's a different")
    assert "checking the photo again" in checking["text"], checking["text"]
    journey.world.user_deletes(ann["id"], ann["id"], checking["message_id"])
    # She deletes Alice, and "Deleting Alice's data…" before it is done.
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    await journey.press(ann, question, "Yes, delete")
    assert (await journey.edited(question))["text"].startswith("Deleting Alice's data")
    journey.world.user_deletes(ann["id"], ann["id"], question["message_id"])

    await journey.shutdown()
    await journey.start()
    await journey.settle()

    told = {m["text"]: m for m in journey.world.transcript(ann["id"])[-2:] if m["from"]["is_bot"]}
    assert set(told) == {"✅ Accepted (1 of 3).", "Deleted Alice's data."}, list(told)
    # The verdict answers her photo, with the photo's own button.
    verdict = told["✅ Accepted (1 of 3)."]
    assert verdict["reply_to_message"]["message_id"] == photo["message_id"]
    assert labels(verdict) == ["Remove this photo"]
