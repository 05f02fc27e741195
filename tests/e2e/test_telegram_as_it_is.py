"""Telegram as it really behaves: restricted members, supergroup upgrades, anonymous
admins and linked-channel posts; the emulator does it and the bot copes."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramMigrateToChat

from domain.groups import texts as groups_texts
from domain.infra.models import Delivery, Group, Membership, Person, Photo
from domain.languages import markup
from domain.moderation import texts as moderation_texts
from domain.persons import texts
from domain.privacy import texts as privacy_texts
from domain.states import DeliveryStatus, GroupType, MembershipStatus
from tests.e2e.conftest import CAST, TOKEN, Collages, Journey, JourneyFactory, photo_bytes

X = CAST["angelina"]


async def test_a_restricted_guardian_receives_until_they_leave_while_restricted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Membership is asked of Telegram before every delivery (getChatMember).
    async with journey_factory(telegram={"membership_recheck_s": 0}) as journey:
        ann, poster, group = await journey.class_with_alice()

        # An admin makes Ann read-only: she is still in the group and still receives.
        restricted = await journey.world.set_member_status(group["id"], ann["id"], "restricted")
        assert restricted["status"] == "restricted" and restricted["is_member"] is True
        await journey.post(group, poster, collages.make(X["group"][0]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1

        # Ann leaves while restricted: Telegram still says "restricted", is_member false.
        await journey.world.set_member_status(group["id"], ann["id"], "restricted", is_member=False)
        member = journey.world.member_api(journey.world.chat(group["id"]), ann["id"])
        assert member["status"] == "restricted" and member["is_member"] is False
        await journey.settle()
        assert (
            await Membership.get(participant__telegram_user_id=ann["id"])
        ).status == MembershipStatus.LEFT
        await journey.post(group, poster, collages.make(X["group"][1]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1

        # Tapping the group's link again does not make her a member.
        answer = await journey.reply_to(ann, f"/start {journey.group_payload(group)}")
        assert answer["text"].startswith("You need to be a member of Class 1A")
        assert (
            await Membership.get(participant__telegram_user_id=ann["id"])
        ).status == MembershipStatus.LEFT
        await journey.post(group, poster, collages.make(X["group"][2]))
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1


async def test_a_group_upgraded_to_a_supergroup_carries_on_at_its_new_id(
    journey: Journey, collages: Collages
) -> None:
    world = journey.world
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group = world.create_group(
        "Class 1A", type="group", creator_id=poster["id"], member_ids=[ann["id"]]
    )
    await world.set_bot_status(group["id"], "administrator")
    await journey.replies(group["id"], 0)  # the welcome
    await journey.join(ann, journey.group_payload(group))
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1

    # A photo whose delivery waits (Ann blocked the bot) when the group is upgraded.
    await world.block(ann["id"])
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    stored = await Group.get(chat_id=group["id"])
    assert await Delivery.filter(status=DeliveryStatus.PARKED).count() == 1

    supergroup = await world.upgrade_group(group["id"])
    await journey.settle()
    moved = await Group.get(id=stored.id)
    assert (moved.chat_id, moved.type, moved.join_token) == (
        supergroup["id"],
        GroupType.SUPERGROUP,
        stored.join_token,
    )
    assert await Group.all().count() == 1
    assert (await Membership.get(group=moved)).status == MembershipStatus.MEMBER
    # Not greeted again: the bot says nothing in the new supergroup.
    assert not [m for m in world.transcript(supergroup["id"]) if m["from"]["is_bot"]]
    # Telegram still reads the old id out (getChat), but refuses to write to it, naming the
    # new one (Client.cpp check_chat_access: only "need_write_access" gets the migrate error).
    server = TelegramAPIServer.from_base(journey.emulator.url)
    async with Bot(TOKEN, session=AiohttpSession(api=server)) as bot:
        assert (await bot.get_chat(group["id"])).type == "group"
        with pytest.raises(TelegramMigrateToChat) as refused:
            await bot.send_message(group["id"], "still there?")
    assert refused.value.migrate_to_chat_id == supergroup["id"]

    # Ann comes back: the photo posted before the upgrade still reaches her (sent by file,
    # as the old chat can no longer be copied from), and so do photos in the supergroup.
    await journey.says(ann, "hello")
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    await journey.post(supergroup, poster, collages.make(X["group"][2]))
    await journey.settle()
    delivered = journey.photos_for(ann)
    assert len(delivered) == 3
    assert all(m["caption"] == "Alice · Class 1A" for m in delivered)
    assert await Delivery.filter(status=DeliveryStatus.SENT).count() == 3


async def test_a_group_upgraded_while_the_bot_is_a_plain_member_moves_to_its_new_id(
    journey: Journey, collages: Collages
) -> None:
    """The bot is a plain member in privacy mode: it sees no ordinary message, but Telegram
    sends every bot the upgrade's service messages (core.telegram.org/bots/faq: "All bots,
    regardless of settings, will receive: All service messages"). facedrop moves the group,
    so once an organizer makes it an admin of the supergroup, Ann gets Alice's photos."""
    world = journey.world
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group = world.create_group(
        "Class 1A", type="group", creator_id=poster["id"], member_ids=[ann["id"]]
    )
    await world.set_bot_status(group["id"], "member")
    _, advice = await journey.replies(group["id"], 0, count=2)
    assert "make me an admin" in advice["text"]
    await journey.join(ann, journey.group_payload(group))
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    stored = await Group.get(chat_id=group["id"])

    supergroup = await world.upgrade_group(group["id"])
    await journey.settle()
    moved = await Group.get(id=stored.id)
    assert (moved.chat_id, moved.type) == (supergroup["id"], GroupType.SUPERGROUP)
    assert await Group.all().count() == 1

    # The organizer makes it an admin in the supergroup: the same group, thanked, not welcomed.
    await world.set_bot_status(supergroup["id"], "administrator")
    (thanks,) = await journey.replies(supergroup["id"], 0)
    assert thanks["text"] == markup.plain(groups_texts.can_see_photos())
    await journey.post(supergroup, poster, collages.make(X["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)
    assert delivered["caption"] == "Alice · Class 1A"


async def test_photos_of_anonymous_admins_and_the_linked_channel_are_recognized(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    anonymous = await journey.world.chat_sends_photo(
        group["id"], collages.make(X["group"][0]), anonymous_admin_id=poster["id"]
    )
    assert anonymous["from"]["id"] == 1087968824 and anonymous["sender_chat"]["id"] == group["id"]
    channel_post = await journey.world.chat_sends_photo(
        group["id"], collages.make(X["group"][1]), channel_title="Class 1A news"
    )
    assert channel_post["is_automatic_forward"] is True
    assert channel_post["sender_chat"]["type"] == "channel"
    await journey.settle()

    delivered = journey.photos_for(ann)
    assert len(delivered) == 2
    assert all(m["caption"] == "Alice · Class 1A" for m in delivered)
    photos = await Photo.all().order_by("message_id")
    assert [p.message_id for p in photos] == [anonymous["message_id"], channel_post["message_id"]]
    # Nobody posted them as far as facedrop knows: not the anonymous admin's helper bot,
    # not Telegram's service account.
    assert [p.posted_by_user_id for p in photos] == [None, None]


async def test_a_confirmation_answered_too_late_still_deletes_once(
    journey: Journey, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot gets Ann's "Yes, delete" too late to answer the button (past Telegram's time
    limit: answerCallbackQuery fails "query is too old"). The deletion still happens, once,
    and Ann sees it in the chat: the question turns into "Deleting..." (then "Deleted...")
    and the confirmation follows; nothing in the bot fails."""
    caplog.set_level(logging.INFO, logger="bot.replies")
    ann, _, _ = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    button = next(
        b
        for row in question["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == texts.confirm()
    )
    before = journey.last(ann)["message_id"]
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], question["message_id"], button["callback_data"], wait=2, age=20
    )
    assert pressed["answered"] is False  # Telegram refused the late answer

    edited = await journey.edited(question)
    # "Deleting..." at once, edited to "Deleted..." when the job ends (it may already have).
    assert edited["text"] in (
        markup.plain(texts.erasing("Alice")),
        markup.plain(privacy_texts.person_deleted_done("Alice")),
    )
    assert "reply_markup" not in edited  # no button left to press again
    await journey.settle()
    assert journey.now(question)["text"] == markup.plain(privacy_texts.person_deleted_done("Alice"))
    assert not await Person.exists(name="Alice")
    later = [m for m in journey.world.transcript(ann["id"]) if m["message_id"] > before]
    assert later == []  # confirmed once, in the question, with no apology
    failures = [r for r in caplog.records if r.getMessage().startswith("update ")]
    assert failures == []  # no handler failed (the bot's error handler logs "update N failed")
    assert any("query is too old" in r.getMessage() for r in caplog.records)  # only noted


async def test_an_admin_chat_upgraded_to_a_supergroup_gets_the_cards_at_its_new_id(
    journey: Journey,
) -> None:
    """The organizers' admin chat is a basic group, the bot a plain member there; it is
    upgraded to a supergroup (Telegram sends every bot the service messages with
    ``migrate_to_chat_id``/``migrate_from_chat_id``, and refuses every later send to the old
    id). The approval cards go to the new id, and are decided there."""
    world = journey.world
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = world.create_group("Class 1A office", type="group", creator_id=poster["id"])
    await world.set_bot_status(office["id"], "member")
    await journey.settle()
    await Group.filter(chat_id=group["id"]).update(admin_chat_id=office["id"])

    upgraded = await world.upgrade_group(office["id"])
    await journey.settle()
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == upgraded["id"]

    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (card,) = [m for m in world.transcript(upgraded["id"]) if "Approval needed" in said(m)]
    assert "New person: Alice" in card["caption"]
    assert not [m for m in world.transcript(office["id"]) if "Approval needed" in said(m)]
    before = journey.last(ann)["message_id"]
    await journey.press(poster, card, moderation_texts.approve_button())
    (told,) = await journey.replies(ann["id"], before)
    assert "Alice is approved by the organizers of Class 1A" in told["text"]


async def test_an_admin_chat_upgraded_unseen_is_followed_when_telegram_names_its_new_id(
    journey: Journey,
) -> None:
    """The bot did not see the upgrade's service messages (it was away longer than
    Telegram keeps updates): the card sent to the old id is refused with
    ``migrate_to_chat_id`` (Client.cpp check_chat_access: "group chat was upgraded to a
    supergroup chat"), and facedrop posts it at the new id, where it stays."""
    world = journey.world
    poster, ann = journey.user("Poster"), journey.user("Ann")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    office = world.create_group("Class 1A office", type="group", creator_id=poster["id"])
    await world.set_bot_status(office["id"], "member")
    await journey.settle()
    upgraded = await world.upgrade_group(office["id"])
    await journey.settle()
    # As if the upgrade had not been seen: the group still names the old id.
    await Group.filter(chat_id=group["id"]).update(
        requires_approval=True, admin_chat_id=office["id"]
    )

    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (card,) = [m for m in world.transcript(upgraded["id"]) if "Approval needed" in said(m)]
    assert "New person: Alice" in card["caption"]
    assert (await Group.get(chat_id=group["id"])).admin_chat_id == upgraded["id"]


def said(message: dict[str, Any]) -> str:
    return str(message.get("caption") or message.get("text") or "")
