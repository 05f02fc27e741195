"""Telegram for the integration tests: the emulator in-process (conformance checked), the
real aiogram Bot talking HTTP to it, and the real messenger on that bot (its throttle on
the embedded Redis). Import the fixtures into a test module to use them."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from PIL import Image
from redis.asyncio import Redis

from domain.infra.telegram.client import session_for
from domain.infra.telegram.messenger import AiogramMessenger, make_messenger
from domain.settings import TelegramSettings
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
    session = session_for(TelegramAPIServer.from_base(emulator.url))
    client = Bot(TOKEN, session=session)
    await client.get_me()  # registers the bot with the emulator
    yield client
    await client.session.close()


@pytest.fixture
async def messenger(bot: Bot, embedded_redis: str) -> AsyncIterator[AiogramMessenger]:
    redis = Redis.from_url(embedded_redis)
    await redis.flushall()
    yield make_messenger(bot, redis, TelegramSettings(per_chat_per_s=30))
    await redis.aclose()


def jpeg(colour: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, format="JPEG")
    return out.getvalue()


def from_bot(world: World, chat_id: int, *, include_deleted: bool = False) -> list[dict[str, Any]]:
    """What the bot said in a chat, as its members see it (deleted ones marked ``_deleted``
    when asked for)."""
    return [
        m for m in world.transcript(chat_id, include_deleted=include_deleted) if m["from"]["is_bot"]
    ]
