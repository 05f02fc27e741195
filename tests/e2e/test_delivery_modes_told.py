"""A group's delivery told where it is read (issue 32, the eighth walk's findings 2, 3 and
5): the settings card and its popup say when the daily digest goes, in the group's time
zone; each change of how the group's photos come (a press, or its undo in /audit) is told
to its parents privately, each in their language; and "Forget faces" leaves a round
video's names message beside it, as a photo keeps its caption, only the buttons gone."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.clips import film
from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
HEBREW = re.compile("[\u0590-\u05ff]")


def _from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


async def _told(journey: Journey, user: dict[str, Any], after: int) -> str:
    """The next message the bot sends the user after message ``after``."""
    await journey.until(lambda: journey.last(user)["message_id"] > after)
    (told,) = [m for m in _from_bot(journey, user) if m["message_id"] > after]
    return str(told["text"])


async def test_a_groups_delivery_is_shown_with_its_hour_and_told_to_its_parents(
    journey: Journey,
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.press(carl, await journey.reply_to(carl, "/language"), "עברית")
    chat = await bound_admin_chat(journey, group, [poster])
    asked = await journey.replies(
        chat["id"], await journey.says(poster, "/timezone Jerusalem", chat["id"])
    )
    await journey.press(poster, asked[0], "Use Jerusalem")
    hour = journey.settings.delivery.digest_hour_utc
    today = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    at = f"{today.astimezone(ZoneInfo('Asia/Jerusalem')):%H:%M} (Jerusalem)"

    # The organizer reads when the digest goes, on the card and in the press's answer.
    seen = {user["id"]: journey.last(user)["message_id"] for user in (ann, carl)}
    card = await settings_card(journey, poster, chat)
    pressed = await journey.press(poster, card, "Daily digest")
    assert f"a daily digest, at {at}" in pressed["text"]
    await journey.until(lambda: f"Delivery: a daily digest, at {at}" in journey.now(card)["text"])

    # Each parent reads when the group's photos come now, once, in their own language.
    assert await _told(journey, ann, seen[ann["id"]]) == (
        f"The organizers of Class 1A now have me send you its photos and clips once a day, at "
        f"{at}: the day's photos and clips together."
    )
    carls = await _told(journey, carl, seen[carl["id"]])
    assert HEBREW.search(carls) and "Class 1A" in carls and at.split()[0] in carls

    seen[ann["id"]] = journey.last(ann)["message_id"]
    await journey.press(poster, journey.now(card), "Albums")
    assert await _told(journey, ann, seen[ann["id"]]) == (
        "The organizers of Class 1A now have me send you its photos and clips in albums: those "
        "of a few minutes together, a few minutes after the first."
    )

    # Set back from /audit: a change too, told as one.
    seen[ann["id"]] = journey.last(ann)["message_id"]
    (audit,) = await journey.replies(chat["id"], await journey.says(poster, "/audit", chat["id"]))
    (newest,) = [line for line in audit["text"].splitlines() if line.startswith("1. ")]
    assert "albums (photos" in newest, newest
    assert (await journey.press(poster, audit, "↩️ Undo 1"))["text"] == "Undone."
    assert "once a day" in await _told(journey, ann, seen[ann["id"]])


async def test_forget_faces_keeps_a_round_videos_names_and_drops_its_buttons(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    clip = film([(photo_bytes(NOBODY["group"][0]), 2.0), (photo_bytes(X["group"][0]), 3.0)])
    await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()
    copy = [m for m in _from_bot(journey, ann) if "video_note" in m][-1]
    (names,) = [
        m
        for m in _from_bot(journey, ann)
        if m.get("reply_to_message", {}).get("message_id") == copy["message_id"]
    ]
    assert names["text"] == "Alice at 0:02 · Class 1A"

    (question,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Forget faces"
    )
    await journey.press(ann, question, "Yes, delete")
    await journey.until(lambda: not journey.now(copy).get("reply_markup"))
    await journey.settle()
    kept = journey.now(names)
    assert not kept.get("_deleted") and kept["text"] == "Alice at 0:02 · Class 1A"
    assert not kept.get("reply_markup")
