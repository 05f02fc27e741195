"""Walk 34 (issue 32): every answer true where it is read.

- Finding 5: a parent's /settings card, shown before an organizer's "/timezone Jerusalem",
  kept "once a day, at 18:00 (UTC)" while a fresh one said "at 20:00 (Jerusalem)": the cards
  kept in the group's members' chats are redrawn in each reader's zone and language.
- Finding 4: "That isn't Alice" and "Remove this photo only" both read "unmatched 1 face:
  Alice" in /history (and "untagged 1 face" in /audit), though only the first taught me
  anything: it now says so."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_corrections import _in_hebrew, _not_alice

X, NOBODY = CAST["angelina"], CAST["strangers"]
ALICE = "\u2068Alice\u2069"


async def _settings_once_a_day(journey: Journey, user: dict[str, Any], button: str) -> Any:
    card = await journey.reply_to(user, "/settings")
    await journey.press(user, card, button)
    return card


async def _timezone_jerusalem(journey: Journey, poster: dict[str, Any], office: Any) -> None:
    sent = await journey.says(poster, "/timezone Jerusalem", office["id"])
    (asked,) = await journey.replies(office["id"], sent)
    pressed = await journey.press(poster, asked, "Use Jerusalem")
    assert pressed["text"] == "Class 1A: Time zone is now Jerusalem."


async def test_a_settings_card_shown_before_a_zone_change_says_the_new_zone(
    journey: Journey,
) -> None:
    poster, ann, dan = journey.user("Poster"), journey.user("Ann"), journey.user("Dan")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, dan])
    await journey.join(ann, payload)
    await journey.join(dan, payload)
    await _in_hebrew(journey, ann)
    office = await bound_admin_chat(journey, group, [poster])
    dans = await _settings_once_a_day(journey, dan, "Once a day")
    await journey.until(lambda: "once a day, at 18:00 (UTC)" in journey.now(dans)["text"])
    anns = await _settings_once_a_day(journey, ann, "פעם ביום")
    await journey.until(lambda: "18:00" in journey.now(anns)["text"])

    await _timezone_jerusalem(journey, poster, office)

    # Each reader's card, in their language, in the zone of their chat now.
    await journey.until(lambda: "once a day, at 20:00 (Jerusalem)" in journey.now(dans)["text"])
    assert "(UTC)" not in journey.now(dans)["text"]
    await journey.until(lambda: "20:00" in journey.now(anns)["text"])
    hebrew = journey.now(anns)["text"]
    assert "(UTC)" not in hebrew and "18:00" not in hebrew, hebrew
    assert "פעם ביום" in hebrew, hebrew
    # A fresh card says the same.
    fresh = await journey.reply_to(dan, "/settings")
    assert fresh["text"] == journey.now(dans)["text"]


async def test_that_isnt_alice_and_remove_this_photo_only_read_apart_in_history_and_audit(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][1]))
    await journey.settle()
    first, second = journey.photos_for(ann)
    choices = await _not_alice(journey, ann, first)
    assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
    await journey.settle()
    choices = await _not_alice(journey, ann, second)
    assert (await journey.press(ann, choices, "That isn't Alice"))["text"] == "Done."
    await journey.settle()

    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith("unmatched 1 face: Alice (and I remember it isn't Alice's)"), lines
    assert lines[2].endswith("unmatched 1 face: Alice"), lines

    audit = (await audit_of(journey, poster, office))["text"].splitlines()
    untagged = [line for line in audit if "untagged 1 face on a photo" in line]
    assert len(untagged) == 2, audit
    assert untagged[0].endswith("(and I remember it isn't that child)"), untagged
    assert "remember" not in untagged[1], untagged

    # In Hebrew too.
    await _in_hebrew(journey, ann)
    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith(f"(ואני זוכר שהפנים האלה אינן של {ALICE})"), lines
    assert lines[2].endswith(ALICE), lines
