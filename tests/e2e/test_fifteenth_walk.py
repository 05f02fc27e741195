"""What the fifteenth walk of issue 32 (Hebrew organizers) found, read as the organizer
reads it: a Hebrew teacher who never joined as a parent got the claim link of a child she
named, and its edit once revoked, in English (findings15 5); a used admin link, opened by
her in a new chat, was refused in English (findings15 4); her /export said nothing was
held about her while the audit named her (findings15 3)."""

from __future__ import annotations

import json
import re

from domain.infra.models import Group
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import Collages, Journey
from tests.e2e.organizers import admin_link, open_link
from tests.e2e.steps import read_export
from tests.e2e.test_approvals import alice_waiting
from tests.e2e.test_claims import _class, _whois

ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


async def test_a_hebrew_group_s_claim_link_reaches_its_organizer_in_hebrew(
    journey: Journey, collages: Collages
) -> None:
    # The teacher never joined as a parent: facedrop holds no language of hers.
    poster, _pat, _mallory, group, office = await _class(journey, collages)
    await Group.filter(chat_id=group["id"]).update(language="he")
    sheet = await _whois(journey, poster, office)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    name_it = sheet["reply_markup"]["inline_keyboard"][0][0]["text"]
    await journey.press(poster, sheet, name_it)
    (prompt,) = await journey.replies(office["id"], before)
    private = journey.last(poster)["message_id"]
    await journey.world.user_sends_text(
        office["id"], poster["id"], "יואב", reply_to_message_id=prompt["message_id"]
    )
    (link,) = await journey.replies(poster["id"], private)
    assert "ניתן בקבוצה" in link["text"] and "is named" not in link["text"], link["text"]
    assert not ENGLISH_MONTH.search(link["text"]), link["text"]

    # Revoked from /unclaimed: the link's message says so, in Hebrew too.
    await journey.settle()  # the admin chat heard that the link was sent
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    revoke = next(
        b
        for row in listing["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].endswith(":r")
    )
    await journey.world.press_button(
        poster["id"], office["id"], listing["message_id"], revoke["callback_data"]
    )
    await journey.settle()
    gone = journey.now(link)["text"]
    assert "כבר לא עובד" in gone and "no longer works" not in gone, gone


async def test_a_used_admin_link_is_refused_in_the_opener_s_language(journey: Journey) -> None:
    poster = journey.world.create_user("מורה", username="teacher_he", language_code="he")
    group, _payload = await journey.group_with_bot("כיתה ג", poster, [])
    url = await admin_link(journey, group, poster)
    await open_link(
        journey, poster, url, journey.world.create_group("מנהלים", creator_id=poster["id"])
    )
    other = journey.world.create_group("זר", creator_id=poster["id"])
    start = await journey.script.open_startgroup(poster, url, other)
    await journey.replies(other["id"], start)
    await journey.settle()
    said = [
        m["text"]
        for m in journey.world.transcript(other["id"], after_id=start["message_id"])
        if m["from"]["is_bot"] and "text" in m
    ]
    with in_language("he"):
        assert moderation_texts.admin_link_expired() in said, said
    assert not any("already used" in text for text in said), said


async def test_an_organizer_s_export_and_forget_say_what_the_audit_keeps_of_her(
    journey: Journey,
) -> None:
    """findings15 3: a teacher who never joined as a parent, whose name every /audit line
    of hers shows, read "I don't hold anything about you." at /export (and at /forget
    "nothing to delete")."""
    poster, _group, office, _ann, card = await alice_waiting(journey)
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    sent = await journey.says(poster, "/export")
    (reply,) = await journey.replies(poster["id"], sent)
    assert reply["document"]["file_name"] == "facedrop-export.json"
    data = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    assert data["you"] == {"telegram_user_id": poster["id"]}
    (action,) = data["your_actions_as_an_organizer"]["actions"]
    assert (action["group"], action["action"], action["as"]) == ("Class 1A", "approved", "Poster")
    # In /audit's words (findings21 19: the codes alone, "setting_changed" saying nothing).
    assert action["what"] == "Poster approved a new person"
    # /privacy says what is kept of her (it named only what is kept of parents).
    privacy = await journey.reply_to(poster, "/privacy")
    assert (
        "if you organize a group: what you did in its admin chat (approvals, bans, takedowns, "
        "settings and the like), with your Telegram name, in its audit, the organizers' record "
        "(/export lists it; /forget takes your name off, not the record)"
    ) in privacy["text"]
    forget = await journey.reply_to(poster, "/forget")
    assert forget["text"] == (
        "I don't hold anything about you as a parent. What you did as an organizer is in the "
        "audit log of each group you acted in, with your name (/export lists it). Send /forget "
        "confirm to take your name off it: what you did stays there, the organizers' record, by "
        "your Telegram id only."
    )

    # She takes her name off: the record stays, and the /audit open in the admin chat no
    # longer names her (a parent's /forget did so; hers did nothing).
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert "Poster" in audit["text"]
    sent = await journey.says(poster, "/forget confirm")
    said, done = await journey.replies(poster["id"], sent, count=2)
    await journey.settle()
    assert done["text"] == (
        "Your name is off what you did as an organizer: each group's audit log keeps it by your "
        "Telegram id only. I hold nothing else about you."
    )
    assert journey.now(said)["text"] == "Deleted everything."
    assert "Poster" not in journey.now(audit)["text"]
    assert "approved" in journey.now(audit)["text"]
    forget = await journey.reply_to(poster, "/forget")
    assert forget["text"] == (
        "I don't hold anything about you, so there is nothing to delete. What you did as an "
        "organizer stays in the audit log of each group you acted in, by your Telegram id only, "
        "without your name."
    )
    data = await read_export(journey, poster)
    (action,) = data["your_actions_as_an_organizer"]["actions"]
    assert (action["action"], action["as"]) == ("approved", "")
