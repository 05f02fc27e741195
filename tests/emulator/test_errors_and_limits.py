"""Telegram's errors, flood limits and injected faults reach aiogram as the right exceptions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
)

from sandbox import Emulator, World
from tests.emulator.conftest import People, jpeg


async def test_blocked_user(world: World, bot: Bot, people: People) -> None:
    await world.block(people.ann["id"])
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(people.ann["id"], "hello?")
    await world.block(people.ann["id"], blocked=False)
    assert (await bot.send_message(people.ann["id"], "welcome back")).text == "welcome back"


async def test_blocking_and_unblocking_emit_my_chat_member(
    world: World, bot: Bot, people: People
) -> None:
    latest = await bot.get_updates(offset=-1)
    offset = latest[-1].update_id + 1
    await world.block(people.ann["id"])
    await world.block(people.ann["id"], blocked=False)
    changes = [u.my_chat_member for u in await bot.get_updates(offset=offset) if u.my_chat_member]
    assert [(c.old_chat_member.status, c.new_chat_member.status) for c in changes] == [
        ("member", "kicked"),
        ("kicked", "member"),
    ]


async def test_a_user_the_bot_never_saw_is_a_chat_not_found(
    world: World, bot: Bot, people: People
) -> None:
    # Client.cpp check_chat: a user tdlib does not know goes to td getChat, whose error
    # TdOnCheckChatCallback answers with the default "chat not found" (400, not 403).
    bob = people.bob["id"]
    for call in (
        bot.send_message(bob, "hi"),
        bot.send_photo(bob, BufferedInputFile(jpeg(), "p.jpg")),
        bot.get_chat(bob),
    ):
        with pytest.raises(TelegramBadRequest) as raised:
            await call
        assert raised.value.message == "Bad Request: chat not found"


async def test_user_who_never_started_the_bot(world: World, bot: Bot, people: People) -> None:
    # Once the bot has seen Bob (his command in the group), it knows him: he only never
    # started it, and Telegram says so (403).
    await world.user_sends_text(people.group["id"], people.bob["id"], "/help")
    with pytest.raises(TelegramForbiddenError) as raised:
        await bot.send_message(people.bob["id"], "hi")
    assert raised.value.message == "Forbidden: bot can't initiate conversation with a user"


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "anyone?")


async def test_kicked_and_absent_bot(world: World, bot: Bot, people: People) -> None:
    await world.set_bot_status(people.group["id"], "kicked")
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the supergroup chat"):
        await bot.send_message(people.group["id"], "still here?")
    small = world.create_group("Small", type="group", creator_id=people.ann["id"])
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the group chat"):
        await bot.send_message(small["id"], "hi")


async def test_burst_of_200_messages_meets_429s(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    world.limiter.config.enabled = True
    chat = people.ann["id"]

    async def send(n: int) -> int | None:
        try:
            await bot.send_message(chat, f"message {n}")
        except TelegramRetryAfter as error:
            return error.retry_after
        return None

    outcomes = await asyncio.gather(*(send(n) for n in range(200)))
    refused = [r for r in outcomes if r is not None]
    delivered = [r for r in outcomes if r is None]
    assert 1 <= len(delivered) <= 5  # the per-chat burst
    assert len(refused) == 200 - len(delivered)
    assert all(r >= 1 for r in refused)
    assert world.stats["429"] == len(refused)

    # Every call is refused until retry_after has passed; after it, sending works again.
    with pytest.raises(TelegramRetryAfter) as still:
        await bot.send_message(chat, "too early")
    world.clock.advance(still.value.retry_after)
    assert (await bot.send_message(chat, "on time")).text == "on time"


async def test_an_album_counts_each_photo_yet_goes_to_a_chat_at_rest(
    world: World, bot: Bot, people: People
) -> None:
    """Ten photos in one album are ten messages for the flood limits: a chat at rest takes
    the album (more than its burst of single messages), then waits for the debt to clear."""
    world.limiter.config.enabled = True
    chat = people.ann["id"]
    album: list[Any] = [
        InputMediaPhoto(media=BufferedInputFile(jpeg(), f"{i}.jpg")) for i in range(10)
    ]
    assert len(await bot.send_media_group(chat, album)) == 10
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(chat, "right after")
    assert refused.value.retry_after == 8  # 10 taken from a bucket of 3, at 1 a second
    with pytest.raises(TelegramRetryAfter):  # not even a second album meanwhile
        await bot.send_media_group(chat, album[:2])
    world.clock.advance(refused.value.retry_after)
    assert (await bot.send_message(chat, "later")).text == "later"


async def test_invalid_requests_are_refused_before_the_flood_limits(
    world: World, bot: Bot, people: People
) -> None:
    # Client.cpp process_send_message_query: "TRY_RESULT(input_message_text,
    # get_input_message_text(query.get()))" refuses a bad request before anything is sent;
    # the 429 "Too Many Requests: retry after N" is the server's, for what tdlib sends.
    world.limiter.config.enabled = True
    chat = people.ann["id"]
    bad = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", url="http://localhost/")]]
    )
    for _ in range(10):
        with pytest.raises(TelegramBadRequest, match="message text is empty"):
            await bot.send_message(chat, "")
        with pytest.raises(TelegramBadRequest, match="Wrong HTTP URL"):
            await bot.send_message(chat, "open", reply_markup=bad)
        with pytest.raises(TelegramBadRequest, match="message to copy not found"):
            await bot.copy_message(chat, chat, 999999)
    sent = [(await bot.send_message(chat, f"{n}")).text for n in range(3)]  # the whole burst
    assert sent == ["0", "1", "2"]
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(chat, "one too many")
    # Over the limit, a bad request is still answered for what it is.
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(chat, "")


async def test_group_limit_is_20_a_minute(world: World, bot: Bot, people: People) -> None:
    world.limiter.config.enabled = True
    for n in range(20):
        await bot.send_message(people.group["id"], f"{n}")
        world.clock.advance(1.0)  # stay under the per-chat limit
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(people.group["id"], "the 21st")
    assert 30 <= refused.value.retry_after <= 60


async def test_global_limit(world: World, bot: Bot, people: People) -> None:
    world.limiter.config.enabled = True
    world.limiter.config.global_per_s = 5
    users = [world.create_user(f"U{n}") for n in range(8)]
    for user in users:
        await world.user_sends_text(user["id"], user["id"], "/start")
    results = []
    for user in users:
        try:
            await bot.send_message(user["id"], "hi")
            results.append("ok")
        except TelegramRetryAfter:
            results.append("429")
    assert results == ["ok"] * 5 + ["429"] * 3


async def test_injected_faults(world: World, bot: Bot, people: People) -> None:
    from sandbox.limits import Fault

    world.add_fault(Fault(method="sendMessage", error_code=500, times=2, chat_id=people.ann["id"]))
    world.add_fault(Fault(method="sendphoto", error_code=429, retry_after=7))
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(people.ann["id"], "x")
    assert (await bot.send_message(people.ann["id"], "third time")).text == "third time"
    with pytest.raises(TelegramRetryAfter) as limited:
        await bot.send_photo(people.ann["id"], "any")
    assert limited.value.retry_after == 7
    log = world.requests("sendMessage")
    assert [entry["status"] for entry in log] == [500, 500, 200]
