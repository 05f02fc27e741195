"""What Telegram does where a bot might expect otherwise, each as tdlib/telegram-bot-api's
Client.cpp or tdlib's sources do it (cited at each test), with Telegram's own words."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaPhoto, Message

from sandbox import World
from tests.emulator.conftest import People, jpeg


async def test_an_album_of_one_is_sent_as_one_message(
    bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp send_message_group: no minimum ("if (input_message_contents.
    # empty()) ... "There are no messages to send""), and "if (message_contents.size() > 1)
    # { media_album_id = generate_new_media_album_id(); }": one photo has no album.
    media = InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg"), caption=" Alice ")
    (sent,) = await bot.send_media_group(people.ann["id"], [media])
    assert sent.photo is not None and sent.caption == "Alice"
    assert sent.media_group_id is None
    assert "media_group_id" not in world.transcript(people.ann["id"])[-1]


async def test_a_text_message_s_media_can_be_set(bot: Bot, world: World, people: People) -> None:
    # td MessagesManager.cpp can_edit_message_media: "case MessageContentType::Text:" is
    # among the editable: editMessageMedia turns a text message into a photo.
    ann = people.ann["id"]
    text = await bot.send_message(ann, "Looking for <b>Alice</b>...", parse_mode="HTML")
    edited = await bot.edit_message_media(
        InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg"), caption="Alice"),
        chat_id=ann,
        message_id=text.message_id,
    )
    assert isinstance(edited, Message)
    assert edited.photo is not None and edited.caption == "Alice"
    assert edited.text is None and edited.entities is None
    shown = world.transcript(ann)[-1]
    assert "text" not in shown and "entities" not in shown and shown["caption"] == "Alice"


async def test_a_service_message_s_media_cannot_be_set(
    bot: Bot, world: World, people: People
) -> None:
    # can_edit_message_media's "default: return false" -> edit_message_media: "Message media
    # can't be edited". The bot's own pin notice is a service message it sent.
    group = people.group["id"]
    await world.set_bot_status(group, "administrator")
    sent = await bot.send_message(group, "pinned")
    await bot.pin_chat_message(group, sent.message_id)
    notice = world.transcript(group)[-1]
    assert "pinned_message" in notice
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_media(
            InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg")),
            chat_id=group,
            message_id=notice["message_id"],
        )
    assert refused.value.message == "Bad Request: message media can't be edited"
