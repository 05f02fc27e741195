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
# Client.cpp get_update_type_name, in its order (custom_event and custom_query are internal).
UPDATE_TYPES = (
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
    "message_reaction",
    "message_reaction_count",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "purchased_paid_media",
    "managed_bot",
    "guest_message",
)


def allowed_update_types(value: Any) -> tuple[bool, list[str] | None]:
    """Client.cpp get_allowed_update_types: (False, _) when nothing changes (absent,
    unparseable, not an array of strings); else each name lowercased, unknown ones skipped,
    and none known (or []) is the default set (None)."""
    if value is None or value == "":
        return False, None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return False, None
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        return False, None
    asked = {name.lower() for name in value}
    chosen = [name for name in UPDATE_TYPES if name in asked]
    if not chosen or set(chosen) == set(UPDATE_TYPES) - DEFAULT_EXCLUDED:
        return True, None
    return True, chosen


# Telegram's words (tdlib/telegram-bot-api, Client.cpp: process_get_updates_query, abort_long_poll).
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
TERMINATED_BY_GET_UPDATES = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
TERMINATED_BY_SET_WEBHOOK = "Conflict: terminated by setWebhook request"

# A webhook's failed update waits 1 s, then twice as long each time (WebhookActor.cpp
# on_update_error doubles up to WEBHOOK_MAX_RESEND_TIMEOUT, 60 s; kept short here).
WEBHOOK_FIRST_DELAY = 1.0
WEBHOOK_MAX_DELAY = 8.0
WEBHOOK_TIMEOUT = 30.0

# Updates that share a queue id are sent one at a time, in order (Client.cpp add_update's
# webhook_queue_id: a message by chat, a button press by the user who pressed it, ...).
_QUEUE_KINDS = {
    "message": 0,
    "edited_message": 0,
    "channel_post": 0,
    "edited_channel_post": 0,
    "callback_query": 3,
    "my_chat_member": 5,
    "chat_member": 6,
    "chat_join_request": 6,
    "message_reaction": 8,
    "message_reaction_count": 9,
}


def webhook_queue_id(update: dict[str, Any]) -> int:
    """Which queue a webhook update waits in (0 never: Telegram's unique per-update queues)."""
    for kind, tag in _QUEUE_KINDS.items():
        payload = update.get(kind)
        if not isinstance(payload, dict):
            continue
        if kind in ("callback_query", "chat_member", "chat_join_request"):
            owner = payload.get("from", {}).get("id")
        else:
            owner = payload.get("chat", {}).get("id")
        if isinstance(owner, int):
            return owner + (tag << 33)
    return -(1 + int(update["update_id"]))


@dataclass
class _LongPoll:
    ended: str | None = None


@dataclass
class _Retry:
    delay: float = WEBHOOK_FIRST_DELAY
    fails: int = 0
    wake_at: float = 0.0


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
        self.webhook: Webhook | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._long_poll: _LongPoll | None = None
        self.next_set_webhook_at = 0.0  # on the clock's monotonic time

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
        """Forget the updates with an id below ``offset``; a negative one keeps the last
        -offset (Client.cpp do_get_updates: "if (offset < 0) { ... tqueue->clear(tqueue_id_,
        -offset)"). An offset more than 10 past the next id is "in the future" (TQueue.cpp
        get: "if (from_id.value() > q.tail_id.value() + 10) return Status::Error("Specified
        from_id is in the future")"): do_get_updates then reads from the head, and nothing
        is confirmed."""
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset and offset <= self.bot.next_update_id + 10:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    async def get_updates(self, *, offset: int, limit: int, timeout: float) -> list[dict[str, Any]]:
        """Telegram's long poll: a newer getUpdates that is going to wait ends the older one
        waiting (Client.cpp do_get_updates, ``abort_long_poll``); the newer one proceeds."""
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_ACTIVE)
        self.confirm(offset)
        if self._pending or timeout <= 0:
            return self._pending[:limit]
        await self._end_long_poll(TERMINATED_BY_GET_UPDATES)
        poll = _LongPoll()
        self._long_poll = poll
        try:
            async with self._arrived:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._arrived.wait_for(
                            lambda: bool(self._pending) or poll.ended is not None
                        ),
                        timeout,
                    )
            if poll.ended is not None:
                raise ApiError(409, poll.ended)
            return self._pending[:limit]
        finally:
            if self._long_poll is poll:
                self._long_poll = None

    async def _end_long_poll(self, reason: str) -> None:
        poll = self._long_poll
        if poll is None:
            return
        poll.ended = reason
        self._long_poll = None
        async with self._arrived:
            self._arrived.notify_all()

    async def set_webhook(self, webhook: Webhook, reply: ReplyHandler) -> None:
        """Deliver to ``webhook`` from now on; a waiting long poll ends with 409."""
        await self._end_long_poll(TERMINATED_BY_SET_WEBHOOK)
        self.stop_webhook()
        self.webhook = webhook
        self._delivery = asyncio.create_task(self._deliver(webhook, reply))

    def stop_webhook(self) -> None:
        self.webhook = None
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None

    async def _deliver(self, webhook: Webhook, reply: ReplyHandler) -> None:
        """POST updates to the webhook as WebhookActor.cpp does: one queue per chat (per user
        for buttons), each strictly in order with one update in flight; different queues in
        parallel up to ``max_connections``; a failed update is retried with a doubling delay
        and holds back only its own queue."""
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        busy: set[int] = set()
        retries: dict[int, _Retry] = {}
        posts: set[asyncio.Task[None]] = set()
        timeout = aiohttp.ClientTimeout(total=WEBHOOK_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            try:
                while True:
                    async with self._arrived:
                        ready, wake_in = self._ready(busy, retries, webhook.max_connections)
                        if not ready:
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(self._arrived.wait(), wake_in)
                            continue
                    for queue_id, update in ready:
                        busy.add(queue_id)
                        post = asyncio.create_task(
                            self._post(
                                session, webhook, headers, update, queue_id, busy, retries, reply
                            )
                        )
                        posts.add(post)
                        post.add_done_callback(posts.discard)
            finally:
                for post in list(posts):
                    post.cancel()

    def _ready(
        self, busy: set[int], retries: dict[int, _Retry], max_connections: int
    ) -> tuple[list[tuple[int, dict[str, Any]]], float | None]:
        """The head update of every queue that is free to send now, and when to look again."""
        now = asyncio.get_running_loop().time()
        seen: set[int] = set()
        ready: list[tuple[int, dict[str, Any]]] = []
        wake_in: float | None = None
        for update in self._pending:
            if len(busy) + len(ready) >= max_connections:
                break
            queue_id = webhook_queue_id(update)
            if queue_id in seen:
                continue
            seen.add(queue_id)
            if queue_id in busy:
                continue
            retry = retries.get(update["update_id"])
            if retry is not None and retry.wake_at > now:
                left = retry.wake_at - now
                wake_in = left if wake_in is None else min(wake_in, left)
                continue
            ready.append((queue_id, update))
        return ready, wake_in

    async def _post(
        self,
        session: aiohttp.ClientSession,
        webhook: Webhook,
        headers: dict[str, str],
        update: dict[str, Any],
        queue_id: int,
        busy: set[int],
        retries: dict[int, _Retry],
        reply: ReplyHandler,
    ) -> None:
        body = b""
        delivered = False
        try:
            async with session.post(
                webhook.url, data=json.dumps(update), headers=headers
            ) as response:
                body = await response.read()
                if response.status >= 300:
                    raise RuntimeError(
                        f"Wrong response from the webhook: {response.status} {response.reason}"
                    )
            delivered = True
        except (aiohttp.ClientError, RuntimeError, TimeoutError) as exc:
            webhook.last_error_date = self.clock.unix()
            webhook.last_error_message = str(exc) or type(exc).__name__
            retry = retries.setdefault(update["update_id"], _Retry())
            retry.delay = min(retry.delay * 2, WEBHOOK_MAX_DELAY) if retry.fails else retry.delay
            retry.fails += 1
            retry.wake_at = asyncio.get_running_loop().time() + retry.delay
        finally:
            if delivered:
                retries.pop(update["update_id"], None)
                with contextlib.suppress(ValueError):
                    self._pending.remove(update)
            busy.discard(queue_id)
            async with self._arrived:
                self._arrived.notify_all()
        if delivered:
            await self._answer_in_response(body, reply)

    async def _answer_in_response(self, body: bytes, reply: ReplyHandler) -> None:
        """A webhook may answer with a method call in its response body; carry it out."""
        if not body:
            return
        try:
            call = json.loads(body)
        except ValueError:
            return
        if not isinstance(call, dict) or not isinstance(call.get("method"), str):
            return
        method = call["method"].lower()
        # WebhookActor.cpp ignores these in a webhook's response.
        if method in ("deletewebhook", "setwebhook", "close", "logout") or method.startswith("get"):
            return
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
