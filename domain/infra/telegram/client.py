"""The aiogram ``Bot`` for our token, on Telegram or on a configured Bot API server."""

from __future__ import annotations

import asyncio
import ssl
from functools import cache
from typing import Any

import certifi
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import TCPConnector

from domain.settings import Settings


class _Session(AiohttpSession):
    """aiogram's session, with the class it parses each answer into kept. aiogram reads
    every answer as ``Response[<the method's result type>]``, a pydantic generic class
    that pydantic caches only weakly: made again for nearly every request, which took
    0.55 ms of CPU each (py-spy on the tests, 2026-11-28: 7% of a worker's CPU). Kept
    here, each result type's class is made once per process."""

    _kept: dict[Any, Any] = {}

    def __init__(self, api: TelegramAPIServer) -> None:
        """aiogram's ``AiohttpSession.__init__`` (no proxy), with the process's one TLS
        context: aiogram made a new one for each session, reading certifi's certificates
        again (24 ms of CPU; three sessions in every test through the emulator)."""
        BaseSession.__init__(self, api=api)
        self._session = None
        self._connector_type = TCPConnector
        self._connector_init = {"ssl": _tls(), "limit": 100, "ttl_dns_cache": 3600}
        self._should_reset_connector = True
        self._proxy = None

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)

    async def close(self) -> None:
        """Closed without aiogram's quarter of a second of waiting: it waited for SSL
        connections to close, which aiohttp 3.12.11 and later abort as the session closes
        (and plain HTTP ones, a self-hosted Bot API server's, never needed it: aiohttp's
        "graceful shutdown" advice). Every stop of a process paid it, and every test
        through the emulator twice (0.25 s of each one's 0.8 s of setup and teardown)."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
            await asyncio.sleep(0)  # the connections' own close callbacks run


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


def session_for(api: TelegramAPIServer) -> AiohttpSession:
    """A session with the Bot API server at ``api`` (the tests' own clients use it too)."""
    return _Session(api=api)


def make_bot(settings: Settings) -> Bot:
    settings.require_token()
    assert settings.bot_token is not None
    api_url = settings.telegram.api_url
    # A --local server's getFile paths are files on its disk: aiogram then reads them.
    local = settings.telegram.api_local
    server = TelegramAPIServer.from_base(api_url, is_local=local) if api_url else PRODUCTION
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session_for(server),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
