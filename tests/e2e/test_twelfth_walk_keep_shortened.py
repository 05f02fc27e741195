"""The twelfth walk's leftover 3: an organizer shortened the group's keep of faces (from
no time limit to 30 days) and no parent heard of it, while the consent each had agreed to
said "no time limit". Now those who get something from the group read, once, in their
language, the new limit, from when it applies (the retention's next daily run) and what
it deletes; a longer keep again, then a shorter one, says what it was; and the consent
kept in their chat says the keep as it is now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.privacy.retention import next_run
from tests.e2e.conftest import Journey, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_group_settings import settings_card

DELETES = (
    "From {when}, I delete the faces of its photos and clips posted longer ago than that, and "
    "the questions still open about them. The faces you confirmed as one of your people stay "
    "(they help me recognize them), and the photos and clips already sent to you stay in your "
    "chat. /privacy says what I keep."
)


def _next_run_read_in_utc() -> str:
    at = next_run(datetime.now(UTC))
    return f"{at:%b} {at.day} {at:%H:%M} UTC"


def _messages(journey: Journey, user: dict[str, Any], start: str) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m.get("text", "").startswith(start)]


def _said(journey: Journey, user: dict[str, Any], start: str) -> list[str]:
    return [m["text"] for m in _messages(journey, user, start)]


async def test_a_shorter_keep_is_told_once_with_what_it_deletes_and_from_when(
    journey: Journey,
) -> None:
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.press(carl, await journey.reply_to(carl, "/language"), "עברית")
    office = await bound_admin_chat(journey, group, [poster])
    # Dora, in the class, opened the link and has not answered the consent question yet.
    dora = journey.user("Dora")
    journey.world.chats[group["id"]].members[dora["id"]] = "member"
    question = await journey.reply_to(dora, f"/start {journey.group_payload(group)}")
    assert "its organizers have set no time limit." in question["text"]
    assert "I agree" in labels(question)
    (consent,) = _messages(journey, ann, "Welcome! You're joining Class 1A.")
    assert "its organizers have set no time limit." in consent["text"]
    # Her /privacy, read before the change, says it too (walkhe 13).
    await journey.reply_to(ann, "/privacy")
    await journey.until(lambda: "no time limit" in journey.last(ann).get("text", ""))
    privacy = journey.last(ann)
    before = {user["id"]: journey.last(user)["message_id"] for user in (ann, carl)}

    # No time limit -> 30 days: what Ann and Carl agreed to no longer holds.
    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, "Keep: 30 d")
    await journey.until(
        lambda: all(journey.last(u)["message_id"] != before[u["id"]] for u in (ann, carl))
    )
    assert journey.last(ann)["text"] == (
        "The organizers of Class 1A set a time limit: I now delete the faces found in its "
        "photos and clips 30 days after they were posted (there was no time limit).\n\n"
        + DELETES.format(when=_next_run_read_in_utc())
    )
    hebrew = journey.last(carl)["text"]
    assert hebrew.startswith("המארגנים של \u2068Class 1A\u2069 קבעו הגבלת זמן"), hebrew
    assert "30 ימים" in hebrew and "UTC" in hebrew and "/privacy" in hebrew

    # The consent Ann agreed to, kept in her chat, says the keep as it is now, and when
    # she agreed.
    await journey.until(lambda: "no time limit" not in journey.now(consent)["text"])
    agreed = journey.now(consent)["text"]
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted, except the faces you confirm as one of your people"
    ) in agreed
    assert "You agreed on " in agreed and labels(journey.now(consent)) == [
        "What exactly is stored?"
    ]

    # So does the /privacy she read before.
    await journey.until(lambda: "no time limit" not in journey.now(privacy)["text"])
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted"
    ) in journey.now(privacy)["text"]

    # Dora's question, not answered, says it too and still asks; once she agrees, it keeps
    # the keep as it is now. Nobody of hers is in the class: she was not sent the notice.
    await journey.until(lambda: "no time limit" not in journey.now(question)["text"])
    assert "30 days after they were posted" in journey.now(question)["text"]
    assert "I agree" in labels(journey.now(question))
    await journey.press(dora, journey.now(question), "I agree")
    await journey.until(lambda: "You agreed on " in journey.now(question)["text"])
    assert "30 days after they were posted" in journey.now(question)["text"]
    assert _said(journey, dora, "The organizers of Class 1A") == []

    # /privacy reads the group's keep as it is now.
    await journey.reply_to(ann, "/privacy")
    await journey.until(lambda: "30 days after" in journey.last(ann).get("text", ""))
    assert (
        "In Class 1A, its organizers have me delete the faces found in its photos and clips 30 "
        "days after they were posted"
    ) in journey.last(ann)["text"]

    # Longer (90 days), then 30 again: the shorter keep says what it was.
    await journey.press(poster, journey.now(card), "Keep: 90 d")
    await journey.until(lambda: bool(_said(journey, ann, "The organizers of Class 1A now have")))
    await journey.press(poster, journey.now(card), "Keep: 30 d")
    shortened = "The organizers of Class 1A shortened the time limit"
    await journey.until(lambda: bool(_said(journey, ann, shortened)))
    assert _said(journey, ann, shortened) == [
        "The organizers of Class 1A shortened the time limit: I now delete the faces found in "
        "its photos and clips 30 days after they were posted (it was 90 days).\n\n"
        + DELETES.format(when=_next_run_read_in_utc())
    ]
    await journey.settle()
    assert "30 days after they were posted" in journey.now(consent)["text"]
    # Each change told once.
    assert len(_said(journey, ann, "The organizers of Class 1A set a time limit")) == 1
    assert len(_said(journey, ann, shortened)) == 1
    assert len(_said(journey, poster, "The organizers of Class 1A")) == 0
