"""What the ninth walk found untrue (findings9.md 11-16, 19), read as its reader reads it:
the resume's offer of a parent in two groups, which named neither and counted a photo from
a group she had left; an older /persons list left reading as current; a co-guardian's
question left open after a sheet answered it; a Hebrew admin chat's settings card, which
said nothing of the group's pause, with its commands drawn "resume/". (A one-face sheet,
14: test_batched_questions' takedown journey.)"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_batched_questions import (
    ASKING,
    TOMORROW,
    _ann_in_class,
    _post_alice,
    choose,
    sheets,
    worker_side,
)
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def _resumed(journey: Journey, ann: dict[str, Any]) -> dict[str, Any]:
    """Ann resumes Alice: the offer of what was held."""
    _, offer = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume", 2)
    return offer


async def test_the_offer_on_resume_names_the_groups_and_counts_what_can_be_sent(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    coach = journey.user("Coach")
    football, payload = await journey.group_with_bot("Football", coach, [ann])
    await journey.reply_to(ann, f"/start {payload}")
    # Finding 13: a third /persons list stops the first one's edits; it kept reading as
    # current ("paused" after the resume). Now it says when it was true.
    first = await journey.reply_to(ann, "/persons")
    for _ in range(2):
        await journey.reply_to(ann, "/persons")
    as_of = "Send /persons for the list as it is now."
    await journey.until(lambda: journey.now(first)["text"].endswith(as_of))
    assert journey.now(first)["text"].startswith("Your people:\n• Alice: active")

    # Held from both groups: it read "While Alice was paused, 2 photos of them were posted."
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.post(football, coach, collages.make(X["group"][1]))
    await journey.settle()
    offer = await _resumed(journey, ann)
    assert offer["text"] == (
        "While Alice was paused, I held 2 photos of them from Class 1A and Football. Send them?"
    )
    await journey.press(ann, offer, "No")
    await journey.until(lambda: journey.now(offer)["text"] == "OK, I won't send them.")

    # Held again from both; she leaves Football before resuming. It offered 2 and sent 1.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.post(group, poster, collages.make(X["group"][2]))
    await journey.post(football, coach, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    await journey.world.set_member_status(football["id"], ann["id"], "left")
    await journey.settle()
    offer = await _resumed(journey, ann)
    assert offer["text"] == "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
    await journey.press(ann, offer, "Yes")
    await journey.until(lambda: journey.now(offer)["text"] == "Sent 1 photo.")
    assert len(journey.photos_for(ann)) == 1


async def test_a_hebrew_settings_card_says_the_group_is_paused_its_commands_left_to_right(
    journey: Journey,
) -> None:
    _, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, next(b for b in labels(card) if "עברית" in b))
    await journey.until(lambda: journey.now(card)["text"].startswith("⚙️ ההגדרות של"))
    assert "⏸" not in journey.now(card)["text"]

    # Paused: the card shown, and a new one, say it first (they read as on any day).
    sent = await journey.says(poster, "/pause", office["id"])
    await journey.replies(office["id"], sent)
    paused = "⏸ מושהית: שום דבר שמתפרסם בקבוצה לא מזוהה ולא נשלח עד \u2066/resume\u2069."
    await journey.until(lambda: journey.now(card)["text"].split("\n")[2] == paused)
    again = await settings_card(journey, poster, office)
    assert again["text"].split("\n")[2] == paused
    # "/resume" is drawn so (isolated left to right) and is still a command to tap.
    start = again["text"].index("\u2066/resume") + 1
    assert {"type": "bot_command", "offset": start, "length": 7} in again["entities"]

    sent = await journey.says(poster, "/resume", office["id"])
    await journey.replies(office["id"], sent)
    await journey.until(lambda: "⏸" not in journey.now(again)["text"])
    await journey.until(lambda: "⏸" not in journey.now(card)["text"])


async def test_a_sheet_s_answer_closes_the_co_guardian_s_questions_at_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Finding 15: they stayed open until the withdrawal cron's next minute, where a single
    question's answer closes the others' at once; a "No" pressed meanwhile was refused."""
    async with journey_factory(matching=ASKING) as journey:
        bob = journey.user("Bob")
        ann, poster, group = await _ann_in_class(journey, bob)
        await choose(journey, ann, "Once a day")  # Bob keeps "as they come"
        await _post_alice(journey, collages, group, poster, 2)
        asked = journey.suggestions(bob)
        assert len(asked) == 2
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        (sheet,) = sheets(journey, ann)
        await journey.press(ann, sheet, "Yes, all are Alice")
        said = "Ann answered this question: yes, that's Alice."
        # The cron runs once a minute: sooner than that is the answer's own doing.
        await journey.until(
            lambda: all(journey.now(m).get("caption") == said for m in asked), timeout=20
        )
        assert all("reply_markup" not in journey.now(m) for m in asked)


async def test_an_offer_answered_out_of_the_group_waits_and_one_a_ban_cancelled_says_so(
    journey: Journey, collages: Collages
) -> None:
    """Findings walken4 14: answered once she had left the group, or was banned, the offer
    answered "Already done." (nothing was), took its buttons and kept "Send it?"; the photo
    was never offered again."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])

    async def paused_one_held() -> dict[str, Any]:
        await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
        await journey.post(group, poster, collages.make(X["group"][0]))
        await journey.settle()
        offer = await _resumed(journey, ann)
        assert offer["text"] == (
            "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
        )
        return offer

    offer = await paused_one_held()
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    answer = await journey.press(ann, offer, "Yes")
    assert answer["text"] == (
        "I can't send them while you're not in Class 1A. Answer again once you're back."
    )
    assert labels(journey.now(offer)) == ["Yes", "No"]
    # Back in the group: her "Yes" sends it.
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, journey.group_payload(group))
    assert (await journey.press(ann, journey.now(offer), "Yes"))["text"] == "Sending 1 photo."
    await journey.until(lambda: journey.now(offer)["text"] == "Sent 1 photo.")

    # Banned with the offer open: the ban cancelled what was held from there, and the offer
    # says so at once, without its buttons (fixh: before, only a press said it); a press
    # made on the offer as it was says it too.
    offer = await paused_one_held()
    yes = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    sent = await journey.says(poster, "/ban @ann", office["id"])
    await journey.replies(office["id"], sent)
    await journey.settle()
    banned = (
        "The organizers of Class 1A have turned my service off for you since: what I held "
        "from there won't be sent."
    )
    assert journey.now(offer)["text"] == banned
    assert labels(journey.now(offer)) == []
    late = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], yes)
    assert late["text"] == banned
    assert len(journey.photos_for(ann)) == 1
