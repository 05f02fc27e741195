"""The bot process: the services of the composition root (``domain/composition``), handed
to handlers as dispatcher workflow data; long polling, or a webhook server when
configured."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Coroutine
from dataclasses import fields
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import ErrorEvent, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from arq import create_pool
from redis.asyncio import Redis

from bot import replies
from bot.handlers import get_routers
from bot.languages import ChatLanguage
from bot.menus import set_menus, show_organizer_menus
from bot.setting_screens import BotSettingScreens
from bot.updates import OncePerUpdate, OneAtATime
from domain.composition.services import Services, build_services
from domain.cooldown import UPDATE_SEEN_S
from domain.errors import ConfigurationError
from domain.groups import texts
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.cooldown import RedisCooldown
from domain.infra.stack import Stack
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.languages import texts as languages_texts
from domain.languages.catalogs import LANGUAGES, SOURCE_LANGUAGE, in_language
from domain.observability import metrics
from domain.settings import Settings

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
# How long a stopping bot process finishes the updates it is handling (docker stop waits
# 10 s before it kills).
FINISH_UPDATES_S = 8.0


def build_dispatcher(bot: Bot, services: Services, redis: Redis) -> Dispatcher:
    """The dispatcher, with ``services`` as its workflow data: a handler takes a service
    by its field name in ``Services`` (``tests/unit/test_services.py``). What a setting
    changed redraws in the bot's messages is drawn with ``bot`` and the FSM storage."""
    # With a destiny: the consent questions a user was shown are kept beside their
    # conversation (``bot.handlers.start``), which other flows clear.
    storage = StackRedisStorage(
        redis, key_builder=DefaultKeyBuilder(prefix="facedrop:fsm", with_destiny=True)
    )
    dispatcher = FacedropDispatcher(storage=storage)
    services.setting_redraws.drawn_by(BotSettingScreens(bot, storage, services))
    dispatcher.workflow_data.update(workflow_data(services))
    # First (after the order of a private chat's updates, kept by the dispatcher): a copy
    # of an update already handled (by any bot process) goes no further.
    dispatcher.update.outer_middleware(
        OncePerUpdate(RedisCooldown(redis, "facedrop:update", UPDATE_SEEN_S))
    )
    ChatLanguage().setup(dispatcher)
    dispatcher.include_routers(*get_routers())
    dispatcher.errors.register(_on_error)
    return dispatcher


class FacedropDispatcher(Dispatcher):
    """aiogram's dispatcher with two jobs of ours: it keeps the order of a private chat's
    updates, and, as polling stops, it finishes the updates it is handling before its
    shutdown closes the bot's session: aiogram handles each update in a task of its own
    and does not wait for them. An update cut short there would be lost: Telegram had it
    confirmed, and a copy sent again would be skipped as claimed
    (``bot.updates.OncePerUpdate``). Nothing new comes in meanwhile."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._in_order = OneAtATime()

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        """One person's updates in their private chat in the order they came
        (``OneAtATime``), waited for before any middleware runs. Counted as being handled
        (``facedrop_updates_handling``) from the moment it is fed, its turn included: aiogram
        feeds it in a task of its own before it asks Telegram for more, so an update
        Telegram has had confirmed is always counted until it is done (what the tests and
        `facedrop eval` wait for)."""
        with metrics.UPDATES_HANDLING.track_inprogress():
            chat = UserContextMiddleware.resolve_event_context(update).chat
            async with self._in_order.turn(chat):
                return await super().feed_update(bot, update, **kwargs)

    async def emit_shutdown(self, *args: Any, **kwargs: Any) -> None:
        await _finish_updates(self._handle_update_tasks)
        await super().emit_shutdown(*args, **kwargs)


class StackRedisStorage(RedisStorage):
    """The conversations' state in the stack's Redis client, which the stack closes, after
    every part of the process stopped: aiogram's closes it at the bot's shutdown, under a
    worker of the same process still finishing its job."""

    async def close(self) -> None:
        pass


def workflow_data(services: Services) -> dict[str, object]:
    """Each service under its field's name, as aiogram hands workflow data to handlers."""
    return {field.name: getattr(services, field.name) for field in fields(services)}


async def _on_error(event: ErrorEvent) -> bool:
    """Log with context and tell the user; the bot keeps running."""
    update = event.update
    log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    message = update.message or (update.callback_query.message if update.callback_query else None)
    if update.callback_query is not None:
        await replies.answer(
            update.callback_query, languages_texts.something_went_wrong(), alert=True
        )
    elif message is not None and message.chat.type == "private":
        await message.answer(languages_texts.something_went_wrong())
    return True


async def run_bot(
    stack: Stack, settings: Settings, stop: asyncio.Event, *, polling_timeout: int = 25
) -> None:
    """Serve updates until ``stop`` is set."""
    assert stack.redis_url is not None
    assert stack.redis is not None
    bot = make_bot(settings)
    pool = await create_pool(redis_settings(stack.redis_url))
    admin_menus: asyncio.Task[None] | None = None
    try:
        messenger = make_messenger(bot, stack.redis, settings.telegram)
        services = build_services(stack, settings, messenger, ArqJobQueue(pool))
        dispatcher = build_dispatcher(bot, services, stack.redis)
        me = await bot.get_me()
        await set_menus(bot)
        await _set_descriptions(bot)
        # Not awaited: polling starts at once, however many admin chats there are.
        admin_menus = _in_background(show_organizer_menus(bot, services.admin_linking))
        allowed = [*dispatcher.resolve_used_update_types(), "chat_member"]
        log.info(
            "bot @%s starting (%s)",
            me.username,
            "webhook" if settings.telegram.webhook_url else "polling",
        )
        if settings.telegram.webhook_url:
            await _serve_webhook(dispatcher, bot, settings, allowed, stop)
        else:
            await _serve_polling(dispatcher, bot, allowed, stop, polling_timeout)
    finally:
        if admin_menus is not None:  # unfinished at a quick stop: done at the next start
            admin_menus.cancel()
            (failed,) = await asyncio.gather(admin_menus, return_exceptions=True)
            if isinstance(failed, Exception):
                log.warning("admin chats' menus not all set: %r", failed)
        await pool.aclose()
        await bot.session.close()


def _in_background(work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """``work`` in a task of its own, counted as unfinished (``facedrop_background_work``,
    what the tests and `facedrop eval` wait for, as for updates) from now until it ends,
    cancelled or not: counted only once it ran, a wait could end before it began."""
    metrics.BACKGROUND_WORK.inc()
    task = asyncio.create_task(work)
    task.add_done_callback(lambda _task: metrics.BACKGROUND_WORK.dec())
    return task


async def _set_descriptions(bot: Bot) -> None:
    """What Telegram shows before anyone writes: the description in the empty private chat
    ("What can this bot do?") and the short one on the bot's profile and the START screen,
    in each language facedrop speaks, as the command menus are."""
    for code in LANGUAGES:
        with in_language(code):
            description, short = texts.bot_description(), texts.bot_short_description()
        language = None if code == SOURCE_LANGUAGE else code
        try:  # written only when it changed: Telegram limits how often it may be
            if (await bot.get_my_description(language)).description != description:
                await bot.set_my_description(description, language_code=language)
            current = await bot.get_my_short_description(language)
            if current.short_description != short:
                await bot.set_my_short_description(short, language_code=language)
        except TelegramAPIError as error:  # the bot works without; said at the next start
            log.warning("description (%s) not set: %s", code, error)


async def _serve_polling(
    dispatcher: Dispatcher, bot: Bot, allowed: list[str], stop: asyncio.Event, polling_timeout: int
) -> None:
    await bot.delete_webhook()
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot, handle_signals=False, allowed_updates=allowed, polling_timeout=polling_timeout
        )
    )
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not polling.done():
        await dispatcher.stop_polling()  # cancels the long poll in flight
    await polling


async def _serve_webhook(
    dispatcher: Dispatcher, bot: Bot, settings: Settings, allowed: list[str], stop: asyncio.Event
) -> None:
    telegram = settings.telegram
    secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret else ""
    if not secret:  # settings refuse this already; never serve a webhook anyone may post to
        raise ConfigurationError("FACEDROP_TELEGRAM__WEBHOOK_SECRET must be set for a webhook")
    app = web.Application()
    FinishingRequestHandler(dispatcher=dispatcher, bot=bot, secret_token=secret).register(
        app, path=WEBHOOK_PATH
    )
    app.router.add_get("/healthz", _healthz)
    setup_application(app, dispatcher, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, telegram.webhook_host, telegram.webhook_port)
    await site.start()
    assert telegram.webhook_url is not None
    await _set_webhook(bot, telegram.webhook_url, secret, allowed)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


# Telegram answers a second setWebhook within a second with 429 "retry after 1" (Client.cpp
# process_set_webhook_query), even an unchanged one: several bot processes starting together
# each set it, and each one's turn comes.
SET_WEBHOOK_TRIES = 10


async def _set_webhook(bot: Bot, url: str, secret: str, allowed: list[str]) -> None:
    for attempt in range(1, SET_WEBHOOK_TRIES + 1):
        try:
            await bot.set_webhook(url, secret_token=secret, allowed_updates=allowed)
            return
        except TelegramRetryAfter as error:
            if attempt == SET_WEBHOOK_TRIES:
                raise
            log.info("setWebhook: Telegram asks to wait %ss", error.retry_after)
            await asyncio.sleep(error.retry_after)


class FinishingRequestHandler(SimpleRequestHandler):
    """Answers Telegram at once and handles the update in the background (aiogram's way),
    and, as the process stops, finishes the updates it is handling before the bot's session
    and the stack close: Telegram got its 200 for them and will not send them again, so an
    update cut short there (a rolling restart of one of several bot processes) would be
    lost. The listener is closed first, so nothing new comes in meanwhile."""

    async def close(self) -> None:
        await _finish_updates(self._background_feed_update_tasks)
        await super().close()


async def _finish_updates(handling: Collection[asyncio.Task[Any]]) -> None:
    """As the process stops, nothing new coming in: the updates it is handling are finished
    (for up to ``FINISH_UPDATES_S``) before the bot's session and the stack close."""
    handling = set(handling)
    if not handling:
        return
    log.info("finishing %d update(s) before stopping", len(handling))
    _, unfinished = await asyncio.wait(handling, timeout=FINISH_UPDATES_S)
    if unfinished:
        log.error(
            "stopping with %d update(s) unfinished after %ss", len(unfinished), FINISH_UPDATES_S
        )


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})
