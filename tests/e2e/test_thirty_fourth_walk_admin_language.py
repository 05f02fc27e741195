"""Issue 32, session 34 (walk33 5): an admin chat reads one language after its group's is
switched in /settings. The settings cards and the /audit lists were redrawn in Hebrew, but
the link confirmation ("✅ This chat is now the admin chat of Class 1A…"), the /stats
answer and the /whois answers stayed English between Hebrew ones. Every message the bot
keeps there now says its words in the new language (a /stats chart drawn again), and in
English again once switched back; so do the group's own (its welcome, its /admin answer)."""

from __future__ import annotations

import json
import re
from typing import Any

from domain.claims import texts as claims_texts
from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.organizers import admin_link, open_link
from tests.e2e.steps import reads_now
from tests.e2e.test_approvals import alice_waiting
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
HEBREW = re.compile("[\u05d0-\u05ea]")
User = dict[str, Any]


async def _answer(journey: Journey, user: User, command: str, chat: dict[str, Any]) -> Any:
    sent = await journey.says(user, command, chat["id"])
    (answer,) = await journey.replies(chat["id"], sent)
    return answer


async def _linked_office(journey: Journey, poster: User, group: dict[str, Any]) -> Any:
    """Class 1A office, linked with the /admin link (its welcome as a photo group deleted)."""
    office = journey.world.create_group("Class 1A office", creator_id=poster["id"])
    await open_link(journey, poster, await admin_link(journey, group, poster), office)
    return office


def _bot_messages(journey: Journey, chat: dict[str, Any]) -> list[dict[str, Any]]:
    """The bot's messages in the chat that say something (not its pins)."""
    return [
        m
        for m in journey.world.transcript(chat["id"])
        if m["from"]["is_bot"] and (m.get("text") or m.get("caption"))
    ]


async def test_the_admin_chat_reads_the_groups_language_and_back(
    journey: Journey, collages: Collages
) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    office = await _linked_office(journey, poster, group)
    (linked,) = _bot_messages(journey, office)
    for child, stranger in zip(X["group"], NOBODY["group"], strict=False):
        await journey.post(group, poster, collages.make(child, stranger))
    await journey.settle()
    pending = await _answer(journey, poster, "/whois", office)  # not grouped yet
    await journey.regroup("Class 1A")
    sheet = await _answer(journey, poster, "/whois", office)
    stats = await _answer(journey, poster, "/stats", office)
    chart, buttons = stats["photo"][-1]["file_unique_id"], json.dumps(sheet["reply_markup"])
    await _answer(journey, poster, "/help", office)
    card = await settings_card(journey, poster, office)
    english = {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, office)}
    in_group = {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, group)}
    assert sheet["caption"].startswith("Who is this? 3 look-alike faces"), sheet
    assert len(english) == 6, english  # the bot's welcome there went at the link

    await journey.press(poster, card, "עברית")
    await journey.settle()
    with in_language("he"):
        assert journey.now(linked)["text"] == markup.plain(texts.admin_chat_linked("Class 1A"))
        assert journey.now(pending)["text"] == markup.plain(
            claims_texts.whois_grouping_pending("Class 1A", 10)
        )
        assert journey.now(sheet)["caption"] == markup.plain(
            claims_texts.whois_sheet("Class 1A", 1, 1, 3)
        )
        assert [
            b["text"] for row in journey.now(sheet)["reply_markup"]["inline_keyboard"] for b in row
        ] == [claims_texts.name_this_child(), claims_texts.skip_cluster()]
    assert "תמונות השבוע: 3" in reads_now(journey, stats)  # "Photos this week: 3"
    assert journey.now(stats)["photo"][-1]["file_unique_id"] != chart  # drawn in Hebrew
    # Every message the bot keeps in the admin chat, and in the group, reads Hebrew now.
    for message in [*_bot_messages(journey, office), *_bot_messages(journey, group)]:
        now = reads_now(journey, message)
        assert HEBREW.search(now), now
        assert now not in english.values() and now not in in_group.values(), now

    await journey.press(poster, journey.now(card), "English")
    await journey.settle()
    back = {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, office)}
    assert back == english
    assert {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, group)} == (
        in_group
    )
    # Its buttons are those it was sent with: they still name the faces it showed.
    assert json.dumps(journey.now(sheet)["reply_markup"]) == buttons


async def test_a_child_named_from_whois_is_said_in_the_new_language(
    journey: Journey, collages: Collages
) -> None:
    """What naming left in the admin chat (the sheet showing the name, the prompt answered,
    "a claim link … was sent"), and its /unclaimed list, follow the switch too."""
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    for child, stranger in zip(X["group"], NOBODY["group"], strict=False):
        await journey.post(group, poster, collages.make(child, stranger))
    await journey.settle()
    await journey.regroup("Class 1A")
    office = await _linked_office(journey, poster, group)
    await journey.reply_to(poster, "/start")  # the claim link comes here, privately
    sheet = await _answer(journey, poster, "/whois", office)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.press(poster, sheet, "Name this child")
    (prompt,) = await journey.replies(office["id"], before)
    sent = await journey.world.user_sends_text(
        office["id"], poster["id"], "Tom", reply_to_message_id=prompt["message_id"]
    )
    await journey.replies(office["id"], sent)
    await _answer(journey, poster, "/unclaimed", office)
    card = await settings_card(journey, poster, office)
    english = {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, office)}
    assert journey.now(sheet)["caption"].startswith("Named Tom."), journey.now(sheet)

    await journey.press(poster, card, "עברית")
    await journey.settle()
    with in_language("he"):
        assert journey.now(sheet)["caption"] == markup.plain(claims_texts.whois_named("Tom"))
        assert journey.now(prompt)["text"] == markup.plain(claims_texts.whois_prompt_named("Tom"))
    for message in _bot_messages(journey, office):
        now = reads_now(journey, message)
        assert HEBREW.search(now), now
        assert now not in english.values(), now

    await journey.press(poster, journey.now(card), "English")
    await journey.settle()
    assert {m["message_id"]: reads_now(journey, m) for m in _bot_messages(journey, office)} == (
        english
    )


async def test_an_approval_card_waiting_is_redrawn_in_the_new_language(journey: Journey) -> None:
    """A pending approval card keeps its face and its buttons, in the new words."""
    poster, _group, office, _ann, card = await alice_waiting(journey)
    english = reads_now(journey, card), labels(card)
    settings = await settings_card(journey, poster, office)

    await journey.press(poster, settings, "עברית")
    await journey.settle()
    assert HEBREW.search(reads_now(journey, card)), reads_now(journey, card)
    assert all(HEBREW.search(label) for label in labels(journey.now(card))), labels(card)

    await journey.press(poster, journey.now(settings), "English")
    await journey.settle()
    assert (reads_now(journey, card), labels(journey.now(card))) == english
