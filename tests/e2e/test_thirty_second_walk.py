"""What the thirty-second walk of issue 32 (teacher, organizer and parents, in English and
Hebrew; /work/briefs/s32/findings-walk.md) found untrue, read as each user reads it."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Collages, Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import forget_everything
from tests.e2e.test_claims import _class as claims_class
from tests.e2e.test_claims import _name as name_from_whois


def _plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")


def _said(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return _plain(str(now.get("text") or now.get("caption") or ""))


def _bot_lines(journey: Journey, user: dict[str, Any], start: str) -> list[dict[str, Any]]:
    """The bot's messages to the user that began with ``start`` when sent."""
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and _plain(m.get("text", "")).startswith(start)
    ]


async def test_a_forget_leaves_the_co_guardian_a_guardian_in_the_leavers_chat(
    journey: Journey,
) -> None:
    """walk32 1: after Ann's /forget, her "Carl now gets the photos and clips of Alice…"
    read "You and Carl were guardians of Alice until you deleted everything I had about
    you": Carl was still Alice's guardian (her owner, now); only Ann's guarding ended."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (gets,) = _bot_lines(journey, ann, "Carl now gets the photos and clips of Alice")
    await forget_everything(journey, ann)
    await journey.until(lambda: "deleted everything" in _said(journey, gets))
    assert _said(journey, gets) == (
        "You were a guardian of Alice with Carl until you deleted everything I had about "
        "you: I no longer send you their photos and clips."
    ), _said(journey, gets)
    assert (await journey.card(carl, "Alice"))["caption"].startswith("Alice")


async def test_a_banned_co_guardian_is_not_told_of_a_pause_or_resume(journey: Journey) -> None:
    """walk32 2: Carl, Alice's co-guardian, banned from Class 1A (his only group), read
    "Ann paused Alice: I'll hold new photos and clips of them… and then offer you the held
    ones." and "Ann resumed Alice: I'll send their photos and clips again.": he gets
    nothing of hers from anywhere."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    banned = await journey.says(poster, "/ban @carl", office["id"])
    (said,) = await journey.replies(office["id"], banned)
    assert "is banned" in said["text"], said["text"]
    await journey.settle()
    before = journey.last(carl)["message_id"]
    card = await journey.card(ann, "Alice")
    await journey.press(ann, card, "Pause")
    await journey.settle()
    assert _plain(journey.last(ann)["text"]).startswith("Paused Alice:")
    await journey.press(ann, journey.now(card), "Resume")
    await journey.settle()
    assert _plain(journey.last(ann)["text"]).startswith("Resumed Alice:")
    told = [
        _plain(m.get("text", ""))
        for m in journey.world.transcript(carl["id"])
        if m["from"]["is_bot"] and m["message_id"] > before
    ]
    assert not [t for t in told if t.startswith(("Ann paused", "Ann resumed"))], told


async def test_a_co_guardian_banned_is_said_so_on_the_card(journey: Journey) -> None:
    """walk32 3: once Carl, Alice's co-guardian, was banned from Class 1A, Ann's card read
    "Guardians: Ann (you), Carl", as if he got Alice's photos there: it says the organizers
    turned him off there."""
    ann, _carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    card = await journey.card(ann, "Alice")
    assert "Guardians: Ann (you), Carl\n" in _said(journey, card)
    banned = await journey.says(poster, "/ban @carl", office["id"])
    await journey.replies(office["id"], banned)
    await journey.settle()
    shown = "Guardians: Ann (you), Carl (turned off by the organizers of Class 1A)\n"
    await journey.until(lambda: shown in _said(journey, card))
    assert shown in _said(journey, await journey.card(ann, "Alice"))


async def test_the_naming_prompt_says_unclaimed_can_rename_the_child(
    journey: Journey, collages: Collages
) -> None:
    """walk32 4: once answered, the /whois naming prompt read "Named Tom. /unclaimed renames
    each named child until a parent's claim of them is approved.", as if /unclaimed renamed
    them all; it says /unclaimed can rename Tom."""
    poster, _pat, _mallory, _group, office = await claims_class(journey, collages)
    await name_from_whois(journey, poster, office)
    (prompt,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m["from"]["is_bot"]
        and "photo" not in m  # the sheet of faces says "Named Tom." too
        and _said(journey, m).startswith("Named Tom. /unclaimed")
    ]
    assert _said(journey, prompt) == (
        "Named Tom. /unclaimed can rename Tom until a parent's claim of them is approved."
    ), _said(journey, prompt)
