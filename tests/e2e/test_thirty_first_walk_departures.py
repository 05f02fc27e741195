"""The English walk of session 31 (walken7 3 and 8): a departure told too often.

When Carl, Alice's co-guardian, left her (his /forget, "Stop getting…" on her card, or
removed by Ann), Ann read it again and again: her older messages about him ("Carl is now
also a guardian of Alice…", "Carl now gets the photos and clips of Alice…") were each
redrawn to say he no longer was ("…until they left: they no longer get these photos and
clips"), and a new message said it once more. They now say in the past what they told,
and only the one message (or, removed by Ann, her own list) gives the news.

After a parent's own /forget, her older messages were redrawn to the same line again and
again ("You deleted everything I had about you, so you are no longer a guardian here…",
once per child; "Since then you deleted everything…", once per group), below the goodbye
that says it all. The newest keeps the line; the older ones say in brief what they were
about."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import CAST, Journey, photo_bytes
from tests.e2e.steps import bot_lines, forget_everything, reads_now

LEAVE = "Stop getting Alice's photos and clips"


def _news_of_carl(journey: Journey, ann: dict[str, Any]) -> list[str]:
    """Ann's messages that tell her Carl no longer guards Alice (not the link she made,
    which "no longer works": used)."""
    return [
        line
        for line in bot_lines(journey, ann)
        if line.startswith(("Carl", "Another guardian of Alice"))
        and not line.startswith("Carl used the link")
        and ("no longer" in line or "until they" in line or "deleted their data" in line)
    ]


async def _carl_goes(journey: Journey, how: str, ann: dict[str, Any], carl: dict[str, Any]) -> str:
    """Carl stops guarding Alice (``how``); the news Ann reads of it."""
    if how == "forgets":
        await forget_everything(journey, carl)
        return "Another guardian of Alice is no longer one: they deleted their data with me."
    if how == "leaves":
        (guardians,) = await journey.after_pressing(
            carl, await journey.card(carl, "Alice"), "Guardians"
        )
        await journey.press(carl, guardians, LEAVE)
        await journey.settle()
        return "Carl no longer gets Alice's photos and clips: they left."
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    await journey.settle()
    return "Carl no longer gets Alice's photos and clips."


@pytest.mark.parametrize("how", ["leaves", "is removed", "forgets"])
async def test_a_co_guardians_departure_is_told_the_owner_once(journey: Journey, how: str) -> None:
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.settle()
    (joined,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Carl is now also a guardian")
    ]
    (gets,) = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith("Carl now gets")
    ]

    news = await _carl_goes(journey, how, ann, carl)
    await journey.until(lambda: news in bot_lines(journey, ann))
    await journey.until(lambda: not reads_now(journey, gets).startswith("Carl now gets"))
    # Said once (it was three times: both older messages said it too).
    assert _news_of_carl(journey, ann) == [news], bot_lines(journey, ann)
    # The older messages say what they told, in the past; without his name once it went
    # with his data (walk36b 1: his /forget wrote it in again).
    who = "Someone" if how == "forgets" else "Carl"
    assert (
        reads_now(journey, joined) == f"{who} accepted an invitation to become a guardian of Alice."
    )
    who = "Another guardian" if how == "forgets" else "Carl"
    assert (
        reads_now(journey, gets)
        == f"{who} also got the photos and clips of Alice while they were a guardian."
    )


async def test_a_parents_forget_says_each_line_once(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    _, later = await journey.group_with_bot("Class 2B", poster, [ann])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    await journey.join(ann, later)
    await journey.settle()
    told = [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"]
        and m.get("text", "").startswith(("You're in", "Alice is ready", "Yara is ready"))
    ]
    assert len(told) == 4, [m.get("text") for m in told]

    await forget_everything(journey, ann)
    lines = bot_lines(journey, ann)
    # The newest of each says it in full; the older ones, in brief, what they told and where
    # (session 37: "You were a guardian of Alice." for "Alice is ready…").
    assert [reads_now(journey, m) for m in told] == [
        "I looked for your people in Class 1A.",
        "Alice was ready then.",
        "You deleted everything I had about you, so you are no longer a guardian here and I "
        "no longer send you photos or clips.",
        "Since then you deleted everything I had about you: I no longer look for anyone for "
        "you, nor send you photos or clips.",
    ], lines
