"""Anonymous admins and the linked channel in the group itself (issue 11).

A message an anonymous admin sends comes from GroupAnonymousBot with the group itself as
``sender_chat``: only the group's admins can write as the group, so it may moderate, though
no one in particular asked. A message from the group's linked channel (``sender_chat`` the
channel: a post forwarded automatically, or someone writing as the channel) tells nobody
who wrote it and is no admin's: refused, nothing changes. Each test acts through the
emulator with the real bot and worker, then reads Postgres and the chats."""

from __future__ import annotations

from typing import Any

import aiohttp

from domain.infra.models import (
    Delivery,
    GroupBan,
    Membership,
    ModerationEvent,
    Photo,
    UserRequest,
)
from domain.moderation import texts
from domain.states import (
    DeliveryStatus,
    MembershipStatus,
    ModerationAction,
    PhotoStatus,
    RequestKind,
)
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat

X = CAST["angelina"]
GROUP_ANONYMOUS_BOT, CHANNEL_BOT, TELEGRAM = 1087968824, 136817688, 777000
REFUSED = "Only admins of Class 1A can take its photos and clips down."


def _bot_texts(journey: Journey, chat: dict[str, Any]) -> list[str]:
    return [
        m.get("text", "") + m.get("caption", "")
        for m in journey.world.transcript(chat["id"])
        if m["from"]["is_bot"]
    ]


async def _membership(user: dict[str, Any]) -> MembershipStatus | None:
    membership = await Membership.get_or_none(participant__telegram_user_id=user["id"])
    return membership.status if membership else None


async def _photo_untouched(photo_id: Any, copies: int) -> None:
    photo = await Photo.get(id=photo_id)
    assert (photo.status, photo.removed_at) == (PhotoStatus.DONE, None)
    assert await Delivery.filter(photo_id=photo_id, status=DeliveryStatus.SENT).count() == copies
    assert not await UserRequest.filter(kind=RequestKind.TAKEDOWN).exists()


async def test_an_anonymous_admins_takedown_is_confirmed_by_any_admin_each_press_checked(
    journey: Journey, collages: Collages
) -> None:
    """The anonymous admin replies /takedown to a photo: the question comes under the photo
    (no admin chat) bound to no one in particular, since Telegram does not say who asked.
    A member's press, an admin of another group's, a demoted admin's: refused, nothing
    changes. An admin's press takes it down everywhere."""
    ann, poster, group = await journey.class_with_alice()
    dave, carol = journey.user("Dave"), journey.user("Carol")
    await journey.world.set_member_status(group["id"], dave["id"], "administrator")
    await journey.group_with_bot("Class 2B", carol, [])
    await journey.world.set_member_status(group["id"], carol["id"], "member")
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    photo = await Photo.get(message_id=posted["message_id"])

    command = await journey.world.anonymous_admin_sends_text(
        group["id"], poster["id"], "/takedown", reply_to_message_id=posted["message_id"]
    )
    assert command["from"]["id"] == GROUP_ANONYMOUS_BOT
    assert command["reply_to_message"]["message_id"] == posted["message_id"]
    (question,) = await journey.replies(group["id"], command)
    assert journey.now(command).get("_deleted") is True
    assert question["reply_to_message"]["message_id"] == posted["message_id"]
    assert question["text"] == texts.takedown_ask_in_group_any_admin()
    assert "Only the admin who asked" not in question["text"]

    # Ann is a member, Carol an admin of another group only: refused, nothing changes.
    assert (await journey.press(ann, question, texts.takedown_go()))["text"] == REFUSED
    assert (await journey.press(carol, question, texts.takedown_go()))["text"] == REFUSED
    # Dave, demoted before he presses: refused too (his right is asked at the press).
    await journey.world.set_member_status(group["id"], dave["id"], "member")
    assert (await journey.press(dave, question, texts.takedown_go()))["text"] == REFUSED
    await journey.settle()
    await _photo_untouched(photo.id, copies=1)
    assert not await ModerationEvent.exists()
    assert journey.now(question).get("_deleted") is not True

    # Made an admin again, Dave confirms: the photo goes from facedrop and Ann's chat.
    await journey.world.set_member_status(group["id"], dave["id"], "administrator")
    confirmed = await journey.press(dave, question, texts.takedown_go())
    assert confirmed["text"] == texts.takedown_taking_private()
    await journey.settle()
    photo = await Photo.get(id=photo.id)
    assert photo.status == PhotoStatus.REMOVED and photo.removed_at is not None
    assert photo.removed_by_user_id == dave["id"]  # the one who confirmed: a real person
    assert (
        not await Delivery.filter(photo_id=photo.id)
        .exclude(status=DeliveryStatus.TAKEN_DOWN)
        .exists()
    )
    assert journey.now(copy).get("_deleted") is True
    assert journey.now(posted).get("_deleted") is True
    assert journey.now(question).get("_deleted") is True
    (event,) = await ModerationEvent.all()
    assert (event.action, event.actor_user_id, event.actor_name) == (
        ModerationAction.TAKEN_DOWN,
        dave["id"],
        "Dave",
    )
    for said in _bot_texts(journey, group):
        assert not any(name in said for name in ("Alice", "Ann", "Dave")), said


async def test_an_anonymous_admins_takedown_asks_in_the_admin_chat_any_admin_confirms(
    journey: Journey, collages: Collages
) -> None:
    """With an admin chat, the question goes there; a member of the admin chat who is no
    admin of the group can't confirm it; an admin can."""
    ann, poster, group = await journey.class_with_alice()
    dave, erin = journey.user("Dave"), journey.user("Erin")
    await journey.world.set_member_status(group["id"], dave["id"], "administrator")
    office = await bound_admin_chat(journey, group, [poster, dave, erin])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    photo = await Photo.get(message_id=posted["message_id"])
    (copy,) = journey.photos_for(ann)

    before = journey.world.transcript(office["id"])[-1]
    command = await journey.world.anonymous_admin_sends_text(
        group["id"], poster["id"], "/takedown", reply_to_message_id=posted["message_id"]
    )
    (card,) = await journey.replies(office["id"], before)
    assert card["text"].startswith("Take down a photo from Class 1A?")
    assert journey.now(command).get("_deleted") is True
    assert (await journey.press(erin, card, texts.takedown_go()))["text"] == REFUSED
    await _photo_untouched(photo.id, copies=1)

    await journey.press(dave, card, texts.takedown_go())
    await journey.settle()
    photo = await Photo.get(id=photo.id)
    assert (photo.status, photo.removed_by_user_id) == (PhotoStatus.REMOVED, dave["id"])
    assert journey.now(copy).get("_deleted") is True


async def test_an_anonymous_admins_reply_ban_bans_the_member_naming_no_one_in_the_group(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    hello = await journey.says(ann, "Hello everyone", group["id"])
    before = journey.world.transcript(office["id"])[-1]

    command = await journey.world.anonymous_admin_sends_text(
        group["id"], poster["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    (told,) = await journey.replies(office["id"], before)
    assert told["text"].startswith("Class 1A: Ann (@ann) is banned.")
    assert journey.now(command).get("_deleted") is True
    assert await _membership(ann) == MembershipStatus.BANNED
    (ban,) = await GroupBan.all()
    assert (ban.telegram_user_id, ban.banned_by_user_id) == (ann["id"], None)
    (event,) = await ModerationEvent.all()
    assert (event.action, event.actor_user_id, event.actor_name, event.subject) == (
        ModerationAction.BANNED,
        None,
        "an anonymous admin",
        "Ann (@ann)",
    )
    # The group hears nothing: no name there (only the bot's welcome).
    for said in _bot_texts(journey, group):
        assert "Ann" not in said and "banned" not in said, said


async def test_without_an_admin_chat_an_anonymous_reply_ban_says_done_without_a_name(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    hello = await journey.says(ann, "Hello everyone", group["id"])
    command = await journey.world.anonymous_admin_sends_text(
        group["id"], poster["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    (done,) = await journey.replies(group["id"], command)
    assert done["text"] == texts.banned_in_group()
    assert "reply_to_message" not in done
    assert await _membership(ann) == MembershipStatus.BANNED
    for said in _bot_texts(journey, group):
        assert "Ann" not in said, said


async def test_the_linked_channel_is_no_admin_its_ban_and_takedown_are_refused(
    journey: Journey, collages: Collages
) -> None:
    """Even the group's creator, writing as the linked channel, is no one to the bot: the
    channel is not the group, and Telegram does not say who wrote. A channel post forwarded
    into the group is refused the same way. Nothing changes."""
    ann, poster, group = await journey.class_with_alice()
    bob = journey.user("Bob")
    await journey.world.set_member_status(group["id"], bob["id"], "member")
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    photo = await Photo.get(message_id=posted["message_id"])
    hello = await journey.says(ann, "Hello everyone", group["id"])
    office_before = len(journey.world.transcript(office["id"]))

    takedown = await journey.world.channel_sends_text(
        group["id"],
        "/takedown",
        channel_title="Class 1A news",
        as_user_id=poster["id"],
        reply_to_message_id=posted["message_id"],
    )
    assert takedown["from"]["id"] == CHANNEL_BOT
    assert takedown["sender_chat"]["type"] == "channel"
    (refusal,) = await journey.replies(group["id"], takedown)
    assert refusal["text"] == "Only the group's admins can use /takedown."
    assert refusal["reply_to_message"]["message_id"] == takedown["message_id"]
    ban = await journey.world.channel_sends_text(
        group["id"],
        "/ban",
        channel_title="Class 1A news",
        as_user_id=bob["id"],
        reply_to_message_id=hello["message_id"],
    )
    for text in ("/ban", "/takedown"):
        forwarded = await journey.world.channel_sends_text(
            group["id"], text, channel_title="Class 1A news"
        )
        assert forwarded["from"]["id"] == TELEGRAM and forwarded["is_automatic_forward"]
    await journey.settle()

    # Nothing changed: the photo and Ann's copy stand, Ann is a member, nothing audited, no
    # question anywhere, and nothing in the admin chat.
    await _photo_untouched(photo.id, copies=1)
    assert journey.now(journey.photos_for(ann)[0]).get("_deleted") is not True
    assert await _membership(ann) == MembershipStatus.MEMBER
    assert not await GroupBan.exists()
    assert not await ModerationEvent.exists()
    assert len(journey.world.transcript(office["id"])) == office_before
    said = _bot_texts(journey, group)
    assert texts.takedown_ask_in_group() not in said
    assert texts.banned_in_group() not in said
    assert not any("Ann" in s for s in said)
    assert journey.now(ban).get("_deleted") is True  # the commands are tidied away


async def test_the_control_api_lets_anonymous_admins_and_the_channel_reply(
    journey: Journey,
) -> None:
    """What a test or the web chat uses: replies over HTTP, as Telegram sends them."""
    ann, poster, group = await journey.class_with_alice()
    hello = await journey.says(ann, "Hello everyone", group["id"])
    base = journey.emulator.url
    async with aiohttp.ClientSession() as http:

        async def post(path: str, body: dict[str, Any]) -> tuple[int, Any]:
            async with http.post(f"{base}/control/messages/{path}", json=body) as response:
                return response.status, await response.json()

        status, anonymous = await post(
            "anonymous",
            {
                "chat_id": group["id"],
                "admin_id": poster["id"],
                "text": "Thanks",
                "reply_to_message_id": hello["message_id"],
            },
        )
        assert status == 200
        assert anonymous["reply_to_message"]["message_id"] == hello["message_id"]
        assert anonymous["sender_chat"]["id"] == group["id"]
        status, as_channel = await post(
            "channel",
            {
                "chat_id": group["id"],
                "text": "Welcome",
                "channel_title": "Class 1A news",
                "as_user_id": ann["id"],
                "reply_to_message_id": hello["message_id"],
            },
        )
        assert status == 200
        assert as_channel["from"]["id"] == CHANNEL_BOT
        assert as_channel["sender_chat"]["title"] == "Class 1A news"
        assert as_channel["reply_to_message"]["message_id"] == hello["message_id"]
        # A channel post forwarded into the group answers nothing; an unknown reply is refused.
        status, _ = await post(
            "channel",
            {
                "chat_id": group["id"],
                "text": "News",
                "channel_title": "Class 1A news",
                "reply_to_message_id": hello["message_id"],
            },
        )
        assert status == 400
        status, _ = await post(
            "anonymous",
            {
                "chat_id": group["id"],
                "admin_id": poster["id"],
                "text": "x",
                "reply_to_message_id": 9999,
            },
        )
        assert status == 404


async def test_each_channel_hears_its_refusal_once_in_five_minutes(journey: Journey) -> None:
    """Every message sent as a channel comes from the same Channel_Bot: the refusal's
    cooldown is the channel's, so two channels each hear theirs, and the same channel
    again within five minutes hears nothing more (its command is still tidied away)."""
    ann, _poster, group = await journey.class_with_alice()
    sent = []
    for channel_id, title in (
        (-1_003_000_000_001, "Ann's blog"),
        (-1_003_000_000_002, "Ann's shop"),
        (-1_003_000_000_001, "Ann's blog"),
    ):
        command = await journey.world.channel_sends_text(
            group["id"],
            "/takedown",
            channel_title=title,
            as_user_id=ann["id"],
            channel_id=channel_id,
        )
        assert command["from"]["id"] == CHANNEL_BOT
        assert command["sender_chat"]["id"] == channel_id
        sent.append(command)
        await journey.settle()
    refusal = "Only the group's admins can use /takedown."
    refusals = [t for t in _bot_texts(journey, group) if t == refusal]
    assert len(refusals) == 2
    # Each answered one stays, replied to; the one past the cooldown is tidied away.
    assert [bool(journey.now(command).get("_deleted")) for command in sent] == [
        False,
        False,
        True,
    ]
    assert not await UserRequest.filter(kind=RequestKind.TAKEDOWN).exists()
