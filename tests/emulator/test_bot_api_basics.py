"""The Bot API envelope, tokens, method names and request encodings."""

from __future__ import annotations

import json

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramUnauthorizedError

from sandbox import Emulator
from tests.emulator.conftest import TOKEN, People


async def _raw(emulator: Emulator, path: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http:
        method = "POST" if any(k in kwargs for k in ("data", "json")) else "GET"
        async with http.request(method, emulator.url + path, **kwargs) as response:  # type: ignore[arg-type]
            return response.status, await response.json()


async def test_get_me_through_aiogram(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.is_bot is True
    assert me.username == "sandbox_123456_bot"
    assert me.can_read_all_group_messages is False  # privacy mode, as Telegram's default


async def test_any_well_formed_token_is_a_bot_with_its_digits_as_id(emulator: Emulator) -> None:
    status, body = await _raw(emulator, "/bot987:another-secret/getMe")
    assert status == 200
    assert body["ok"] is True
    assert body["result"]["id"] == 987  # type: ignore[index]


@pytest.mark.parametrize("token", ["nonsense", "12345", ":secret", "12:sec ret", "abc:def"])
async def test_malformed_token_is_401(emulator: Emulator, token: str) -> None:
    status, body = await _raw(emulator, f"/bot{token}/getMe")
    assert status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_wrong_secret_for_a_known_bot_is_401(emulator: Emulator, bot: Bot) -> None:
    intruder = Bot(
        "123456:not-the-secret",
        session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.url)),
    )
    with pytest.raises(TelegramUnauthorizedError):
        await intruder.get_me()
    await intruder.session.close()


async def test_unknown_method_is_404_never_a_fake_success(emulator: Emulator) -> None:
    status, body = await _raw(
        emulator, f"/bot{TOKEN}/sendPoll", data={"chat_id": "1", "question": "?"}
    )
    assert status == 404
    # Client.cpp on_cmd: "fail_query(404, \"Not Found: method not found\", ...)"
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_method_names_are_case_insensitive(emulator: Emulator) -> None:
    for name in ("getMe", "getme", "GETME"):
        status, body = await _raw(emulator, f"/bot{TOKEN}/{name}")
        assert (status, body["ok"]) == (200, True)


async def test_urlencoded_json_query_and_multipart_bodies(
    emulator: Emulator, people: People
) -> None:
    chat = str(people.ann["id"])
    markup = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}
    sent = [
        await _raw(
            emulator,
            f"/bot{TOKEN}/sendMessage",
            data={"chat_id": chat, "text": "form", "reply_markup": json.dumps(markup)},
        ),
        await _raw(
            emulator,
            f"/bot{TOKEN}/sendMessage",
            json={"chat_id": int(chat), "text": "json", "reply_markup": markup},
        ),
        await _raw(emulator, f"/bot{TOKEN}/sendMessage?chat_id={chat}&text=query"),
    ]
    form = aiohttp.FormData()
    form.add_field("chat_id", chat)
    form.add_field("text", "multipart")
    form.add_field("reply_markup", json.dumps(markup))
    form.add_field("spare", b"bytes", filename="x.bin")  # forces multipart
    sent.append(await _raw(emulator, f"/bot{TOKEN}/sendMessage", data=form))
    assert [status for status, _ in sent] == [200, 200, 200, 200]
    results = [body["result"] for _, body in sent]
    assert [r["text"] for r in results] == ["form", "json", "query", "multipart"]  # type: ignore[index]
    assert results[0]["reply_markup"] == markup  # type: ignore[index]
    assert results[1]["reply_markup"] == markup  # type: ignore[index]
    assert results[3]["reply_markup"] == markup  # type: ignore[index]


async def test_broken_json_field_is_a_bad_request(emulator: Emulator, people: People) -> None:
    status, body = await _raw(
        emulator,
        f"/bot{TOKEN}/sendMessage",
        data={"chat_id": str(people.ann["id"]), "text": "x", "reply_markup": "{not json"},
    )
    assert status == 400
    # Client.cpp get_reply_markup: "Can't parse reply keyboard markup JSON object"
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"
