"""The admin chat (issue 11): linking it with /admin and the startgroup link, what the bot
does there, its /help, and /audit with undo. Every action as an admin of the group (works),
a member who is no admin, an admin of another group, and a demoted admin (refused, nothing
changed: Postgres is read)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from domain.infra.models import AssignmentEvent, Group, ModerationEvent, Participant, Photo
from domain.moderation.audit import Actor
from domain.states import AssignmentOperation, MediaKind, ModerationAction
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes
from tests.e2e.organizers import admin_link, bound_admin_chat, link_of, open_link, post_link


def bot_messages(journey: Journey, chat: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(chat["id"]) if m["from"]["is_bot"]]


async def test_an_admin_links_an_admin_chat_and_it_is_no_photo_group(journey: Journey) -> None:
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, _ = await journey.group_with_bot("Class 1A", poster, [ann])

    sent = await journey.says(poster, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    url = link_of(answer)
    assert "has no admin chat yet" in answer["text"]
    await journey.settle()
    assert journey.now(sent).get("_deleted"), "the /admin command is tidied away"

    office = journey.world.create_group("Office", creator_id=poster["id"], member_ids=[ann["id"]])
    linked = await open_link(journey, poster, url, office)
    assert "now the admin chat of Class 1A" in linked["text"]
    # The welcome as a photo group (join link, "make me an admin") was deleted.
    assert bot_messages(journey, office) == [linked]
    stored = await Group.get(chat_id=group["id"])
    assert stored.admin_chat_id == office["id"]
    (event,) = await ModerationEvent.filter(group=stored)
    assert event.action == ModerationAction.ADMIN_CHAT_LINKED
    assert (event.actor_user_id, event.actor_name, event.subject) == (
        poster["id"],
        "Poster",
        "Office",
    )
    # Nobody joins it: the bot's own joining, handled beside the /start that bound it,
    # makes no photo group of the chat, or closes it (greeting at once here; with the
    # wait that production has, no welcome at all: test_seventh_walk_admin).
    await asyncio.sleep(1)
    assert not await Group.filter(chat_id=office["id"], is_active=True).exists()

    # The link was used: opened again elsewhere, it binds nothing.
    other = journey.world.create_group("Another chat", creator_id=poster["id"])
    assert "already used" in (await open_link(journey, poster, url, other))["text"]
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == office["id"]

    # Photos posted in the admin chat are not recognized.
    posted = await journey.post(office, poster, photo_bytes(CAST["angelina"]["enroll"][0]))
    await journey.settle()
    assert not await Photo.filter(group__chat_id=office["id"]).exists()
    assert bot_messages(journey, office) == [linked]

    # /help there, for anyone in the chat: the organizers' commands and what they show.
    helped = (await journey.replies(office["id"], await journey.says(ann, "/help", office["id"])))[
        0
    ]
    assert helped["text"].startswith("This is the admin chat of Class 1A")
    for command in ("/audit", "/takedown", "/ban", "/pause", "/stats", "/settings"):
        assert command in helped["text"]
    assert "no faces" in helped["text"] and "one enrollment face crop" in helped["text"]
    # Faces show on approval cards and /whois sheets, and the help says both.
    assert "Faces appear here only on these cards and on /whois sheets." in helped["text"]
    assert "the only place a face appears" not in helped["text"]
    assert posted  # (the photo itself stays the organizers' own)

    # /admin again: the current admin chat by title, and one link message in the group.
    again = await journey.says(poster, "/admin", group["id"])
    (second,) = await journey.replies(group["id"], again)
    await journey.settle()
    assert "The admin chat is now Office; linking another moves it there." in second["text"]
    assert journey.now(answer).get("_deleted")
    links = [m for m in bot_messages(journey, group) if "startgroup" in str(m.get("reply_markup"))]
    assert links == [second]

    # A takedown asked in the admin chat, still to be confirmed when the admin chat moves.
    (in_group,) = await journey.post(group, poster, photo_bytes(CAST["strangers"]["group"][0]))
    await journey.settle()
    asked = await journey.says(poster, f"/takedown {post_link(group, in_group)}", office["id"])
    (confirm,) = await journey.replies(office["id"], asked)
    assert labels(confirm) == ["Take it down", "Cancel"]

    # Relinking moves it: the old admin chat is told.
    office2 = journey.world.create_group("Office 2", creator_id=poster["id"])
    moved = await open_link(journey, poster, link_of(second), office2)
    assert "now the admin chat of Class 1A" in moved["text"]
    told = bot_messages(journey, office)[-1]
    assert told["text"].startswith("This chat no longer serves Class 1A")
    # Its "now the admin chat" says it was (walkhe2 6); its open takedown question closes,
    # pointing to the new admin chat (walken4 11).
    assert journey.now(linked)["text"] == (
        "This chat was the admin chat of Class 1A; its admin chat is Office 2 now."
    ), journey.now(linked)["text"]
    now = journey.now(confirm)
    assert now["text"] == ("The admin chat of Class 1A is Office 2 now: send /takedown there."), (
        now["text"]
    )
    assert labels(now) == []
    # Its /help answer no longer lists commands that do nothing there: it says what the
    # chat is now, as /help sent there now says.
    no_longer = (
        "This chat is no longer the admin chat of Class 1A: an admin of the group linked "
        "another admin chat. To make this chat its admin chat again, an admin of the group "
        "sends /admin in the group and picks this chat."
    )
    assert journey.now(helped)["text"] == no_longer, journey.now(helped)["text"]
    # /admin there says the same, not an offer to link an admin chat for it.
    (admin_there,) = await journey.replies(
        office["id"], await journey.says(poster, "/admin", office["id"])
    )
    assert admin_there["text"] == no_longer, admin_there["text"]
    assert "reply_markup" not in admin_there
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == office2["id"]
    assert await ModerationEvent.filter(action=ModerationAction.ADMIN_CHAT_LINKED).count() == 2

    # Removed from the admin chat, the bot unlinks it, and says so in the group.
    await journey.world.set_bot_status(office2["id"], "kicked")
    await journey.settle()
    assert (await Group.get(chat_id=group["id"])).admin_chat_id is None
    told = bot_messages(journey, group)[-1]
    assert told["text"].startswith("I was removed from the admin chat of Class 1A")


async def test_an_anonymous_admin_gets_the_link_and_one_chat_serves_two_groups(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    class1, _ = await journey.group_with_bot("Class 1A", poster, [])
    class2, _ = await journey.group_with_bot("Class 2B", poster, [])
    sent = await journey.world.anonymous_admin_sends_text(class1["id"], poster["id"], "/admin")
    (answer,) = await journey.replies(class1["id"], sent)
    office = journey.world.create_group("School office", creator_id=poster["id"])
    await open_link(journey, poster, link_of(answer), office)
    (event,) = await ModerationEvent.all()
    assert event.actor_user_id == poster["id"]  # the one who opened the link in the office

    linked = await open_link(journey, poster, await admin_link(journey, class2, poster), office)
    assert "now the admin chat of Class 2B" in linked["text"]
    assert {g.chat_id for g in await Group.filter(admin_chat_id=office["id"])} == {
        class1["id"],
        class2["id"],
    }
    helped = (
        await journey.replies(office["id"], await journey.says(poster, "/help", office["id"]))
    )[0]
    assert "Class 1A" in helped["text"] and "Class 2B" in helped["text"]

    # /audit there asks which group, and shows that group's events only.
    asked = await audit_of(journey, poster, office)
    assert asked["text"] == "Which group?"
    before = journey.world.transcript(office["id"])[-1]
    await journey.press(poster, asked, "Class 2B")
    (shown,) = await journey.replies(office["id"], before)
    assert shown["text"].startswith("Audit of Class 2B")
    assert "Poster linked the admin chat School office" in shown["text"]
    assert "To move the admin chat, an admin sends /admin in the group." in shown["text"]
    assert shown["text"].count("linked the admin chat") == 1
    assert "reply_markup" not in shown


async def test_only_an_admin_of_the_group_links_it(journey: Journey) -> None:
    poster, ann, bob = journey.user("Poster"), journey.user("Ann"), journey.user("Bob")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    other, other_payload = await journey.group_with_bot("Class 2B", bob, [ann])

    # A member who is no admin: a refusal, no link, no token made.
    sent = await journey.says(ann, "/admin", group["id"])
    (refused,) = await journey.replies(group["id"], sent)
    assert refused["text"] == "Only the group's admins can use /admin."
    assert "reply_markup" not in refused
    assert (await Group.get(chat_id=group["id"])).admin_token is None

    # An admin of another group who is a member here, and a demoted admin: refused too
    # (Dan: Ann's second refusal would be silent, one per member per few minutes).
    dan = journey.user("Dan")
    await journey.world.set_member_status(group["id"], bob["id"], "member")
    await journey.world.set_member_status(group["id"], dan["id"], "administrator")
    await journey.world.set_member_status(group["id"], dan["id"], "member")
    for user in (bob, dan):
        sent = await journey.says(user, "/admin", group["id"])
        (refused,) = await journey.replies(group["id"], sent)
        assert refused["text"] == "Only the group's admins can use /admin."
    assert (await Group.get(chat_id=group["id"])).admin_token is None

    url = await admin_link(journey, group, poster)
    anns_chat = journey.world.create_group("Ann's chat", creator_id=ann["id"])
    answer = await open_link(journey, ann, url, anns_chat)
    assert "Only an admin of Class 1A" in answer["text"]

    # An admin of another group, in a chat of their own.
    bobs_chat = journey.world.create_group("Bob's chat", creator_id=bob["id"])
    answer = await open_link(journey, bob, url, bobs_chat)
    assert "Only an admin of Class 1A" in answer["text"]

    # A demoted admin (promoted again, then demoted after getting the link).
    await journey.world.set_member_status(group["id"], ann["id"], "administrator")
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    answer = await open_link(journey, ann, url, anns_chat)
    assert "Only an admin of Class 1A" in answer["text"]

    # The group itself, and a photo group with members, are refused too.
    answer = await open_link(journey, poster, url, group)
    assert "not the group itself" in answer["text"]
    await journey.join(ann, other_payload)
    await journey.world.set_member_status(other["id"], poster["id"], "member")
    answer = await open_link(journey, poster, url, other)
    assert "photo group with members or photos" in answer["text"]

    stored = await Group.get(chat_id=group["id"])
    assert stored.admin_chat_id is None
    assert not await ModerationEvent.exists()
    assert payload  # the group's own join link is untouched
    assert (await Group.get(chat_id=other["id"])).is_active is True

    # Then the right admin, in a fresh chat, with the same (unused) link: linked.
    office = journey.world.create_group("Office", creator_id=poster["id"])
    assert "now the admin chat" in (await open_link(journey, poster, url, office))["text"]


# ----- /audit ---------------------------------------------------------------------------------


async def audited_class(journey: Journey) -> dict[str, Any]:
    """Class 1A with an admin chat (Poster, Ann: no admin, Bob: admin of Class 2B, Carol:
    demoted), a pause, a setting change, an approval of Alice and Ann's correction."""
    poster, ann, bob, carol = (journey.user(n) for n in ("Poster", "Ann", "Bob", "Carol"))
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, carol])
    await journey.join(ann, payload)
    await journey.group_with_bot("Class 2B", bob, [])
    office = await bound_admin_chat(journey, group, [poster, ann, bob, carol])
    await journey.world.set_member_status(group["id"], carol["id"], "administrator")

    stored = await Group.get(chat_id=group["id"])
    boss = Actor(poster["id"], "Poster")
    await ModerationEvent.record(
        stored.id, ModerationAction.APPROVED, boss, subject="Alice", details={"kind": "person"}
    )
    stored.requires_approval = True
    await stored.save(update_fields=["requires_approval"])
    await ModerationEvent.record(
        stored.id,
        ModerationAction.SETTING_CHANGED,
        boss,
        subject="approval",
        details={"setting": "approval", "old": False, "new": True},
    )
    photo = await Photo.create(
        group=stored,
        message_id=999,
        file_id="f",
        file_unique_id="u",
        media_kind=MediaKind.PHOTO,
        posted_at=datetime(2026, 11, 12, 9, 0, tzinfo=UTC),
    )
    await AssignmentEvent.create(
        operation=AssignmentOperation.MOVE,
        actor="participant",
        actor_participant=await Participant.get(telegram_user_id=ann["id"]),
        face_count=2,
        photo_count=1,
        photo_ids=[str(photo.id)],
    )
    stored.paused_at = datetime.now(UTC)
    await stored.save(update_fields=["paused_at"])
    await ModerationEvent.record(stored.id, ModerationAction.PAUSED, boss)
    return {
        "poster": poster,
        "ann": ann,
        "bob": bob,
        "carol": carol,
        "group": group,
        "office": office,
    }


async def audit_of(
    journey: Journey, user: dict[str, Any], office: dict[str, Any]
) -> dict[str, Any]:
    sent = await journey.says(user, "/audit", office["id"])
    (answer,) = await journey.replies(office["id"], sent)
    return answer


async def test_audit_lists_events_without_names_and_undoes_a_pause(journey: Journey) -> None:
    c = await audited_class(journey)
    await journey.world.set_member_status(c["group"]["id"], c["carol"]["id"], "member")  # demoted
    office = c["office"]

    shown = await audit_of(journey, c["poster"], office)
    text = shown["text"]
    assert text.startswith("Audit of Class 1A")
    assert "Poster paused the group" in text
    assert "Poster changed a setting: approval of new persons off → on" in text
    assert "Poster approved a new person" in text
    assert "Ann corrected 2 faces on a photo of Nov 12" in text
    assert "Alice" not in text  # no child's name
    assert "An approval can't be undone here." in text
    buttons = [b["text"] for row in shown["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["↩️ Undo 1", "↩️ Undo 3"]  # the pause (newest) and the setting

    # Everyone else: /audit refused, and the Undo button changes nothing.
    for name in ("ann", "bob", "carol"):
        refused = await audit_of(journey, c[name], office)
        assert refused["text"] == "Only an admin of Class 1A can see its audit.", name
        pressed = await journey.press(c[name], shown, "↩️ Undo 1")
        assert pressed["text"] == "Only the group's admins can do that.", name
    stored = await Group.get(chat_id=c["group"]["id"])
    assert stored.paused_at is not None
    assert not await ModerationEvent.filter(action=ModerationAction.RESUMED).exists()

    # Another /audit, shown later: the same lines, the same buttons.
    other = await audit_of(journey, c["poster"], office)
    assert other["text"] == text and labels(other) == labels(shown)

    # The admin undoes the pause: resumed, audited, said in the admin chat with the group.
    before = journey.world.transcript(office["id"])[-1]
    undo_1 = data_of(shown, "↩️ Undo 1")
    pressed = await journey.press(c["poster"], shown, "↩️ Undo 1")
    assert pressed["text"] == "Undone."
    # The card keeps its lines, says which was undone, and only the Undo still of use;
    # the other /audit shown says so too (its Undo 1 no longer offered).
    for card in (shown, other):

        def says_undone(message: dict[str, Any] = card) -> bool:
            return "(undone)" in journey.now(message)["text"]

        await journey.until(says_undone)
        now = journey.now(card)
        assert "1. " in now["text"] and "Poster paused the group (undone)" in now["text"]
        assert labels(now) == ["↩️ Undo 3"]
    (said,) = await journey.replies(office["id"], before)
    # What waited (the photo made above, never recognized) is counted, as /resume does.
    assert said["text"] == (
        "↩️ Class 1A: Poster undid “Poster paused the group”.\n"
        "The photo posted while it was paused was queued to be handled."
    )
    stored = await Group.get(chat_id=c["group"]["id"])
    assert stored.paused_at is None
    resumed = await ModerationEvent.get(action=ModerationAction.RESUMED)
    paused = await ModerationEvent.get(action=ModerationAction.PAUSED)
    assert resumed.actor_user_id == c["poster"]["id"]
    assert resumed.details["undoes"] == str(paused.id)
    assert paused.undone_at is not None and paused.undone_by_user_id == c["poster"]["id"]

    # Pressed twice (a replay, or an older card): said who undid it, nothing more.
    again = await journey.world.press_button(
        c["poster"]["id"], office["id"], shown["message_id"], undo_1
    )
    assert again["text"] == "Already undone by Poster." and again["show_alert"] is True
    assert await ModerationEvent.filter(action=ModerationAction.RESUMED).count() == 1

    # The setting back, and the new audit shows the undo.
    before = journey.world.transcript(office["id"])[-1]
    assert (await journey.press(c["poster"], shown, "↩️ Undo 3"))["text"] == "Undone."
    # Said in the admin chat (waited for: it came after the /audit below once, read as it).
    (said,) = await journey.replies(office["id"], before)
    assert said["text"].startswith("↩️ Class 1A: Poster undid “Poster changed a setting")
    for _ in range(100):  # the card is edited right after the answer
        if "reply_markup" not in journey.now(shown):
            break
        await asyncio.sleep(0.1)
    assert "reply_markup" not in journey.now(shown)  # no Undo left on the card
    assert (await Group.get(chat_id=c["group"]["id"])).requires_approval is False
    later = await audit_of(journey, c["poster"], office)
    assert "Poster resumed the group (an undo)" in later["text"]
    assert "(undone)" in later["text"]
    # An undo is not offered to be undone in turn (the organizer acts again instead).
    assert not [label for label in labels(later) if label.startswith("↩️ Undo")], later
    assert later["text"].count("An undo isn't undone in turn: to go back, do it again.") == 2

    # Forged or foreign data: expired.
    forged = await journey.world.press_button(
        c["poster"]["id"], office["id"], shown["message_id"], "au:AAAAAAAAAAAAAAAAAAAAAA"
    )
    assert forged["text"] == "This button has expired."


async def test_audit_outside_an_admin_chat_and_of_a_quiet_group(journey: Journey) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    sent = await journey.says(poster, "/audit", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    assert answer["text"].startswith(
        "/audit works in this group's admin chat, and it has none yet. Send /admin here"
    )
    office = await bound_admin_chat(journey, group, [poster])
    quiet = await audit_of(journey, poster, office)
    assert quiet["text"] == "Nothing happened in Class 1A yet: no moderation, no corrections."


async def test_admin_names_the_admin_chat_by_its_telegram_title_never_its_id(
    journey: Journey,
) -> None:
    """/admin in the group names the linked admin chat by its title as Telegram has it,
    never by a chat id, even when the bot recorded the chat under no title (the record
    falls back to the id, as the Hebrew walk showed)."""
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [])
    sent = await journey.says(poster, "/admin", group["id"])
    (answer,) = await journey.replies(group["id"], sent)
    office = journey.world.create_group("Office", creator_id=poster["id"])
    await open_link(journey, poster, link_of(answer), office)
    await journey.settle()
    await Group.filter(chat_id=office["id"]).update(title=str(office["id"]))
    again = await journey.says(poster, "/admin", group["id"])
    (second,) = await journey.replies(group["id"], again)
    assert "The admin chat is now Office; linking another moves it there." in second["text"]
    assert str(office["id"]) not in second["text"]
