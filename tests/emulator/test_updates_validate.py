"""Everything the emulator emits parses as aiogram's own types: a missing required
field (``is_bot``, ``chat_instance``...) fails here."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramMigrateToChat
from aiogram.types import Update

from sandbox import Emulator, World
from tests.emulator.conftest import TOKEN, People, jpeg


async def _raw_updates(emulator: Emulator) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as http:
        url = f"{emulator.url}/bot{TOKEN}/getUpdates"
        async with http.post(url, json={"allowed_updates": []}) as response:
            body = await response.json()
    assert body["ok"] is True
    updates: list[dict[str, Any]] = body["result"]
    return updates


async def test_every_kind_of_update_validates(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    group, ann, bob = people.group["id"], people.ann["id"], people.bob["id"]
    await bot.get_updates(
        allowed_updates=[
            "message",
            "edited_message",
            "callback_query",
            "my_chat_member",
            "chat_member",
        ]
    )
    await world.set_bot_status(group, "administrator")
    carol = world.create_user("Carol", username="carol", language_code="de")
    await world.set_member_status(group, carol["id"], "member")
    await world.user_sends_text(group, bob, "hello everyone")
    await world.user_sends_photos(group, bob, [jpeg(), jpeg(320, 200)], caption="album")
    await world.user_sends_document(group, bob, b"%PDF-1.4", file_name="menu.pdf", caption="lunch")
    await world.user_sends_media("sticker", group, bob, jpeg(512, 512), emoji="🙂")
    await world.user_sends_media(
        "animation", group, bob, b"GIF89a...", file_name="fun.gif", mime_type="image/gif"
    )
    await world.user_sends_media(
        "video", group, bob, b"\x00\x00\x00\x18ftypmp42", file_name="clip.mp4"
    )
    await world.user_sends_media("voice", ann, ann, b"OggS", mime_type="audio/ogg")
    posted = await world.user_sends_text(group, bob, "typo")
    await world.user_edits(group, bob, posted["message_id"], "fixed")
    await world.user_forwards(ann, ann, group, posted["message_id"])
    await world.user_sends_text(
        group, bob, "/help@sandbox_123456_bot", reply_to_message_id=posted["message_id"]
    )
    sent = await bot.send_message(ann, "Is this Alice?")
    unanswered = await world.press_button(ann, ann, sent.message_id, "yes", wait=0.05)
    assert unanswered["answered"] is False
    await world.block(ann)
    await world.set_member_status(group, carol["id"], "kicked")

    raw = await _raw_updates(emulator)
    kinds = set()
    for data in raw:
        update = Update.model_validate(data, context={"bot": bot})
        kinds.add(update.event_type)
        assert update.model_dump(exclude_unset=True)
    assert kinds == {"message", "edited_message", "callback_query", "my_chat_member", "chat_member"}
    messages = [Update.model_validate(d).message for d in raw if "message" in d]
    photos = [m for m in messages if m and m.photo]
    assert len(photos) == 2
    assert photos[0].media_group_id == photos[1].media_group_id is not None
    assert any(m and m.sticker and m.sticker.emoji == "🙂" for m in messages)
    assert any(m and m.animation and m.document for m in messages)
    assert any(m and m.forward_origin for m in messages)
    assert any(m and m.new_chat_members for m in messages)
    assert any(m and m.reply_to_message and m.reply_to_message.text == "fixed" for m in messages)


async def test_privacy_mode_hides_ordinary_group_messages(
    world: World, bot: Bot, people: People
) -> None:
    group, bob = people.group["id"], people.bob["id"]
    latest = await bot.get_updates(offset=-1)
    offset = latest[-1].update_id + 1
    await world.user_sends_text(group, bob, "just chatting")
    await world.user_sends_photos(group, bob, [jpeg()])
    await world.user_sends_text(group, bob, "/start@sandbox_123456_bot")
    seen = [u.message.text for u in await bot.get_updates(offset=offset) if u.message]
    assert seen == ["/start@sandbox_123456_bot"]  # commands get through privacy mode

    await world.set_bot_status(group, "administrator")  # admins see everything
    offset = (await bot.get_updates(offset=-1))[-1].update_id + 1
    await world.user_sends_photos(group, bob, [jpeg()])
    updates = await bot.get_updates(offset=offset)
    assert any(u.message and u.message.photo for u in updates)


async def test_a_plain_member_in_privacy_mode_gets_the_upgrade_of_its_group(
    world: World, bot: Bot
) -> None:
    # core.telegram.org/bots/faq: "All bots, regardless of settings, will receive: All service
    # messages"; Client.cpp writes them as "migrate_to_chat_id" (in the old chat) and
    # "migrate_from_chat_id" (in the new one).
    ann = world.create_user("Ann")
    group = world.create_group("Class 1A", type="group", creator_id=ann["id"])
    await world.set_bot_status(group["id"], "member")
    offset = (await bot.get_updates(offset=-1))[-1].update_id + 1
    supergroup = await world.upgrade_group(group["id"])
    messages = [u.message for u in await bot.get_updates(offset=offset) if u.message]
    assert [(m.chat.id, m.migrate_to_chat_id, m.migrate_from_chat_id) for m in messages] == [
        (group["id"], supergroup["id"], None),
        (supergroup["id"], None, group["id"]),
    ]


async def test_an_upgraded_group_is_read_but_not_written(world: World, bot: Bot) -> None:
    # Client.cpp check_chat_access: "if (!group_info->is_active && need_write_access)" ->
    # "group chat was upgraded to a supergroup chat" with migrate_to_chat_id; need_write_access
    # is Write, or ReadMembers ("member list is inaccessible in deactivated groups"). getChat
    # (AccessRights::Read) and getChatMember of the bot itself (Read) are answered.
    ann = world.create_user("Ann")
    group = world.create_group("Class 1A", type="group", creator_id=ann["id"])
    await world.set_bot_status(group["id"], "member")
    supergroup = await world.upgrade_group(group["id"])

    chat = await bot.get_chat(group["id"])
    assert (chat.id, chat.type, chat.title) == (group["id"], "group", "Class 1A")
    me = await bot.get_me()
    assert (await bot.get_chat_member(group["id"], me.id)).user.id == me.id
    for call in (
        lambda: bot.send_message(group["id"], "hello"),
        lambda: bot.get_chat_member(group["id"], ann["id"]),
        lambda: bot.get_chat_administrators(group["id"]),
        lambda: bot.get_chat_member_count(group["id"]),
    ):
        with pytest.raises(TelegramMigrateToChat) as moved:
            await call()
        said = "Bad Request: group chat was upgraded to a supergroup chat"
        assert moved.value.message.endswith(f"Original description: {said}")
        assert moved.value.migrate_to_chat_id == supergroup["id"]


async def test_privacy_mode_hides_a_command_addressed_to_another_bot(
    world: World, bot: Bot, people: People
) -> None:
    # bots/features#privacy-mode: a bot in privacy mode gets "Commands explicitly meant for
    # them (e.g., /command@this_bot)"; one meant for another bot is not theirs.
    group, bob = people.group["id"], people.bob["id"]
    offset = (await bot.get_updates(offset=-1))[-1].update_id + 1
    await world.user_sends_text(group, bob, "/photos@other_bot")
    await world.user_sends_text(group, bob, "/photos@SANDBOX_123456_bot now")
    await world.user_sends_text(group, bob, "/photos")
    seen = [u.message.text for u in await bot.get_updates(offset=offset) if u.message]
    assert seen == ["/photos@SANDBOX_123456_bot now", "/photos"]


async def test_an_album_arrives_as_messages_sharing_a_media_group_id(
    world: World, bot: Bot, people: People
) -> None:
    await world.set_bot_status(people.group["id"], "administrator")
    offset = (await bot.get_updates(offset=-1))[-1].update_id + 1
    posted = await world.user_sends_photos(
        people.group["id"], people.bob["id"], [jpeg(), jpeg(), jpeg()]
    )
    photos = [
        u.message for u in await bot.get_updates(offset=offset) if u.message and u.message.photo
    ]
    assert [m.message_id for m in photos] == [p["message_id"] for p in posted]
    assert len({m.media_group_id for m in photos}) == 1
    assert photos[0].media_group_id is not None
