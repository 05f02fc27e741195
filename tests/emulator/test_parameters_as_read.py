"""Parameters as tdlib/telegram-bot-api's Client.cpp reads them, in the order it reads them,
with its words (fail_query_with_error lowercases a message's first letter): found by the
re-probe of issue 33 (sandbox/CONFORMANCE.md lists every behaviour checked). Each test cites
the lines it follows."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
)
from aiohttp import ClientSession

from sandbox import Emulator, World
from tests.emulator.conftest import TOKEN, People, jpeg, raw_call


def _refused(body: dict[str, Any]) -> tuple[int, str]:
    assert body["ok"] is False, body
    return body["error_code"], body["description"]


async def test_a_chat_id_is_read_as_tdlib_reads_numbers_and_usernames(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # Client.cpp check_chat: only an empty one is refused ("chat_id is empty"); "if
    # (chat_id_str[0] == '@')" searchPublicChat; else "td::to_integer<int64>(chat_id_str)"
    # (digits up to the first other character: "abc" is chat 0), and TdOnCheckChatCallback
    # answers a chat it cannot get "chat not found".
    ann = people.ann["id"]
    assert _refused(await raw_call(emulator, "sendMessage", chat_id="", text="hi")) == (
        400,
        "Bad Request: chat_id is empty",
    )
    assert _refused(await raw_call(emulator, "sendMessage", chat_id="abc", text="hi")) == (
        400,
        "Bad Request: chat not found",
    )
    sent = await raw_call(emulator, "sendMessage", chat_id=f"{ann}xyz", text="hi")
    assert sent["ok"] and sent["result"]["chat"]["id"] == ann
    public = world.create_group("Open", creator_id=ann, username="open_class")
    await world.set_bot_status(public["id"], "member")
    by_name = await raw_call(emulator, "sendMessage", chat_id="@open_class", text="hello")
    assert by_name["ok"] and by_name["result"]["chat"]["id"] == public["id"]
    assert _refused(await raw_call(emulator, "getChat", chat_id="@nobody_here")) == (
        400,
        "Bad Request: chat not found",
    )


async def test_delete_message_names_what_is_missing_before_the_chat(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp process_delete_message_query: "if (chat_id.empty()) ... "Chat identifier is
    # not specified"", "if (message_id == 0) ... "Message identifier is not specified"" (
    # get_message_id: absent, negative or not a number is 0), before check_message.
    assert _refused(await raw_call(emulator, "deleteMessage", message_id=5)) == (
        400,
        "Bad Request: chat identifier is not specified",
    )
    for message_id in (None, -3, "abc"):
        params = {} if message_id is None else {"message_id": message_id}
        assert _refused(await raw_call(emulator, "deleteMessage", chat_id=404, **params)) == (
            400,
            "Bad Request: message identifier is not specified",
        )


async def test_delete_messages_reads_its_list_as_get_message_ids(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # Client.cpp get_message_ids(query, 100) with its words, before check_messages.
    ann = people.ann["id"]
    cases: list[tuple[Any, str]] = [
        (None, "message identifiers are not specified"),
        ([], "message identifiers are not specified"),
        ({"a": 1}, "expected an Array of message identifiers"),
        (list(range(1, 102)), "too many message identifiers specified"),
        ([1, None], "message identifier must be a Number"),
        ([1, "1x"], "can't parse message identifier as a Number"),
        ([1, 0], "invalid message identifier specified"),
    ]
    for ids, words in cases:
        params = {} if ids is None else {"message_ids": ids}
        assert _refused(await raw_call(emulator, "deleteMessages", chat_id=ann, **params)) == (
            400,
            f"Bad Request: {words}",
        )
    # check_messages(..., allow_empty=true): those not found are left out, the rest deleted;
    # numbers may come as strings.
    sent = await bot.send_message(ann, "soon gone")
    done = await raw_call(
        emulator, "deleteMessages", chat_id=ann, message_ids=[str(sent.message_id), 99999]
    )
    assert done == {"ok": True, "result": True}
    assert sent.message_id not in [m["message_id"] for m in world.transcript(ann)]


async def test_delete_messages_deletes_none_when_one_cannot_be(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp delete_messages checks every message ("if (!can_delete_message
    # (dialog_id, m)) ... "Message can't be deleted"") before deleting any.
    group = people.group["id"]
    mine = await bot.send_message(group, "mine")
    theirs = await world.user_sends_text(group, people.bob["id"], "hello")
    body = await raw_call(
        emulator,
        "deleteMessages",
        chat_id=group,
        message_ids=[mine.message_id, theirs["message_id"]],
    )
    assert _refused(body) == (400, "Bad Request: message can't be deleted")
    assert mine.message_id in [m["message_id"] for m in world.transcript(group)]


async def test_in_a_basic_group_another_s_message_cannot_be_deleted_for_everyone(
    bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp delete_messages: "if (is_bot && message_id.is_server() &&
    # !can_revoke_message(dialog_id, m)) ... "Message can't be deleted for everyone"";
    # can_revoke_message, "case DialogType::Chat:": "((m->is_outgoing && !is_service_message_
    # content(content_type)) || is_appointed_administrator)". (A supergroup's is "Message
    # can't be deleted": can_delete_channel_message.)
    basic = world.create_group(
        "Basic", type="group", creator_id=people.ann["id"], member_ids=[people.bob["id"]]
    )
    await world.set_bot_status(basic["id"], "member")
    theirs = await world.user_sends_text(basic["id"], people.bob["id"], "hello")
    mine = await bot.send_message(basic["id"], "mine")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.delete_message(basic["id"], theirs["message_id"])
    assert refused.value.message == "Bad Request: message can't be deleted for everyone"
    assert await bot.delete_message(basic["id"], mine.message_id)
    await world.set_bot_status(basic["id"], "administrator")
    assert await bot.delete_message(basic["id"], theirs["message_id"])


async def test_send_chat_action_reads_the_action_first_and_in_any_case(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp get_chat_action: "td::to_lower_inplace(action)"; "cancel", and the old
    # "record_audio", "upload_audio", "pick_up_location", are actions too;
    # process_send_chat_action_query refuses a wrong one before check_chat.
    ann = people.ann["id"]
    for action in ("TYPING", "Upload_Photo", "cancel", "record_audio", "pick_up_location"):
        assert (await raw_call(emulator, "sendChatAction", chat_id=ann, action=action))["ok"]
    assert _refused(await raw_call(emulator, "sendChatAction", chat_id=404, action="dancing")) == (
        400,
        "Bad Request: wrong parameter action in request",
    )


async def test_copy_and_forward_check_their_source_first(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp process_copy_message_query / process_forward_message_query:
    # "get_required_string_arg(query.get(), "from_chat_id")" ("Parameter \"from_chat_id\" is
    # required"), get_message_id (absent is 0: "message to copy not found"), then
    # check_message on the source, and only then do_send_message's check_chat.
    ann = people.ann["id"]
    sent = await bot.send_message(ann, "a photo's words")
    for method, what in (("copyMessage", "copy"), ("forwardMessage", "forward")):
        assert _refused(await raw_call(emulator, method, chat_id=ann, message_id=1)) == (
            400,
            'Bad Request: parameter "from_chat_id" is required',
        )
        assert _refused(await raw_call(emulator, method, chat_id=ann, from_chat_id=ann)) == (
            400,
            f"Bad Request: message to {what} not found",
        )
        # The destination is unknown and the source message missing: the source is named.
        body = await raw_call(emulator, method, chat_id=404, from_chat_id=ann, message_id=99999)
        assert _refused(body) == (400, f"Bad Request: message to {what} not found")
        body = await raw_call(
            emulator, method, chat_id=404, from_chat_id=ann, message_id=sent.message_id
        )
        assert _refused(body) == (400, "Bad Request: chat not found")


async def test_get_file_and_get_chat_member_name_a_missing_id(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp check_remote_file_id: "if (file_id.empty()) ... "Bad Request: file_id not
    # specified""; get_user_id: "td::max(td::to_integer<int64>(...), 0)", "if (user_id ==
    # 0) ... "Invalid " << field_name << " specified"", before check_chat.
    assert _refused(await raw_call(emulator, "getFile")) == (
        400,
        "Bad Request: file_id not specified",
    )
    assert _refused(await raw_call(emulator, "getFile", file_id="nope")) == (
        400,
        "Bad Request: invalid file_id",
    )
    for user_id in (None, "abc", -5):
        params = {} if user_id is None else {"user_id": user_id}
        assert _refused(await raw_call(emulator, "getChatMember", chat_id=404, **params)) == (
            400,
            "Bad Request: invalid user_id specified",
        )


async def test_an_edit_without_chat_and_message_is_an_inline_one(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp process_edit_message_*_query: "if (chat_id.empty() && message_id == 0)"
    # get_inline_message_id: "Message identifier is not specified"; with a chat_id,
    # check_message: "message to edit not found". The text is read first
    # (get_input_message_text: "Message text is empty").
    ann = people.ann["id"]
    for method, extra in (
        ("editMessageText", {"text": "new"}),
        ("editMessageCaption", {"caption": "new"}),
        ("editMessageReplyMarkup", {}),
    ):
        assert _refused(await raw_call(emulator, method, **extra)) == (
            400,
            "Bad Request: message identifier is not specified",
        )
        assert _refused(await raw_call(emulator, method, chat_id=ann, **extra)) == (
            400,
            "Bad Request: message to edit not found",
        )
    assert _refused(await raw_call(emulator, "editMessageText", chat_id=404, message_id=1)) == (
        400,
        "Bad Request: message text is empty",
    )


async def test_a_text_is_read_before_the_chat_and_its_parse_mode_as_client_cpp_reads_it(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # Client.cpp process_send_message_query: get_input_message_text ("Message text is
    # empty"; get_formatted_text: "Text is too long" past 1 << 15 bytes, "td::to_lower_
    # inplace(parse_mode)", "Unsupported parse_mode", the parse's own error) before
    # do_send_message's check_chat. A text with a parse_mode is parsed, and the entities
    # given beside it ignored; "none" keeps them.
    ann = people.ann["id"]
    world.users[ann].blocked_bot = True
    assert _refused(await raw_call(emulator, "sendMessage", chat_id=ann, text="")) == (
        400,
        "Bad Request: message text is empty",
    )
    code, words = _refused(
        await raw_call(emulator, "sendMessage", chat_id=ann, text="<b>x", parse_mode="HTML")
    )
    assert code == 400 and words.startswith("Bad Request: can't parse entities:")
    assert _refused(
        await raw_call(emulator, "sendMessage", chat_id=ann, text="x", parse_mode="bbcode")
    ) == (
        400,
        "Bad Request: unsupported parse_mode",
    )
    assert _refused(await raw_call(emulator, "sendMessage", chat_id=ann, text="x" * 32769)) == (
        400,
        "Bad Request: text is too long",
    )
    assert _refused(await raw_call(emulator, "sendPhoto", chat_id=ann)) == (
        400,
        "Bad Request: there is no photo in the request",
    )
    assert _refused(await raw_call(emulator, "sendMessage", chat_id=ann, text="hi")) == (
        403,
        "Forbidden: bot was blocked by the user",
    )
    world.users[ann].blocked_bot = False

    bold = [{"type": "bold", "offset": 0, "length": 2}]
    parsed = await raw_call(
        emulator, "sendMessage", chat_id=ann, text="<i>Al</i>", parse_mode="html", entities=bold
    )
    assert parsed["result"]["text"] == "Al"
    assert parsed["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 2}]
    kept = await raw_call(
        emulator, "sendMessage", chat_id=ann, text="Al", parse_mode="None", entities=bold
    )
    assert kept["result"]["entities"] == bold


async def test_a_service_or_forwarded_message_cannot_be_edited(
    bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp can_edit_message: "is_message_forward(m)" -> false; a service
    # message's content is not "is_editable_message_content", and for its reply markup alone
    # "is_bot && only_reply_markup && !is_service_message_content(content_type)" fails:
    # "Message can't be edited" (edit_message_text, edit_message_reply_markup, ...), and
    # edit_message_media's "Message media can't be edited" for another's message.
    group = people.group["id"]
    await world.set_bot_status(group, "administrator")
    sent = await bot.send_message(group, "pinned")
    await bot.pin_chat_message(group, sent.message_id)
    notice = world.transcript(group)[-1]["message_id"]
    forwarded = await bot.forward_message(group, group, sent.message_id)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Undo", callback_data="u")]]
    )
    for message_id in (notice, forwarded.message_id):
        with pytest.raises(TelegramBadRequest) as refused:
            await bot.edit_message_text("new", chat_id=group, message_id=message_id)
        assert refused.value.message == "Bad Request: message can't be edited"
        with pytest.raises(TelegramBadRequest) as refused:
            await bot.edit_message_reply_markup(
                chat_id=group, message_id=message_id, reply_markup=keyboard
            )
        assert refused.value.message == "Bad Request: message can't be edited"
    assert "reply_markup" not in world.transcript(group)[-2]
    theirs = await world.user_sends_text(group, people.bob["id"], "hello")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_media(
            InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg")),
            chat_id=group,
            message_id=theirs["message_id"],
        )
    assert refused.value.message == "Bad Request: message media can't be edited"


async def test_a_service_message_cannot_be_pinned(bot: Bot, world: World, people: People) -> None:
    # td MessagesManager.cpp can_pin_message: after DialogManager::can_pin_messages ("Not
    # enough rights to manage pinned messages in the chat"), "if (is_service_message_content
    # (...)) ... "Service messages can't be pinned"".
    group = people.group["id"]
    sent = await bot.send_message(group, "pinned")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.pin_chat_message(group, sent.message_id)
    assert refused.value.message == (
        "Bad Request: not enough rights to manage pinned messages in the chat"
    )
    await world.set_bot_status(group, "administrator")
    await bot.pin_chat_message(group, sent.message_id)
    notice = world.transcript(group)[-1]
    assert "pinned_message" in notice
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.pin_chat_message(group, notice["message_id"])
    assert refused.value.message == "Bad Request: service messages can't be pinned"
    # The message is looked for first (Client.cpp check_message), the rights after.
    await world.set_bot_status(group, "member")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.pin_chat_message(group, 99999)
    assert refused.value.message == "Bad Request: message to pin not found"


async def test_answers_that_already_matched_stay_as_telegram_words_them(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # Behaviours the re-probe found matching, kept so (sandbox/CONFORMANCE.md #40, #45,
    # #49, #50, #30): td MessagesManager.cpp edit_message_text "Message can't be edited"
    # (can_edit_message: "is_outgoing") and "There is no text in the message to edit",
    # edit_message_caption "There is no caption in the message to edit"; Client.cpp
    # "message to be replied not found" and get_message_ids for copyMessages.
    ann, group = people.ann["id"], people.group["id"]
    theirs = await world.user_sends_text(group, people.bob["id"], "hello")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_text("x", chat_id=group, message_id=theirs["message_id"])
    assert refused.value.message == "Bad Request: message can't be edited"
    photo = await bot.send_photo(ann, BufferedInputFile(jpeg(), "a.jpg"), caption="Alice")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_text("x", chat_id=ann, message_id=photo.message_id)
    assert refused.value.message == "Bad Request: there is no text in the message to edit"
    text = await bot.send_message(ann, "words")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_caption(chat_id=ann, message_id=text.message_id, caption="x")
    assert refused.value.message == "Bad Request: there is no caption in the message to edit"
    body = await raw_call(
        emulator, "sendMessage", chat_id=ann, text="hi", reply_parameters={"message_id": 99999}
    )
    assert _refused(body) == (400, "Bad Request: message to be replied not found")
    body = await raw_call(emulator, "copyMessages", chat_id=ann, from_chat_id=ann, message_ids=[])
    assert _refused(body) == (400, "Bad Request: message identifiers are not specified")


async def test_in_a_private_chat_only_its_two_are_members(bot: Bot, people: People) -> None:
    # td DialogParticipantManager.cpp do_get_dialog_participant, "case DialogType::User:":
    # the bot and the other user are "private_member", anyone else "Member not found"
    # (Client.cpp TdOnGetChatMemberCallback passes tdlib's words on, lowercased).
    ann = people.ann["id"]
    assert (await bot.get_chat_member(ann, ann)).status == "member"
    assert (await bot.get_chat_member(ann, bot.id)).status == "member"
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.get_chat_member(ann, people.bob["id"])
    assert refused.value.message == "Bad Request: member not found"


async def test_input_media_is_read_as_client_cpp_reads_it(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # Client.cpp get_input_message_contents / get_input_media, before the chat: the media
    # required (get_required_string_arg), "Expected an Array of InputMedia", each item
    # "Can't parse InputMedia: " + "expected an Object", td JsonObject's "Can't find field
    # \"type\"", "media not found" (get_input_file: an attach:// the request lacks is none),
    # "type \"animation\" can't be used in sendMediaGroup", "type \"...\" is unsupported";
    # editMessageMedia's own JSON error "Can't parse input media JSON object".
    def album(*items: Any) -> dict[str, Any]:
        return {"chat_id": 404, "media": list(items)}

    photo = {"type": "photo", "media": "attach://a"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"chat_id": 404}, 'parameter "media" is required'),
        ({"chat_id": 404, "media": {"type": "photo"}}, "expected an Array of InputMedia"),
        (album("x"), "can't parse InputMedia: expected an Object"),
        (album({"media": "abc"}), "can't parse InputMedia: Can't find field \"type\""),
        (album(photo), "can't parse InputMedia: media not found"),
        (album({"type": "photo"}), "can't parse InputMedia: media not found"),
        (
            album({"type": "animation", "media": "abc"}),
            "can't parse InputMedia: type \"animation\" can't be used in sendMediaGroup",
        ),
        (  # a round video is no InputMedia: no album takes one
            album({"type": "video_note", "media": "abc"}),
            'can\'t parse InputMedia: type "video_note" is unsupported',
        ),
        (
            album({"type": "poll", "media": "abc"}),
            'can\'t parse InputMedia: type "poll" is unsupported',
        ),
    ]
    for params, words in cases:
        assert _refused(await raw_call(emulator, "sendMediaGroup", **params)) == (
            400,
            f"Bad Request: {words}",
        )
    ann = people.ann["id"]
    assert _refused(await raw_call(emulator, "sendPhoto", chat_id=ann, photo="attach://a")) == (
        400,
        "Bad Request: there is no photo in the request",
    )
    async with (
        ClientSession() as http,
        http.post(
            f"{emulator.url}/bot{TOKEN}/editMessageMedia",
            data={"chat_id": str(ann), "message_id": "1", "media": "{nope"},
        ) as answer,
    ):
        body = await answer.json()
    assert _refused(body) == (400, "Bad Request: can't parse input media JSON object")


async def test_a_reply_markup_is_read_before_the_chat_and_checked_by_tdlib_after(
    emulator: Emulator, bot: Bot, world: World, people: People
) -> None:
    # Client.cpp do_send_message and process_edit_message_*_query: get_reply_markup (its
    # JSON: "Can't parse inline keyboard button: Text buttons are unallowed in the inline
    # keyboard", td JsonObject's "Field \"keyboard\" must be of type Array") before
    # check_chat / check_message; tdlib's own checks of it (ReplyMarkup.cpp: a button's
    # URL) come after the chat.
    ann = people.ann["id"]
    world.users[ann].blocked_bot = True
    text_button = {"inline_keyboard": [[{"text": "Undo"}]]}
    unallowed = (
        400,
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard",
    )
    body = await raw_call(emulator, "sendMessage", chat_id=ann, text="hi", reply_markup=text_button)
    assert _refused(body) == unallowed
    body = await raw_call(
        emulator,
        "editMessageText",
        chat_id=ann,
        message_id=99999,
        text="x",
        reply_markup=text_button,
    )
    assert _refused(body) == unallowed
    body = await raw_call(
        emulator, "sendMessage", chat_id=ann, text="hi", reply_markup={"keyboard": 5}
    )
    assert _refused(body) == (400, 'Bad Request: field "keyboard" must be of type Array')
    bad_url = {"inline_keyboard": [[{"text": "Open", "url": "http://localhost/x"}]]}
    body = await raw_call(emulator, "sendMessage", chat_id=ann, text="hi", reply_markup=bad_url)
    assert _refused(body) == (403, "Forbidden: bot was blocked by the user")


async def test_json_fields_are_read_as_td_json_object_reads_them(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # tdutils JsonBuilder.cpp JsonObject::get_required_string_field: a number is taken as
    # the string it was written as, absent is "Can't find field \"x\"", null or true "Field
    # \"x\" must be of type String". Client.cpp get_bot_commands: "if (commands.empty())
    # { return td::vector<...>(); }"; get_reply_markup: "if (reply_markup.empty()) { return
    # nullptr; }".
    ann = people.ann["id"]
    set_ = await raw_call(emulator, "setMyCommands", commands=[{"command": 42, "description": 7}])
    assert set_["ok"], set_
    assert (await raw_call(emulator, "getMyCommands"))["result"] == [
        {"command": "42", "description": "7"}
    ]
    body = await raw_call(
        emulator, "setMyCommands", commands=[{"command": None, "description": "x"}]
    )
    assert _refused(body) == (
        400,
        'Bad Request: can\'t parse BotCommand: Field "command" must be of type String',
    )
    body = await raw_call(emulator, "setMyCommands", commands=[{"description": "x"}])
    assert _refused(body) == (
        400,
        "Bad Request: can't parse BotCommand: Can't find field \"command\"",
    )
    async with ClientSession() as http:
        async with http.post(
            f"{emulator.url}/bot{TOKEN}/setMyCommands", data={"commands": ""}
        ) as answer:
            assert (await answer.json())["ok"]
        async with http.post(
            f"{emulator.url}/bot{TOKEN}/sendMessage",
            data={"chat_id": str(ann), "text": "hi", "reply_markup": ""},
        ) as answer:
            sent = await answer.json()
    assert sent["ok"] and "reply_markup" not in sent["result"]
    assert (await raw_call(emulator, "getMyCommands"))["result"] == []
    numbered = {"inline_keyboard": [[{"text": 5, "callback_data": "x"}]]}
    body = await raw_call(emulator, "sendMessage", chat_id=ann, text="hi", reply_markup=numbered)
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "5"


async def test_a_supergroup_s_creation_and_migration_notices_cannot_be_deleted(
    bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp can_delete_channel_message: "if (content_type == MessageContent
    # Type::ChannelMigrateFrom || content_type == MessageContentType::ChannelCreate ...)
    # return false;", before the administrator's rights: "Message can't be deleted".
    basic = world.create_group(
        "Basic", type="group", creator_id=people.ann["id"], member_ids=[people.bob["id"]]
    )
    await world.set_bot_status(basic["id"], "administrator")
    supergroup = (await world.upgrade_group(basic["id"]))["id"]
    notice = next(m for m in world.transcript(supergroup) if "migrate_from_chat_id" in m)
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.delete_message(supergroup, notice["message_id"])
    assert refused.value.message == "Bad Request: message can't be deleted"
