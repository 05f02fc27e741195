"""Each Telegram update is handled once, by one bot process.

Telegram sends an update again when its webhook did not answer it with a 2xx in time (a
load balancer whose upstream was slow, a bot process restarting): behind a load balancer
the second copy may reach another bot process, while the first is still handling it.
The first process to see an update claims it in Redis; a later copy, in any process, is
skipped (an enrollment photo counted twice, a button's answer or a list sent twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update

from domain.cooldown import Cooldown

log = logging.getLogger(__name__)

# What an outer middleware of ``dispatcher.update`` calls on with the update.
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OncePerUpdate(BaseMiddleware):
    """An outer middleware of ``dispatcher.update``."""

    def __init__(self, seen: Cooldown) -> None:
        self._seen = seen

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot: Bot = data["bot"]
        if not await self._seen.claim(update_key(bot.id, event)):
            log.info(
                "update %s skipped: it came again (handled already, perhaps by another "
                "bot process)",
                event.update_id,
            )
            return UNHANDLED
        return await handler(event, data)


def update_key(bot_id: int, update: Update) -> str:
    """The bot, the update's id and a digest of its content: a copy Telegram sends again
    is the same update, byte for byte; a new update that reuses an id (a Bot API server
    or an emulator started afresh counts from 1 again) is not."""
    content = update.model_dump_json(exclude_none=True, exclude_defaults=True)
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    return f"{bot_id}:{update.update_id}:{digest}"


class OneAtATime:
    """One person's updates in their private chat with the bot are handled one after
    another, in the order Telegram sent them, as a person expects of a chat ("I agree",
    then /add at once: /add must find the agreement; an album's photos answered in the
    album's order). aiogram handles updates concurrently, and still does for everything
    else: a poster's 20 photos in a group are recognized at once (a lock per user for all
    chats queued them behind each other). Taken as the update is fed, before any
    middleware awaits (aiogram's own FSM middleware reads Redis first: as one of them,
    two updates could pass each other there, and an album's second photo was answered
    before its first, seen in CI), so the order of arrival is the order of the locks
    (asyncio's locks are fair)."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat: Chat | None) -> AsyncIterator[None]:
        """Wait for this update's turn in its chat (none outside a private chat)."""
        if chat is None or chat.type != ChatType.PRIVATE:
            yield
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:  # nobody else holds or waits: forget the lock
                del self._waiting[chat.id]
                del self._locks[chat.id]
