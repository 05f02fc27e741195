"""Which copies of a Telegram update count as the same update (bot.updates)."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import Message, Update

from bot.app import FacedropDispatcher
from bot.updates import OncePerUpdate, update_key
from domain.observability import metrics


def _update(update_id: int, text: str, date: int = 1_700_000_000) -> Update:
    raw: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": 7,
            "date": date,
            "chat": {"id": 42, "type": "private", "first_name": "Ann"},
            "from": {"id": 42, "is_bot": False, "first_name": "Ann"},
            "text": text,
        },
    }
    return Update.model_validate(raw)


def test_a_copy_telegram_sends_again_is_the_same_update() -> None:
    assert update_key(1, _update(5, "/persons")) == update_key(1, _update(5, "/persons"))


def test_an_id_counted_again_from_1_by_a_new_server_is_a_new_update() -> None:
    first = update_key(1, _update(5, "/persons"))
    assert update_key(1, _update(5, "/help")) != first
    assert update_key(1, _update(5, "/persons", date=1_700_000_001)) != first
    assert update_key(2, _update(5, "/persons")) != first  # another bot


class _Seen:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    async def claim(self, key: str) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


async def test_a_copy_telegram_sends_again_while_the_first_is_handled_is_skipped() -> None:
    middleware = OncePerUpdate(_Seen())
    release = asyncio.Event()
    entered = asyncio.Event()

    async def handler(event: Any, data: dict[str, Any]) -> str:
        entered.set()
        await release.wait()
        return "handled"

    bot = Bot("42:TEST")
    update = _update(5, "/persons")
    running = asyncio.create_task(middleware(handler, update, {"bot": bot}))
    await entered.wait()
    assert await middleware(handler, update, {"bot": bot}) is UNHANDLED
    release.set()
    assert await running == "handled"
    await bot.session.close()


async def test_an_update_counts_as_being_handled_from_when_it_is_fed_until_it_is_done() -> None:
    """What `facedrop_updates_handling` says, and what the tests and `facedrop eval` wait
    for: aiogram feeds each update in a task of its own and asks Telegram for more (which
    confirms it) meanwhile; one waiting for its turn behind another of the same private
    chat is counted too."""
    dispatcher = FacedropDispatcher()
    release = asyncio.Event()
    entered = asyncio.Event()
    answered: list[str] = []

    @dispatcher.message()
    async def handler(message: Message) -> None:
        entered.set()
        await release.wait()
        answered.append(message.text or "")

    bot = Bot("42:TEST")
    before = metrics.updates_handling()
    first = asyncio.create_task(dispatcher.feed_update(bot, _update(5, "/persons")))
    second = asyncio.create_task(dispatcher.feed_update(bot, _update(6, "/help")))
    await entered.wait()
    assert metrics.updates_handling() == before + 2  # /help waits for its turn
    release.set()
    await asyncio.gather(first, second)
    assert answered == ["/persons", "/help"]
    assert metrics.updates_handling() == before
    await bot.session.close()
