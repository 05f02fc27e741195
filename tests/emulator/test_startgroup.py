"""Opening a ``t.me/<bot>?startgroup=<payload>`` link, as Telegram clients do: the bot is
added to the chat the user picks (if not in it yet), then the user's client sends
``/start@<bot> <payload>`` there. And an anonymous admin's text."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot

from sandbox import Emulator, World
from sandbox.errors import ControlError


async def test_the_bot_is_added_then_gets_start_with_the_payload(world: World, bot: Bot) -> None:
    me = await bot.get_me()
    ann = world.create_user("Ann")
    office = world.create_group("Office", creator_id=ann["id"])

    sent = await world.open_startgroup_link(ann["id"], office["id"], "tok_en-1")
    assert sent["text"] == f"/start@{me.username} tok_en-1"
    assert sent["entities"][0]["type"] == "bot_command"
    updates = await bot.get_updates(allowed_updates=["message", "my_chat_member"])
    member = next(u.my_chat_member for u in updates if u.my_chat_member)
    assert member.chat.id == office["id"] and member.new_chat_member.status == "member"
    assert member.from_user.id == ann["id"]
    texts = [u.message.text for u in updates if u.message and u.message.text]
    assert texts == [f"/start@{me.username} tok_en-1"]
    order = [u.update_id for u in updates if u.my_chat_member or (u.message and u.message.text)]
    assert order == sorted(order)  # added first, then /start

    # Opened again: the bot is in the chat already, only /start comes.
    await world.open_startgroup_link(ann["id"], office["id"], "again")
    again = await bot.get_updates(offset=updates[-1].update_id + 1)
    assert [u.message.text for u in again if u.message] == [f"/start@{me.username} again"]


async def test_a_bad_payload_or_a_stranger_is_refused(world: World, bot: Bot) -> None:
    await bot.get_me()
    ann, bob = world.create_user("Ann"), world.create_user("Bob")
    office = world.create_group("Office", creator_id=ann["id"])
    with pytest.raises(ControlError):
        await world.open_startgroup_link(ann["id"], office["id"], "no spaces")
    with pytest.raises(ControlError):
        await world.open_startgroup_link(ann["id"], office["id"], "x" * 65)
    with pytest.raises(ControlError):  # not in that chat
        await world.open_startgroup_link(bob["id"], office["id"], "token")
    with pytest.raises(ControlError):  # a private chat
        await world.open_startgroup_link(ann["id"], ann["id"], "token")


async def test_over_the_control_api_and_anonymous_admins(emulator: Emulator, bot: Bot) -> None:
    await bot.get_me()
    world = emulator.world
    ann, bob = world.create_user("Ann"), world.create_user("Bob")
    group = world.create_group("Class 1A", creator_id=ann["id"], member_ids=[bob["id"]])
    async with aiohttp.ClientSession() as http:
        async with http.post(
            emulator.url + "/control/startgroup",
            json={"user_id": ann["id"], "chat_id": group["id"], "payload": "abc"},
        ) as response:
            assert response.status == 200
            assert (await response.json())["text"].endswith(" abc")
        async with http.post(
            emulator.url + "/control/messages/anonymous",
            json={"chat_id": group["id"], "admin_id": ann["id"], "text": "/admin"},
        ) as response:
            sent = await response.json()
            assert sent["sender_chat"]["id"] == group["id"]
            assert sent["from"]["username"] == "GroupAnonymousBot"
        async with http.post(
            emulator.url + "/control/messages/anonymous",
            json={"chat_id": group["id"], "admin_id": bob["id"], "text": "/admin"},
        ) as response:
            assert response.status == 403  # only admins are anonymous
