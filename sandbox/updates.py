"""Each bot's queue of updates: long polling with getUpdates, or delivery to a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from sandbox.clock import Clock
from sandbox.errors import ApiError
from sandbox.models import BotAccount

log = logging.getLogger(__name__)

# What a bot receives when it never said what it wants (Telegram's default).
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

ReplyHandler = Callable[[BotAccount, str, dict[str, Any]], Awaitable[Any]]


@dataclass
class Webhook:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    def __init__(self, bot: BotAccount, clock: Clock) -> None:
        self.bot = bot
        self.clock = clock
        self._pending: list[dict[str, Any]] = []
        self._arrived = asyncio.Condition()
        self._polling = False
        self.webhook: Webhook | None = None
        self._delivery: asyncio.Task[None] | None = None

    def wants(self, kind: str) -> bool:
        allowed = self.bot.allowed_updates
        if not allowed:
            return kind not in DEFAULT_EXCLUDED
        return kind in allowed

    async def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update (if the bot asked for its kind); returns it."""
        if not self.wants(kind):
            return None
        update = {"update_id": self.bot.next_update_id, kind: payload}
        self.bot.next_update_id += 1
        async with self._arrived:
            self._pending.append(update)
            self._arrived.notify_all()
        return update

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def pending(self) -> list[dict[str, Any]]:
        """The updates not confirmed yet, oldest first."""
        return list(self._pending)

    def restore_pending(self, updates: list[dict[str, Any]]) -> None:
        self._pending = list(updates)

    def drop_pending(self) -> None:
        self._pending.clear()

    def confirm(self, offset: int) -> None:
        """Forget the updates with an id below ``offset``; a negative one keeps the last -offset."""
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    async def get_updates(self, *, offset: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if self._polling:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        self._polling = True
        try:
            self.confirm(offset)
            if not self._pending and timeout > 0:
                async with self._arrived:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(
                            self._arrived.wait_for(lambda: bool(self._pending)), timeout
                        )
            return self._pending[:limit]
        finally:
            self._polling = False

    def set_webhook(self, webhook: Webhook, reply: ReplyHandler) -> None:
        self.stop_webhook()
        self.webhook = webhook
        self._delivery = asyncio.create_task(self._deliver(webhook, reply))

    def stop_webhook(self) -> None:
        self.webhook = None
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None

    async def _deliver(self, webhook: Webhook, reply: ReplyHandler) -> None:
        """POST each update to the webhook, oldest first, until it answers 2xx."""
        backoff = 0.2
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while True:
                async with self._arrived:
                    await self._arrived.wait_for(lambda: bool(self._pending))
                update = self._pending[0]
                try:
                    async with session.post(
                        webhook.url, data=json.dumps(update), headers=headers
                    ) as response:
                        body = await response.read()
                        if response.status >= 300:
                            raise RuntimeError(
                                "Wrong response from the webhook: "
                                f"{response.status} {response.reason}"
                            )
                except (aiohttp.ClientError, RuntimeError, TimeoutError) as exc:
                    webhook.last_error_date = self.clock.unix()
                    webhook.last_error_message = str(exc) or type(exc).__name__
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                backoff = 0.2
                if self._pending and self._pending[0] is update:
                    self._pending.pop(0)
                await self._answer_in_response(body, reply)

    async def _answer_in_response(self, body: bytes, reply: ReplyHandler) -> None:
        """A webhook may answer with a method call in its response body; carry it out."""
        if not body:
            return
        try:
            call = json.loads(body)
        except ValueError:
            return
        if isinstance(call, dict) and isinstance(call.get("method"), str):
            params = {k: v for k, v in call.items() if k != "method"}
            with contextlib.suppress(ApiError):
                await reply(self.bot, call["method"], params)

    def info(self) -> dict[str, Any]:
        if self.webhook is None:
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": self.pending_count,
            }
        data: dict[str, Any] = {
            "url": self.webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": self.pending_count,
            "max_connections": self.webhook.max_connections,
        }
        if self.bot.allowed_updates:
            data["allowed_updates"] = self.bot.allowed_updates
        if self.webhook.last_error_date:
            data["last_error_date"] = self.webhook.last_error_date
            data["last_error_message"] = self.webhook.last_error_message
        return data
