"""The aiogram ``Bot`` for our token, on Telegram or on a configured Bot API server."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode

from domain.errors import ConfigurationError
from domain.settings import Settings


def require_token(settings: Settings) -> None:
    """The bot's token is set (the bot and the worker speak to Telegram with it)."""
    if settings.bot_token is None:
        raise ConfigurationError("FACEDROP_BOT_TOKEN is not set (or run `facedrop sandbox`)")


def make_bot(settings: Settings) -> Bot:
    require_token(settings)
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
