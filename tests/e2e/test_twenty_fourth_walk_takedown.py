"""Last session's leftovers of issue 32 in takedown, through the emulator.

A /takedown question asked after a guardian's /forget no longer promises every copy: it
says, as the report then does, how many copies stay where the bot can no longer reach
them."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Group
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, post_link

X = CAST["angelina"]

CANNOT_REACH = (
    "But 1 copy went to a guardian who has since deleted their data with /forget: it stays "
    "in their chat, where I can no longer reach it."
)
CANNOT_REACH_HE = (
    "אבל עותק אחד נשלח להורה שמחק מאז את המידע שלו עם \u2066/forget\u2069: העותק נשאר בצ'אט "
    "של ההורה, ושם אני כבר לא יכול להגיע אליו."
)
UNREACHABLE = (
    "Copies I can no longer reach: 1 (sent to guardians who have since deleted their data "
    "with /forget: I no longer know their chats, so those copies stay there)."
)


async def _carl_forgets(journey: Journey, carl: dict[str, Any]) -> None:
    question = await journey.reply_to(carl, "/forget")
    (done,) = await journey.after_pressing(carl, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()


async def test_the_takedown_question_counts_the_copies_a_forget_put_out_of_reach(
    journey: Journey, collages: Collages
) -> None:
    """Carl used /forget after Alice's photo reached him: the question in the admin chat
    says his copy stays (before, it promised to delete every copy sent, and only the
    report after the press said otherwise)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,), (carls,) = journey.photos_for(ann), journey.photos_for(carl)
    await _carl_forgets(journey, carl)

    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (question,) = await journey.replies(office["id"], command)
    lines = question["text"].split("\n")
    assert lines[1] == (
        "I'll delete it in the group itself too, its faces and crops, and every copy I sent "
        "to guardians. This can't be undone."
    )
    assert lines[2] == CANNOT_REACH, question["text"]

    await journey.press(poster, question, moderation_texts.takedown_go())
    await journey.settle()
    await journey.until(lambda: journey.now(question)["text"].startswith("Taken down"))
    assert UNREACHABLE in journey.now(question)["text"]
    assert journey.now(anns).get("_deleted") is True
    assert journey.now(carls).get("_deleted") is not True  # as the question said


async def test_the_question_under_the_photo_says_it_in_hebrew(
    journey: Journey, collages: Collages
) -> None:
    """No admin chat, a group that speaks Hebrew: the question under the photo says the
    same in Hebrew, and a takedown asked before the /forget says nothing of it."""
    _, carl, poster, group = await journey.class_with_alice_and_carl()
    await Group.filter(chat_id=group["id"]).update(language="he")
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(carl)) == 1

    async def asked() -> dict[str, Any]:
        command = await journey.world.user_sends_text(
            group["id"], poster["id"], "/takedown", reply_to_message_id=posted["message_id"]
        )
        (question,) = await journey.replies(group["id"], command)
        return question

    with in_language("he"):
        plain = moderation_texts.takedown_ask_in_group()
        cancel = moderation_texts.takedown_cancel()
    before = await asked()
    assert before["text"] == plain
    await journey.press(poster, before, cancel)

    await _carl_forgets(journey, carl)
    after = await asked()
    assert after["text"] == f"{plain}\n{CANNOT_REACH_HE}"


async def _sent(journey: Journey, user: dict[str, Any], images: list[bytes]) -> list[str]:
    """Send photos (two or more: an album) in the private chat; the bot's verdicts."""
    sent = await journey.world.user_sends_photos(user["id"], user["id"], images)
    return [m["text"] for m in await journey.replies(user["id"], sent[-1], count=len(images))]
