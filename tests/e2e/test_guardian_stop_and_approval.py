"""Issue 32, read where it is read: the only guardian's "Stop getting Alice's photos and
clips" asks before it deletes Alice (it deleted her, her faces and history with one tap); a
card that said "waiting for an organizer's approval" says so no longer once approved;
/audit's undo of a settings change tells whom the change told."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Person
from domain.moderation import texts
from domain.states import PersonStatus
from tests.e2e.conftest import Journey, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import owner_leaves
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_approvals import alice_waiting, said
from tests.e2e.test_group_settings import settings_card


def _data(message: dict[str, Any], label: str) -> str:
    (data,) = (
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == label
    )
    return str(data)


async def test_the_only_guardian_is_asked_before_leaving_deletes_the_child(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    carl, dora = journey.user("Carl"), journey.user("Dora")
    leave = "Stop getting Alice's photos and clips"

    # Ann alone: one tap deleted Alice, her faces and her history.
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    pressed_leave = _data(listed, leave)
    (asked,) = await journey.after_pressing(ann, listed, leave)
    assert asked["text"] == (
        "You're the only guardian of Alice: if you stop getting their photos and clips, I "
        "delete Alice and everything about them, the faces I learned and their history "
        "included. This cannot be undone. Delete Alice?"
    )
    assert labels(asked) == ["Yes, delete", "No, keep it"]
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE
    # Pressed twice (a replay of the leave button): nothing more.
    again = await journey.world.press_button(
        ann["id"], ann["id"], listed["message_id"], pressed_leave
    )
    assert again["text"] == "This button has expired."
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE
    # Someone else's button, pressed in their own chat: refused, Alice stays.
    hello = await journey.reply_to(dora, "/start")
    stranger = await journey.world.press_button(
        dora["id"], dora["id"], hello["message_id"], _data(asked, "Yes, delete")
    )
    assert stranger["text"] == "That button was shown to someone else."

    # The state changed since the question: Carl is Alice's guardian too. "Yes, delete"
    # says why it no longer applies, and deletes nothing.
    await journey.co_guardian(ann, "Alice", carl)
    stale = await journey.press(ann, journey.now(asked), "Yes, delete")
    assert stale["text"] == (
        "Alice has another guardian now, so leaving no longer deletes them: press "
        "“Guardians…” on their card again to stop getting their photos and clips."
    )
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE

    # A guardian who is not the last one leaves once she says so (the owner: Carl owns
    # Alice then).
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await owner_leaves(journey, ann, listed, "Alice"))[
        "text"
    ] == "You no longer receive Alice's photos and clips."
    await journey.until(lambda: "you're now the owner" in journey.last(carl).get("text", ""))

    # Carl, now alone, is asked, says yes, and reads that it is done.
    (listed,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    (asked,) = await journey.after_pressing(carl, listed, leave)
    assert asked["text"].startswith("You're the only guardian of Alice")
    await journey.press(carl, asked, "Yes, delete")
    await journey.until(lambda: journey.now(asked)["text"] == "Deleted Alice's data.")
    assert not await Person.filter(name="Alice", status=PersonStatus.ACTIVE).exists()


async def test_an_approved_persons_card_no_longer_says_it_waits(journey: Journey) -> None:
    poster, _, _, ann, approval = await alice_waiting(journey)
    # The card said "Groups: Class 1A" while nothing of Alice was recognized there yet.
    card = await journey.card(ann, "Alice")
    assert "Groups: Class 1A (waiting for an organizer's approval)" in said(card)

    await journey.press(poster, approval, texts.approve_button())
    # Approved: the card Ann has open says so, as she is told.
    await journey.until(lambda: "waiting" not in said(journey.now(card)))
    assert "Groups: Class 1A\n" in said(journey.now(card))
    await journey.until(lambda: "Alice is approved" in journey.last(ann).get("text", ""))


async def test_an_undone_setting_is_told_to_whom_the_change_was(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    card = await settings_card(journey, poster, office)
    # Shorter (Ann is told of it), then in Hebrew: the group's welcome speaks Hebrew.
    told = journey.last(ann)["message_id"]
    await journey.press(poster, card, "Keep: 30 d")
    await journey.until(lambda: journey.last(ann)["message_id"] != told)
    assert "set a time limit" in journey.last(ann)["text"]
    await journey.press(poster, journey.now(card), "עברית")
    welcome = next(
        m for m in journey.world.transcript(group["id"]) if m.get("text", "").startswith("Hi, ")
    )
    await journey.until(lambda: not journey.now(welcome)["text"].startswith("Hi, "))
    before = journey.last(ann)["message_id"]

    # The language undone from /audit (newest first): the welcome is English again, and
    # the admin chat reads the undo in English, the language it speaks again.
    audit = await audit_of(journey, poster, office)
    (language, keep) = (
        b["callback_data"] for row in audit["reply_markup"]["inline_keyboard"] for b in row
    )
    last = journey.world.transcript(office["id"])[-1]
    await journey.world.press_button(poster["id"], office["id"], audit["message_id"], language)
    await journey.until(lambda: journey.now(welcome)["text"].startswith("Hi, Class 1A!"))
    (note,) = await journey.replies(office["id"], last)
    assert note["text"].startswith("↩️ Class 1A: Poster undid"), note["text"]

    # The shorter keep undone: kept until deleted again, longer than Ann last agreed to
    # (as a change to it tells her).
    await journey.world.press_button(poster["id"], office["id"], audit["message_id"], keep)
    await journey.until(lambda: journey.last(ann)["message_id"] != before)
    assert journey.last(ann)["text"] == (
        "The organizers of Class 1A now have me keep the faces found in its photos and clips "
        "until they are deleted: they set no time limit (it was 30 days). /privacy says what I "
        "keep, and /forget deletes everything I have about you."
    )
