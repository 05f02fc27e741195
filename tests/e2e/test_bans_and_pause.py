"""Organizers ban a participant from a group in facedrop, and pause the whole group.

Only Telegram admins of the group may: a member of the admin chat who is not one, an
admin of another group and an admin who was demoted are refused, and nothing changes
(read in Postgres)."""

from __future__ import annotations

import json
from typing import Any

from domain.infra.models import (
    Delivery,
    Face,
    Group,
    GroupBan,
    Membership,
    ModerationEvent,
    Participant,
    Photo,
)
from domain.infra.telegram.callbacks import BanChoiceData, short
from domain.moderation.audit import Actor
from domain.moderation.texts import ORGANIZER_COMMANDS
from domain.moderation.undo import UndoOutcome
from domain.settings import MatchingSettings
from domain.states import DeliveryStatus, MembershipStatus, ModerationAction, PhotoStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, data_of, labels
from tests.e2e.organizers import audit_undo, bound_admin_chat
from tests.e2e.steps import forget_everything

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def _says_in(journey: Journey, chat: dict[str, Any], user: dict[str, Any], text: str) -> str:
    """``user`` sends ``text`` in ``chat``; the bot's answer there."""
    sent = await journey.says(user, text, chat["id"])
    (reply,) = await journey.replies(chat["id"], sent)
    return str(reply.get("text") or reply.get("caption") or "")


async def _group(journey: Journey, chat: dict[str, Any]) -> Group:
    return await Group.get(chat_id=chat["id"])


async def _membership(user: dict[str, Any]) -> MembershipStatus | None:
    membership = await Membership.get_or_none(participant__telegram_user_id=user["id"])
    return membership.status if membership else None


async def test_a_reply_ban_in_the_group_stops_photos_and_the_link_and_survives_forget(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    payload = journey.group_payload(group)
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    office = await bound_admin_chat(journey, group, [poster])

    hello = await journey.says(ann, "Hello everyone", group["id"])
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    command = await journey.world.user_sends_text(
        group["id"], poster["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    (told,) = await journey.replies(office["id"], before)
    assert told["text"] == (
        "Class 1A: Ann (@ann) is banned. They get no more photos or clips from this group and "
        "can't join it again through my link. /unban lifts it."
    )
    assert journey.now(command).get("_deleted"), "the /ban message stays in the group"
    # Ann is told, privately (redrawn at her /forget below: walken3 4).
    await journey.until(lambda: "turned off my service" in journey.last(ann).get("text", ""))
    notice = journey.last(ann)
    # Nothing is said in the group: no name there.
    assert [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and "pinned_message" not in m
    ][1:] == []
    assert await GroupBan.exists(telegram_user_id=ann["id"], banned_by_user_id=poster["id"])
    assert await _membership(ann) == MembershipStatus.BANNED
    (event,) = await ModerationEvent.all()
    assert (event.action, event.actor_user_id, event.subject) == (
        ModerationAction.BANNED,
        poster["id"],
        "Ann (@ann)",
    )

    # No more photos, and the link refuses her without accusing her.
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
    refused = await journey.reply_to(ann, f"/start {payload}")
    assert refused["text"] == (
        "The organizers of Class 1A have turned off my service for you in this group, so I "
        "can't send you its photos and clips. If you think this is a mistake, please ask them."
    )
    assert await _membership(ann) == MembershipStatus.BANNED
    sent = await journey.says(ann, "/export")
    (exported,) = await journey.replies(ann["id"], sent)
    data = json.loads(journey.world.file_bytes(exported["document"]["file_id"]).data)
    assert [b["group"] for b in data["banned_from_groups"]] == ["Class 1A"]

    # /forget deletes her, not the ban, as /privacy says; the link still refuses her.
    help_text = " ".join((await journey.reply_to(ann, "/privacy"))["text"].split())
    assert (
        "if a group's organizers stop my service for you in their group, your Telegram id and "
        "that group, kept even after /forget so that their decision holds"
    ) in help_text
    sent = await journey.says(poster, "/audit", office["id"])
    (audited,) = await journey.replies(office["id"], sent)
    assert "Poster banned Ann (@ann)" in audited["text"]  # the actor named as on every line
    await forget_everything(journey, ann)
    assert not await Participant.exists(telegram_user_id=ann["id"])
    # "Your people stay" no longer: her notice and the refusal say she deleted everything.
    since = (
        "The organizers of Class 1A have turned off my service for you in this group. Since "
        "then you deleted everything I had about you."
    )
    assert (journey.now(notice)["text"], journey.now(refused)["text"]) == (since, since)
    # The /audit shown before no longer names her, as /privacy says (its Undo stays).
    audited_now = journey.now(audited)
    assert "Ann" not in audited_now["text"] and "@ann" not in audited_now["text"]
    assert f"banned user {ann['id']}" in audited_now["text"], audited_now["text"]
    assert labels(audited_now) == labels(audited)
    (ban,) = await GroupBan.all()
    assert ban.telegram_user_id == ann["id"]
    again = await journey.reply_to(ann, f"/start {payload}")
    assert again["text"].startswith("The organizers of Class 1A have turned off")

    # /unban by user id (she is known only by the ban now) lets her join again.
    assert await _says_in(journey, office, poster, f"/unban {ann['id']}") == (
        f"Class 1A: user {ann['id']} is no longer banned. They can join again through my "
        "link in the group (nothing is restored until they do)."
    )
    assert not await GroupBan.exists()
    # The refusal since says the service is back on (walken3 4).
    assert journey.now(again)["text"] == (
        "The organizers of Class 1A had turned off my service for you in this group; they "
        "have since turned it back on."
    )
    assert "Do you agree?" in (await journey.reply_to(ann, f"/start {payload}"))["text"]
    assert [e.action for e in await ModerationEvent.all().order_by("created_at")] == [
        ModerationAction.BANNED,
        ModerationAction.UNBANNED,
    ]
    # A Hebrew admin chat reads her id in Hebrew: nothing English is stored (walkhe 1).
    sent = await journey.says(poster, "/settings", office["id"])
    (card,) = await journey.replies(office["id"], sent)
    await journey.press(poster, card, "עברית")
    sent = await journey.says(poster, "/audit", office["id"])
    (hebrew,) = await journey.replies(office["id"], sent)
    assert "user" not in hebrew["text"], hebrew["text"]
    assert f"ביטול החסימה של \u2068משתמש/ת {ann['id']}\u2069" in hebrew["text"]


async def test_a_ban_from_the_admin_chat_cancels_what_was_not_sent_yet(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    # Ann blocked the bot: her photo is parked, to be sent when she is back.
    await journey.world.block(ann["id"])
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (parked,) = await Delivery.all()
    assert parked.status == DeliveryStatus.PARKED

    assert await _says_in(journey, office, poster, "/ban nobody_here") == (
        "I don't know nobody_here in Class 1A: I can only ban people who joined it through my "
        "link (their @username or Telegram user id)."
    )
    assert await _says_in(journey, office, poster, "/ban") == (
        "To ban someone from a group in facedrop: reply /ban to one of their messages in the "
        "group, or send /ban @username or /ban user_id here. /unban works the same way."
    )
    assert not await GroupBan.exists()
    # An admin of the group is not a target: their rights go first, in Telegram.
    await journey.world.set_member_status(group["id"], ann["id"], "administrator")
    assert await _says_in(journey, office, poster, "/ban @ann") == (
        "That's an admin of Class 1A: remove their admin rights in Telegram first if they "
        "should not get photos or clips."
    )
    # Asked of herself (a parent there too), she reads of herself (walkmore 6).
    await journey.join(poster, journey.group_payload(group))
    assert await _says_in(journey, office, poster, f"/ban {poster['id']}") == (
        "You're an admin of Class 1A: remove your admin rights in Telegram first if you "
        "should not get photos or clips."
    )
    assert not await GroupBan.exists()
    await journey.world.set_member_status(group["id"], ann["id"], "member")

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith(
        "Class 1A: Ann (@ann) is banned."
    )
    assert (await Delivery.get(id=parked.id)).status == DeliveryStatus.CANCELLED
    assert (await _says_in(journey, office, poster, "/ban @Ann")) == (
        "Class 1A: Ann (@ann) was already banned."
    )
    assert await ModerationEvent.filter(action=ModerationAction.BANNED).count() == 1

    # Back again, she gets nothing of the group.
    await journey.world.block(ann["id"], blocked=False)
    await journey.settle()
    assert journey.photos_for(ann) == []

    # The audit's undo of the ban lifts it, once.
    event = await ModerationEvent.get(action=ModerationAction.BANNED)
    admin = Actor(poster["id"], "Poster")
    group_row = await _group(journey, group)
    assert (await audit_undo().undo(event.id, group_row, admin)).outcome == UndoOutcome.UNDONE
    assert not await GroupBan.exists()
    assert await _membership(ann) == MembershipStatus.LEFT  # not restored silently
    again = await audit_undo().undo(event.id, group_row, admin)
    assert (again.outcome, again.by) == (UndoOutcome.ALREADY, "Poster")


async def test_only_the_groups_admins_ban_pause_resume_and_see_stats(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    bea, bob, carol, dave = (journey.user(n) for n in ("Bea", "Bob", "Carol", "Dave"))
    for user in (bea, bob, carol):
        await journey.world.set_member_status(group["id"], user["id"], "member")
    await journey.join(bea, journey.group_payload(group))
    # Bob is an admin of another group; Carol an admin of this one, until demoted.
    other, _ = await journey.group_with_bot("Class 2B", bob, [])
    office = await bound_admin_chat(journey, group, [poster, bob, carol, dave])
    await journey.world.set_member_status(group["id"], carol["id"], "administrator")

    assert (await _says_in(journey, office, poster, "/ban @ann")).startswith("Class 1A: Ann")
    assert (await _says_in(journey, office, carol, "/pause")).startswith("Class 1A is paused")
    await journey.world.set_member_status(group["id"], carol["id"], "member")

    events = await ModerationEvent.all().count()
    refusal = "Only the admins of Class 1A can do that."
    for user in (dave, bob, carol):
        for text in ("/ban @bea", "/unban @ann", "/pause", "/resume", "/stats"):
            assert await _says_in(journey, office, user, text) == refusal, (user["id"], text)
    # In the group, every organizers' command of a member is refused one way (walkhe 12):
    # the command goes and Bea, who started the bot, is told privately which and where;
    # the group reads no answer.
    hello = await journey.says(bea, "Hi", group["id"])
    command = await journey.world.user_sends_text(
        group["id"], bea["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    (told,) = await journey.replies(bea["id"], journey.last(bea)["message_id"])
    assert told["text"] == "Only the admins of Class 1A can use /ban there."
    await journey.until(lambda: bool(journey.now(command).get("_deleted")))
    organizers_commands = [c for c, _ in ORGANIZER_COMMANDS if c not in ("help", "ban")]
    sent = []
    for name in organizers_commands:
        before = journey.last(bea)["message_id"]
        sent.append(await journey.says(bea, f"/{name}", group["id"]))
        (told,) = await journey.replies(bea["id"], before)
        assert told["text"] == f"Only the admins of Class 1A can use /{name} there.", name
    await journey.until(lambda: all(journey.now(m).get("_deleted") for m in sent))
    assert not [
        m for m in journey.world.transcript(group["id"]) if m["message_id"] > hello["message_id"]
    ]
    # Eve never started the bot: a reply to her command in the group, which stays so the
    # reply reads right; past it, a few minutes of her commands only go.
    eve = journey.user("Eve")
    await journey.world.set_member_status(group["id"], eve["id"], "member")
    first = await journey.says(eve, "/stats", group["id"])
    (reply,) = await journey.replies(group["id"], first)
    assert reply["text"] == "Only the group's admins can use /stats."
    assert reply["reply_to_message"]["message_id"] == first["message_id"]
    second = await journey.says(eve, "/settings", group["id"])
    await journey.until(lambda: bool(journey.now(second).get("_deleted")))
    assert not journey.now(first).get("_deleted")
    assert journey.world.transcript(group["id"])[-1]["message_id"] == reply["message_id"]

    # Nothing changed.
    assert [b.telegram_user_id for b in await GroupBan.all()] == [ann["id"]]
    assert await _membership(bea) == MembershipStatus.MEMBER
    assert (await _group(journey, group)).paused_at is not None
    assert await ModerationEvent.all().count() == events
    assert not [m for m in journey.world.transcript(office["id"]) if "photo" in m]
    assert (await _group(journey, other)).paused_at is None


async def test_an_admin_chat_of_two_groups_asks_which_group_and_rechecks_the_presser(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    second, payload = await journey.group_with_bot("Class 1B", poster, [ann])
    await journey.join(ann, payload)
    dave = journey.user("Dave")
    office = await bound_admin_chat(journey, group, [poster, dave])
    await Group.filter(chat_id=second["id"]).update(admin_chat_id=office["id"])

    sent = await journey.says(poster, "/ban @ann", office["id"])
    (choice,) = await journey.replies(office["id"], sent)
    assert choice["text"] == "Which group?"

    refused = await journey.press(dave, choice, "Class 1B")
    assert refused.get("text") == "Only the admins of Class 1B can do that."
    assert not await GroupBan.exists()

    chosen = data_of(choice, "Class 1B")
    answered = await journey.press(poster, choice, "Class 1B")
    assert answered["answered"]
    assert (await journey.edited(choice))["text"].startswith("Class 1B: Ann (@ann) is banned.")
    (ban,) = await GroupBan.all().prefetch_related("group")
    assert ban.group.title == "Class 1B"
    # Pressed again: already done, nothing twice.
    await journey.world.press_button(poster["id"], office["id"], choice["message_id"], chosen)
    assert await ModerationEvent.filter(action=ModerationAction.BANNED).count() == 1
    # Forged data: a group this chat does not serve.
    third, _ = await journey.group_with_bot("Class 3C", poster, [ann])
    forged = BanChoiceData(act="b", group=short((await _group(journey, third)).id), user=ann["id"])
    answer = await journey.world.press_button(
        poster["id"], office["id"], choice["message_id"], forged.pack()
    )
    assert answer.get("text") == "This button has expired."
    assert await GroupBan.all().count() == 1


async def test_a_paused_group_recognizes_and_delivers_nothing_until_resumed(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])

    assert await _says_in(journey, office, poster, "/pause") == (
        "Class 1A is paused: I recognize and send nothing from it until you send /resume. "
        "Photos and clips posted meanwhile are kept and handled after the resume. Parents are "
        "not told."
    )
    assert await _says_in(journey, office, poster, "/pause") == (
        "Class 1A is already paused. /resume to resume it."
    )
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (photo,) = await Photo.all()
    assert photo.status == PhotoStatus.PENDING
    assert await Face.filter(photo=photo).count() == 0
    assert journey.photos_for(ann) == []
    # Parents are not told anything.
    assert not [
        m
        for m in journey.world.transcript(ann["id"])
        if m["from"]["is_bot"] and "pause" in m.get("text", "")
    ]

    assert await _says_in(journey, office, poster, "/resume") == (
        "Class 1A is running again. The photo posted while it was paused was queued to be handled."
    )
    await journey.settle()
    assert (await Photo.get(id=photo.id)).status == PhotoStatus.DONE
    assert len(journey.photos_for(ann)) == 1
    assert await _says_in(journey, office, poster, "/resume") == "Class 1A is not paused."
    assert [e.action for e in await ModerationEvent.all().order_by("created_at")] == [
        ModerationAction.PAUSED,
        ModerationAction.RESUMED,
    ]

    # The audit's undo of a pause resumes the group.
    await _says_in(journey, office, poster, "/pause")
    event = (
        await ModerationEvent.filter(action=ModerationAction.PAUSED).order_by("-created_at").first()
    )
    assert event is not None
    undone = await audit_undo().undo(
        event.id, await _group(journey, group), Actor(poster["id"], "Poster")
    )
    assert undone.outcome == UndoOutcome.UNDONE
    assert (await _group(journey, group)).paused_at is None


async def test_without_an_admin_chat_a_reply_ban_says_done_in_the_group_without_a_name(
    journey: Journey,
) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    hello = await journey.says(ann, "Hello everyone", group["id"])
    command = await journey.world.user_sends_text(
        group["id"], poster["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    (done,) = await journey.replies(group["id"], command)
    assert done["text"] == (
        "Done: that participant gets no more photos or clips from this group through me."
    )
    assert "reply_to_message" not in done
    assert journey.now(command).get("_deleted")
    assert await _membership(ann) == MembershipStatus.BANNED

    # /unban the same way; she joins again through the link, as a new member.
    again = await journey.says(ann, "Hello again", group["id"])
    command = await journey.world.user_sends_text(
        group["id"], poster["id"], "/unban", reply_to_message_id=again["message_id"]
    )
    (done,) = await journey.replies(group["id"], command)
    assert done["text"] == "Done: that participant can join again through my link."
    assert await _membership(ann) == MembershipStatus.LEFT
    await journey.join(ann, payload)
    assert await _membership(ann) == MembershipStatus.MEMBER


async def test_a_banned_parent_can_no_longer_answer_and_their_card_says_so(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match lands in the suggestion band: a question.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        card = await journey.card(ann, "Alice")
        assert "Groups: Class 1A" in card["caption"]
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        yes = question["reply_markup"]["inline_keyboard"][0][0]

        assert (await _says_in(journey, office, poster, "/ban @ann")).startswith(
            "Class 1A: Ann (@ann) is banned."
        )
        # Her question lost its buttons (and the face) and says why.
        asked = journey.now(question)
        assert asked["caption"] == (
            "This question no longer applies: the organizers of Class 1A have turned off my "
            "service for you in this group."
        )
        assert "reply_markup" not in asked
        # Her card no longer lists the group, and says nothing of "yet": its status says who
        # turned it off for her (findings12 1), not to open a link that refuses her.
        card = journey.now(card)
        assert "Groups: none\n" in card["caption"] + "\n", card["caption"]
        assert card["caption"].startswith(
            "Alice · turned off for you by the organizers of Class 1A\n"
        ), card["caption"]
        assert "yet" not in card["caption"] and "open my link" not in card["caption"]

        # The old button pressed anyway (a replay) decides nothing and says why.
        pressed = await journey.world.press_button(
            ann["id"], ann["id"], question["message_id"], yes["callback_data"]
        )
        assert pressed["text"] == (
            "I can't send you photos or clips from Class 1A now: you're no longer in it, or its "
            "organizers haven't approved you there (yet)."
        )
        await journey.settle()
        assert not await Face.filter(
            person__name="Alice", photo__group__chat_id=group["id"]
        ).exists()
        assert journey.photos_for(ann) == []
