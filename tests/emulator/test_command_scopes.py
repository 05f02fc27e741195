"""A command list's scope read as Telegram reads it (Client.cpp get_bot_command_scope and
check_bot_command_scope, tdlib BotCommandScope.cpp): facedrop sets the organizers' menu on
each admin chat with the scope "chat", and takes it off when the chat serves no group."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat
from aiohttp import ClientSession

from sandbox.server import Emulator
from tests.emulator.conftest import TOKEN, People, raw_call

HELP = [{"command": "help", "description": "how it works"}]


def _refused(body: dict[str, Any]) -> tuple[int, str]:
    assert body["ok"] is False, body
    return body["error_code"], body["description"]


async def test_a_chats_menu_is_its_own_however_its_id_is_written(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    group, ann, bob = people.group["id"], people.ann["id"], people.bob["id"]
    world = emulator.world
    await bot.set_my_commands(
        [BotCommand(command="stats", description="the numbers")],
        scope=BotCommandScopeChat(chat_id=group),
    )
    assert [c["command"] for c in world.commands_for(bob, group)] == ["stats"]  # every member
    # "chat_id" is read as a string (a number as written): the same chat, the same list.
    written = await raw_call(
        emulator, "getMyCommands", scope={"type": "chat", "chat_id": str(group)}
    )
    assert [c["command"] for c in written["result"]] == ["stats"]
    deleted = await raw_call(emulator, "deleteMyCommands", scope={"type": "chat", "chat_id": group})
    assert deleted["ok"] and world.commands_for(ann, group) == []


async def test_a_scope_is_refused_in_telegrams_words(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    group, ann = people.group["id"], people.ann["id"]
    cases: list[tuple[Any, tuple[int, str]]] = [
        ({"type": "everyone"}, (400, "Unsupported type specified")),
        ({"type": "chat"}, (400, 'Can\'t find field "chat_id"')),
        ({"type": "chat", "chat_id": ""}, (400, "Empty chat_id specified")),
        (
            {"type": "chat_member", "chat_id": group, "user_id": 0},
            (400, "Invalid user_id specified"),
        ),
        (
            {"type": "chat_member", "chat_id": group, "user_id": "12abc"},
            (400, 'Field "user_id" must be a valid Number'),
        ),
        ([1], (400, "BotCommandScope must be an Object")),
    ]
    for scope, (code, words) in cases:
        body = await raw_call(emulator, "setMyCommands", commands=HELP, scope=scope)
        assert _refused(body) == (code, f"Bad Request: can't parse BotCommandScope: {words}")
    # Its chat: found as check_chat finds it; in a private chat only the scope "chat".
    body = await raw_call(
        emulator, "setMyCommands", commands=HELP, scope={"type": "chat", "chat_id": 404}
    )
    assert _refused(body) == (400, "Bad Request: chat not found")
    private = {"type": "chat_administrators", "chat_id": ann}
    body = await raw_call(emulator, "setMyCommands", commands=HELP, scope=private)
    assert _refused(body) == (400, "Bad Request: can't use specified scope in private chats")
    assert (
        await raw_call(
            emulator, "setMyCommands", commands=HELP, scope={"type": "chat", "chat_id": ann}
        )
    )["ok"]
    await emulator.world.set_bot_status(group, "left")
    body = await raw_call(
        emulator, "setMyCommands", commands=HELP, scope={"type": "chat", "chat_id": group}
    )
    assert _refused(body) == (403, "Forbidden: bot is not a member of the supergroup chat")
    async with (
        ClientSession() as http,
        http.post(
            f"{emulator.url}/bot{TOKEN}/getMyCommands", data={"scope": "{not json"}
        ) as answer,
    ):
        body = await answer.json()
    assert _refused(body) == (400, "Bad Request: can't parse BotCommandScope JSON object")
