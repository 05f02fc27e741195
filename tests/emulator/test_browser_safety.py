"""Other sites, over real HTTP: a browser's request from another site is refused on every
route, a domain rebound to 127.0.0.1 gets nothing, and files are never run as pages."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import BufferedInputFile

from sandbox import Emulator, World
from tests.emulator.conftest import TOKEN, People, jpeg


async def _get(emulator: Emulator, path: str, headers: dict[str, str]) -> aiohttp.ClientResponse:
    async with aiohttp.ClientSession() as http, http.get(emulator.url + path, headers=headers) as r:
        await r.read()
        return r


def _port(emulator: Emulator) -> str:
    return emulator.url.rsplit(":", 1)[1]


async def test_a_page_on_another_site_cannot_make_the_bot_send(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    before = len(world.transcript(people.ann["id"]))
    send = f"/bot{TOKEN}/sendMessage"
    form = {"chat_id": str(people.ann["id"]), "text": "pwned"}
    async with aiohttp.ClientSession() as http:
        async with http.post(
            emulator.url + send, data=form, headers={"Origin": "http://evil.example"}
        ) as foreign:
            assert foreign.status == 403
            answer = await foreign.json()
        # An <img src> on another site: no Origin, but the browser says where it comes from.
        async with http.get(
            emulator.url + send, params=form, headers={"Sec-Fetch-Site": "cross-site"}
        ) as image:
            assert image.status == 403
        async with http.get(
            emulator.url + send, params=form, headers={"Sec-Fetch-Site": "same-site"}
        ) as other_port:
            assert other_port.status == 403  # another port of localhost is the same site
    assert answer["ok"] is False
    assert answer["error_code"] == 403
    assert "evil.example" in answer["description"]
    assert len(world.transcript(people.ann["id"])) == before

    # aiogram (no Origin, no Sec-Fetch-Site) and the page itself are served as before.
    await bot.send_message(people.ann["id"], "from the bot")
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            emulator.url + send,
            data={**form, "text": "from the page"},
            headers={"Origin": emulator.url, "Sec-Fetch-Site": "same-origin"},
        ) as own,
    ):
        assert own.status == 200
    said = [m["text"] for m in world.transcript(people.ann["id"])[before:]]
    assert said == ["from the bot", "from the page"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/web/", "text"),
        ("/web/static/webchat.js", "text"),
        ("/control/users", "control"),
        ("/control/events", "control"),
        (f"/bot{TOKEN}/getMe", "bot"),
        (f"/file/bot{TOKEN}/photos/file_1.jpg", "bot"),
    ],
)
async def test_every_route_refuses_a_request_from_another_site(
    emulator: Emulator, people: People, path: str, kind: str
) -> None:
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        async with (
            aiohttp.ClientSession() as http,
            http.get(emulator.url + path, headers=headers) as refused,
        ):
            assert refused.status == 403
            if kind == "bot":
                assert (await refused.json())["error_code"] == 403
            elif kind == "control":
                assert "own web chat" in (await refused.json())["error"]
            else:
                assert (await refused.text()).count("\n") == 1  # one line
    if path != "/control/events":  # an open stream; the page's own is tested in Chromium
        typed = await _get(emulator, path if kind != "bot" else f"/bot{TOKEN}/getMe", {})
        assert typed.status == 200


async def test_a_link_from_another_site_opens_the_web_chat_and_nothing_else(
    emulator: Emulator, people: People
) -> None:
    clicked = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    clicked["Sec-Fetch-Dest"] = "document"
    async with aiohttp.ClientSession() as http:
        async with http.get(emulator.url + "/web/", headers=clicked) as page:
            assert page.status == 200
        send = f"/bot{TOKEN}/sendMessage?chat_id={people.group['id']}&text=hi"
        async with http.get(emulator.url + send, headers=clicked) as refused:
            assert refused.status == 403
    assert not any(m.get("text") == "hi" for m in emulator.world.transcript(people.group["id"]))


async def test_a_domain_rebound_to_this_machine_gets_nothing(
    emulator: Emulator, people: People
) -> None:
    port = _port(emulator)
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    refused = await _get(emulator, "/control/users", rebound)
    assert refused.status == 403
    refused = await _get(emulator, "/control/users", {"Host": f"evil.example:{port}"})
    assert refused.status == 403
    refused = await _get(emulator, f"/bot{TOKEN}/getUpdates", {"Host": "evil.example"})
    assert refused.status == 403
    for own in (f"localhost:{port}", f"web.localhost:{port}", f"127.0.0.1:{port}", "[::1]"):
        answered = await _get(emulator, "/control/users", {"Host": own})
        assert answered.status == 200, own


async def test_the_host_it_was_told_to_bind_to_is_its_own() -> None:
    emulator = Emulator()
    await emulator.start("localhost")
    try:
        emulator.host = "sandbox.lan"  # as if it had been bound to that name
        answered = await _get(emulator, "/control/users", {"Host": "sandbox.lan"})
        assert answered.status == 200
        refused = await _get(emulator, "/control/users", {"Host": "other.lan"})
        assert refused.status == 403
    finally:
        await emulator.stop()


async def _file_headers(emulator: Emulator, file_id: str, file_path: str) -> list[Any]:
    found = []
    for path in (f"/control/files/{file_id}", f"/file/bot{TOKEN}/{file_path}"):
        response = await _get(emulator, path, {})
        assert response.status == 200
        found.append(response.headers)
    return found


async def test_a_file_is_served_so_that_it_cannot_run_as_a_page(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    page = b"<script>fetch('/control/messages', {method: 'POST'})</script>"
    sent = await bot.send_document(
        people.ann["id"],
        BufferedInputFile(page, filename="page.html"),
    )
    assert sent.document is not None
    document = await bot.get_file(sent.document.file_id)
    assert document.file_path is not None
    for headers in await _file_headers(emulator, sent.document.file_id, document.file_path):
        assert headers["Content-Type"].startswith("text/html")
        assert headers["Content-Security-Policy"] == "sandbox"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Content-Disposition"] == "attachment"

    photo = await bot.send_photo(people.ann["id"], BufferedInputFile(jpeg(), "p.jpg"))
    assert photo.photo is not None
    largest = await bot.get_file(photo.photo[-1].file_id)
    assert largest.file_path is not None
    for headers in await _file_headers(emulator, photo.photo[-1].file_id, largest.file_path):
        assert headers["Content-Type"] == "image/jpeg"
        assert headers["Content-Security-Policy"] == "sandbox"
        assert "Content-Disposition" not in headers  # shown in the page, not downloaded
