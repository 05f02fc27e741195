"""What the eighteenth session fixed of issue 32 (findings16 10, 11; findings17 2), read as
the guardian reads it: a face asked about while its person was paused came back at resume
before "Resumed:" (findings16 11)."""

from __future__ import annotations

from typing import Any

from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory

X, NOBODY = CAST["angelina"], CAST["strangers"]
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
        assert said[0] == "Resumed: I'll send their photos and clips again.", said
        assert said[1:] == ["Is this Alice? (a photo in Class 1A)"], said
        assert resumed["text"] == said[0]
