"""The twenty-fourth and twenty-fifth walks' lists, times and wording (issue 32): a /persons
list no change edits any more ("As of 15:21") follows a language chosen after it, and
writes its time in the zone of the reader's groups, even of the one she was banned from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.infra.models import Group
from tests.e2e.conftest import Journey, data_of
from tests.e2e.organizers import bound_admin_chat


def _clock(zone: ZoneInfo | None) -> set[str]:
    """The times a list frozen now may read (a minute either way), in ``zone`` (None: UTC,
    and says so)."""
    now = datetime.now(UTC).timestamp()
    times = [datetime.fromtimestamp(now + d * 60, UTC) for d in (-1, 0, 1)]
    if zone is None:
        return {f"{t:%H:%M} UTC" for t in times}
    return {t.astimezone(zone).strftime("%H:%M") for t in times}


async def test_a_frozen_list_follows_a_language_chosen_after_it(journey: Journey) -> None:
    """Findings25 4: a list frozen ("As of 15:21") while the parent read English stayed
    English after she chose Hebrew again, among Hebrew ones."""
    ann, _poster, _group = await journey.class_with_alice()
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "עברית")
    )
    await journey.settle()
    await journey.reply_to(ann, "/persons")
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "English")
    )
    await journey.settle()
    english = await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    await journey.until(lambda: "As of" in journey.now(english)["text"])
    chooser = await journey.reply_to(ann, "/language")
    await journey.world.press_button(
        ann["id"], ann["id"], chooser["message_id"], data_of(chooser, "עברית")
    )
    await journey.settle()

    def in_english(message: dict[str, Any]) -> bool:
        text = message.get("text") or message.get("caption") or ""
        return "Your people" in text or "As of" in text

    await journey.until(lambda: not in_english(journey.now(english)))
    frozen = journey.now(english)["text"]
    assert frozen.startswith("האנשים שלכם:"), frozen
    assert "Alice" in frozen and "/persons" in frozen and "נכון לשעה" in frozen, frozen
    # No /persons list left in English in her chat (the lists before and after it).
    left = [m for m in journey.world.transcript(ann["id"]) if in_english(m)]
    assert left == [], [m.get("text") for m in left]


async def test_a_list_frozen_while_banned_from_her_only_group_reads_its_zone(
    journey: Journey,
) -> None:
    """Findings25 5: group in Jerusalem; banned from it, her only group, Ann's older list
    was frozen "As of 13:20", UTC unmarked, two hours off every other time she reads."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(settings={"zone": "Asia/Jerusalem"})
    office = await bound_admin_chat(journey, group, [poster])
    oldest = await journey.reply_to(ann, "/persons")
    await journey.reply_to(ann, "/persons")
    sent = await journey.says(poster, "/ban @ann", office["id"])
    await journey.replies(office["id"], sent)
    await journey.settle()
    await journey.reply_to(ann, "/persons")
    await journey.until(lambda: "As of" in journey.now(oldest)["text"])

    frozen = journey.now(oldest)["text"]
    said = frozen.split("As of ")[1].split(".")[0].strip("\u2068\u2069")
    assert said in _clock(ZoneInfo("Asia/Jerusalem")), frozen
