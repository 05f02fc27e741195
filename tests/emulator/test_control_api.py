"""The control API over HTTP, as a test or the web chat uses it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError

from sandbox import Emulator, World
from tests.emulator.conftest import jpeg


class Control:
    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http, self.base = http, base

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        async with self.http.request(method, self.base + path, **kwargs) as response:
            body = (
                await response.json()
                if response.content_type == "application/json"
                else await response.read()
            )
            if response.status >= 400:
                raise AssertionError(f"{method} {path}: {response.status} {body!r}")
            return body

    async def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return await self.call("POST", path, json=body or {})

    async def get(self, path: str) -> Any:
        return await self.call("GET", path)


@pytest.fixture
async def control(emulator: Emulator) -> AsyncIterator[Control]:
    async with aiohttp.ClientSession() as http:
        yield Control(http, emulator.url)


async def test_a_whole_conversation_through_the_control_api(control: Control, bot: Bot) -> None:
    ann = await control.post(
        "/control/users", {"first_name": "Ann", "username": "ann", "language_code": "en"}
    )
    bob = await control.post("/control/users", {"first_name": "Bob"})
    group = await control.post(
        "/control/groups",
        {
            "title": "Class 1A",
            "type": "supergroup",
            "creator_id": ann["id"],
            "member_ids": [bob["id"]],
        },
    )
    assert group["type"] == "supergroup" and group["id"] < 0
    member = await control.post(f"/control/groups/{group['id']}/bot", {"status": "administrator"})
    assert member["status"] == "administrator"

    hello = await control.post(
        "/control/messages", {"chat_id": ann["id"], "user_id": ann["id"], "text": "/start join42"}
    )
    assert hello["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]

    form = aiohttp.FormData()
    form.add_field("chat_id", str(group["id"]))
    form.add_field("user_id", str(bob["id"]))
    form.add_field("caption", "trip")
    form.add_field("photo", jpeg(), filename="a.jpg", content_type="image/jpeg")
    form.add_field("photo", jpeg(800, 600), filename="b.jpg", content_type="image/jpeg")
    album = await control.call("POST", "/control/photos", data=form)
    assert len(album) == 2 and album[0]["media_group_id"] == album[1]["media_group_id"]

    file_id = album[1]["photo"][-1]["file_id"]
    assert await control.call("GET", f"/control/files/{file_id}") == jpeg(800, 600)

    # The bot answers in private; the test waits for it through the control API.
    waiting = asyncio.create_task(
        control.get(
            f"/control/chats/{ann['id']}/wait?after_id={hello['message_id']}&count=2&timeout=5"
        )
    )
    await bot.send_message(ann["id"], "Welcome!")
    await bot.copy_message(ann["id"], group["id"], album[0]["message_id"])
    waited = await waiting
    assert waited["complete"] is True
    assert [m.get("text") for m in waited["messages"]] == ["Welcome!", None]
    assert (
        waited["messages"][1]["photo"][-1]["file_unique_id"]
        == album[0]["photo"][-1]["file_unique_id"]
    )

    transcript = await control.get(f"/control/chats/{ann['id']}/messages?after_id=0")
    assert [m["from"]["is_bot"] for m in transcript] == [False, True, True]

    log = await control.get("/control/requests?method=copyMessage")
    assert [(e["method"], int(e["chat_id"]), e["status"]) for e in log] == [
        ("copyMessage", ann["id"], 200)
    ]
    stats = await control.get("/control/stats")
    assert stats["calls_per_method"]["sendMessage"] == 1


async def test_button_presses_wait_for_the_answer(control: Control, world: World, bot: Bot) -> None:
    ann = await control.post("/control/users", {"first_name": "Ann"})
    await control.post(
        "/control/messages", {"chat_id": ann["id"], "user_id": ann["id"], "text": "/start"}
    )
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    sent = await bot.send_message(
        ann["id"],
        "Is this Alice?",
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]]
        ),
    )

    async def answer_when_pressed() -> None:
        while True:
            for update in await bot.get_updates(timeout=1):
                if update.callback_query:
                    await bot.answer_callback_query(update.callback_query.id, text="Noted")
                    return

    answering = asyncio.create_task(answer_when_pressed())
    answer = await control.post(
        "/control/callbacks",
        {"user_id": ann["id"], "chat_id": ann["id"], "message_id": sent.message_id, "data": "yes"},
    )
    await answering
    assert answer["answered"] is True
    assert answer["text"] == "Noted"


async def test_documents_media_edits_and_forwards(control: Control, bot: Bot) -> None:
    ann = await control.post("/control/users", {"first_name": "Ann"})
    form = aiohttp.FormData()
    form.add_field("chat_id", str(ann["id"]))
    form.add_field("user_id", str(ann["id"]))
    form.add_field(
        "file", b"plain text, not a photo", filename="notes.txt", content_type="text/plain"
    )
    document = await control.call("POST", "/control/documents", data=form)
    assert document["document"]["file_name"] == "notes.txt"
    assert document["document"]["mime_type"] == "text/plain"

    form = aiohttp.FormData()
    for key, value in (
        ("kind", "sticker"),
        ("chat_id", str(ann["id"])),
        ("user_id", str(ann["id"])),
        ("emoji", "🐱"),
    ):
        form.add_field(key, value)
    form.add_field("file", jpeg(512, 512), filename="s.webp")
    sticker = await control.call("POST", "/control/media", data=form)
    assert sticker["sticker"]["emoji"] == "🐱"

    text = await control.post(
        "/control/messages", {"chat_id": ann["id"], "user_id": ann["id"], "text": "hi"}
    )
    edited = await control.post(
        "/control/messages/edit",
        {
            "chat_id": ann["id"],
            "user_id": ann["id"],
            "message_id": text["message_id"],
            "text": "hello",
        },
    )
    assert edited["text"] == "hello" and edited["edit_date"]
    forwarded = await control.post(
        "/control/forwards",
        {
            "chat_id": ann["id"],
            "user_id": ann["id"],
            "from_chat_id": ann["id"],
            "message_id": text["message_id"],
        },
    )
    assert forwarded["forward_origin"]["type"] == "user"


async def test_faults_rate_limits_clock_and_reset(control: Control, world: World, bot: Bot) -> None:
    ann = await control.post("/control/users", {"first_name": "Ann"})
    await control.post(
        "/control/messages", {"chat_id": ann["id"], "user_id": ann["id"], "text": "/start"}
    )

    await control.post("/control/faults", {"method": "sendMessage", "error_code": 502, "times": 1})
    with pytest.raises(TelegramServerError):
        await bot.send_message(ann["id"], "x")

    limits = await control.call(
        "PUT", "/control/rate_limits", json={"enabled": True, "per_chat_burst": 1}
    )
    assert limits["enabled"] is True
    await bot.send_message(ann["id"], "one")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(ann["id"], "two")
    await control.post("/control/clock/advance", {"seconds": refused.value.retry_after})
    assert (await bot.send_message(ann["id"], "three")).text == "three"
    stats = await control.get("/control/stats")
    assert stats["rate_limited"] == 1
    assert stats["errors"] == {"502": 1, "429": 1}

    speed = await control.call("PUT", "/control/clock", json={"speed": 60})
    assert speed["speed"] == 60

    await control.post("/control/reset")
    assert world.users == {}
    assert await control.get("/control/requests") == []


async def test_control_errors_are_clear(emulator: Emulator, control: Control) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{emulator.url}/control/messages", json={"chat_id": 1, "user_id": 1, "text": "x"}
        ) as r:
            assert r.status == 404
            assert (await r.json()) == {"error": "no chat 1"}
        async with http.post(f"{emulator.url}/control/users", data="not json") as r:
            assert r.status == 400
        async with http.post(f"{emulator.url}/control/photos", json={}) as r:
            assert r.status == 400
            assert "multipart" in (await r.json())["error"]


async def test_who_added_removed_or_banned_a_member_is_the_from_of_both_the_update_and_the_message(
    control: Control, bot: Bot
) -> None:
    tina = await control.post("/control/users", {"first_name": "Tina"})
    ben = await control.post("/control/users", {"first_name": "Ben"})
    group = await control.post(
        "/control/groups", {"title": "Class 1A", "type": "supergroup", "creator_id": tina["id"]}
    )
    await control.post(f"/control/groups/{group['id']}/bot", {"status": "administrator"})
    await bot.get_updates(allowed_updates=["message", "chat_member"])
    members = f"/control/groups/{group['id']}/members"
    await control.post(
        members, {"user_id": ben["id"], "status": "member", "by_user_id": tina["id"]}
    )
    await control.post(members, {"user_id": ben["id"], "status": "left"})  # he leaves
    await control.post(members, {"user_id": ben["id"], "status": "member"})  # and comes back
    await control.post(
        members, {"user_id": ben["id"], "status": "kicked", "by_user_id": tina["id"]}
    )

    updates = await bot.get_updates(offset=-20)
    changes = [
        (u.chat_member.from_user.first_name, u.chat_member.new_chat_member.status)
        for u in updates
        if u.chat_member
    ]
    assert changes == [("Tina", "member"), ("Ben", "left"), ("Ben", "member"), ("Tina", "kicked")]
    transcript = await control.get(f"/control/chats/{group['id']}/messages")
    added = [
        (m["from"]["first_name"], m["new_chat_members"][0]["first_name"])
        for m in transcript
        if "new_chat_members" in m
    ]
    removed = [
        (m["from"]["first_name"], m["left_chat_member"]["first_name"])
        for m in transcript
        if "left_chat_member" in m
    ]
    bot_name = (await bot.get_me()).first_name
    # "Tina added <bot>", "Tina added Ben", "Ben joined the group"
    assert added == [("Tina", bot_name), ("Tina", "Ben"), ("Ben", "Ben")]
    # "Ben left the group", "Tina removed Ben"
    assert removed == [("Ben", "Ben"), ("Tina", "Ben")]


async def test_a_new_group_begins_with_telegrams_creation_message_that_no_bot_gets(
    control: Control, bot: Bot
) -> None:
    tina = await control.post("/control/users", {"first_name": "Tina"})
    created = {}
    for kind in ("group", "supergroup"):
        group = await control.post(
            "/control/groups", {"title": f"A {kind}", "type": kind, "creator_id": tina["id"]}
        )
        await control.post(f"/control/groups/{group['id']}/bot", {"status": "administrator"})
        first = (await control.get(f"/control/chats/{group['id']}/messages"))[0]
        created[kind] = {k: v for k, v in first.items() if k.endswith("_created")}
        assert first["from"]["id"] == tina["id"]
    assert created == {
        "group": {"group_chat_created": True},
        "supergroup": {"supergroup_chat_created": True},
    }
    updates = await bot.get_updates()
    seen = [u.message for u in updates if u.message]
    assert [m.new_chat_members is not None for m in seen] == [True, True]  # the bot's arrival
    assert not any(m.group_chat_created or m.supergroup_chat_created for m in seen)


async def test_a_start_link_sends_start_with_its_payload_and_refuses_a_tampered_one(
    emulator: Emulator, world: World, bot: Bot
) -> None:
    await bot.get_me()
    ann = world.create_user("Ann")
    async with aiohttp.ClientSession() as http:

        async def opens(user_id: int, payload: str) -> tuple[int, Any]:
            body = {"user_id": user_id, "payload": payload}
            async with http.post(emulator.url + "/control/start", json=body) as response:
                return response.status, await response.json()

        # A payload Telegram's apps would refuse, or no such user: nothing is sent.
        for tampered in ("", "a b", "<b>x</b>", "x" * 65, "../admin"):
            status, answer = await opens(ann["id"], tampered)
            assert (status, answer) == (400, {"error": "START_PARAM_INVALID"}), tampered
        assert (await opens(999, "abc"))[0] == 404
        assert world.transcript(ann["id"]) == []
        assert await bot.get_updates() == []

        # Opened twice, as a user may: two /start messages, each with the payload for the
        # bot, each shown to the user as "/start".
        for _ in range(2):
            status, sent = await opens(ann["id"], "abc_12-Z")
            assert status == 200 and sent["text"] == "/start abc_12-Z"
        shown = world.transcript(ann["id"])
        assert [m["text"] for m in shown] == ["/start abc_12-Z"] * 2
        assert all(m["_start_link"] for m in shown)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["/start abc_12-Z"] * 2
    assert all("_start_link" not in u.model_dump_json() for u in updates)
