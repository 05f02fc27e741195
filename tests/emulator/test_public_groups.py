"""Public supergroups: a username, as Telegram gives one to a group made public."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from sandbox import Emulator, World
from sandbox.errors import ControlError
from tests.conftest import assert_conformant
from tests.emulator.conftest import TOKEN


async def test_a_public_group_has_its_username_in_get_chat_and_in_messages(
    world: World, bot: Bot
) -> None:
    ann = world.create_user("Ann", username="ann")
    group = world.create_group("Class 1A", creator_id=ann["id"], username="class1a_photos")
    assert group["username"] == "class1a_photos"
    await world.set_bot_status(group["id"], "administrator")
    said = await world.user_sends_text(group["id"], ann["id"], "Hello")
    assert said["chat"]["username"] == "class1a_photos"
    chat = await bot.get_chat(group["id"])
    assert chat.username == "class1a_photos"
    sent = await bot.send_message(group["id"], "Hi")
    assert sent.chat.username == "class1a_photos"

    # Made private again: no username any more.
    world.set_chat_username(group["id"], None)
    assert (await bot.get_chat(group["id"])).username is None
    private = world.create_group("Class 2B", creator_id=ann["id"])
    assert "username" not in private


def test_usernames_are_checked_as_telegram_does(world: World) -> None:
    ann = world.create_user("Ann", username="ann_smith")
    world.create_group("Class 1A", creator_id=ann["id"], username="class1a_photos")
    with pytest.raises(ControlError, match="taken"):
        world.create_group("Copy", creator_id=ann["id"], username="Class1A_Photos")
    with pytest.raises(ControlError, match="taken"):
        world.create_group("Ann's", creator_id=ann["id"], username="Ann_Smith")  # a user's
    with pytest.raises(ControlError, match="5-32"):
        world.create_group("Short", creator_id=ann["id"], username="abc")
    with pytest.raises(ControlError, match="only a supergroup"):
        world.create_group("Basic", type="group", creator_id=ann["id"], username="basic_group")


async def test_a_restarted_emulator_keeps_the_username(tmp_path: Path) -> None:
    async with Emulator(data_dir=tmp_path, conformance=True) as first:
        ann = first.world.create_user("Ann")
        group = first.world.create_group("Class 1A", creator_id=ann["id"], username="class1a")
    assert_conformant(first)
    async with Emulator(data_dir=tmp_path, conformance=True) as second:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(second.url)))
        try:
            await bot.get_me()
            await second.world.set_bot_status(group["id"], "member")
            assert (await bot.get_chat(group["id"])).username == "class1a"
        finally:
            await bot.session.close()
    assert_conformant(second)
