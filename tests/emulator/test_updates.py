"""Updates: getUpdates with offsets and long polling, allowed_updates, webhooks, and a
real aiogram Dispatcher polling the emulator."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiogram.types import (
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiohttp import web

from sandbox import Emulator, World
from sandbox.errors import ControlError
from tests.emulator.conftest import TOKEN, People, until


@pytest.fixture(autouse=True)
def _a_local_bot_api_server(world: World) -> None:
    """These webhooks listen on this machine over plain HTTP: as with telegram-bot-api
    started with --local, which takes any webhook URL (Telegram's own rules are tested in
    test_strict_inputs.py)."""
    world.local_mode = True


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


async def test_a_newer_poll_ends_the_older_one(world: World, bot: Bot, people: People) -> None:
    """As Telegram (Client.cpp abort_long_poll): the newer getUpdates ends the older waiting
    one with 409 and goes on waiting itself."""
    latest = await bot.get_updates(offset=-1)
    offset = latest[-1].update_id + 1
    older = asyncio.create_task(bot.get_updates(offset=offset, timeout=5))
    await asyncio.sleep(0.2)
    newer = asyncio.create_task(bot.get_updates(offset=offset, timeout=5))
    with pytest.raises(
        TelegramConflictError,
        match="Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
    ):
        await asyncio.wait_for(older, 2)
    assert not newer.done()  # still waiting for an update
    await world.user_sends_text(people.ann["id"], people.ann["id"], "for the newer one")
    updates = await asyncio.wait_for(newer, 5)
    assert [u.message.text for u in updates if u.message] == ["for the newer one"]


async def test_set_webhook_ends_long_polling(
    world: World,
    bot: Bot,
    people: People,
) -> None:
    """setWebhook ends a waiting getUpdates with 409; getUpdates then keeps failing with 409
    until deleteWebhook, which drops what is pending when asked to."""
    latest = await bot.get_updates(offset=-1)
    poll = asyncio.create_task(bot.get_updates(offset=latest[-1].update_id + 1, timeout=5))
    await asyncio.sleep(0.2)
    assert await bot.set_webhook("http://127.0.0.1:9/nobody-listens")
    with pytest.raises(TelegramConflictError, match=r"Conflict: terminated by setWebhook request$"):
        await asyncio.wait_for(poll, 2)
    for _ in range(2):
        with pytest.raises(
            TelegramConflictError,
            match="Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        ):
            await bot.get_updates(timeout=1)

    await world.user_sends_text(people.ann["id"], people.ann["id"], "never delivered")
    assert (await bot.get_webhook_info()).pending_update_count >= 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0
    assert await bot.get_updates() == []  # dropped, as asked
    await world.user_sends_text(people.ann["id"], people.ann["id"], "polling again")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["polling again"]


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


async def test_allowed_updates_are_read_as_telegram_reads_them(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    # Client.cpp get_allowed_update_types: "to_lower_inplace(type_name)", unknown names
    # skipped, "if (result == 0) return DEFAULT_ALLOWED_UPDATE_TYPES"; a value that is not an
    # array of strings returns 0, which update_allowed_update_types leaves as it was.
    ann = people.ann["id"]

    async def kinds_after(allowed: object) -> set[str]:
        await bot.get_updates(offset=-1)
        latest = (await bot.get_updates(offset=-1))[-1].update_id
        async with aiohttp.ClientSession() as http:  # as sent, even what aiogram would refuse
            url = f"{emulator.url}/bot{TOKEN}/getUpdates"
            raw = allowed if isinstance(allowed, str) else json.dumps(allowed)
            body = {"offset": str(latest + 1), "allowed_updates": raw}
            async with http.post(url, data=body) as response:
                assert response.status == 200
        await world.user_sends_text(ann, ann, "hello")
        await world.block(ann)
        await world.block(ann, blocked=False)
        return {u.event_type for u in await bot.get_updates(offset=latest + 1)}

    assert await kinds_after(["Message"]) == {"message"}  # capitalised: still "message"
    assert await kinds_after(["mesage"]) == {"message", "my_chat_member"}  # unknown: default
    assert await kinds_after(["MY_CHAT_MEMBER", "nonsense"]) == {"my_chat_member"}
    assert await kinds_after([]) == {"message", "my_chat_member"}
    await bot.get_updates(allowed_updates=["message"])
    assert await kinds_after([1, "message"]) == {"message"}  # not strings: as it was
    assert await kinds_after("{not json") == {"message"}  # unparseable: as it was


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


async def test_set_webhook_again_unchanged_changes_nothing_as_telegram_says(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    """The Bot API server answers an unchanged setWebhook "Webhook is already set" and
    leaves delivery as it is: an update in flight is not sent again."""
    base = f"{emulator.url}/bot{bot.token}"
    hook = "http://127.0.0.1:9/nobody-listens"
    async with aiohttp.ClientSession() as http:

        async def call(method: str, **params: object) -> dict[str, object]:
            async with http.post(f"{base}/{method}", json=params) as response:
                body: dict[str, object] = await response.json()
                return body

        first = await call("setWebhook", url=hook, drop_pending_updates=True)
        assert first == {"ok": True, "result": True, "description": "Webhook was set"}
        await world.user_sends_text(people.ann["id"], people.ann["id"], "in flight")
        for _ in range(100):
            if (await bot.get_webhook_info()).last_error_message:
                break
            await asyncio.sleep(0.02)
        # Client.cpp: a second setWebhook within a second is 429 "retry after 1", before the
        # server even looks whether anything changed.
        too_soon = await call("setWebhook", url=hook)
        assert too_soon == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
        world.clock.advance(1)
        again = await call("setWebhook", url=hook)
        assert again == {"ok": True, "result": True, "description": "Webhook is already set"}
        info = await bot.get_webhook_info()
        assert info.last_error_message  # the same delivery goes on (a restart forgets it)
        assert info.pending_update_count == 1
        world.clock.advance(1)
        changed = await call("setWebhook", url=hook, secret_token="new-secret")
        assert changed["description"] == "Webhook was set"
        assert (await call("deleteWebhook"))["description"] == "Webhook was deleted"
        assert (await call("deleteWebhook"))["description"] == "Webhook is already deleted"


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


class ChatWebhook:
    """A webhook that takes 0.2 s per update, fails (500) for the chats in ``failing`` and
    records what arrived, per chat, and how many requests were in flight at once."""

    def __init__(self) -> None:
        self.failing: set[int] = set()
        self.delivered: dict[int, list[str]] = {}
        self.attempts: dict[int, list[str]] = {}
        self.in_flight: dict[int, int] = {}
        self.most_in_one_chat = 0
        self.most_at_once = 0

    async def hook(self, request: web.Request) -> web.Response:
        update = await request.json()
        message = update["message"]
        chat, text = message["chat"]["id"], message.get("text", "")
        self.attempts.setdefault(chat, []).append(text)
        self.in_flight[chat] = self.in_flight.get(chat, 0) + 1
        self.most_in_one_chat = max(self.most_in_one_chat, self.in_flight[chat])
        self.most_at_once = max(self.most_at_once, sum(self.in_flight.values()))
        try:
            await asyncio.sleep(0.2)
            if chat in self.failing:
                return web.Response(status=500)
            self.delivered.setdefault(chat, []).append(text)
            return web.Response(text="")
        finally:
            self.in_flight[chat] -= 1


@pytest.fixture
async def chat_webhook() -> AsyncIterator[tuple[str, ChatWebhook]]:
    receiver = ChatWebhook()
    app = web.Application()
    app.router.add_post("/hook", receiver.hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/hook", receiver
    await runner.cleanup()


async def test_webhook_updates_are_queued_per_chat(
    world: World, bot: Bot, people: People, chat_webhook: tuple[str, ChatWebhook]
) -> None:
    """WebhookActor.cpp: one queue per chat. Chats are served in parallel, each chat strictly
    in order and one update at a time; a chat whose updates fail holds back no other chat,
    and its own updates arrive in order once the webhook takes them."""
    url, receiver = chat_webhook
    ann, bob = people.ann["id"], people.bob["id"]
    carol = world.create_user("Carol")["id"]
    for user in (bob, carol):
        await world.user_sends_text(user, user, "/start")
    receiver.failing.add(ann)
    assert await bot.set_webhook(url, drop_pending_updates=True)

    await world.user_sends_text(ann, ann, "a1")
    await world.user_sends_text(ann, ann, "a2")
    for n in range(1, 4):
        await world.user_sends_text(bob, bob, f"b{n}")
        await world.user_sends_text(carol, carol, f"c{n}")

    # Bob's and Carol's chats went on while Ann's first update kept failing.
    await until(lambda: len(receiver.delivered.get(bob, [])) == 3, 5)
    await until(lambda: len(receiver.delivered.get(carol, [])) == 3, 5)
    assert receiver.delivered[bob] == ["b1", "b2", "b3"]
    assert receiver.delivered[carol] == ["c1", "c2", "c3"]
    assert receiver.most_in_one_chat == 1  # one at a time within a chat
    assert receiver.most_at_once >= 2  # different chats in parallel
    assert set(receiver.attempts[ann]) == {"a1"}  # a2 waits behind a1
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 2
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    assert info.last_error_date is not None

    receiver.failing.clear()  # the webhook recovers: Ann's updates come, in order
    await until(lambda: len(receiver.delivered.get(ann, [])) == 2, 10)
    assert receiver.delivered[ann] == ["a1", "a2"]
    assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_webhook_max_connections_caps_parallel_chats(
    world: World, bot: Bot, people: People, chat_webhook: tuple[str, ChatWebhook]
) -> None:
    url, receiver = chat_webhook
    users = [people.ann["id"], people.bob["id"], world.create_user("Carol")["id"]]
    for user in users[1:]:
        await world.user_sends_text(user, user, "/start")
    assert await bot.set_webhook(url, drop_pending_updates=True, max_connections=1)
    assert (await bot.get_webhook_info()).max_connections == 1
    for user in users:
        await world.user_sends_text(user, user, "hello")
    await until(lambda: sum(len(v) for v in receiver.delivered.values()) == 3, 5)
    assert receiver.most_at_once == 1


async def test_a_button_can_be_answered_only_in_time(
    world: World, bot: Bot, people: People
) -> None:
    """answerCallbackQuery works within the time limit (15 s on the emulator's clock), once;
    later or again it fails as Telegram does."""
    ann = people.ann["id"]
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]]
    )
    sent = await bot.send_message(ann, "Sure?", reply_markup=keyboard)
    too_old = "query is too old and response timeout expired or query ID is invalid"

    async def press() -> str:
        latest = await bot.get_updates(offset=-1)
        await world.press_button(ann, ann, sent.message_id, "yes", wait=0)
        updates = await bot.get_updates(offset=latest[-1].update_id + 1)
        queries = [u.callback_query for u in updates if u.callback_query]
        assert len(queries) == 1
        return queries[0].id

    in_time = await press()
    world.clock.advance(14)
    assert await bot.answer_callback_query(in_time, text="Done")
    with pytest.raises(TelegramBadRequest, match=too_old):  # a second answer
        await bot.answer_callback_query(in_time, text="Done again")

    late = await press()
    world.clock.advance(16)
    with pytest.raises(TelegramBadRequest, match=too_old):
        await bot.answer_callback_query(late, text="Done")

    # A press the bot gets late (it was slow or down) is already too old.
    before = await bot.get_updates(offset=-1)
    result = await world.press_button(ann, ann, sent.message_id, "yes", wait=0, age=20)
    assert result["answered"] is False
    updates = await bot.get_updates(offset=before[-1].update_id + 1)
    query = next(u.callback_query for u in updates if u.callback_query)
    with pytest.raises(TelegramBadRequest, match=too_old):
        await bot.answer_callback_query(query.id)


async def test_a_second_poller_ending_the_first_loses_no_update(
    emulator: Emulator,
    world: World,
    bot: Bot,
    people: People,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """aiogram's polling loop meets the 409 of a newer getUpdates (another instance), logs it,
    backs off and polls again: the update the other poller saw but did not confirm is still
    answered."""
    dispatcher = Dispatcher()

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"you said: {message.text}")

    await bot.get_updates(offset=-1)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=5)
    )
    other = Bot(bot.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.url)))
    try:
        await asyncio.sleep(0.5)  # the dispatcher is waiting in its long poll
        second = asyncio.create_task(other.get_updates(timeout=5))
        await asyncio.sleep(0.3)
        sent = await world.user_sends_text(people.ann["id"], people.ann["id"], "ping")
        seen = await asyncio.wait_for(second, 5)  # the newer poll got it (and confirmed nothing)
        assert [u.message.text for u in seen if u.message] == ["ping"]
        replies = await world.wait_for_bot_messages(
            people.ann["id"], after_id=sent["message_id"], timeout=10
        )
        assert [r["text"] for r in replies] == ["you said: ping"]
        assert "terminated by other getUpdates request" in caplog.text
    finally:
        await other.session.close()
        await dispatcher.stop_polling()
        await polling


async def test_a_poll_that_does_not_wait_leaves_the_waiting_one(bot: Bot, people: People) -> None:
    """Only a getUpdates that is going to wait ends the older one (Client.cpp do_get_updates)."""
    latest = await bot.get_updates(offset=-1)
    offset = latest[-1].update_id + 1
    waiting = asyncio.create_task(bot.get_updates(offset=offset, timeout=1))
    await asyncio.sleep(0.2)
    assert await bot.get_updates(offset=offset, timeout=0) == []
    assert await asyncio.wait_for(waiting, 5) == []  # ended by its own timeout, not a 409


async def test_a_webhook_response_may_call_a_method_but_not_touch_the_webhook(
    world: World, bot: Bot, people: People
) -> None:
    ann = people.ann["id"]
    answers = [
        {"method": "deleteWebhook"},  # ignored, as WebhookActor.cpp does
        {"method": "sendMessage", "chat_id": ann, "text": "answered in the response"},
    ]

    async def hook(request: web.Request) -> web.Response:
        await request.json()
        return web.json_response(answers.pop(0) if answers else {})

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        url = f"http://{host}:{port}/hook"
        assert await bot.set_webhook(url, drop_pending_updates=True)
        first = await world.user_sends_text(ann, ann, "one")
        await until(lambda: len(answers) == 1, 5)
        await world.user_sends_text(ann, ann, "two")
        replies = await world.wait_for_bot_messages(ann, after_id=first["message_id"], timeout=5)
        assert [r["text"] for r in replies] == ["answered in the response"]
        assert (await bot.get_webhook_info()).url == url  # deleteWebhook was not carried out
    finally:
        await bot.delete_webhook()
        await runner.cleanup()
