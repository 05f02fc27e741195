"""The web chat (``/web/``) and the control API it stands on: lists, members, the commands
menu and the event stream; then the page itself in Chromium, with a real aiogram bot
sending, editing and deleting, answering buttons, and users who are not what they seem."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
)
from playwright.async_api import Locator, Page, Route, expect

from sandbox import Emulator, World
from tests.clips import make_clip
from tests.emulator.conftest import People, jpeg, until
from tests.web_chat import WebChat, drawn_at


async def _get(emulator: Emulator, path: str) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.get(emulator.url + path) as response:
        return response.status, await response.json()


async def test_the_page_is_served_where_the_sandbox_says(emulator: Emulator) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(emulator.url + "/", allow_redirects=False) as response:
            assert response.status == 302
            assert response.headers["Location"] == "/web/"
        async with http.get(emulator.url + "/web/") as response:
            assert response.status == 200
            assert "facedrop sandbox" in await response.text()
        async with http.get(emulator.url + "/web/static/webchat.js") as response:
            assert response.status == 200
        async with http.get(emulator.url + "/web/static/../../server.py") as response:
            assert response.status in (403, 404)  # nothing outside the page's folder


async def test_a_user_sees_their_bot_chat_and_groups_latest_first(
    emulator: Emulator, world: World, people: People
) -> None:
    outsider = world.create_user("Cid")
    other = world.create_group("Class 2B", creator_id=outsider["id"])
    await world.user_sends_text(people.group["id"], people.ann["id"], "hello class")

    status, chats = await _get(emulator, f"/control/users/{people.ann['id']}/chats")
    assert status == 200
    assert [c["chat"]["id"] for c in chats] == [people.group["id"], people.ann["id"]]
    assert chats[0]["last_message"]["text"] == "hello class"
    assert chats[1]["chat"]["type"] == "private"
    assert chats[1]["chat"]["bot_username"] == world.default_bot().username
    assert other["id"] not in [c["chat"]["id"] for c in chats]  # not hers

    _, users = await _get(emulator, "/control/users")
    assert [(u["first_name"], u["started_bot"]) for u in users] == [
        ("Ann", True),
        ("Bob", False),
        ("Cid", False),
    ]
    status, error = await _get(emulator, "/control/users/5/chats")
    assert (status, error) == (404, {"error": "no user 5"})


async def test_a_group_shows_its_members_and_their_roles(
    emulator: Emulator, world: World, people: People
) -> None:
    await world.set_member_status(people.group["id"], people.bob["id"], "administrator")
    status, info = await _get(emulator, f"/control/chats/{people.group['id']}")
    assert status == 200
    assert info["chat"]["title"] == "Class 1A"
    roles = {m["user"]["first_name"]: m["status"] for m in info["members"]}
    assert roles == {
        "Ann": "creator",
        "Bob": "administrator",
        world.default_bot().first_name: "member",
    }


async def test_the_menu_shows_the_narrowest_commands_the_bot_set(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    await bot.set_my_commands([BotCommand(command="help", description="How it works")])
    await bot.set_my_commands(
        [BotCommand(command="admin", description="The admin chat")],
        scope=BotCommandScopeAllGroupChats(),
    )
    await bot.set_my_commands(
        [BotCommand(command="hilfe", description="So geht's")],
        language_code="de",
    )
    group, ann = people.group["id"], people.ann["id"]
    status, private = await _get(emulator, f"/control/chats/{ann}/commands?user_id={ann}")
    assert status == 200
    assert [c["command"] for c in private] == ["help"]
    _, in_group = await _get(emulator, f"/control/chats/{group}/commands?user_id={ann}")
    assert [c["command"] for c in in_group] == ["admin"]
    await bot.set_my_commands(
        [BotCommand(command="only_here", description="This group")],
        scope=BotCommandScopeChat(chat_id=group),
    )
    _, in_group = await _get(emulator, f"/control/chats/{group}/commands?user_id={ann}")
    assert [c["command"] for c in in_group] == ["only_here"]
    german = emulator.world.create_user("Dora", language_code="de")
    _, hers = await _get(emulator, f"/control/chats/{german['id']}/commands?user_id={german['id']}")
    assert [c["command"] for c in hers] == ["hilfe"]


async def _events(emulator: Emulator, count: int) -> list[dict[str, Any]]:
    """The first ``count`` events of the stream (after it opened)."""
    found: list[dict[str, Any]] = []
    async with aiohttp.ClientSession() as http, http.get(emulator.url + "/control/events") as r:
        assert r.headers["Content-Type"] == "text/event-stream"
        async for line in r.content:
            if line.startswith(b"data: "):
                found.append(json.loads(line[6:]))
                if len(found) == count:
                    break
    return found


async def test_the_event_stream_says_which_chat_changed(
    emulator: Emulator, world: World, bot: Bot, people: People
) -> None:
    listening = asyncio.create_task(_events(emulator, 4))
    while not world.watchers:
        await asyncio.sleep(0.01)
    await world.user_sends_text(people.group["id"], people.ann["id"], "/start")
    sent = await bot.send_message(people.ann["id"], "hi")
    await bot.edit_message_text("hi there", chat_id=people.ann["id"], message_id=sent.message_id)
    world.create_user("Cid")
    events = await asyncio.wait_for(listening, 10)
    assert events == [
        {"chat_id": people.group["id"]},
        {"chat_id": people.ann["id"]},
        {"chat_id": people.ann["id"]},
        {"chat_id": None},
    ]


async def test_open_event_streams_end_when_the_emulator_stops() -> None:
    emulator = Emulator()
    await emulator.start()
    listening = asyncio.create_task(_events(emulator, 1))
    while not emulator.world.watchers:
        await asyncio.sleep(0.01)
    await asyncio.wait_for(emulator.stop(), 10)  # does not wait for the page to go
    assert await asyncio.wait_for(listening, 10) == []


async def test_links_in_plain_text_become_url_entities(world: World, people: People) -> None:
    sent = await world.user_sends_text(
        people.group["id"],
        people.ann["id"],
        "join https://t.me/some_bot?start=abc, or /help",
    )
    assert sent["entities"] == [
        {"type": "url", "offset": 5, "length": 31},
        {"type": "bot_command", "offset": 41, "length": 5},
    ]


# ----- the page, in Chromium ------------------------------------------------------------------


async def _chat(web_page: Page, emulator: Emulator, as_user: str) -> WebChat:
    chat = await WebChat(web_page).open(emulator.url)
    await chat.act_as(as_user)
    return chat


async def test_what_the_bot_sends_edits_and_deletes_shows_without_reloading(
    emulator: Emulator, bot: Bot, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(emulator.world.default_bot().first_name)  # the bot's chat
    sent = await bot.send_message(
        people.ann["id"],
        "<b>Alice</b> is in <a href='https://example.org/x'>this photo</a>",
        parse_mode="HTML",
    )
    shown = await chat.bot_says("Alice is in this photo")
    await expect(shown.locator("b")).to_have_text("Alice")
    await expect(shown.get_by_role("link", name="this photo")).to_have_attribute(
        "href", "https://example.org/x"
    )
    await bot.edit_message_text(
        "Alice, edited", chat_id=people.ann["id"], message_id=sent.message_id
    )
    await expect(shown).to_contain_text("Alice, edited")
    await expect(shown).to_contain_text("edited")
    await bot.send_message(people.ann["id"], "About that one", reply_to_message_id=sent.message_id)
    reply = await chat.bot_says("About that one")
    await expect(reply.locator(".quote")).to_contain_text("Alice, edited")
    await bot.delete_message(people.ann["id"], sent.message_id)
    await expect(chat.from_others("Alice")).to_have_count(0)
    # The reply stays, quoting what Telegram's apps show of a deleted message.
    await expect(reply.locator(".quote")).to_have_text("Deleted message")
    assert chat.errors == []


async def test_an_album_shows_as_one_message_and_a_reply_quotes(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page, tmp_path: Any
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")
    paths = []
    for i, colour in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200)]):
        path = tmp_path / f"p{i}.jpg"
        path.write_bytes(jpeg(320, 240, colour))
        paths.append(path)
    await chat.send_photos(paths, caption="Our trip")
    album = chat.messages.last
    await expect(album.locator("img")).to_have_count(3)
    await expect(album).to_contain_text("Our trip")
    transcript = world.transcript(people.group["id"])
    assert len({m["media_group_id"] for m in transcript if "photo" in m}) == 1
    assert transcript[-3]["caption"] == "Our trip"

    await bot.send_message(people.group["id"], "Nice photos")
    answer = await chat.bot_says("Nice photos")
    await answer.hover()
    await answer.get_by_role("button", name=re.compile("^Reply to")).click()
    await chat.say("Thanks!")
    sent = world.transcript(people.group["id"])[-1]
    assert sent["text"] == "Thanks!"
    assert sent["reply_to_message"]["text"] == "Nice photos"
    await expect(chat.messages.last.locator(".quote")).to_contain_text("Nice photos")


async def test_a_pressed_button_shows_the_bots_answer_as_a_popup_or_a_toast(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Alert me", callback_data="alert")],
            [InlineKeyboardButton(text="Tell me", callback_data="toast")],
        ]
    )
    await bot.send_message(people.ann["id"], "Choose", reply_markup=keyboard)
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    message = await chat.bot_says("Choose")

    offset = 0

    async def answer_next(show_alert: bool) -> dict[str, Any]:
        """The bot's side: the next button press, answered."""
        nonlocal offset
        while True:
            for update in await bot.get_updates(offset=offset, timeout=10):
                offset = update.update_id + 1
                query = update.callback_query
                if query is not None:
                    await bot.answer_callback_query(
                        query.id, text=f"{query.data}!", show_alert=show_alert
                    )
                    return {"data": query.data, "from": query.from_user.id}

    answering = asyncio.create_task(answer_next(show_alert=True))
    await chat.press("Alert me", message)
    assert await answering == {"data": "alert", "from": people.ann["id"]}
    alert = web_page.get_by_role("alertdialog")
    await expect(alert).to_contain_text("alert!")
    await alert.get_by_role("button", name="OK").click()
    await expect(alert).to_be_hidden()

    answering = asyncio.create_task(answer_next(show_alert=False))
    await chat.press("Tell me", message)
    await answering
    await expect(web_page.get_by_role("status")).to_have_text("toast!")
    assert chat.errors == []


async def _send_link(bot: Bot, chat_id: int, text: str, label: str, query: str) -> None:
    """The bot sends a message whose one button opens its own t.me link with ``query``."""
    username = (await bot.get_me()).username
    button = InlineKeyboardButton(text=label, url=f"https://t.me/{username}{query}")
    await bot.send_message(
        chat_id, text, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
    )


async def test_a_startgroup_link_adds_the_bot_to_the_group_the_user_picks(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    username = world.default_bot().username
    await _send_link(
        bot, people.ann["id"], "Add me to your class", "Add to a group", "?startgroup=link42"
    )
    other = world.create_group("Class 2B", creator_id=people.ann["id"])
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    await chat.press("Add to a group", await chat.bot_says("Add me"))
    picker = web_page.locator("#pick-group-dialog")
    await picker.get_by_role("button", name="Class 2B").click()
    await expect(web_page.locator("#chat-title")).to_have_text("Class 2B")
    sent = world.transcript(other["id"])
    assert sent[0]["supergroup_chat_created"] is True
    assert sent[1]["new_chat_members"][0]["username"] == username
    assert sent[-1]["text"] == f"/start@{username} link42"
    await expect(chat.messages.last).to_contain_text(f"/start@{username} link42")


async def test_a_start_link_opens_the_bots_chat_with_start(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    await _send_link(bot, people.group["id"], "Parents: tap", "Join", "?start=g7")
    chat = await _chat(web_page, emulator, "Bob")  # Bob never started the bot
    await chat.open_chat("Class 1A")
    await chat.press("Join", await chat.bot_says("Parents"))
    await expect(web_page.locator("#chat-title")).to_have_text(world.default_bot().first_name)
    assert world.transcript(people.bob["id"]) == []  # nothing sent before START
    await web_page.get_by_role("button", name="START", exact=True).click()
    # Telegram's apps show just "/start"; the bot gets the payload.
    mine = web_page.locator("#messages > li.out")
    await expect(mine.last.locator(".text")).to_have_text("/start")
    await expect(chat.chat_in_list(world.default_bot().first_name)).to_contain_text("/start")
    await expect(chat.chat_in_list(world.default_bot().first_name)).not_to_contain_text("g7")
    sent = world.transcript(people.bob["id"])[-1]
    assert (sent["text"], sent["_start_link"]) == ("/start g7", True)
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message][-1] == "/start g7"
    await expect(web_page.get_by_label("Message")).to_be_visible()  # the composer, after START
    await chat.say("/help")  # what Bob types himself shows as he typed it
    await expect(mine.last.locator(".text")).to_have_text("/help")
    assert "_start_link" not in world.transcript(people.bob["id"])[-1]


async def test_a_user_who_starts_the_bot_elsewhere_sees_no_start_bar(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Bob")  # Bob never started the bot
    await chat.open_chat(world.default_bot().first_name)
    start = web_page.get_by_role("button", name="START", exact=True)
    await expect(start).to_be_visible()
    body = {"chat_id": people.bob["id"], "user_id": people.bob["id"], "text": "/start"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(emulator.url + "/control/messages", json=body) as sent,
    ):
        assert sent.status == 200  # as a second tab, the demo or a test starts it
    await expect(chat.messages.last).to_contain_text("/start")
    await expect(start).to_be_hidden()
    await expect(web_page.get_by_label("Message")).to_be_visible()


async def test_names_and_texts_are_shown_as_text_never_run_as_markup(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    evil = "<img src=x onerror=\"document.body.dataset.owned='yes'\">"
    mallory = world.create_user(evil)
    group = world.create_group(
        "<b>Class</b>", creator_id=mallory["id"], member_ids=[people.ann["id"]]
    )
    await world.set_bot_status(group["id"], "member")
    await world.user_sends_text(group["id"], mallory["id"], evil + " javascript:alert(1)")
    evil_link = MessageEntity(type="text_link", offset=2, length=4, url="javascript:alert(1)")
    # Telegram refuses the link (MessageEntity.cpp: "Entity " << check_link's error) ...
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(group["id"], "a link", entities=[evil_link])
    assert refused.value.message == (
        "Bad Request: entity URL 'javascript:alert(1)' is invalid: "
        "Wrong port number specified in the URL"
    )
    # ... and the page would not run one anyway.
    await world.bot_posts(
        world.default_bot(),
        world.chat(group["id"]),
        {"text": "a link", "entities": [evil_link.model_dump(exclude_none=True)]},
    )
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("<b>Class</b>")
    await expect(chat.from_others(evil)).to_have_count(1)
    await chat.bot_says("a link")
    assert await web_page.locator("#messages img").count() == 0
    assert await web_page.locator("a[href^='javascript']").count() == 0
    assert await web_page.evaluate("document.body.dataset.owned") is None
    await chat.act_as(evil)
    await expect(chat.acting_as.locator("option:checked")).to_have_text(evil)


async def test_an_admin_changes_roles_and_a_member_only_sees_them(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Bob")
    await chat.open_chat("Class 1A")
    await web_page.get_by_role("button", name="Members").click()
    members = web_page.locator("#members-dialog")
    await expect(members.get_by_role("row", name=re.compile("Ann"))).to_contain_text("owner")
    assert await members.locator("tbody select").count() == 0  # Bob is no admin: he only sees
    await expect(members.get_by_label("Add")).to_be_hidden()
    await members.get_by_role("button", name="Close").click()

    await chat.act_as("Ann")
    await chat.open_chat("Class 1A")
    await web_page.get_by_role("button", name="Members").click()
    await members.get_by_label("Role of Bob").select_option(label="admin")
    # The select changes at once; the group once the emulator has taken the change.
    await until(
        lambda: world.chats[people.group["id"]].members[people.bob["id"]] == "administrator", 10
    )
    await expect(members.get_by_label("Role of Bob")).to_have_value("administrator")
    cid = world.create_user("Cid")
    await members.get_by_role("button", name="Close").click()
    await web_page.get_by_role("button", name="Members").click()
    await members.get_by_label("Add").select_option(label="Cid")
    await members.get_by_role("button", name="Add", exact=True).click()
    await expect(members.get_by_role("row", name=re.compile("Cid"))).to_contain_text("member")
    assert world.chats[people.group["id"]].members[cid["id"]] == "member"
    await expect(chat.messages.last).to_contain_text("Ann added Cid")  # not "Cid joined"


async def test_at_phone_width_the_list_and_the_chat_take_turns(
    emulator: Emulator, people: People, web_page: Page
) -> None:
    await web_page.set_viewport_size({"width": 390, "height": 780})
    chat = await _chat(web_page, emulator, "Ann")
    list_ = web_page.get_by_role("navigation", name="Chats")
    await expect(list_).to_be_visible()
    await chat.open_chat("Class 1A")
    await expect(list_).to_be_hidden()
    await chat.say("from my phone")
    await web_page.get_by_role("button", name="Back to chats").click()
    await expect(list_).to_be_visible()
    await expect(chat.chat_in_list("Class 1A")).to_contain_text("from my phone")


async def _inside(page: Page, name: str, locator: Locator) -> None:
    box = await locator.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box is not None, name
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name} at {box}, width {width}"


async def test_a_reply_to_a_long_message_keeps_the_chat_inside_the_screen(
    emulator: Emulator, bot: Bot, people: People, web_page: Page
) -> None:
    await web_page.set_viewport_size({"width": 1280, "height": 800})
    long_text = "Admin chat: " + " ".join(f"step{i}" for i in range(400))
    await bot.send_message(people.group["id"], long_text)
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")
    said = await chat.bot_says("Admin chat")
    await said.hover()
    await said.get_by_role("button", name=re.compile("^Reply to")).click()
    await chat.say("Done")
    await expect(chat.messages.last.locator(".quote")).to_contain_text("Admin chat")
    for width in (1280, 390):
        await web_page.set_viewport_size({"width": width, "height": 800})
        await _inside(web_page, "Send", web_page.get_by_role("button", name="Send", exact=True))
        await _inside(web_page, "Members", web_page.get_by_role("button", name="Members"))
        await _inside(web_page, "the quote", chat.messages.last.locator(".quote"))
    await said.get_by_role("button", name=re.compile("^Reply to")).click()  # a long draft too
    await _inside(web_page, "Send", web_page.get_by_role("button", name="Send", exact=True))
    await web_page.get_by_role("button", name="Members").click()
    await expect(web_page.locator("#members-dialog")).to_be_visible()


async def test_another_site_cannot_drive_the_control_api_through_a_browser(
    emulator: Emulator, world: World, people: People
) -> None:
    body = {"chat_id": people.group["id"], "user_id": people.ann["id"], "text": "pwned"}
    async with aiohttp.ClientSession() as http:
        foreign = await http.post(
            emulator.url + "/control/messages",
            json=body,
            headers={"Origin": "https://evil.example"},
        )
        assert foreign.status == 403
        assert "evil.example" in (await foreign.json())["error"]
        own = await http.post(
            emulator.url + "/control/messages", json=body, headers={"Origin": emulator.url}
        )
        assert own.status == 200
    assert [m["text"] for m in world.transcript(people.group["id"]) if "text" in m] == ["pwned"]


async def test_photos_dropped_on_the_chat_are_sent_more_than_ten_as_two_albums(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")
    dropped = await web_page.evaluate_handle(
        """(count) => {
            const files = new DataTransfer();
            const canvas = document.createElement("canvas");
            canvas.width = 64; canvas.height = 48;
            const url = canvas.toDataURL("image/jpeg");
            const bytes = Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));
            for (let i = 0; i < count; i++) {
                files.items.add(new File([bytes], `p${i}.jpg`, { type: "image/jpeg" }));
            }
            files.items.add(new File(["not a photo"], "notes.txt", { type: "text/plain" }));
            return files;
        }""",
        11,
    )
    area = web_page.get_by_role("main", name="Open chat")
    await area.dispatch_event("dragover", {"dataTransfer": dropped})
    await expect(web_page.get_by_text("Drop photos to send them")).to_be_visible()
    await area.dispatch_event("drop", {"dataTransfer": dropped})
    dialog = web_page.locator("#photos-dialog")
    await expect(dialog.get_by_role("heading")).to_have_text("Send 11 photos as albums")
    await expect(dialog.locator("img")).to_have_count(11)  # the text file is left out
    await dialog.get_by_role("button", name="Send").click()
    await expect(chat.messages.locator("img")).to_have_count(11)
    photos = [m for m in world.transcript(people.group["id"]) if "photo" in m]
    assert len(photos) == 11
    assert len({m["media_group_id"] for m in photos[:10]}) == 1
    assert "media_group_id" not in photos[10]  # the eleventh goes alone, as Telegram sends it


async def test_a_file_that_is_no_image_is_refused_in_the_dialog_and_nothing_is_sent(
    emulator: Emulator, world: World, people: People, web_page: Page, tmp_path: Any
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 this is not really a JPEG")
    before = len(world.transcript(people.group["id"]))
    await web_page.locator("#attach").set_input_files(broken)
    dialog = web_page.locator("#photos-dialog")
    await dialog.get_by_role("button", name="Send").click()
    await expect(dialog.locator(".error")).to_contain_text("a photo must be an image")
    await expect(dialog).to_be_visible()  # still there, to cancel or pick another
    assert len(world.transcript(people.group["id"])) == before
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_be_hidden()


async def test_the_menu_lists_the_bots_commands_and_sends_the_one_tapped(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    await bot.set_my_commands(
        [
            BotCommand(command="help", description="How it works"),
            BotCommand(command="persons", description="Your children"),
        ]
    )
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    await web_page.get_by_role("button", name="Menu").click()
    await expect(web_page.locator("#menu")).to_contain_text("Your children")
    await web_page.get_by_role("button", name="/persons Your children").click()
    await expect(chat.messages.last).to_contain_text("/persons")
    assert world.transcript(people.ann["id"])[-1]["text"] == "/persons"


async def test_a_document_from_the_bot_can_be_downloaded(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    await bot.send_document(
        people.ann["id"],
        BufferedInputFile(b'{"persons": []}', filename="facedrop-export.json"),
        caption="Everything I hold about you",
    )
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    link = web_page.get_by_role("link", name="facedrop-export.json")
    async with web_page.expect_download() as downloading:
        await link.click()
    download = await downloading.value
    assert download.suggested_filename == "facedrop-export.json"
    saved = await download.path()
    assert await asyncio.to_thread(Path(saved).read_bytes) == b'{"persons": []}'


async def test_a_photo_from_the_bot_shows_in_the_page_though_files_are_sandboxed(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    await bot.send_photo(people.ann["id"], BufferedInputFile(jpeg(320, 240), "p.jpg"))
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    image = chat.messages.last.locator("img")
    await expect(image).to_be_visible()
    loaded = "(img) => img.complete && img.naturalWidth > 0"
    await web_page.wait_for_function(loaded, arg=await image.element_handle())
    assert await image.evaluate("(img) => img.naturalWidth") == 320
    assert chat.errors == []


async def test_a_video_plays_in_the_chat_and_a_user_sends_clips_with_photos(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page, tmp_path: Path
) -> None:
    # What the bot sends by sendVideo shows as a <video> that plays where it is.
    await bot.send_video(
        people.ann["id"], BufferedInputFile(make_clip(64, 48), "party.mp4"), caption="Alice"
    )
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    video = chat.messages.last.get_by_label("Video: Alice")
    await expect(video).to_be_visible()
    played = await video.evaluate(
        """async (v) => {
            v.muted = true;
            await v.play();
            await new Promise((done) => setTimeout(done, 400));
            return [v.duration, v.videoWidth, v.currentTime];
        }"""
    )
    assert played[:2] == [2, 64] and played[2] > 0
    # Ann picks a photo and a clip from her files: one album of a photo and a video.
    photo, clip = tmp_path / "cake.jpg", tmp_path / "song.mp4"
    photo.write_bytes(jpeg(320, 240))
    clip.write_bytes(make_clip(80, 60, seconds=1.0))
    await chat.open_chat("Class 1A")
    await web_page.locator("#attach").set_input_files([photo, clip])
    dialog = web_page.locator("#photos-dialog")
    await expect(dialog.get_by_role("heading")).to_have_text("Send 2 photos and videos as an album")
    await expect(dialog.locator("video")).to_have_count(1)
    await dialog.get_by_label("Caption").fill("Morning song")
    await dialog.get_by_role("button", name="Send").click()
    await expect(chat.messages.last.get_by_label("Video")).to_be_visible()
    await expect(chat.messages.last.locator("img")).to_have_count(1)
    sent = world.transcript(people.group["id"])[-2:]
    assert [sorted(set(m) & {"photo", "video"}) for m in sent] == [["photo"], ["video"]]
    assert sent[0]["media_group_id"] == sent[1]["media_group_id"]
    assert sent[0]["caption"] == "Morning song"
    assert {k: sent[1]["video"][k] for k in ("width", "height", "duration", "mime_type")} == {
        "width": 80,
        "height": 60,
        "duration": 1,
        "mime_type": "video/mp4",
    }
    assert chat.errors == []


async def test_a_chat_reached_by_keyboard_keeps_the_focus_when_a_message_redraws_the_list(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.chat_in_list("Class 1A").focus()
    # A message to another chat while Ann's keyboard rests on the group: the list is drawn anew.
    await bot.send_message(people.ann["id"], "while you were choosing")
    await expect(chat.chat_in_list(world.default_bot().first_name)).to_contain_text(
        "while you were choosing"
    )
    await expect(chat.chat_in_list("Class 1A")).to_be_focused()
    await web_page.keyboard.press("Enter")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A")


async def test_everything_is_reachable_from_the_keyboard(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    await WebChat(web_page).open(emulator.url)
    chat = WebChat(web_page)
    await chat.act_as("Ann")
    await chat.chat_in_list("Class 1A").focus()
    await web_page.keyboard.press("Enter")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A")
    await expect(web_page.get_by_role("textbox", name="Message")).to_be_focused()
    await web_page.keyboard.type("typed, not clicked")
    await web_page.keyboard.press("Enter")
    await expect(chat.messages.last).to_contain_text("typed, not clicked")
    await web_page.get_by_role("button", name="Members").focus()
    await web_page.keyboard.press("Enter")
    await expect(web_page.locator("#members-dialog")).to_be_visible()
    await web_page.keyboard.press("Escape")
    await expect(web_page.locator("#members-dialog")).to_be_hidden()


async def test_a_newcomer_is_told_what_to_do_and_the_bot_can_be_added_later(
    emulator: Emulator, world: World, web_page: Page
) -> None:
    chat = await WebChat(web_page).open(emulator.url)
    world.create_bot("42:web-chat-bot", first_name="facedrop", username="facedrop_web_bot")
    await expect(web_page.get_by_text("Try facedrop as its users would")).to_be_visible()
    await chat.new_user("Teacher")
    await chat.new_user("Ann")
    await chat.act_as("Teacher")
    await chat.new_group("Class 1A", bot="not now")
    await web_page.get_by_role("button", name="Members").click()
    members = web_page.locator("#members-dialog")
    await members.get_by_label("Add").select_option(label="facedrop (bot)")
    await members.get_by_role("button", name="Add", exact=True).click()
    await members.get_by_label("Role of facedrop").select_option(label="admin")
    group = next(c for c in world.chats.values() if c.title == "Class 1A")
    await until(lambda: group.members[42] == "administrator", 10)
    await expect(members.get_by_label("Role of facedrop")).to_have_value("administrator")
    await members.get_by_role("button", name="Close").click()
    await expect(chat.messages.last).to_contain_text("Teacher added facedrop")
    await chat.act_as("Ann")
    await expect(web_page.get_by_text("Select a chat")).to_be_visible()


class _HeldAnswer:
    """Holds the first answer to one URL (fetched when asked, so it is the older one) until
    released: the page then gets it after the answers to later requests."""

    def __init__(self) -> None:
        self.holding = False
        self.asked = asyncio.Event()  # and answered: the answer is held
        self.released = asyncio.Event()
        self.delivered = asyncio.Event()

    async def route(self, route: Route) -> None:
        if self.holding:
            await route.continue_()
            return
        self.holding = True
        answer = await route.fetch()
        self.asked.set()
        await self.released.wait()
        await route.fulfill(response=answer)
        self.delivered.set()

    async def deliver(self, page: Page) -> None:
        self.released.set()
        await asyncio.wait_for(self.delivered.wait(), 10)
        # The page's handler runs once the body is read: two animation frames later it has.
        for _ in range(2):
            await page.evaluate("() => new Promise(requestAnimationFrame)")


async def test_a_late_answer_for_the_user_acted_as_before_does_not_show_their_chats(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    outsider = world.create_user("Cid")
    world.create_group("Class 2B", creator_id=outsider["id"])
    chat = await _chat(web_page, emulator, "Ann")
    await expect(chat.chat_in_list("Class 1A")).to_be_visible()
    held = _HeldAnswer()
    await web_page.route(f"**/control/users/{people.ann['id']}/chats", held.route)
    await world.user_sends_text(people.group["id"], people.bob["id"], "hello")  # Ann's list
    await asyncio.wait_for(held.asked.wait(), 10)

    await chat.act_as("Cid")
    await expect(chat.chat_in_list("Class 2B")).to_be_visible()
    await held.deliver(web_page)
    await expect(chat.chat_in_list("Class 1A")).to_have_count(0)
    await expect(chat.chat_in_list("Class 2B")).to_be_visible()
    assert chat.errors == []


async def test_a_late_answer_does_not_take_the_newest_message_back_off_the_chat(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")
    held = _HeldAnswer()
    await web_page.route(f"**/control/chats/{people.group['id']}/messages", held.route)
    await world.user_sends_text(people.group["id"], people.bob["id"], "first")
    await asyncio.wait_for(held.asked.wait(), 10)
    await world.user_sends_text(people.group["id"], people.bob["id"], "second")
    await expect(chat.from_others("second")).to_be_visible()

    await held.deliver(web_page)
    await expect(chat.from_others("first")).to_be_visible()
    await expect(chat.from_others("second")).to_be_visible()
    assert chat.errors == []


async def test_the_open_chat_follows_its_newest_message_until_its_user_scrolls_up(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat("Class 1A")

    async def slowly(route: Route) -> None:  # each photo loads after its message shows
        await asyncio.sleep(0.3)
        await route.continue_()

    await web_page.route("**/control/files/**", slowly)
    group, bob = people.group["id"], people.bob["id"]
    for i in range(8):
        await world.user_sends_photos(group, bob, [jpeg(640, 480, (30 * i, 80, 160))])
        await world.user_sends_text(group, bob, f"photo {i} is up")
    newest = chat.from_others("photo 7 is up")
    await expect(newest).to_be_in_viewport()
    await web_page.wait_for_function(
        "() => [...document.querySelectorAll('#messages img')].every((i) => i.complete)"
    )
    await expect(newest).to_be_in_viewport()

    # Ann scrolls up to the first photo: what comes next does not take her away from it.
    first = chat.from_others("photo 0 is up")
    await first.scroll_into_view_if_needed()
    await world.user_sends_text(group, bob, "one more")
    await expect(chat.from_others("one more")).to_have_count(1)
    await expect(first).to_be_in_viewport()
    await expect(chat.from_others("one more")).not_to_be_in_viewport()
    # Her own message brings her back down, as in Telegram.
    await chat.say("Thanks!")
    await expect(chat.messages.last).to_be_in_viewport()
    assert chat.errors == []


async def test_a_reload_keeps_the_open_chat_and_the_user_acted_as(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    chat = await _chat(web_page, emulator, "Bob")
    await chat.open_chat("Class 1A")
    # Another tab of the same browser acts as Ann meanwhile (the last user chosen anywhere).
    other_tab = await WebChat(await web_page.context.new_page()).open(emulator.url)
    await other_tab.act_as("Ann")

    await web_page.reload()
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Bob")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A")
    await expect(chat.chat_in_list("Class 1A")).to_have_attribute("aria-current", "true")
    await chat.say("still here")
    assert world.transcript(people.group["id"])[-1]["from"]["first_name"] == "Bob"

    # The address, opened in another browser (none of this one's storage), shows the same.
    elsewhere = await web_page.context.browser.new_context()  # type: ignore[union-attr]
    try:
        shared = WebChat(await elsewhere.new_page())
        await shared.page.goto(web_page.url)
        await expect(shared.acting_as.locator("option:checked")).to_have_text("Bob")
        await expect(shared.page.locator("#chat-title")).to_have_text("Class 1A")
        await expect(shared.from_others()).to_have_count(0)  # Bob's own message, as his
        await expect(shared.messages.last).to_contain_text("still here")
        assert shared.errors == []
    finally:
        await elsewhere.close()

    # Back to the list: a reload shows the list, as Bob, with no chat open.
    await web_page.set_viewport_size({"width": 400, "height": 800})
    await web_page.get_by_role("button", name="Back to chats").click()
    await web_page.reload()
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Bob")
    await expect(chat.chat_in_list("Class 1A")).to_be_visible()
    await expect(web_page.locator("#chat-title")).to_be_hidden()
    assert chat.errors == [] and other_tab.errors == []


async def test_an_address_naming_a_chat_that_is_not_the_users_opens_none(
    emulator: Emulator, world: World, people: People, web_page: Page
) -> None:
    outsider = world.create_user("Cid")
    theirs = world.create_group("Class 2B", creator_id=outsider["id"])
    chat = WebChat(web_page)
    await web_page.goto(f"{emulator.url}/web/#as={people.bob['id']}&chat={theirs['id']}")
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Bob")
    await expect(chat.chat_in_list("Class 1A")).to_be_visible()
    await expect(chat.chat_in_list("Class 2B")).to_have_count(0)
    await expect(web_page.locator("#chat-title")).to_be_hidden()
    await expect(web_page).to_have_url(re.compile(rf"#as={people.bob['id']}$"))
    # An address pasted into the same tab: its user, its chat.
    await web_page.goto(f"{emulator.url}/web/#as={people.ann['id']}&chat={people.group['id']}")
    await expect(chat.acting_as.locator("option:checked")).to_have_text("Ann @ann")
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A")
    # A user who is not there (any more): the page acts as one who is, no chat open.
    await web_page.goto("about:blank")
    await web_page.goto(f"{emulator.url}/web/#as=999&chat={people.group['id']}")
    await expect(chat.acting_as.locator("option:checked")).not_to_have_text("")
    await expect(web_page.locator("#chat-title")).to_be_hidden()
    assert chat.errors == []


async def test_every_language_the_bot_speaks_can_be_chosen_for_a_new_user(
    emulator: Emulator, world: World, web_page: Page
) -> None:
    chat = await WebChat(web_page).open(emulator.url)
    await web_page.get_by_role("button", name="New user").click()
    language = web_page.locator("#user-dialog").get_by_label("Language")
    offered = await language.locator("option").evaluate_all(
        "(options) => options.map((o) => [o.value, o.textContent])"
    )
    assert {"en": "English", "ru": "Русский", "he": "עברית", "es": "Español"}.items() <= set(
        map(tuple, offered)
    )
    await web_page.locator("#user-dialog").get_by_role("button", name="Cancel").click()
    await chat.new_user("נועה", language="עברית")
    await chat.new_user("Ana", language="Español")
    assert {u.first_name: u.language_code for u in world.users.values()} == {
        "נועה": "he",
        "Ana": "es",
    }
    assert chat.errors == []


async def test_right_to_left_text_is_laid_out_right_to_left(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    # As the bot speaks Hebrew: names inside a sentence are isolated (FSI ... PDI).
    ready = "\u2068Alice\u2069 מוכנה. אשלח לך את התמונות שלה מ־\u2068Class 1A\u2069."
    button = InlineKeyboardButton(text="לא \u2068Alice\u2069?", callback_data="not")
    await bot.send_message(
        people.ann["id"], ready, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
    )
    await bot.send_message(people.ann["id"], "Photos of שרה: 3")  # English, a Hebrew name
    dana = world.create_user("דנה")
    hebrew = world.create_group("כיתה אלף", creator_id=dana["id"], member_ids=[people.ann["id"]])
    await world.user_sends_text(hebrew["id"], dana["id"], "שלום לכולם")

    chat = await _chat(web_page, emulator, "Ann")
    # A Hebrew line too long for the chat list keeps its start (the right) and loses its end.
    long = "פתיחה " + "מילים רבות מאוד בשורה ארוכה " * 6 + "סוף"
    await world.user_sends_text(hebrew["id"], dana["id"], long)
    preview = web_page.locator("#chat-list button", has_text="כיתה אלף").locator(".preview")
    await expect(preview).to_contain_text("פתיחה")
    await expect(preview).to_have_css("direction", "rtl")
    line = await preview.bounding_box()
    assert line is not None
    assert line["x"] <= await drawn_at(preview, "פתיחה") < line["x"] + line["width"]
    assert await drawn_at(preview, "סוף") < line["x"]  # cut off, out of sight on the left
    await chat.open_chat(world.default_bot().first_name)
    shown = (await chat.bot_says("מוכנה")).locator(".text")
    await expect(shown).to_have_css("direction", "rtl")
    # Read right to left: "Alice" (its first word) is drawn right of what follows it, and
    # the isolated "Class 1A" keeps its own order inside the sentence.
    assert await drawn_at(shown, "Alice") > await drawn_at(shown, "מוכנה")
    assert await drawn_at(shown, "Class") < await drawn_at(shown, "1A")
    box = await shown.bounding_box()
    assert box is not None
    assert await drawn_at(shown, "Alice") > box["x"] + box["width"] / 2  # on the right
    label = chat.page.get_by_role("button", name="לא \u2068Alice\u2069?")
    await expect(label).to_have_css("direction", "rtl")
    english = (await chat.bot_says("Photos of")).locator(".text")
    await expect(english).to_have_css("direction", "ltr")
    assert await drawn_at(english, "Photos") < await drawn_at(english, "שרה")

    await chat.open_chat("כיתה אלף")
    await expect(web_page.locator("#chat-title")).to_have_css("direction", "rtl")
    await expect(chat.from_others("שלום").locator(".text")).to_have_css("direction", "rtl")
    await expect(chat.from_others("שלום").locator(".sender bdi")).to_have_css("direction", "rtl")
    box_text = web_page.get_by_label("Message")
    await box_text.fill("תודה Bob")
    await expect(box_text).to_have_css("direction", "rtl")
    await box_text.fill("Thanks דנה")
    await expect(box_text).to_have_css("direction", "ltr")
    assert chat.errors == []


async def test_a_startgroup_link_can_make_a_new_group_for_the_bot(
    emulator: Emulator, world: World, bot: Bot, people: People, web_page: Page
) -> None:
    """As Telegram's chooser does: "New group" in the picker makes the group with the bot
    in it, and the bot gets /start@<bot> <payload> there."""
    username = world.default_bot().username
    await _send_link(
        bot, people.ann["id"], "Pick a chat for the organizers", "Choose", "?startgroup=tok9"
    )
    chat = await _chat(web_page, emulator, "Ann")
    await chat.open_chat(world.default_bot().first_name)
    await chat.press("Choose", await chat.bot_says("Pick a chat"))
    await web_page.locator("#pick-group-dialog").get_by_role("button", name="New group").click()
    form = web_page.locator("#group-dialog")
    await expect(form.get_by_label("Add the bot")).to_be_hidden()  # the link adds it
    await form.get_by_label("Group name").fill("Class 1A office")
    await form.get_by_role("button", name="Create").click()
    await expect(web_page.locator("#chat-title")).to_have_text("Class 1A office")
    (office,) = [c for c in world.chats.values() if c.title == "Class 1A office"]
    assert office.members[people.ann["id"]] == "creator"
    sent = world.transcript(office.id)
    assert sent[1]["new_chat_members"][0]["username"] == username
    assert sent[-1]["text"] == f"/start@{username} tok9"
    await expect(chat.messages.last).to_contain_text(f"/start@{username} tok9")
