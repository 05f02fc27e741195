"""Times in the reader's time zone: an organizer sets the group's with /timezone in the
admin chat; /audit, the settings card and a member's private chat then write its times in
that zone and say so. Only the group's admins change it, and the change is audited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from domain.infra.models import Group, ModerationEvent
from domain.languages.chats import zone_of_group
from domain.states import ModerationAction
from tests.e2e.conftest import Journey, data_of, labels
from tests.e2e.organizers import bound_admin_chat

JERUSALEM = ZoneInfo("Asia/Jerusalem")


def clock_now(zone: ZoneInfo) -> set[str]:
    """ "HH:MM" there now, and a minute either side (the bot wrote it a moment ago)."""
    now = datetime.now(UTC)
    return {(now + timedelta(minutes=d)).astimezone(zone).strftime("%H:%M") for d in (-1, 0, 1)}


async def test_an_organizer_sets_the_groups_time_zone_and_its_times_follow(
    journey: Journey,
) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    office = await bound_admin_chat(journey, group, [poster, ann])

    async def said(user: dict[str, Any], text: str) -> dict[str, Any]:
        sent = await journey.says(user, text, office["id"])
        (answer,) = await journey.replies(office["id"], sent)
        return answer

    # In the group itself its admin is pointed to the admin chat, by name.
    sent = await journey.says(poster, "/timezone Berlin", group["id"])
    (pointed,) = await journey.replies(group["id"], sent)
    assert pointed["text"].startswith("/timezone works in this group's admin chat, Class 1A")

    shown = await said(poster, "/timezone")
    assert shown["text"].startswith("Class 1A: times in UTC (now ")
    assert "/timezone Berlin" in shown["text"]
    earlier_card = await said(poster, "/settings")
    assert "Time zone: UTC" in earlier_card["text"]

    unknown = await said(poster, "/timezone Narnia")
    assert unknown["text"].startswith("I don't know the time zone Narnia.")

    # A city, in the organizer's language; the chat serves one group: no "which group?".
    asked = await said(poster, "/timezone Иерусалим")
    assert asked["text"].startswith("Use Jerusalem (now ")
    assert asked["text"].endswith(") for the times of Class 1A?"), asked["text"]
    assert labels(asked) == ["Use Jerusalem"]
    button = data_of(asked, "Use Jerusalem")

    # Ann is in the admin chat but no admin of the group: she cannot change it.
    refused = await journey.press(ann, asked, "Use Jerusalem")
    assert refused["text"] == "Only the group's admins can change its settings."
    assert (await Group.get(chat_id=group["id"])).settings.get("zone") is None

    pressed = await journey.press(poster, asked, "Use Jerusalem")
    assert pressed["text"] == "Class 1A: Time zone is now Jerusalem."
    card = await journey.edited(asked)
    assert "Time zone: Jerusalem" in card["text"]
    # The card shown before says so too (no card keeps saying UTC).
    await _until(lambda: "Time zone: Jerusalem" in journey.now(earlier_card)["text"])
    # Pressed again (the card replaced the button; a replay of its data): nothing twice.
    again = await journey.world.press_button(
        poster["id"], office["id"], asked["message_id"], button
    )
    assert again["text"] == "Class 1A: Time zone is already Jerusalem."
    events = await ModerationEvent.filter(action=ModerationAction.SETTING_CHANGED)
    assert [e.details for e in events] == [
        {"setting": "zone", "old": "UTC", "new": "Asia/Jerusalem"}
    ]

    # /audit writes its times in Jerusalem's time, and says so.
    first_audit = await said(poster, "/audit")
    audit = first_audit["text"]
    assert audit.startswith("Audit of Class 1A (newest first, times in Jerusalem)")
    (line,) = [ln for ln in audit.splitlines() if "changed a setting" in ln]
    assert "time zone UTC → Jerusalem" in line
    assert any(f"{t} Jerusalem" in line for t in clock_now(JERUSALEM)), line

    # Ann's private chat: the daily questions' hour (18:00 UTC) in her group's zone.
    sent = await journey.says(ann, "/settings")
    (settings,) = await journey.replies(ann["id"], sent)
    await journey.press(ann, settings, "Once a day")
    daily = await journey.edited(settings)
    assert "once a day, at 20:00 (Jerusalem)" in daily["text"], daily["text"]

    # Undone from /audit: every card shown says UTC again, as is in force.
    audit_card = await said(poster, "/audit")
    pressed = await journey.press(poster, audit_card, "↩️ Undo 1")
    assert pressed["text"] == "Undone."
    assert zone_of_group((await Group.get(chat_id=group["id"])).settings) == "UTC"
    for shown_card in (earlier_card, asked):
        await _until(partial(_says, journey, shown_card, "Time zone: UTC"))
    # The /audit shown in Jerusalem's time: its line says it was undone, and its header
    # the zone its times are in now.
    await _until(partial(_says, journey, first_audit, "(undone)"))
    edited = journey.now(first_audit)["text"]
    assert edited.startswith("Audit of Class 1A (newest first, times in UTC)"), edited
    (line,) = [ln for ln in edited.splitlines() if "changed a setting" in ln]
    assert line.endswith("time zone UTC → Jerusalem (undone)"), line
    assert any(f"{t} UTC" in line for t in clock_now(ZoneInfo("UTC"))), line
    assert labels(journey.now(first_audit)) == []


def _says(journey: Journey, message: dict[str, Any], text: str) -> bool:
    return text in journey.now(message)["text"]


async def _until(condition: Callable[[], bool]) -> None:
    """Edits come right after the press is answered: wait a moment for them."""
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.1)
    assert condition()


async def test_timezone_asks_which_group_only_where_the_chat_serves_several(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    class1, _ = await journey.group_with_bot("Class 1A", poster, [])
    class2, _ = await journey.group_with_bot("Class 2B", poster, [])
    office = await bound_admin_chat(journey, class1, [poster])
    await Group.filter(chat_id=class2["id"]).update(admin_chat_id=office["id"])
    sent = await journey.says(poster, "/timezone Berlin", office["id"])
    (asked,) = await journey.replies(office["id"], sent)
    assert asked["text"].startswith("Use Berlin (now ")
    assert asked["text"].endswith(") for the times of which group?"), asked["text"]
    assert labels(asked) == ["Berlin for Class 1A", "Berlin for Class 2B"]
    pressed = await journey.press(poster, asked, "Berlin for Class 2B")
    assert pressed["text"] == "Class 2B: Time zone is now Berlin."
    assert zone_of_group((await Group.get(chat_id=class2["id"])).settings) == "Europe/Berlin"
    assert zone_of_group((await Group.get(chat_id=class1["id"])).settings) == "UTC"
