"""The aiogram ``Bot`` for our token, on Telegram or on a configured Bot API server."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode

from domain.settings import Settings


def make_bot(settings: Settings) -> Bot:
    settings.require_token()
    assert settings.bot_token is not None
    api_url = settings.telegram.api_url
    # A --local server's getFile paths are files on its disk: aiogram then reads them.
    local = settings.telegram.api_local
    server = TelegramAPIServer.from_base(api_url, is_local=local) if api_url else PRODUCTION
    return Bot(
        settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=server),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
