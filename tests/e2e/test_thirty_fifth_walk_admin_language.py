"""Issue 32, session 35 (walk34 2). After a switch of the group's language in /settings, the
admin chat still read in English a takedown confirmation waiting to be answered, and its
"Taking down …" once confirmed: they read Hebrew now, the confirmation's buttons working.
So did "I could not read the clip Ann posted …": it reads Hebrew too, naming her as long as
she is a participant, and no one once she used /forget (nothing kept names her). A /stats
answer redrawn after its numbers changed says they are of then ("As of …")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from domain.moderation import texts as moderation_texts
from tests.clips import sound_only
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import bound_admin_chat, post_link
from tests.e2e.steps import forget_everything, reads_now
from tests.e2e.test_group_settings import settings_card

HEBREW = re.compile("[\u05d0-\u05ea]")
X = CAST["angelina"]


async def _takedown_asked(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Class 1A and its admin chat; a photo posted there, and its takedown asked for with
    its link. Returns (the organizer, the group, the admin chat, the confirmation)."""
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (card,) = await journey.replies(office["id"], command)
    assert card["text"].startswith("Take down a photo from Class 1A? Posted "), card["text"]
    return poster, group, office, card


async def _in_hebrew(journey: Journey, poster: dict[str, Any], office: dict[str, Any]) -> None:
    """The group's language switched to Hebrew in /settings, in its admin chat."""
    settings = await settings_card(journey, poster, office)
    await journey.press(poster, settings, "עברית")


async def test_a_takedown_waiting_to_be_confirmed_reads_hebrew_and_its_buttons_work(
    journey: Journey, collages: Collages
) -> None:
    poster, _group, office, card = await _takedown_asked(journey, collages)
    english_buttons = labels(card)
    assert english_buttons == [moderation_texts.takedown_go(), moderation_texts.takedown_cancel()]

    await _in_hebrew(journey, poster, office)
    await journey.settle()
    asked = reads_now(journey, card)
    assert HEBREW.search(asked) and "Take down" not in asked, asked
    hebrew_buttons = labels(journey.now(card))
    assert len(hebrew_buttons) == 2 and all(HEBREW.search(b) for b in hebrew_buttons), (
        hebrew_buttons
    )

    # Its Hebrew "Take it down" takes the photo down, and reports in Hebrew.
    await journey.press(poster, journey.now(card), hebrew_buttons[0])
    await journey.settle()
    report = reads_now(journey, card)
    assert HEBREW.search(report) and report != asked, report
    assert not labels(journey.now(card))


async def test_a_takedown_under_way_reads_hebrew(journey: Journey, collages: Collages) -> None:
    poster, _group, office, card = await _takedown_asked(journey, collages)
    # Nobody works the queue for now: the takedown stays under way.
    await journey.shutdown()
    await journey.start(parts=("bot",))
    await journey.press(poster, card, moderation_texts.takedown_go())
    await journey.until(lambda: journey.now(card)["text"].startswith("Taking down the photo"))

    await _in_hebrew(journey, poster, office)
    await journey.until(lambda: bool(HEBREW.search(journey.now(card)["text"])))
    under_way = reads_now(journey, card)
    assert "מסיר את התמונה" in under_way, under_way  # "Taking down the photo from …"
    assert not labels(journey.now(card))

    # Done, the report says so in Hebrew too.
    await journey.shutdown()
    await journey.start()
    await journey.settle()
    await journey.until(lambda: reads_now(journey, card) != under_way)
    assert HEBREW.search(reads_now(journey, card)), reads_now(journey, card)


async def test_an_unreadable_clip_told_reads_hebrew_naming_its_poster_until_she_forgets(
    journey: Journey, tmp_path: Path
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    voice = sound_only(tmp_path / "voice.mp4").read_bytes()
    await journey.world.user_sends_media(
        "video", group["id"], ann["id"], voice, file_name="voice.mp4", mime_type="video/mp4"
    )
    await journey.settle()
    (told,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m.get("text", "").startswith("I could not read")
    ]
    english = reads_now(journey, told)
    assert english.startswith("I could not read the clip Ann posted in Class 1A on "), english

    settings = await settings_card(journey, poster, office)
    await journey.press(poster, settings, "עברית")
    await journey.settle()
    hebrew = reads_now(journey, told)
    assert HEBREW.search(hebrew) and "Ann" in hebrew and "could not" not in hebrew, hebrew
    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    assert reads_now(journey, told) == english

    # Once she deleted her data, the notice redrawn names no one.
    await forget_everything(journey, ann)
    await journey.press(poster, journey.now(settings), "עברית")
    await journey.settle()
    forgotten = reads_now(journey, told)
    assert HEBREW.search(forgotten) and "Ann" not in forgotten, forgotten
    assert "אחד/ת החברים" in forgotten, forgotten  # "… a member posted …"


async def test_a_stats_answer_redrawn_after_its_numbers_changed_says_as_of_when(
    journey: Journey, collages: Collages
) -> None:
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/stats", office["id"])
    (stats,) = await journey.replies(office["id"], sent)
    english = reads_now(journey, stats)
    numbers, as_of = english.rsplit("\n\n", 1)
    assert as_of.startswith("As of ") and as_of.endswith(". Send /stats for the latest."), english

    # Switched with the same numbers: it reads the new language, and no "As of".
    settings = await settings_card(journey, poster, office)
    await journey.press(poster, settings, "עברית")
    await journey.settle()
    same = reads_now(journey, stats)
    assert HEBREW.search(same) and "המספרים השתנו" not in same, same  # "numbers changed"

    # A photo posted since: switched back, it says its numbers are of then.
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    then = reads_now(journey, stats)
    assert then.startswith(numbers), then
    assert "As of " in then and "the numbers have changed since. Send /stats for the latest" in (
        then
    ), then
