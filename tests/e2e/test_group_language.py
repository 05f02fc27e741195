"""The language of a group's messages (issue 11's setting, issue 15's catalogs): what the
bot posts in the group itself, and in its admin chat, speaks the language its admins chose
in /settings; a private chat speaks its participant's own (tests/e2e/test_languages.py)."""

from __future__ import annotations

import re
from typing import Any

from bot.handlers.group_settings import values_of
from domain.groups import texts as groups_texts
from domain.infra.models import Group, ModerationEvent
from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts
from domain.states import ModerationAction
from tests.e2e.conftest import BOT_USERNAME, CAST, Collages, Journey, data_of, labels
from tests.e2e.organizers import admin_link, bound_admin_chat, open_link, takedown_asked_in_group
from tests.e2e.test_group_settings import settings_card

X, NOBODY = CAST["angelina"], CAST["strangers"]
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _bot_says(journey: Journey, chat_id: int, after: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in journey.world.transcript(chat_id)
        if m["from"]["is_bot"] and m["message_id"] > after["message_id"]
    ]


async def _language_events(group: dict[str, Any]) -> list[dict[str, Any]]:
    row = await Group.get(chat_id=group["id"])
    return [
        e.details
        for e in await ModerationEvent.filter(
            group_id=row.id, action=ModerationAction.SETTING_CHANGED
        ).order_by("created_at")
    ]


async def _class_with_its_settings(journey: Journey) -> tuple[dict[str, Any], ...]:
    """Class 1A (the Poster created it, Ann is a member), its admin chat with both in it,
    and the /settings card there."""
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])
    chat = await bound_admin_chat(journey, group, [poster, ann])
    return poster, ann, group, chat, await settings_card(journey, poster, chat)


async def test_the_group_and_its_admin_chat_hear_its_language_a_parents_chat_their_own(
    journey: Journey, collages: Collages
) -> None:
    poster, ann, group, chat, card = await _class_with_its_settings(journey)
    assert "Language: English" in card["text"]
    assert [label for label in labels(card)][-4:] == ["• English", "Русский", "עברית", "Español"]

    # Ann reads the admin chat but is no admin of the group: her press changes nothing.
    refused = await journey.press(ann, card, "Русский")
    assert refused["text"] == texts.only_admins_change_settings()
    assert (await Group.get(chat_id=group["id"])).language == "en"

    russian = data_of(card, "Русский")
    # The admin chat speaks the new language at once: the answer and the card say it so.
    changed = await journey.press(poster, card, "Русский")
    again = await journey.world.press_button(  # the same press replayed
        poster["id"], chat["id"], card["message_id"], russian
    )
    with in_language("ru"):
        assert changed["text"] == texts.setting_changed("Class 1A", "language", "ru")
        assert again["text"] == texts.setting_unchanged("Class 1A", "language", "ru")
        assert journey.now(card)["text"] == markup.plain(
            texts.group_settings_card(
                "Class 1A",
                values_of(await Group.get(chat_id=group["id"])),
                journey.settings.delivery.digest_hour_utc,
                paused=False,
            )
        )
    assert CYRILLIC.search(changed["text"].replace("Русский", ""))
    assert (await Group.get(chat_id=group["id"])).language == "ru"
    assert await _language_events(group) == [{"setting": "language", "old": "en", "new": "ru"}]

    # In the group, the bot now speaks Russian: a member's /takedown is refused in Russian,
    # and /start there gives the link in Russian.
    tried = await journey.world.user_sends_text(group["id"], ann["id"], "/takedown")
    (refusal,) = await journey.replies(group["id"], tried)
    assert refusal["text"] == "Пользоваться командой /takedown могут только администраторы группы."
    asked = await journey.says(ann, "/start", group["id"])
    (hint,) = await journey.replies(group["id"], asked)
    assert hint["text"].startswith("Напишите мне в личные сообщения: https://t.me/")

    # An admin's /takedown in the group asks in the admin chat, which serves this group
    # alone: in the group's language.
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    command = await journey.world.user_sends_text(
        group["id"], poster["id"], "/takedown", reply_to_message_id=posted["message_id"]
    )
    await journey.settle()
    (question,) = _bot_says(journey, chat["id"], card)
    assert CYRILLIC.search(question["text"]) and "Class 1A" in question["text"]
    with in_language("ru"):
        assert labels(question) == [texts.takedown_go(), texts.takedown_cancel()]
    # The group hears where the question waits, in its language too.
    (hint,) = _bot_says(journey, group["id"], command)
    with in_language("ru"):
        assert hint["text"] == markup.plain(
            texts.takedown_asked_in_admin_chat(texts.admin_chat_name("Class 1A office", None))
        )
    # Ann's Telegram speaks no language of facedrop's: her private chat stays English.
    await journey.says(ann, "/help")
    await journey.settle()
    for said in _bot_says(journey, ann["id"], {"message_id": 0}):
        assert not CYRILLIC.search(said.get("text", "")), said


async def test_a_hebrew_group_is_told_and_asked_in_hebrew_with_its_name_kept_apart(
    journey: Journey, collages: Collages
) -> None:
    poster, ann, group, chat, card = await _class_with_its_settings(journey)
    await journey.press(poster, card, "עברית")
    assert (await Group.get(chat_id=group["id"])).language == "he"
    isolated_title = "\u2068Class 1A\u2069"  # the Latin name keeps its direction in Hebrew

    # The bot is removed from the admin chat: the group hears it in Hebrew.
    last = journey.world.transcript(group["id"])[-1]
    await journey.world.set_bot_status(chat["id"], "left")
    (told,) = await journey.replies(group["id"], last)
    assert told["text"].startswith("הוציאו אותי מצ'אט המנהלים של " + isolated_title)

    # No admin chat now: an admin's /takedown is asked under the photo, in Hebrew.
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    question = await takedown_asked_in_group(journey, group, poster, posted)
    assert question["text"] == (
        "להסיר את התמונה הזו? אמחק אותה כאן ואת כל עותק ששלחתי להורים. "
        "האישור שמור למי שביקש את ההסרה."
    )
    assert labels(question) == ["להסיר", "ביטול"]
    not_hers = await journey.press(ann, question, "להסיר")
    assert not_hers["text"] == (
        "רק מנהלים של " + isolated_title + " יכולים להסיר את התמונות והסרטונים של הקבוצה."
    )
    kept = await journey.press(poster, question, "ביטול")
    assert kept["text"] == "נשמר: שום דבר לא הוסר."
    # Asked again and confirmed: the worker's report in the group is in Hebrew too (the
    # Poster has no private chat with the bot, and there is no admin chat).
    question = await takedown_asked_in_group(journey, group, poster, posted)
    taking = await journey.press(poster, question, "להסיר")
    assert taking["text"] == "מסיר את התמונה. אודיע לכם כשזה יסתיים."
    await journey.settle()
    assert journey.world.transcript(group["id"])[-1]["text"] == "הוסר."

    # Removed from the group and added again, the bot greets it in Hebrew.
    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    last = journey.world.transcript(group["id"])[-1]
    await journey.world.set_bot_status(group["id"], "administrator")
    (welcome,) = await journey.replies(group["id"], last)
    assert welcome["text"].startswith(f"שלום, {isolated_title}! אני facedrop.")
    # The parents are plural, and so their children: no parent is "he" (walkhe N3).
    assert (
        "אני שולח להורים, בפרטי, רק את התמונות והסרטונים מהקבוצה הזו שבהם מופיעים הילדים שלהם."
        in welcome["text"]
    )
    assert "הילד או הילדה שלו" not in welcome["text"]
    assert labels(welcome) == ["קבלת התמונות והסרטונים של הילד או הילדה שלי"]


async def test_members_cannot_make_the_bot_repeat_itself_in_the_group(journey: Journey) -> None:
    """Anyone may send /audit or ``/start@bot <anything>`` in the group: each sender hears
    one refusal (in the group's language) per few minutes, and their commands go (an
    organizers' command is refused privately to one who started the bot)."""
    poster, ann, bob = journey.user("Poster"), journey.user("Ann"), journey.user("Bob")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, bob])
    for member in (ann, bob):  # parents use it: a photo group, not a chat for organizers
        await journey.join(member, payload)
    chat = await bound_admin_chat(journey, group, [poster])
    await journey.press(poster, await settings_card(journey, poster, chat), "Русский")
    before = journey.world.transcript(group["id"])[-1]
    tries = []
    for user, text in (
        (ann, "/audit"),
        (ann, "/audit"),
        (bob, f"/start@{BOT_USERNAME} not-a-token"),
        (bob, f"/start@{BOT_USERNAME} not-a-token"),
        (ann, f"/start@{BOT_USERNAME} another"),
    ):
        tries.append(await journey.world.user_sends_text(group["id"], user["id"], text))
    await journey.settle()
    said = [m["text"] for m in _bot_says(journey, group["id"], before)]
    # One refusal per sender, in whichever order the bot handled their updates (concurrently).
    used = (
        "Эта ссылка для администраторов уже использована или заменена. Администратор группы "
        "может отправить там /admin, чтобы получить новую."
    )
    assert said == [used, used]
    told = [m["text"] for m in journey.world.transcript(ann["id"]) if "/audit" in m["text"]]
    assert told == ["Only the admins of Class 1A can use /audit there."] * 2
    assert all(journey.now(sent).get("_deleted") is True for sent in tries)
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == chat["id"]  # unchanged


async def test_a_russian_groups_admin_chat_is_linked_and_moved_in_russian(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    await Group.filter(chat_id=group["id"]).update(language="ru")

    office = journey.world.create_group("Office", creator_id=poster["id"])
    linked = await open_link(journey, poster, await admin_link(journey, group, poster), office)
    with in_language("ru"):
        assert linked["text"] == markup.plain(texts.admin_chat_linked("Class 1A"))
    assert CYRILLIC.search(linked["text"])

    # Linked elsewhere: the chat it moved from is told in the group's language too.
    office2 = journey.world.create_group("Office 2", creator_id=poster["id"])
    moved = await open_link(journey, poster, await admin_link(journey, group, poster), office2)
    assert CYRILLIC.search(moved["text"])
    told = [m for m in journey.world.transcript(office["id"]) if m["from"]["is_bot"]][-1]
    with in_language("ru"):
        assert told["text"] == markup.plain(texts.admin_chat_moved_away("Class 1A"))
        no_longer = markup.plain(texts.no_longer_admin_chat("Class 1A"))
    # The chat it moved from says so, in the group's language, whatever is asked there
    # (walkhe 10: its /help spoke of a photo group, in English, once it served none).
    for command in ("/help", "/settings", "/stats"):
        sent = await journey.says(poster, command, office["id"])
        (answer,) = await journey.replies(office["id"], sent)
        assert answer["text"] == no_longer, command


async def test_a_group_starts_in_the_language_of_who_added_the_bot(journey: Journey) -> None:
    olga = journey.world.create_user("Olga", username="olga", language_code="ru-RU")
    group, _ = await journey.group_with_bot("Class 1A", olga, [])
    (welcome,) = [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and "pinned_message" not in m
    ]
    with in_language("ru"):
        assert labels(welcome) == [groups_texts.join_button()]
    assert CYRILLIC.search(welcome["text"])
    assert (await Group.get(chat_id=group["id"])).language == "ru"

    # Only the first welcome: the bot removed and added again by an English speaker keeps
    # what the group had (its organizers may have chosen it).
    bob = journey.world.create_user("Bob", username="bob", language_code="en")
    await journey.world.set_member_status(group["id"], bob["id"], "administrator")
    await journey.world.set_bot_status(group["id"], "left")
    await journey.world.set_bot_status(group["id"], "administrator", by_user_id=bob["id"])
    await journey.settle()
    assert (await Group.get(chat_id=group["id"])).language == "ru"

    # A teacher whose Telegram speaks a language facedrop does not: English.
    jan = journey.world.create_user("Jan", username="jan", language_code="pl")
    other, _ = await journey.group_with_bot("Klasa 2B", jan, [])
    assert (await Group.get(chat_id=other["id"])).language == "en"


async def test_in_a_hebrew_group_the_join_link_is_tappable_whole(journey: Journey) -> None:
    """/help in a Hebrew group gives the join link as Telegram finds it: the link a parent
    taps is the bot's link itself, with no invisible direction mark taken into it."""
    poster, ann, group, _chat, card = await _class_with_its_settings(journey)
    await journey.press(poster, card, "עברית")
    payload = journey.group_payload(group)
    link = f"https://t.me/{BOT_USERNAME}?start={payload}"
    for user in (ann, poster):  # the parent's hint, the admin's list of commands
        sent = await journey.says(user, "/help", group["id"])
        (helped,) = await journey.replies(group["id"], sent)
        units = helped["text"].encode("utf-16-le")
        tapped = [
            units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in helped.get("entities", [])
            if e["type"] == "url"
        ]
        assert tapped == [link], helped
        # facedrop puts no isolate around a link (Telegram would end the link there anyway).
        at = helped["text"].index(link)
        around = helped["text"][at - 1] + helped["text"][at + len(link) : at + len(link) + 1]
        assert not {"\u2068", "\u2069"} & set(around), helped["text"]
    # And that link works: opened, it asks Ann to agree.
    opened = await journey.world.open_start_link(ann["id"], payload)
    (answer,) = await journey.replies(ann["id"], opened)
    assert "Do you agree?" in answer["text"], answer
