"""The emulator in-process on a free port, and the real aiogram Bot talking HTTP to it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import ClientSession
from PIL import Image

from sandbox import Emulator, World
from tests.conftest import assert_conformant

TOKEN = "123456:TEST-token_abc"


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(conformance=True) as running:
        yield running
    assert_conformant(running)


@pytest.fixture
def world(emulator: Emulator) -> World:
    return emulator.world


@pytest.fixture
async def bot(emulator: Emulator) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.url))
    client = Bot(TOKEN, session=session)
    await client.get_me()  # registers the bot with the emulator
    yield client
    await client.session.close()


async def raw_call(emulator: Emulator, method: str, **params: Any) -> dict[str, Any]:
    """A raw call (JSON body), as any HTTP client may make it: aiogram would refuse some of
    these before sending them."""
    async with (
        ClientSession() as http,
        http.post(f"{emulator.url}/bot{TOKEN}/{method}", json=params) as answer,
    ):
        body: dict[str, Any] = await answer.json()
    return body


async def until(condition: Callable[[], bool], timeout: float) -> None:
    """Waits for what another party (the page, a webhook) does to reach the emulator."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def jpeg(
    width: int = 640, height: int = 480, colour: tuple[int, int, int] = (200, 120, 40)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


class People:
    """A user who started the bot, another who did not, and a group with the bot in it."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ann: dict[str, Any] = world.create_user("Ann", username="ann")
        self.bob: dict[str, Any] = world.create_user("Bob")
        self.group: dict[str, Any] = world.create_group(
            "Class 1A", creator_id=self.ann["id"], member_ids=[self.bob["id"]]
        )


@pytest.fixture
async def people(world: World, bot: Bot) -> People:
    found = People(world)
    await world.user_sends_text(found.ann["id"], found.ann["id"], "/start")
    await world.set_bot_status(found.group["id"], "member")
    return found
