"""A parent's own language (issue 15): the private chat speaks the language of their
Telegram app (its ``language_code``) when facedrop speaks it, or the one they choose with
/language; a group speaks its organizers' choice. Every message and every button a
Russian or a Hebrew parent gets through the whole journey is in their language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.replies import in_parts
from domain.corrections import texts as corrections_texts
from domain.delivery import texts as delivery_texts
from domain.enrollment import texts as enrollment_texts
from domain.infra.models import Participant
from domain.languages import markup, texts
from domain.languages.catalogs import _, in_language
from domain.moderation import texts as moderation_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts
from domain.privacy import texts as privacy_texts
from sandbox.errors import ControlError
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import joins_then_co_guardian

X, NOBODY = CAST["angelina"], CAST["strangers"]
SCRIPTS = {"ru": re.compile("[\u0400-\u04ff]"), "he": re.compile("[\u0590-\u05ff]")}


def _from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


def _said(message: dict[str, Any]) -> list[str]:
    """What the parent reads in a message: its text or caption and its buttons."""
    return [message.get("text") or message.get("caption") or "", *labels(message)]


async def _journey_in(
    journey: Journey, collages: Collages, language: str, child: str
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """The whole journey of a parent whose Telegram speaks ``language``: the group's link,
    consent, /add with three photos, /done, a group photo delivered, "Not <child>?", /help,
    /persons and the child's card, /settings, then /forget. Returns the parent, what
    the card said, and the delivered copy as it was before /forget (which takes its
    buttons off)."""
    poster = journey.user("Poster")
    parent = journey.world.create_user("Ann", username="ann", language_code=language)
    group, payload = await journey.group_with_bot("Class 1A", poster, [parent])
    early = await journey.reply_to(parent, f"/add {child}")  # before joining any group
    with in_language(language):
        assert early["text"] == markup.plain(onboarding_texts.needs_group())

    consent = await journey.reply_to(parent, f"/start {payload}")
    with in_language(language):
        assert consent["text"] == markup.plain(onboarding_texts.consent_request("Class 1A", None))
        agree = onboarding_texts.agree_button()
        details = privacy_texts.privacy_button()
    assert labels(consent) == [agree, details]
    await journey.press(parent, consent, agree)
    await journey.settle()

    asked = await journey.reply_to(parent, f"/add {child}")
    with in_language(language):
        assert asked["text"] == markup.plain(enrollment_texts.ask_photos(child))
    for name in X["enroll"]:
        sent = (
            await journey.world.user_sends_photos(parent["id"], parent["id"], [photo_bytes(name)])
        )[0]
        (verdict,) = await journey.replies(parent["id"], sent)
        assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(parent, "/done")
    await journey.replies(parent["id"], done, count=2)

    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(parent)
    with in_language(language):
        assert delivered["caption"] == markup.plain(
            delivery_texts.delivery_caption([child], "Class 1A")
        )
        not_child = delivery_texts.not_person_button(child)
    assert labels(delivered) == [not_child]
    await journey.press(parent, delivered, not_child)
    await journey.settle()

    for command in ("/help", "/settings", "/history"):
        await journey.reply_to(parent, command)
    await journey.settle()
    opened = await journey.card(parent, child)
    card = opened.get("text") or opened.get("caption") or ""
    forget = await journey.reply_to(parent, "/forget")
    with in_language(language):
        yes = privacy_texts.forget_button()
    await journey.press(parent, forget, yes)
    await journey.settle()
    with in_language(language):
        assert _from_bot(journey, parent)[-1]["text"] == markup.plain(privacy_texts.forgotten())
    return parent, card, delivered


def _not_in(journey: Journey, parent: dict[str, Any], language: str, *names: str) -> list[str]:
    """Whatever the parent read that has words but no letter of their language's script
    (a caption or a button that is only names, "Alice · Class 1A", has no language)."""
    script = SCRIPTS[language]

    def words(said: str) -> bool:
        for name in names:
            said = said.replace(name, "")
        return bool(re.search(r"[^\W\d_]", said))

    return [
        said
        for message in _from_bot(journey, parent)
        for said in _said(message)
        if words(said) and not script.search(said)
    ]


async def test_a_russian_parent_does_the_whole_journey_in_russian(
    journey: Journey, collages: Collages
) -> None:
    parent, _card, _delivered = await _journey_in(journey, collages, "ru", "Алиса")
    assert _not_in(journey, parent, "ru", "Алиса", "Class 1A") == []
    assert len(_from_bot(journey, parent)) >= 12


async def test_a_hebrew_parent_does_the_whole_journey_in_hebrew_with_names_kept_apart(
    journey: Journey, collages: Collages
) -> None:
    parent, card, delivered = await _journey_in(journey, collages, "he", "Alice")
    assert _not_in(journey, parent, "he", "Alice", "Class 1A") == []
    # A Latin name inside a right-to-left sentence keeps its own direction.
    assert "\u2068Alice\u2069" in delivered["caption"]
    assert "\u2068Class 1A\u2069" in delivered["caption"]
    # Its only letters are isolated: the line begins with a right-to-left mark, or a Hebrew
    # app lays it out left to right, the group before the child (walkhe 11).
    assert delivered["caption"] == "\u200f\u2068Alice\u2069 · \u2068Class 1A\u2069"
    # Her own name on Alice's card is isolated alone: "(you)" reads in Hebrew, after it.
    (guardians,) = [line for line in card.split("\n") if "Ann" in line]
    assert guardians.endswith("\u2068Ann\u2069 (אתם)"), guardians
    # "Not Alice?": what "Remove this photo only" does, said of no "him" (Alice may be a
    # girl): "I'll stop counting this photo as theirs" is "as the person's". (Her menu,
    # still open at /forget, says it closed since: its words are read from the catalog.)
    with in_language("he"):
        choices = markup.plain(corrections_texts.not_person_choices("Alice"))
    assert "אפסיק לשייך את התמונה הזו לאדם הזה" in choices
    assert not re.search(r"(?<!\w)(?:אליו|שלו|אותו)(?!\w)", choices)


async def test_language_chooses_the_chats_language_and_telegrams_comes_back(
    journey: Journey,
) -> None:
    ann = journey.world.create_user("Ann", username="ann", language_code="ru")
    card = await journey.reply_to(ann, "/language")
    with in_language("ru"):
        assert card["text"] == markup.plain(texts.language_text("ru", chosen=False))
        telegrams = texts.telegram_language_button()
    assert labels(card) == ["English", "Русский", "עברית", "Español", "✓ " + telegrams]

    spanish = data_of(card, "Español")
    answer = await journey.press(ann, card, "Español")
    with in_language("es"):
        assert answer["text"] == markup.plain(texts.language_chosen("es"))
        assert journey.now(card)["text"] == markup.plain(texts.language_text("es", chosen=True))
        help_text = onboarding_texts.help_text()
    assert (await Participant.get(telegram_user_id=ann["id"])).language == "es"
    # One message in Spanish too: what I keep is /privacy's, not carried here.
    asked = await journey.says(ann, "/help")
    (helped,) = await journey.replies(ann["id"], asked)
    assert in_parts(help_text) == [help_text]
    assert helped["text"] == markup.plain(help_text)
    assert "/privacy" in helped["text"] and "/admin" in helped["text"]
    with in_language("es"):
        assert markup.plain(privacy_texts.what_i_keep()) not in helped["text"]
    # The same press again changes nothing and says so in Spanish.
    again = await journey.world.press_button(ann["id"], ann["id"], card["message_id"], spanish)
    with in_language("es"):
        assert again["text"] == markup.plain(texts.language_chosen("es"))

    # Back to Telegram's: Russian again.
    await journey.world.press_button(ann["id"], ann["id"], card["message_id"], "lg:")
    # Her own choices are stored (she pressed them), the language now unset: Telegram's.
    assert (await Participant.get(telegram_user_id=ann["id"])).language is None
    with in_language("ru"):
        assert journey.now(card)["text"] == markup.plain(texts.language_text("ru", chosen=False))
        help_text = onboarding_texts.help_text()
    # In Russian: one message as well, all of it.
    asked = await journey.says(ann, "/help")
    (helped,) = await journey.replies(ann["id"], asked)
    assert in_parts(help_text) == [help_text]
    assert helped["text"] == markup.plain(help_text)
    await journey.settle()
    assert journey.last(ann) == helped  # nothing more came


async def test_privacy_reaches_its_reader_whole_in_every_language(journey: Journey) -> None:
    """/privacy in Spanish and Russian was refused by Telegram ("message is too long": their
    "What I keep" list alone is over 4096 characters), so the reader got nothing; now it
    comes in two messages, cut between two points of the list, all of it."""
    for code, parts_of_keep in (("es", 2), ("ru", 2), ("he", 1), ("en", 1)):
        reader = journey.world.create_user(f"Reader {code}", language_code=code)
        with in_language(code):
            said = in_parts(privacy_texts.privacy([]))
        asked = await journey.says(reader, "/privacy")
        read = await journey.replies(reader["id"], asked, len(said))
        assert [message["text"] for message in read] == [markup.plain(part) for part in said]
        assert len(read) == parts_of_keep
    await journey.settle()
    assert journey.last(reader) == read[-1]  # nothing more came


async def test_in_hebrew_the_menu_says_it_writes_in_hebrew_idiomatically(
    journey: Journey,
) -> None:
    """findings21 1 (nit): "אני כותב לכם בשפה עברית" ("in the language Hebrew") reads
    "אני כותב לכם בעברית", and the press's answer "מעכשיו אכתוב לכם בעברית."."""
    rina = journey.world.create_user("Rina", username="rina", language_code="he")
    card = await journey.reply_to(rina, "/language")
    assert card["text"].startswith("אני כותב לכם בעברית, השפה של אפליקציית הטלגרם שלכם")
    answer = await journey.press(rina, card, "עברית")
    assert answer["text"] == "מעכשיו אכתוב לכם בעברית."
    assert journey.now(card)["text"].startswith("אני כותב לכם בעברית. בחרו שפה אחרת")
    assert "בשפה" not in journey.now(card)["text"].split(".")[0]


async def test_a_tampered_language_button_changes_nothing(journey: Journey) -> None:
    """Another user's press of the same data sets their own language only; a code no button
    offers is refused."""
    ann, bob = journey.user("Ann"), journey.user("Bob")
    card = await journey.reply_to(ann, "/language")
    refused = await journey.world.press_button(ann["id"], ann["id"], card["message_id"], "lg:xx")
    assert refused["text"] == texts.button_expired()
    assert (
        await Participant.get_or_none(telegram_user_id=ann["id"], language__not_isnull=True) is None
    )
    hebrew = data_of(card, "עברית")
    # Bob cannot press a button in Ann's private chat (Telegram refuses it); the same data
    # from a button of his own sets his language, not hers.
    with pytest.raises(ControlError):
        await journey.world.press_button(bob["id"], ann["id"], card["message_id"], hebrew)
    his = await journey.reply_to(bob, "/language")
    await journey.world.press_button(bob["id"], bob["id"], his["message_id"], hebrew)
    assert (await Participant.get(telegram_user_id=bob["id"])).language == "he"
    # Ann only opened the menu: nothing of her is stored (findings25 9), her language unset.
    assert await Participant.get_or_none(telegram_user_id=ann["id"]) is None


async def test_a_parent_whose_telegram_speaks_a_language_facedrop_does_not_reads_english(
    journey: Journey,
) -> None:
    ann = journey.world.create_user("Ann", username="ann", language_code="pt-br")
    reply = await journey.reply_to(ann, "/help")
    assert reply["text"] == markup.plain(onboarding_texts.help_text())
    card = await journey.reply_to(ann, "/language")
    assert card["text"] == markup.plain(texts.language_text("en", chosen=False))


async def test_the_command_menu_is_in_the_users_language(journey: Journey) -> None:
    ann = journey.world.create_user("Ann", username="ann", language_code="he")
    bob = journey.user("Bob")
    await journey.reply_to(ann, "/help")  # the bot is up and has set its menus
    hebrew = journey.world.commands_for(ann["id"], ann["id"])
    english = journey.world.commands_for(bob["id"], bob["id"])
    assert [c["command"] for c in hebrew] == [c["command"] for c in english]
    assert "language" in [c["command"] for c in english]
    assert all(SCRIPTS["he"].search(c["description"]) for c in hebrew)
    assert not any(SCRIPTS["he"].search(c["description"]) for c in english)


async def test_in_a_group_members_find_the_link_and_admins_find_admin_in_their_menu(
    journey: Journey,
) -> None:
    poster = journey.world.create_user("Olga", username="olga", language_code="ru")
    ann = journey.user("Ann")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [ann])
    members = [c["command"] for c in journey.world.commands_for(ann["id"], group["id"])]
    admins = journey.world.commands_for(poster["id"], group["id"])
    assert members == ["help"]
    # Only what works in the group (the admin chat's menu has the rest).
    assert [c["command"] for c in admins] == ["admin", "takedown", "ban", "unban", "help"]
    assert all(SCRIPTS["ru"].search(c["description"]) for c in admins)  # Olga's language
    # Each is a command the admin chat's /help explains.
    explained = set(re.findall(r"/([a-z]+)", moderation_texts.admin_chat_help(["Class 1A"])))
    assert {c for c, _d in moderation_texts.ORGANIZER_COMMANDS} <= explained


async def test_co_guardians_are_offered_the_held_photos_each_in_their_own_language(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    boris = journey.user("Boris")
    await joins_then_co_guardian(journey, ann, "Alice", boris, group)
    card = await journey.reply_to(boris, "/language")
    await journey.world.press_button(
        boris["id"], boris["id"], card["message_id"], data_of(card, "Русский")
    )
    assert (await Participant.get(telegram_user_id=boris["id"])).language == "ru"

    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Pause")
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    card = await journey.card(ann, "Alice")
    resumed, offer = await journey.after_pressing(ann, card, "Resume", count=2)
    assert resumed["text"] == "Resumed Alice: I'll send their photos and clips again."
    assert offer["text"] == "While Alice was paused, I held 1 photo of them from Class 1A. Send it?"
    assert labels(offer) == ["Yes", "No"]
    await journey.settle()
    his = next(
        m
        for m in reversed(_from_bot(journey, boris))
        if m.get("reply_markup", {}).get("inline_keyboard", [[{}]])[0][0].get("callback_data", "")
        == offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    with in_language("ru"):
        assert his["text"] == markup.plain(
            persons_texts.held_offer("Alice", 1, groups=["Class 1A"])
        )
        assert labels(his) == [_(texts.YES), _(texts.NO)]
    assert SCRIPTS["ru"].search(his["text"])


async def test_a_hebrew_line_that_starts_with_a_command_reads_right_to_left_and_is_tappable(
    journey: Journey,
) -> None:
    """Telegram lays out a line in the direction of its first strong character: each
    Hebrew /help line that starts with a command starts with a right-to-left mark, and the
    command after it is still one the parent can tap (a bot_command entity)."""
    ann = journey.world.create_user("Ann", username="ann", language_code="he")
    with in_language("he"):
        help_text = onboarding_texts.help_text()
    asked = await journey.says(ann, "/help")
    parts = await journey.replies(ann["id"], asked, count=len(in_parts(help_text)))
    assert "\n\n".join(part["text"] for part in parts) == markup.plain(help_text)
    tapped, lines = set(), []
    for part in parts:
        commands = {e["offset"] for e in part.get("entities", []) if e["type"] == "bot_command"}
        start = 0  # in UTF-16 code units, as Telegram counts offsets (all in the BMP here)
        for line in part["text"].split("\n"):
            # A right-to-left mark, then the command isolated left to right (drawn "/add").
            if line.lstrip("\u200f\u2066").startswith("/"):
                lines.append(line)
                if start + 2 in commands:
                    tapped.add(line)
            start += len(line) + 1
    assert len(lines) >= 8
    assert [line for line in lines if not line.startswith("\u200f\u2066/")] == []
    assert set(lines) == tapped
    # Each line's first letter is a Hebrew one (the mark counts as one), as the app reads it.
    for part in parts:
        for line in part["text"].split("\n"):
            first = re.search(r"[^\W\d_]|\u200f", line)
            assert first is None or first.group() == "\u200f" or SCRIPTS["he"].match(first.group())


async def test_what_is_open_in_the_chat_and_its_menu_follow_a_language_chosen(
    journey: Journey,
) -> None:
    """findings18 10: after /language → Español her open card, /persons list and /settings
    card kept English (with English buttons) until something else changed, and her command
    menu never followed."""
    ann, _poster, _group = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    listing = await journey.reply_to(ann, "/persons")
    settings = await journey.reply_to(ann, "/settings")
    chooser = await journey.reply_to(ann, "/language")

    def shown(message: dict[str, Any]) -> tuple[str, list[str]]:
        now = journey.now(message)
        return now.get("caption") or now["text"], labels(now)

    english = [shown(m) for m in (card, settings)]
    spanish_data = data_of(chooser, "Español")
    for language, data in (("es", spanish_data), ("en", "lg:")):
        await journey.world.press_button(ann["id"], ann["id"], chooser["message_id"], data)
        await journey.settle()
        with in_language(language):
            header = _("Your people:")
            wanted = [_(description) for _command, description in onboarding_texts.COMMANDS]
        # The list open says it in the chosen language (the list is frozen "as of" once a
        # newer one comes: read before the others below).
        assert shown(listing)[0].startswith(header + "\n"), shown(listing)
        # Each open card is what the same command shows now, in the chosen language.
        assert shown(card) == shown(await journey.card(ann, "Alice"))
        assert shown(settings) == shown(await journey.reply_to(ann, "/settings"))
        assert ([shown(m) for m in (card, settings)] == english) == (language == "en")
        menu = journey.world.commands_for(ann["id"], ann["id"])
        assert [c["description"] for c in menu] == wanted
