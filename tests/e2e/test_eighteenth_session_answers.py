"""What the eighteenth session fixed of issue 32 (findings16 10, 11; findings17 2), read as
the guardians read it: an answered "Is this Alice?" kept "I'll send you the photo." once
it was sent, and the old name after a rename, in the answerer's chat and her
co-guardian's (findings16 10); a move's "Moved: that face is Amy now." and an undo's
"Undone: that face is Alice's again." kept the old names after renames (findings17 2); a
face asked about while its person was paused came back at resume before "Resumed:"
(findings16 11); an open "Is this Alice?" kept the old name after a rename (findings18 4)."""

from __future__ import annotations

from typing import Any

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
AS_TELEGRAM = {"per_chat_per_s": 1.0, "global_per_s": 29}
UNSURE = MatchingSettings(auto=0.97, suggest=0.4)  # every true match is asked about


def _said(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("caption") or "")


def _bot_said(journey: Journey, user: dict[str, Any], after: int) -> list[str]:
    """What the bot said to the user after that message, in order."""
    return [
        _said(m)
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m["message_id"] > after
    ]


async def _rename(journey: Journey, user: dict[str, Any], name: str, to: str) -> None:
    card = await journey.card(user, name)
    await journey.after_pressing(user, card, "Rename")
    assert (await journey.reply_to(user, to))["text"] == f"Renamed to {to}."


async def test_answered_questions_stay_true_once_sent_and_after_a_rename(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=UNSURE) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (yes,), (carls_yes,) = journey.suggestions(ann), journey.suggestions(carl)
        await journey.press(ann, yes, "Yes")
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1  # the photo came: what she reads still holds
        sent = "Yes, that's Alice. The photo comes to you in this chat."
        assert journey.now(yes)["caption"] == sent
        assert journey.now(carls_yes)["caption"] == "Ann answered this question: yes, that's Alice."

        await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
        await journey.settle()
        no, carls_no = journey.suggestions(ann)[-1], journey.suggestions(carl)[-1]
        await journey.press(ann, no, "No")
        await journey.settle()
        assert journey.now(no)["caption"].startswith("Not Alice. ")

        await _rename(journey, ann, "Alice", "Lia")
        await journey.until(lambda: "Lia" in journey.now(yes)["caption"])
        assert journey.now(yes)["caption"] == sent.replace("Alice", "Lia")
        assert journey.now(carls_yes)["caption"] == "Ann answered this question: yes, that's Lia."
        assert journey.now(no)["caption"].startswith("Not Lia. ")
        assert "Alice" not in journey.now(no)["caption"]
        assert journey.now(carls_no)["caption"] == "Ann answered this question: not Lia."
        for question in (yes, carls_yes, no, carls_no):
            assert "reply_markup" not in journey.now(question)


async def test_a_move_and_its_undo_follow_renames(journey: Journey, collages: Collages) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    assert journey.now(menu)["text"] == "Moved: that face is Amy now."
    await journey.settle()

    await _rename(journey, ann, "Amy", "Amelia")
    await journey.until(lambda: "Amelia" in journey.now(menu)["text"])
    assert journey.now(menu)["text"] == "Moved: that face is Amelia now."
    assert labels(journey.now(menu)) == ["Undo"]  # and it still undoes
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    assert journey.now(menu)["text"] == "Undone: that face is Alice's again."

    await _rename(journey, ann, "Alice", "Lia")
    # The menu and the copy are two edits of the rename's reactions: wait for both.
    await journey.until(
        lambda: (
            "Lia" in journey.now(menu)["text"]
            and "Lia" in journey.now(delivered).get("caption", "")
        )
    )
    assert journey.now(menu)["text"] == "Undone: that face is Lia's again."
    assert journey.now(delivered)["caption"] == "Lia · Class 1A"


async def test_a_question_held_while_paused_comes_after_resumed(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # The bot's own pacing, as deployed: the cards redrawn at resume take their turns.
    async with journey_factory(matching=UNSURE, telegram=AS_TELEGRAM) as journey:
        ann, poster, group = await journey.class_with_alice()
        card = await journey.card(ann, "Alice")
        (paused,) = await journey.after_pressing(ann, card, "Pause")
        assert paused["text"].startswith("Paused")
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        assert journey.suggestions(ann) == []  # held, not asked

        await journey.reply_to(ann, "/persons")  # open where she reads them: redrawn too
        await journey.card(ann, "Alice")
        card = await journey.card(ann, "Alice")
        (resumed,) = await journey.after_pressing(ann, card, "Resume")
        await journey.settle()
        said = _bot_said(journey, ann, card["message_id"])
        assert said[0] == "Resumed Alice: I'll send their photos and clips again.", said
        assert said[1:] == ["Is this Alice? (a photo in Class 1A)"], said
        assert resumed["text"] == said[0]


async def test_an_open_question_asks_about_the_new_name_after_a_rename(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """findings18 4: after Alice was renamed Lia, her open questions still asked "Is this
    Alice?", in Ann's chat and Carl's, beside copies and cards that said Lia."""
    async with journey_factory(matching=UNSURE) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (asked,), (carls,) = journey.suggestions(ann), journey.suggestions(carl)
        assert journey.now(asked)["caption"] == "Is this Alice? (a photo in Class 1A)"

        await _rename(journey, ann, "Alice", "Lia")
        await journey.until(lambda: "Lia" in journey.now(carls)["caption"])
        for question in (asked, carls):
            assert journey.now(question)["caption"] == "Is this Lia? (a photo in Class 1A)"
            assert labels(journey.now(question)) == ["Yes", "No"]

        await journey.press(ann, asked, "Yes")  # its Yes still answers it
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
        said = "Yes, that's Lia. The photo comes to you in this chat."
        assert journey.now(asked)["caption"] == said
        assert journey.now(carls)["caption"] == "Ann answered this question: yes, that's Lia."
