"""Updates: getUpdates with offsets and long polling, allowed_updates, webhooks, and a
real aiogram Dispatcher polling the emulator."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramConflictError
from aiogram.types import ChatMemberRestricted, Message
from aiohttp import web

from sandbox import World
from sandbox.errors import ControlError
from tests.emulator.conftest import People


async def test_offset_confirms_and_limit_caps(world: World, bot: Bot, people: People) -> None:
    for n in range(5):
        await world.user_sends_text(people.ann["id"], people.ann["id"], f"hello {n}")
    everything = await bot.get_updates()
    ids = [u.update_id for u in everything]
    assert ids == sorted(ids)
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # sequential
    assert [u.message.text for u in everything if u.message and u.message.text][-5:] == [
        f"hello {n}" for n in range(5)
    ]

    first_two = await bot.get_updates(offset=ids[-5], limit=2)
    assert [u.update_id for u in first_two] == ids[-5:-3]
    # Asking from an offset confirms everything before it: it never comes back.
    assert [u.update_id for u in await bot.get_updates()] == ids[-5:]
    assert await bot.get_updates(offset=ids[-1] + 1) == []


async def test_long_polling_waits_for_an_update(world: World, bot: Bot, people: People) -> None:
    latest = await bot.get_updates(offset=-1)
    offset = latest[-1].update_id + 1 if latest else 0
    assert await bot.get_updates(offset=offset) == []
    poll = asyncio.create_task(bot.get_updates(offset=offset, timeout=30))
    await asyncio.sleep(0.3)
    assert not poll.done()  # still waiting: nothing has happened yet
    await world.user_sends_text(people.ann["id"], people.ann["id"], "wake up")
    updates = await asyncio.wait_for(poll, 5)
    assert updates[-1].message is not None
    assert updates[-1].message.text == "wake up"


async def test_long_poll_with_nothing_returns_empty(bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=1))
    await asyncio.sleep(0.2)
    assert not poll.done()
    assert await asyncio.wait_for(poll, 5) == []


async def test_a_second_concurrent_poller_gets_409(bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.2)
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await bot.get_updates(timeout=1)
    assert await first == []


async def test_chat_member_updates_only_when_asked(world: World, bot: Bot, people: People) -> None:
    await world.set_bot_status(people.group["id"], "administrator")
    carol = world.create_user("Carol")
    await bot.get_updates(offset=-1)  # default allowed_updates
    await world.set_member_status(people.group["id"], carol["id"], "member")
    kinds = {u.event_type for u in await bot.get_updates()}
    assert "chat_member" not in kinds
    assert "message" in kinds  # the join's service message

    latest = (await bot.get_updates(offset=-1))[0].update_id
    await bot.get_updates(offset=latest + 1, allowed_updates=["message", "chat_member"])
    await world.set_member_status(people.group["id"], carol["id"], "left")
    updates = await bot.get_updates()  # the setting persists without being repeated
    member_updates = [u.chat_member for u in updates if u.chat_member]
    assert len(member_updates) == 1
    assert member_updates[0].old_chat_member.status == "member"
    assert member_updates[0].new_chat_member.status == "left"


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[
    tuple[str, list[tuple[dict[str, object], str | None]]]
]:
    received: list[tuple[dict[str, object], str | None]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.Response(text="")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/hook", received
    await runner.cleanup()


async def test_webhook_receives_updates_with_the_secret(
    world: World,
    bot: Bot,
    people: People,
    webhook_receiver: tuple[str, list[tuple[dict[str, object], str | None]]],
) -> None:
    url, received = webhook_receiver
    assert await bot.set_webhook(url, secret_token="s3cret", drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == url

    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()

    await world.user_sends_text(people.ann["id"], people.ann["id"], "via webhook")
    for _ in range(100):
        if received:
            break
        await asyncio.sleep(0.02)
    update, secret = received[0]
    assert secret == "s3cret"
    assert update["message"]["text"] == "via webhook"  # type: ignore[index]
    assert (await bot.get_webhook_info()).pending_update_count == 0

    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == []


async def test_webhook_failures_are_retried_and_reported(
    world: World, bot: Bot, people: People
) -> None:
    await bot.set_webhook("http://127.0.0.1:9/nobody-listens", drop_pending_updates=True)
    await world.user_sends_text(people.ann["id"], people.ann["id"], "lost?")
    for _ in range(100):
        info = await bot.get_webhook_info()
        if info.last_error_message:
            break
        await asyncio.sleep(0.02)
    assert info.pending_update_count == 1  # kept until delivered
    assert info.last_error_message
    await bot.delete_webhook()
    updates = await bot.get_updates()
    assert updates[-1].message is not None
    assert updates[-1].message.text == "lost?"


async def test_a_dispatcher_polls_and_answers(world: World, bot: Bot, people: People) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"you said: {message.text}")

    await bot.get_updates(offset=-1)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        sent = await world.user_sends_text(people.ann["id"], people.ann["id"], "ping")
        replies = await world.wait_for_bot_messages(
            people.ann["id"], after_id=sent["message_id"], timeout=10
        )
        assert [r["text"] for r in replies] == ["you said: ping"]
    finally:
        await dispatcher.stop_polling()
        await polling
    assert json.dumps(replies)  # transcripts are plain JSON


async def test_a_restricted_member_stays_restricted_after_leaving(
    world: World, bot: Bot, people: People
) -> None:
    """ChatMemberRestricted carries every field the Bot API requires; a restricted user who
    leaves is still ``restricted``, with ``is_member`` false (and a left service message)."""
    await world.set_bot_status(people.group["id"], "administrator")
    latest = (await bot.get_updates(offset=-1))[0].update_id
    await bot.get_updates(offset=latest + 1, allowed_updates=["message", "chat_member"])

    await world.set_member_status(people.group["id"], people.bob["id"], "restricted")
    member = await bot.get_chat_member(people.group["id"], people.bob["id"])
    assert isinstance(member, ChatMemberRestricted)  # aiogram validated the required fields
    assert member.is_member is True and member.can_send_photos is False
    with pytest.raises(ControlError, match="restricted"):
        await world.user_sends_text(people.group["id"], people.bob["id"], "hi")

    await world.set_member_status(people.group["id"], people.bob["id"], "left")
    member = await bot.get_chat_member(people.group["id"], people.bob["id"])
    assert isinstance(member, ChatMemberRestricted) and member.is_member is False
    updates = await bot.get_updates()
    changes = [u.chat_member for u in updates if u.chat_member]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes] == [
        ("member", "restricted"),
        ("restricted", "restricted"),
    ]
    assert [getattr(c.new_chat_member, "is_member", None) for c in changes] == [True, False]
    left = [u.message for u in updates if u.message and u.message.left_chat_member]
    assert [m.left_chat_member.id for m in left if m.left_chat_member] == [people.bob["id"]]

    # Back without restrictions: an ordinary member; a basic group has no restrictions.
    await world.set_member_status(people.group["id"], people.bob["id"], "member")
    assert (await bot.get_chat_member(people.group["id"], people.bob["id"])).status == "member"
    basic = world.create_group("Basic", type="group", creator_id=people.ann["id"])
    with pytest.raises(ControlError, match="supergroups only"):
        await world.set_member_status(basic["id"], people.bob["id"], "restricted")
