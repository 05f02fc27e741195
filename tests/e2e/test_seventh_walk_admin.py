"""What the seventh walk of issue 32 found untrue in the admin chat, each read as the
organizer (and the parent) reads it: a ban's announcement left saying "/unban lifts it"
once lifted; an undone ban that said nothing of what it means, to the organizers or to the
banned parent; a takedown said twice, and audited in the zone of its day; a claim audited
at its approval, so listed as newer than it; a chat being linked as the admin chat greeted as
a class first."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.infra.models import Group
from tests.e2e import test_claims as claims
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory
from tests.e2e.organizers import (
    admin_link,
    bound_admin_chat,
    open_link,
    taken_down_from_the_admin_chat,
)

X = CAST["angelina"]
LIFTED = re.compile(
    r"Class 1A: Ann \(@ann\) was banned; Poster( \(@poster\))? lifted the ban "
    r"\w{3} \d{1,2} \d\d:\d\d UTC\."
)
# A ban is told to the banned parent (findings12 2: the lift was the first she heard of it),
# so the lift says the service is back, with the way back in.
# Ann was asked nothing: no "I closed the questions I asked you" (findings27 9).
TOLD_BANNED = (
    "The organizers of Class 1A have turned off my service for you in this group: I no longer "
    "send you its photos and clips. Your people stay, and so does what I already sent you. If "
    "you think this is a mistake, please ask them."
)
SINCE_LIFTED = (
    "The organizers of Class 1A had turned off my service for you in this group; they have "
    "since turned it back on."
)
LIFTED_THEN_BANNED = (
    "The organizers of Class 1A had turned my service back on for you; since then they turned "
    "it off again."
)
TOLD_ANN = (
    "The organizers of Class 1A turned my service back on for you: to get its photos and clips "
    "again, tap the button under my welcome in the group."
)


async def test_a_lifted_ban_is_said_lifted_where_it_was_announced(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (banned,) = await journey.replies(
        office["id"], await journey.says(poster, "/ban @ann", office["id"])
    )
    assert banned["text"].endswith("/unban lifts it.")
    # Ann is told at once, privately, what the ban stops and what stays.
    await journey.until(lambda: journey.last(ann).get("text") == TOLD_BANNED)
    (shown,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    before = journey.world.transcript(office["id"])[-1]
    assert (await journey.press(poster, shown, "↩️ Undo 1"))["text"] == "Undone."
    (undone,) = await journey.replies(office["id"], before)
    # It said only "Poster undid “... banned Ann”": the organizer believed Ann gets photos
    # again; she gets none until she opens the link again, as /unban says.
    assert undone["text"] == (
        "↩️ Class 1A: Poster undid “Poster banned Ann (@ann)”.\n"
        "Class 1A: Ann (@ann) is no longer banned. They can join again through my link in the "
        "group (nothing is restored until they do)."
    )
    # The announcement above kept "Ann is banned ... /unban lifts it."
    await journey.until(lambda: "lifted" in journey.now(banned)["text"])
    assert LIFTED.fullmatch(journey.now(banned)["text"]), journey.now(banned)["text"]
    # Ann is told of its end too.
    await journey.until(lambda: journey.last(ann).get("text") == TOLD_ANN)

    # Banned again and lifted by /unban: that announcement says so too, and Ann is told.
    (again,) = await journey.replies(
        office["id"], await journey.says(poster, "/ban @ann", office["id"])
    )
    assert again["text"].endswith("/unban lifts it.")
    (unbanned,) = await journey.replies(
        office["id"], await journey.says(poster, "/unban @ann", office["id"])
    )
    assert unbanned["text"].startswith("Class 1A: Ann (@ann) is no longer banned.")
    assert LIFTED.fullmatch(journey.now(again)["text"]), journey.now(again)["text"]
    # Each ban and each lift told once, in turn; each ban's notice, lifted since, says so
    # (walken3 4: it still said "I no longer send you its photos and clips").
    await journey.until(lambda: TOLD_BANNED not in _texts(journey, ann))
    # The first lift's news, banned again before she came back, says so (walk34 1).
    told = [
        t
        for t in _texts(journey, ann)
        if t in (TOLD_BANNED, TOLD_ANN, SINCE_LIFTED, LIFTED_THEN_BANNED)
    ]
    assert told == [SINCE_LIFTED, LIFTED_THEN_BANNED, SINCE_LIFTED, TOLD_ANN]


async def test_a_takedown_is_reported_once_and_audited_in_the_readers_zone(
    journey: Journey, collages: Collages
) -> None:
    _, poster, office, posted, question = await taken_down_from_the_admin_chat(
        journey, collages.make(X["group"][0])
    )
    # It said it twice: "Took the photo down from Class 1A." in the confirmation, then a
    # new "Taken down: the photo from Class 1A posted ...". Now the confirmation is the report.
    report = journey.now(question)["text"]
    assert report.startswith("Taken down: the photo from Class 1A posted "), report
    assert "Copies deleted from guardians' chats: 1." in report
    assert journey.world.transcript(office["id"])[-1]["message_id"] == question["message_id"]

    # The organizers read their times in Jerusalem's from now on: the audit's line about the
    # takedown too ("... took down photo posted Nov 26 04:57 UTC" kept the zone of the day).
    asked = await journey.replies(
        office["id"], await journey.says(poster, "/timezone Jerusalem", office["id"])
    )
    await journey.press(poster, asked[0], "Use Jerusalem")
    (shown,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    at = datetime.fromtimestamp(posted["date"], UTC).astimezone(ZoneInfo("Asia/Jerusalem"))
    line = next(line for line in shown["text"].splitlines() if "took down" in line)
    assert line.endswith(
        f"Jerusalem · Poster took down the photo posted {at:%b} {at.day} {at:%H:%M}"
    ), line


async def test_the_audit_lists_a_claim_before_its_approval(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _, _, office = await claims._class(journey, collages)
    question = await claims._claim(journey, pat, await claims._name(journey, poster, office))
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    await journey.press(poster, await claims._card(journey, office, before), "✅ Approve")
    await journey.settle()
    (shown,) = await journey.replies(
        office["id"], await journey.says(poster, "/audit", office["id"])
    )
    # Newest first: "1. ... Pat claimed a named child" came above "Poster approved a claim"
    # and the faces the approval tagged, though Pat claimed before the organizer approved.
    lines = [line for line in shown["text"].splitlines() if " · " in line]
    approved = next(n for n, line in enumerate(lines) if "Poster approved a claim" in line)
    claimed = next(n for n, line in enumerate(lines) if "Pat claimed a named child" in line)
    assert claimed > approved, lines


JOINED_WAIT_S = 2.0  # the default: the other e2e tests greet at once


async def test_a_chat_linked_as_admin_chat_is_never_greeted_as_a_class(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(telegram={"joined_wait_s": JOINED_WAIT_S}) as journey:
        await _linked_without_a_welcome(journey)


async def _linked_without_a_welcome(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    office = journey.world.create_group("Office", creator_id=poster["id"])
    linked = await open_link(journey, poster, await admin_link(journey, group, poster), office)
    assert "now the admin chat of Class 1A" in linked["text"]
    await asyncio.sleep(JOINED_WAIT_S + 1)  # the bot's own joining handled by now
    await journey.settle()
    # It showed "Hi, Office! ... Parents: tap the button below" and "make me an admin",
    # deleted a moment later, and a join link was made for it.
    said = [
        m
        for m in journey.world.transcript(office["id"], include_deleted=True)
        if m["from"]["is_bot"]
    ]
    assert said == [journey.now(linked)], said
    assert not await Group.exists(chat_id=office["id"])


def _texts(journey: Journey, user: dict[str, Any]) -> list[str | None]:
    return [m.get("text") for m in journey.world.transcript(user["id"])]
