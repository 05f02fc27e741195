"""Organizers in the photo group itself (issue 32): the admin chat's commands sent there
say where they work (the linked admin chat by name, with its link when it is public), or
to send /admin first; the group's /admin answer says what is true once a chat is linked."""

from __future__ import annotations

from typing import Any

from domain.groups import texts
from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import Journey, labels
from tests.e2e.organizers import admin_link, bound_admin_chat, link_of, open_link
from tests.e2e.test_group_settings import settings_card


async def answer_in_group(
    journey: Journey, user: dict[str, Any], text: str, group: dict[str, Any]
) -> dict[str, Any]:
    sent = await journey.says(user, text, group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    return answer


def links_in(message: dict[str, Any]) -> list[str]:
    return [e["url"] for e in message.get("entities", []) if e["type"] == "text_link"]


async def test_organizer_commands_in_the_group_point_to_the_linked_admin_chat(
    journey: Journey,
) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])

    # Before any admin chat: /admin first.
    pointers = {}
    for command in ("stats", "whois", "settings"):
        said = pointers[command] = await answer_in_group(journey, poster, f"/{command}", group)
        assert said["text"] == (
            f"/{command} works in this group's admin chat, and it has none yet. Send /admin "
            f"here first to link one, then /{command} there."
        )
    helped = await answer_in_group(journey, poster, "/help", group)
    assert helped["text"].endswith("this group has none yet: send /admin first.")

    asked = await journey.says(poster, "/admin", group["id"])
    (first,) = await journey.replies(group["id"], asked)
    assert "This group has no admin chat yet" in first["text"]
    assert labels(first) == ["Choose the admin chat"]
    office = journey.world.create_group("Class 1A office", creator_id=poster["id"])
    linked = await open_link(journey, poster, link_of(first), office)
    assert "now the admin chat of Class 1A" in linked["text"]

    # The earlier answer says what it led to, and its spent link is gone.
    now = await journey.edited(journey.now(first))
    assert now["text"] == (
        "Admin chat of Class 1A\n✅ Linked: the admin chat is Class 1A office. An admin "
        "sends /admin here to move it to another chat."
    ), now["text"]
    assert labels(now) == []
    # So do the answers that said the group has none yet (findings-walken 1).
    for command, said in pointers.items():
        assert journey.now(said)["text"] == (
            f"/{command} works in this group's admin chat, Class 1A office, where only "
            "the organizers read the answer. Send it there."
        ), journey.now(said)["text"]
    assert journey.now(helped)["text"].endswith(
        "The others work in the admin chat, Class 1A office."
    ), journey.now(helped)["text"]

    # In the group, each organizers' command names the admin chat (private: no link).
    for command in ("stats", "whois", "settings", "audit"):
        said = await answer_in_group(journey, poster, f"/{command}", group)
        assert said["text"] == (
            f"/{command} works in this group's admin chat, Class 1A office, where only "
            "the organizers read the answer. Send it there."
        ), said["text"]
        assert links_in(said) == []
        assert "not the admin chat of any group" not in said["text"]

    # A public admin chat is named with its t.me link.
    journey.world.set_chat_username(office["id"], "class1a_office")
    said = await answer_in_group(journey, poster, "/stats", group)
    assert links_in(said) == ["https://t.me/class1a_office"]

    # A parent gets no pointer: refused (once), and nothing about the admin chat.
    refused = await answer_in_group(journey, ann, "/stats", group)
    assert "office" not in refused["text"]

    # /admin again: linked to the office, and the button moves it.
    again = await answer_in_group(journey, poster, "/admin", group)
    assert "The admin chat is now Class 1A office; linking another moves it there." in again["text"]
    assert labels(again) == ["Move the admin chat"]

    # The bot removed from the office: that answer says there is none, with a working link.
    await journey.world.set_bot_status(office["id"], "kicked")
    await journey.settle()
    reopened = journey.now(again)
    assert "This group has no admin chat yet" in reopened["text"], reopened["text"]
    assert labels(reopened) == ["Choose the admin chat"]
    assert "it has none yet" in journey.now(pointers["stats"])["text"]
    office2 = journey.world.create_group("Office 2", creator_id=poster["id"])
    moved = await open_link(journey, poster, link_of(reopened), office2)
    assert "now the admin chat of Class 1A" in moved["text"]


async def test_the_settings_cards_language_line_says_who_speaks_which_language(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    ann = journey.world.create_user("Ann", username="ann", language_code="ru")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])
    office = await bound_admin_chat(journey, group, [poster, ann])
    card = await settings_card(journey, poster, office)
    assert (
        "• Language: of my messages in the group itself and in this admin chat (English here "
        "when this chat serves groups set to different languages). In private chats I write "
        "to each person in their own language: the one they chose with /language, else their "
        "Telegram app's."
    ) in card["text"]

    # As it says: Español switches this admin chat (the card itself) and the group...
    await journey.press(poster, card, "Español")
    spanish = journey.now(card)["text"]
    assert spanish.startswith("⚙️ Ajustes de") and "• Idioma:" in spanish, spanish
    said = await answer_in_group(journey, poster, "/stats", group)
    assert said["text"].startswith("/stats funciona en el chat de administración"), said["text"]
    # ...and a parent's private chat follows her own Telegram app (Russian), not the group.
    helped = await journey.says(ann, "/help")
    (answer,) = await journey.replies(ann["id"], helped)
    assert answer["text"].startswith("Я нахожу вашего ребёнка"), answer["text"]


async def test_the_welcome_is_pinned_once_the_bot_may_pin_and_tells_admins_where_to_start(
    journey: Journey,
) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])  # added as an admin
    await journey.settle()
    welcome = next(m for m in journey.world.transcript(group["id"]) if m["from"]["is_bot"])
    said = (
        "Admins of the group: send /admin here to link the admin chat (approvals, "
        "takedowns, settings) or see which one is linked; /help lists your tools."
    )
    assert welcome["text"].endswith(said)
    (pinned,) = [m for m in journey.world.transcript(group["id"]) if "pinned_message" in m]
    assert pinned["pinned_message"]["message_id"] == welcome["message_id"]
    assert journey.world.chat(group["id"]).pinned_message_id == welcome["message_id"]
    # Once an admin chat is linked, the pinned welcome is still true (it read "send /admin
    # here to link a chat for the organizers", as if none were).
    await journey.script.admin_chat(group, poster, "Class 1A organizers")
    assert journey.now(welcome)["text"].endswith(said)

    # Added as a member it may not pin; made an admin, it pins its welcome then.
    later, _ = await journey.group_with_bot("Class 2B", poster, [ann], admin=False)
    await journey.settle()
    assert journey.world.chat(later["id"]).pinned_message_id is None
    await journey.world.set_bot_status(later["id"], "administrator")
    await journey.settle()
    first = next(m for m in journey.world.transcript(later["id"]) if m["from"]["is_bot"])
    assert journey.world.chat(later["id"]).pinned_message_id == first["message_id"]

    # What the empty private chat and the START screen show, in each language.
    bot = journey.world.default_bot()
    assert set(bot.descriptions) == set(bot.short_descriptions) == {"", "ru", "he", "es"}
    for code, key in (("en", ""), ("ru", "ru"), ("he", "he"), ("es", "es")):
        with in_language(code):
            assert bot.descriptions[key] == texts.bot_description()
            assert bot.short_descriptions[key] == texts.bot_short_description()
    assert bot.descriptions[""].startswith("I find your child in the photos")
    assert "/admin" in bot.descriptions[""]
    assert bot.short_descriptions["ru"].startswith("Присылает каждому родителю")


async def test_help_in_the_group_lists_what_each_ones_menu_offers(journey: Journey) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])

    # A parent's menu offers /help alone: it gives the join link, and no organizer's tool.
    assert [c["command"] for c in journey.world.commands_for(ann["id"], group["id"])] == ["help"]
    hint = await answer_in_group(journey, ann, "/help", group)
    assert hint["text"].startswith("Talk to me in private:") and payload in hint["text"]
    assert "/admin" not in hint["text"]

    # An admin's menu offers the organizers' commands: /help lists each, as the menu says.
    menu = journey.world.commands_for(poster["id"], group["id"])
    assert len(menu) == 5  # what works here: /admin /takedown /ban /unban /help
    helped = await answer_in_group(journey, poster, "/help", group)
    for entry in menu:
        assert f"/{entry['command']} {entry['description']}\n" in helped["text"], entry
    assert payload in helped["text"]
    assert helped["text"].endswith(
        "Here in the group: /admin, /takedown, /ban, /unban, /help. The others work in the "
        "admin chat, and this group has none yet: send /admin first."
    )
    office = journey.world.create_group("Class 1A office", creator_id=poster["id"])
    await open_link(journey, poster, await admin_link(journey, group, poster), office)
    helped = await answer_in_group(journey, poster, "/help", group)
    assert helped["text"].endswith("The others work in the admin chat, Class 1A office.")

    # Privately, the organizer's /help says where her group's tools are (walkmore 7: it
    # said how to link an admin chat, as to one who organizes nothing); a parent's, how.
    # By the admin chat's title once the bot has met it there ("its admin chat" until
    # then, also true: on a slow machine the bot had not met it within a minute of tries).
    private = await journey.reply_to(poster, "/help")
    assert private["text"].endswith(
        (
            "You organize Class 1A: its tools are in Class 1A office (/help there).",
            "You organize Class 1A: its tools are in its admin chat (/help there).",
        )
    ), private["text"]
    assert "Organizing a group?" not in private["text"]
    private = await journey.reply_to(ann, "/help")
    assert private["text"].endswith(
        "Organizing a group? Its admins send /admin in the group to link a chat for the "
        "organizers, where they approve new people, take photos and clips down, read the "
        "audit and change settings; /help there lists those tools."
    )


async def test_the_groups_admin_answer_speaks_the_language_the_group_changed_to(
    journey: Journey,
) -> None:
    """findings18 17: the group's language set to Español redrew its welcome, not the
    /admin answer the group keeps beside it (English beside a Spanish welcome)."""
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    asked = await journey.says(poster, "/admin", group["id"])
    (first,) = await journey.replies(group["id"], asked)
    office = journey.world.create_group("Class 1A office", creator_id=poster["id"])
    await open_link(journey, poster, link_of(first), office)
    english = str((await journey.edited(journey.now(first)))["text"])
    assert english.startswith("Admin chat of Class 1A\n✅ Linked")

    card = await settings_card(journey, poster, office)
    await journey.press(poster, card, "Español")
    await journey.until(lambda: journey.now(first)["text"] != english)
    with in_language("es"):
        said = markup.plain(
            moderation_texts.admin_link_done(
                "Class 1A", moderation_texts.admin_chat_name("Class 1A office", None)
            )
        )
    assert said.startswith("Chat de administración de Class 1A\n✅ Vinculado")
    assert journey.now(first)["text"] == said
    assert labels(journey.now(first)) == []
