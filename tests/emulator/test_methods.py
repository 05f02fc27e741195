"""Every Bot API method the bot uses, round-tripped through the real aiogram Bot."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)

from sandbox import World
from tests.emulator.conftest import People, jpeg


def _keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=label.lower()) for label in labels]
        ]
    )


async def test_send_message_with_html_and_a_keyboard(
    world: World, bot: Bot, people: People
) -> None:
    message = await bot.send_message(
        people.ann["id"],
        "<b>Alice</b> is in <i>2 photos</i> &amp; more",
        parse_mode="HTML",
        reply_markup=_keyboard("Yes", "No"),
    )
    assert message.text == "Alice is in 2 photos & more"
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [
        ("bold", 0, 5),
        ("italic", 12, 8),
    ]
    assert message.from_user is not None and message.from_user.is_bot
    stored = world.transcript(people.ann["id"])[-1]
    assert stored["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "no"


async def test_invalid_messages_are_refused(bot: Bot, people: People) -> None:
    # Client.cpp get_input_message_text: "if (text.empty()) ... "Message text is empty"";
    # spaces reach tdlib, whose fix_formatted_text trims them: "Text must be non-empty".
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(people.ann["id"], "")
    with pytest.raises(TelegramBadRequest, match="text must be non-empty"):
        await bot.send_message(people.ann["id"], " ")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(people.ann["id"], "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(people.ann["id"], "<b>open", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(
            people.ann["id"],
            "x",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="t", callback_data="d" * 65)]]
            ),
        )


async def test_send_photo_upload_then_by_file_id(bot: Bot, people: People) -> None:
    original = jpeg(1000, 750)
    sent = await bot.send_photo(
        people.ann["id"], BufferedInputFile(original, "p.jpg"), caption="first"
    )
    assert sent.photo is not None
    sizes = [(p.width, p.height) for p in sent.photo]
    assert sizes == sorted(sizes)
    assert sizes[0][0] <= 90 and sizes[-1] == (1000, 750)
    assert len({p.file_id for p in sent.photo}) == len(sent.photo)
    family = {p.file_unique_id[:-1] for p in sent.photo}
    assert len(family) == 1  # the sizes share one unique-id family

    # The largest size downloads byte for byte as posted.
    downloaded = await bot.download(sent.photo[-1].file_id)
    assert downloaded is not None
    assert downloaded.read() == original

    again = await bot.send_photo(people.ann["id"], sent.photo[-1].file_id, caption="again")
    assert again.photo is not None
    assert again.photo[-1].file_unique_id == sent.photo[-1].file_unique_id

    # td base64url_decode: "...id" leaves bits over ("Wrong padding in the string").
    with pytest.raises(TelegramBadRequest, match="wrong remote file identifier specified"):
        await bot.send_photo(people.ann["id"], "AgACnot-a-real-file-id")
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(people.ann["id"], BufferedInputFile(b"not an image", "x.jpg"))


async def test_send_document_and_get_file(bot: Bot, people: People) -> None:
    data = b'{"persons": []}'
    sent = await bot.send_document(
        people.ann["id"], BufferedInputFile(data, "export.json"), caption="your data"
    )
    assert sent.document is not None
    assert sent.document.file_name == "export.json"
    file = await bot.get_file(sent.document.file_id)
    assert file.file_size == len(data)
    assert file.file_path
    downloaded = await bot.download_file(file.file_path)
    assert downloaded is not None and downloaded.read() == data


async def test_get_file_over_20_mb_is_refused(world: World, bot: Bot, people: People) -> None:
    big = await world.user_sends_document(
        people.ann["id"], people.ann["id"], b"\0" * (20 * 1024 * 1024 + 1), file_name="huge.bin"
    )
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big["document"]["file_id"])
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("nope")


async def test_send_media_group(bot: Bot, people: People) -> None:
    album = await bot.send_media_group(
        people.ann["id"],
        [
            InputMediaPhoto(
                media=BufferedInputFile(jpeg(colour=(i * 40, 0, 0)), f"{i}.jpg"), caption=f"#{i}"
            )
            for i in range(3)
        ],
    )
    assert len(album) == 3
    assert len({m.media_group_id for m in album}) == 1
    assert album[0].media_group_id is not None
    assert [m.caption for m in album] == ["#0", "#1", "#2"]
    assert album[0].photo is not None
    first_photo = album[0].photo[-1].file_id
    # One item is sent alone (test_as_telegram_does::test_an_album_of_one_is_sent_as_one_message)
    (alone,) = await bot.send_media_group(people.ann["id"], [InputMediaPhoto(media=first_photo)])
    assert alone.media_group_id is None


async def test_copy_and_forward_a_group_photo(world: World, bot: Bot, people: People) -> None:
    await world.set_bot_status(people.group["id"], "administrator")
    posted = (await world.user_sends_photos(people.group["id"], people.bob["id"], [jpeg()]))[0]

    copied = await bot.copy_message(
        people.ann["id"],
        people.group["id"],
        posted["message_id"],
        caption="Alice, in Class 1A",
        reply_markup=_keyboard("Not Alice?"),
    )
    in_private = world.transcript(people.ann["id"])[-1]
    assert in_private["message_id"] == copied.message_id
    assert in_private["photo"][-1]["file_unique_id"] == posted["photo"][-1]["file_unique_id"]
    assert in_private["caption"] == "Alice, in Class 1A"
    assert "forward_origin" not in in_private

    ids = await bot.copy_messages(people.ann["id"], people.group["id"], [posted["message_id"]])
    assert len(ids) == 1

    forwarded = await bot.forward_message(
        people.ann["id"], people.group["id"], posted["message_id"]
    )
    assert forwarded.forward_origin is not None
    assert forwarded.forward_origin.type == "user"

    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(people.ann["id"], people.group["id"], 9999)


async def test_edit_text_caption_and_markup(bot: Bot, people: People) -> None:
    chat = people.ann["id"]
    text = await bot.send_message(chat, "Is this Alice?", reply_markup=_keyboard("Yes", "No"))
    edited = await bot.edit_message_text(chat_id=chat, message_id=text.message_id, text="Thanks!")
    assert not isinstance(edited, bool)
    assert edited.text == "Thanks!"
    assert edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(chat_id=chat, message_id=text.message_id, text="Thanks!")

    photo = await bot.send_photo(chat, BufferedInputFile(jpeg(), "p.jpg"), caption="old")
    recaptioned = await bot.edit_message_caption(
        chat_id=chat, message_id=photo.message_id, caption="new"
    )
    assert not isinstance(recaptioned, bool)
    assert recaptioned.caption == "new"

    marked = await bot.edit_message_reply_markup(
        chat_id=chat, message_id=photo.message_id, reply_markup=_keyboard("Undo")
    )
    assert not isinstance(marked, bool)
    assert marked.reply_markup is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=chat, message_id=photo.message_id, reply_markup=_keyboard("Undo")
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_reply_markup(
            chat_id=chat, message_id=9999, reply_markup=_keyboard("X")
        )


async def test_delete_message(world: World, bot: Bot, people: People) -> None:
    sent = await bot.send_message(people.ann["id"], "soon gone")
    assert await bot.delete_message(people.ann["id"], sent.message_id)
    assert sent.message_id not in [m["message_id"] for m in world.transcript(people.ann["id"])]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(people.ann["id"], sent.message_id)
    # In a group the bot may not delete others' messages unless it is an admin.
    posted = await world.user_sends_text(people.group["id"], people.bob["id"], "/help")
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(people.group["id"], posted["message_id"])


async def test_delete_message_only_within_48_hours(world: World, bot: Bot, people: People) -> None:
    """Telegram lets a bot delete a message only in its first 48 hours, with its exact words
    (in a private chat only the reader may delete it after that: "for everyone")."""
    old = await bot.send_message(people.ann["id"], "sent two days ago")
    world.clock.advance(48 * 3600 - 60)
    recent = await bot.send_message(people.ann["id"], "sent just now")
    in_group = await bot.send_message(people.group["id"], "in the group, just now")
    world.clock.advance(60)
    with pytest.raises(TelegramBadRequest, match="message can't be deleted for everyone"):
        await bot.delete_message(people.ann["id"], old.message_id)
    assert old.message_id in [m["message_id"] for m in world.transcript(people.ann["id"])]
    assert await bot.delete_message(people.ann["id"], recent.message_id)
    world.clock.advance(48 * 3600)
    with pytest.raises(TelegramBadRequest, match=r"Bad Request: message can.t be deleted$"):
        await bot.delete_message(people.group["id"], in_group.message_id)


async def test_answer_callback_query_once(world: World, bot: Bot, people: People) -> None:
    sent = await bot.send_message(people.ann["id"], "Is this Alice?", reply_markup=_keyboard("Yes"))
    pressing = asyncio.create_task(
        world.press_button(people.ann["id"], people.ann["id"], sent.message_id, "yes")
    )
    updates: list[Update] = []
    while not updates:
        updates = [u for u in await bot.get_updates(timeout=1) if u.callback_query]
    query = updates[-1].callback_query
    assert query is not None and query.data == "yes" and query.chat_instance
    assert await bot.answer_callback_query(query.id, text="Saved", show_alert=True)
    answer = await pressing
    assert answer == {
        "query_id": query.id,
        "answered": True,
        "text": "Saved",
        "show_alert": True,
        "url": None,
    }
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)


async def test_chats_and_members(world: World, bot: Bot, people: People) -> None:
    group = await bot.get_chat(people.group["id"])
    assert group.title == "Class 1A"
    assert group.type == "supergroup"
    private = await bot.get_chat(people.ann["id"])
    assert private.first_name == "Ann"

    owner = await bot.get_chat_member(people.group["id"], people.ann["id"])
    assert owner.status == "creator"
    member = await bot.get_chat_member(people.group["id"], people.bob["id"])
    assert member.status == "member"
    stranger = world.create_user("Stranger")
    assert (await bot.get_chat_member(people.group["id"], stranger["id"])).status == "left"
    me = await bot.get_chat_member(people.group["id"], bot.id)
    assert me.status == "member"

    await world.set_bot_status(people.group["id"], "administrator")
    admins = await bot.get_chat_administrators(people.group["id"])
    assert {a.user.id: a.status for a in admins} == {
        people.ann["id"]: "creator",
        bot.id: "administrator",
    }
    assert await bot.get_chat_member_count(people.group["id"]) == 3  # Ann, Bob and the bot

    assert await bot.send_chat_action(people.ann["id"], "typing")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(people.ann["id"], "dancing")


async def test_commands_per_scope(bot: Bot) -> None:
    commands = [
        BotCommand(command="add", description="enroll a person"),
        BotCommand(command="help", description="how it works"),
    ]
    assert await bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats())
    assert await bot.get_my_commands() == []
    assert [
        c.command for c in await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())
    ] == ["add", "help"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])
    assert await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == []


@pytest.mark.parametrize(
    ("command", "description", "error"),
    [
        # tdlib BotCommand.cpp set_commands (Client.cpp lowercases the first letter):
        ("help", "   ", "command description must be non-empty"),
        ("help", "", "command description must be non-empty"),
        (" / ", "how it works", "command must be non-empty"),
        ("a" * 33, "how it works", "command length must not exceed 32"),
        ("help", "x" * 257, "command description length must not exceed 256"),
        ("Bad Command", "", "command description must be non-empty"),  # tdlib's first
        ("Bad Command", "x", "BOT_COMMAND_INVALID"),  # then the server's
    ],
)
async def test_commands_are_checked_as_telegram_checks_them(
    bot: Bot, command: str, description: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.set_my_commands([BotCommand(command=command, description=description)])
    assert raised.value.message == f"Bad Request: {error}"
    assert await bot.get_my_commands() == []


async def test_commands_are_kept_trimmed(bot: Bot) -> None:
    # BotCommand.cpp: "command->command_ = trim(...)", a leading '/' dropped, and
    # "command->description_ = trim(...)".
    given = [BotCommand(command=" /help ", description="  how it works\n")]
    assert await bot.set_my_commands(given)
    (kept,) = await bot.get_my_commands()
    assert (kept.command, kept.description) == ("help", "how it works")


async def test_leave_chat(world: World, bot: Bot, people: People) -> None:
    assert await bot.leave_chat(people.group["id"])
    assert world.chats[people.group["id"]].members[bot.id] == "left"


async def test_descriptions_per_language(bot: Bot) -> None:
    assert await bot.set_my_description("I send each parent their child's photos.")
    assert await bot.set_my_description("Я присылаю родителям фото их ребёнка.", language_code="ru")
    assert await bot.set_my_short_description("Your child's photos, privately.")
    assert (await bot.get_my_description(language_code="ru")).description.startswith("Я присылаю")
    # A language with none of its own gets the default, as in Telegram.
    assert (await bot.get_my_description(language_code="es")).description.startswith("I send")
    short = await bot.get_my_short_description(language_code="he")
    assert short.short_description == "Your child's photos, privately."
    with pytest.raises(TelegramBadRequest, match="BOT_DESCRIPTION_INVALID"):
        await bot.set_my_description("x" * 513)
    with pytest.raises(TelegramBadRequest, match="BOT_ABOUT_INVALID"):
        await bot.set_my_short_description("x" * 121)


async def test_pin_a_message_needs_an_admin_bot_in_a_group(
    world: World, bot: Bot, people: People
) -> None:
    await world.set_bot_status(people.group["id"], "member")
    welcome = await bot.send_message(people.group["id"], "Welcome")
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await bot.pin_chat_message(people.group["id"], welcome.message_id)
    await world.set_bot_status(people.group["id"], "administrator")
    with pytest.raises(TelegramBadRequest, match="message to pin not found"):
        await bot.pin_chat_message(people.group["id"], 9999)
    assert await bot.pin_chat_message(
        people.group["id"], welcome.message_id, disable_notification=True
    )
    # The chat shows "<bot> pinned ..." and getChat names the pinned message.
    service = world.transcript(people.group["id"])[-1]
    assert service["from"]["id"] == bot.id
    assert service["pinned_message"]["message_id"] == welcome.message_id
    chat = await bot.get_chat(people.group["id"])
    assert chat.pinned_message is not None
    assert chat.pinned_message.message_id == welcome.message_id
    # In a private chat a bot may pin too.
    hello = await bot.send_message(people.ann["id"], "Hello")
    assert await bot.pin_chat_message(people.ann["id"], hello.message_id)
