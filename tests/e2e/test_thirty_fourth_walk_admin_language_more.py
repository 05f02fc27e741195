"""Issue 32, session 34 (walk34 2 and 6). After a switch of the group's language in
/settings, the admin chat still read its bans, unbans, pauses and resumes in English between
Hebrew ones: they say what they said (a ban lifted since stays lifted) in Hebrew now, and in
English again once switched back. And the /unban answer ("…They can join again through my
link in the group (nothing is restored until they do).") said so still after the parent
opened the link again: it says she did."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import reads_now
from tests.e2e.test_group_settings import settings_card

HEBREW = re.compile("[\u05d0-\u05ea]")
X = CAST["angelina"]


async def _answer(journey: Journey, user: dict[str, Any], text: str, chat: dict[str, Any]) -> Any:
    sent = await journey.says(user, text, chat["id"])
    (answer,) = await journey.replies(chat["id"], sent)
    return answer


async def test_bans_and_pauses_in_the_admin_chat_read_the_new_language_and_back(
    journey: Journey,
) -> None:
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    banned = await _answer(journey, poster, "/ban @ann", office)
    unbanned = await _answer(journey, poster, "/unban @ann", office)
    paused = await _answer(journey, poster, "/pause", office)
    resumed = await _answer(journey, poster, "/resume", office)
    paused_now = await _answer(journey, poster, "/pause", office)
    await journey.settle()
    said = [banned, unbanned, paused, resumed, paused_now]
    english = [reads_now(journey, m) for m in said]
    assert "lifted the ban" in english[0], english
    assert "is no longer banned" in english[1], english
    assert "was paused" in english[2] and "resumed it" in english[2], english
    assert "is running again" in english[3], english
    assert "is paused" in english[4], english

    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, "עברית")
    await journey.settle()
    hebrew = [reads_now(journey, m) for m in said]
    for now, then in zip(hebrew, english, strict=True):
        assert HEBREW.search(now) and now != then, now
    assert "הוסרה על ידי" in hebrew[0], hebrew[0]  # still lifted: "…lifted by Poster"

    await journey.press(poster, journey.now(card), "English")
    await journey.settle()
    assert [reads_now(journey, m) for m in said] == english


async def test_the_unban_answer_says_the_parent_opened_the_link_again(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    office = await bound_admin_chat(journey, group, [poster])
    await _answer(journey, poster, "/ban @ann", office)
    unbanned = await _answer(journey, poster, "/unban @ann", office)
    assert unbanned["text"].endswith(
        "They can join again through my link in the group (nothing is restored until they do)."
    ), unbanned["text"]

    await journey.world.open_start_link(ann["id"], payload)
    await journey.settle()
    assert journey.now(unbanned)["text"].endswith(
        "is no longer banned. They could join again through my link in the group; since then "
        "they opened my link there again."
    ), journey.now(unbanned)["text"]

    # Said so in the new language too.
    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, "עברית")
    await journey.settle()
    assert "נפתח שוב" in reads_now(journey, unbanned), reads_now(journey, unbanned)


async def test_a_takedown_report_reads_the_new_language_and_back(
    journey: Journey, collages: Collages
) -> None:
    """ "Taken down: the photo from Class 1A posted …" stayed English after the switch."""
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    report = await take_down(journey, group, office, poster, posted)
    (card,) = [
        m for m in journey.world.transcript(office["id"]) if m.get("text", "").startswith("Taken")
    ]
    assert report.startswith("Taken down: the photo from Class 1A posted "), report

    settings = await settings_card(journey, poster, office)
    await journey.press(poster, settings, "עברית")
    await journey.settle()
    hebrew = reads_now(journey, card)
    assert HEBREW.search(hebrew) and "Taken down" not in hebrew, hebrew

    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    assert reads_now(journey, card) == report
