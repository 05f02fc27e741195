"""Issue 32, session 35 (walk35 3, 6, 7): every answer true where it is read.

- "Paused:" and "Resumed:" did not say which child, ambiguous to a guardian of two: they
  name the child now ("Paused Alice: …").
- The admin chat's "A claim link for the child you named was sent to Teacher privately"
  kept his name after his /forget, whose goodbye promised it would go: it names no one now,
  and a switch of the group's language after it does not bring the name back.
- A member's /help in the group ("Talk to me in private: …") stayed English after the
  group was switched to Hebrew, beside the admins' /help redrawn: it is redrawn too.
"""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import admin_link, bound_admin_chat, open_link
from tests.e2e.steps import forget_everything, reads_now
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_organizers_in_the_group import answer_in_group

X, NOBODY = CAST["angelina"], CAST["strangers"]
HEBREW = re.compile("[\u05d0-\u05ea]")


async def _answer(
    journey: Journey, user: dict[str, Any], command: str, chat: dict[str, Any]
) -> dict[str, Any]:
    sent = await journey.says(user, command, chat["id"])
    (answer,) = await journey.replies(chat["id"], sent)
    return answer


async def test_an_organizers_forget_takes_his_name_out_of_the_claim_links_answer(
    journey: Journey, collages: Collages
) -> None:
    teacher = journey.user("Teacher")
    group, _ = await journey.group_with_bot("Class 1A", teacher, [])
    for child, stranger in zip(X["group"], NOBODY["group"], strict=False):
        await journey.post(group, teacher, collages.make(child, stranger))
    await journey.settle()
    await journey.regroup("Class 1A")
    office = journey.world.create_group("Class 1A office", creator_id=teacher["id"])
    await open_link(journey, teacher, await admin_link(journey, group, teacher), office)
    await journey.reply_to(teacher, "/start")  # the claim link comes here, privately
    sheet = await _answer(journey, teacher, "/whois", office)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.press(teacher, sheet, "Name this child")
    (prompt,) = await journey.replies(office["id"], before)
    sent = await journey.world.user_sends_text(
        office["id"], teacher["id"], "Tom", reply_to_message_id=prompt["message_id"]
    )
    (told,) = await journey.replies(office["id"], sent)
    assert reads_now(journey, told) == (
        "A claim link for the child you named was sent to Teacher privately. Pass it only to "
        "the child's parent."
    )

    await forget_everything(journey, teacher)
    assert reads_now(journey, told) == (
        "A claim link for the child you named was sent privately to the organizer who asked "
        "for it. Pass it only to the child's parent."
    )

    # The group's language switched since: said in Hebrew, still naming no one.
    card = await settings_card(journey, teacher, office)
    await journey.press(teacher, card, "עברית")
    await journey.settle()
    hebrew = reads_now(journey, told)
    assert HEBREW.search(hebrew) and "Teacher" not in hebrew, hebrew


async def test_pause_and_resume_name_the_child(journey: Journey) -> None:
    ann, _poster, _group = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (paused,) = await journey.after_pressing(ann, card, "Pause")
    assert paused["text"].startswith("Paused Alice: I'll keep recognizing them"), paused["text"]
    card = await journey.card(ann, "Alice")
    (resumed,) = await journey.after_pressing(ann, card, "Resume")
    assert resumed["text"] == "Resumed Alice: I'll send their photos and clips again.", resumed[
        "text"
    ]


async def test_a_members_help_in_the_group_follows_its_language(journey: Journey) -> None:
    teacher, dan = journey.user("Teacher"), journey.user("Dan")
    group, payload = await journey.group_with_bot("Class 1A", teacher, [dan])
    office = await bound_admin_chat(journey, group, [teacher])
    hint = await answer_in_group(journey, dan, "/help", group)
    assert hint["text"].startswith("Talk to me in private: https://t.me/"), hint["text"]

    card = await settings_card(journey, teacher, office)
    await journey.press(teacher, card, "עברית")
    await journey.settle()
    hebrew = reads_now(journey, hint)
    assert HEBREW.search(hebrew) and payload in hebrew, hebrew
    assert "Talk to me" not in hebrew, hebrew
