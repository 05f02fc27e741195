"""What Telegram does where a bot might expect otherwise, each as tdlib/telegram-bot-api's
Client.cpp or tdlib's sources do it (cited at each test), with Telegram's own words."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import GetChatAdministrators, SendMessage
from aiogram.types import (
    BufferedInputFile,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)
from aiohttp import ClientSession

from sandbox import Emulator, World
from tests.emulator.conftest import TOKEN, People, jpeg


async def test_an_album_of_one_is_sent_as_one_message(
    bot: Bot, world: World, people: People
) -> None:
    # td MessagesManager.cpp send_message_group: no minimum ("if (input_message_contents.
    # empty()) ... "There are no messages to send""), and "if (message_contents.size() > 1)
    # { media_album_id = generate_new_media_album_id(); }": one photo has no album.
    media = InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg"), caption=" Alice ")
    (sent,) = await bot.send_media_group(people.ann["id"], [media])
    assert sent.photo is not None and sent.caption == "Alice"
    assert sent.media_group_id is None
    assert "media_group_id" not in world.transcript(people.ann["id"])[-1]


async def test_a_text_message_s_media_can_be_set(bot: Bot, world: World, people: People) -> None:
    # td MessagesManager.cpp can_edit_message_media: "case MessageContentType::Text:" is
    # among the editable: editMessageMedia turns a text message into a photo.
    ann = people.ann["id"]
    text = await bot.send_message(ann, "Looking for <b>Alice</b>...", parse_mode="HTML")
    edited = await bot.edit_message_media(
        InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg"), caption="Alice"),
        chat_id=ann,
        message_id=text.message_id,
    )
    assert isinstance(edited, Message)
    assert edited.photo is not None and edited.caption == "Alice"
    assert edited.text is None and edited.entities is None
    shown = world.transcript(ann)[-1]
    assert "text" not in shown and "entities" not in shown and shown["caption"] == "Alice"


async def test_a_service_message_s_media_cannot_be_set(
    bot: Bot, world: World, people: People
) -> None:
    # can_edit_message_media's "default: return false" -> edit_message_media: "Message media
    # can't be edited". The bot's own pin notice is a service message it sent.
    group = people.group["id"]
    await world.set_bot_status(group, "administrator")
    sent = await bot.send_message(group, "pinned")
    await bot.pin_chat_message(group, sent.message_id)
    notice = world.transcript(group)[-1]
    assert "pinned_message" in notice
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_media(
            InputMediaPhoto(media=BufferedInputFile(jpeg(), "a.jpg")),
            chat_id=group,
            message_id=notice["message_id"],
        )
    assert refused.value.message == "Bad Request: message media can't be edited"


@pytest.mark.parametrize(
    "rows",
    [[], [[]], [[], []], [[{"text": "", "callback_data": "x"}]]],
    ids=["no rows", "an empty row", "empty rows", "a button without text"],
)
async def test_an_empty_inline_keyboard_is_none(
    bot: Bot, world: World, people: People, rows: list[list[dict[str, str]]]
) -> None:
    # ReplyMarkup.cpp get_reply_markup: a button "if (button->text_.empty() && ...) {
    # continue; }", a row "if (!row_buttons.empty())", and "if (reply_markup->
    # inline_keyboard.empty()) { return nullptr; }": the message is sent without a keyboard.
    ann = people.ann["id"]
    answer = await bot(
        SendMessage(chat_id=ann, text="choose", reply_markup={"inline_keyboard": rows})  # type: ignore[arg-type]
    )
    assert answer.reply_markup is None
    assert "reply_markup" not in world.transcript(ann)[-1]
    # A kept row beside the empty ones: only it stays.
    answer = await bot(
        SendMessage(
            chat_id=ann,
            text="choose",
            reply_markup={"inline_keyboard": [*rows, [{"text": "Yes", "callback_data": "y"}]]},  # type: ignore[arg-type]
        )
    )
    assert answer.reply_markup is not None
    assert world.transcript(ann)[-1]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]
    }


async def test_a_button_with_a_url_and_callback_data_is_a_url_button(
    bot: Bot, world: World, people: People
) -> None:
    # Client.cpp get_inline_keyboard_button_type: "url" is read first ("if (!url.empty()) {
    # return make_object<td_api::inlineKeyboardButtonTypeUrl>(url); }"): the callback_data
    # beside it is ignored, not refused. The button opens the link; it sends nothing back.
    ann = people.ann["id"]
    both = InlineKeyboardButton(text="Open", url="https://example.org/a", callback_data="x")
    sent = await bot.send_message(
        ann, "open", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[both]])
    )
    assert sent.reply_markup is not None
    (button,) = sent.reply_markup.inline_keyboard[0]
    assert (button.url, button.callback_data) == ("https://example.org/a", None)
    assert world.transcript(ann)[-1]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Open", "url": "https://example.org/a"}]]
    }


async def test_a_service_message_is_neither_forwarded_nor_copied(
    bot: Bot, world: World, people: People
) -> None:
    # td MessageContent.cpp can_forward_message_content: "return !is_service_message_content(
    # content_type) && ..."; MessagesManager.cpp forward_message: "need_copy ? Slice("The
    # message can't be copied") : Slice("The message can't be forwarded")".
    group, ann = people.group["id"], people.ann["id"]
    await world.set_member_status(group, people.bob["id"], "left")
    (left,) = [m for m in world.transcript(group) if "left_chat_member" in m]
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.forward_message(ann, group, left["message_id"])
    assert refused.value.message == "Bad Request: the message can't be forwarded"
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.copy_message(ann, group, left["message_id"])
    assert refused.value.message == "Bad Request: the message can't be copied"
    # copyMessages skips it (forward_messages: "if (!can_forward_message(...)) { ...
    # continue; }"); with nothing else, Client.cpp TdOnForwardMessagesCallback: "Messages
    # can't be forwarded".
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.copy_messages(ann, group, [left["message_id"]])
    assert refused.value.message == "Bad Request: messages can't be forwarded"
    said = await world.user_sends_text(group, ann, "/help")
    copied = await bot.copy_messages(ann, group, [left["message_id"], said["message_id"]])
    assert len(copied) == 1 and world.transcript(ann)[-1]["text"] == "/help"


async def test_html_edge_cases_parse_as_tdlib_parses_them(bot: Bot, people: People) -> None:
    # MessageEntity.cpp parse_html: "if (tag_name == "blockquote" && attribute_name ==
    # Slice("expandable")) { argument = "1"; }" -> ExpandableBlockQuote; an attribute without
    # a value is skipped ("if (text[i] != '=') { ... continue; }"); <pre><code
    # class="language-x"> "entities.back().type = MessageEntity::Type::PreCode"; a lone
    # <code class="language-x"> is a plain code entity; decode_html_entity: the ';' optional.
    sent = await bot.send_message(
        people.ann["id"],
        "<blockquote expandable>Long</blockquote>\n"
        '<pre><code class="language-python">x = 1</code></pre>\n'
        '<code class="language-sh">ls</code> <b x>1 &lt 2</b> &ltx &#60 &#X3C',
        parse_mode="HTML",
    )
    assert sent.text == "Long\nx = 1\nls 1 < 2 &ltx < &#X3C"
    assert [(e.type, e.offset, e.length, e.language) for e in sent.entities or []] == [
        ("expandable_blockquote", 0, 4, None),
        ("pre", 5, 5, "python"),
        ("code", 11, 2, None),
        ("bold", 14, 5, None),
        ("hashtag", 28, 4, None),  # "&#X3C" is text (no lowercase x), "#X3C" a hashtag
    ]


async def test_hashtags_cashtags_and_e_mails_are_found(world: World, people: People) -> None:
    # MessageEntity.cpp find_entities: "add_entities(MessageEntity::Type::Hashtag,
    # find_hashtags); add_entities(MessageEntity::Type::Cashtag, find_cashtags);" and
    # find_urls' "url.second ? MessageEntity::Type::EmailAddress"; match_hashtags wants "at
    # least one letter" (#1 is none), match_cashtags "[A-Z]{1,8}" ($usd is none).
    said = await world.user_sends_text(
        people.group["id"],
        people.bob["id"],
        "#trip photos: ann@example.org #1 $EUR $usd #day2@facedrop_bot x#no",
    )
    found = [
        (e["type"], said["text"][e["offset"] : e["offset"] + e["length"]]) for e in said["entities"]
    ]
    assert found == [
        ("hashtag", "#trip"),
        ("email", "ann@example.org"),
        ("cashtag", "$EUR"),
        ("hashtag", "#day2@facedrop_bot"),
    ]


async def test_update_ids_start_large_and_offsets_behave_as_on_telegram(
    world: World, bot: Bot, people: People
) -> None:
    # TQueue.cpp: a new queue's first id is "Random::fast(2 * max(MAX_QUEUE_EVENTS, 1000000)
    # + 1, EventId::MAX_ID / 2)": never 1.
    ann = people.ann["id"]
    for n in range(4):
        await world.user_sends_text(ann, ann, f"hello {n}")
    everything = await bot.get_updates()
    ids = [u.update_id for u in everything]
    assert 2_000_001 <= ids[0] <= 1_000_000_000

    # Client.cpp get_integer_arg(query, "limit", 100, 1, 100): clamped, never refused. (Each
    # call with another offset: process_get_updates_query gives "limit = 1" to a call with
    # the offset of one less than 0.5 s before.)
    assert [u.update_id for u in await bot.get_updates(offset=ids[0], limit=0)] == ids[:1]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1], limit=-5)] == ids[1:2]
    assert [u.update_id for u in await bot.get_updates(limit=1000)] == ids[1:]

    # An offset far past the end is "in the future" (TQueue.cpp get: "from_id.value() >
    # q.tail_id.value() + 10"): do_get_updates reads from the head, nothing is confirmed.
    assert [u.update_id for u in await bot.get_updates(offset=ids[-1] + 1000)] == ids[1:]
    # Just past the end (within 10): everything before it is confirmed.
    assert await bot.get_updates(offset=ids[-1] + 5) == []
    assert await bot.get_updates() == []

    # A negative offset keeps the last -offset updates ("tqueue->clear(tqueue_id_, -offset)")
    # and reads from the head.
    for n in range(3):
        await world.user_sends_text(ann, ann, f"again {n}")
    (last,) = await bot.get_updates(offset=-1)
    assert last.message is not None and last.message.text == "again 2"
    assert [u.update_id for u in await bot.get_updates()] == [last.update_id]


async def test_get_me_writes_every_field_telegram_writes(bot: Bot, emulator: Emulator) -> None:
    # Client.cpp JsonUser(..., full_bot_info=true): "can_join_groups",
    # "can_read_all_group_messages", "supports_inline_queries", "supports_guest_queries",
    # "can_connect_to_business", "has_main_web_app", "has_topics_enabled",
    # "allows_users_to_create_topics", "can_manage_bots", always.
    async with ClientSession() as http, http.get(f"{emulator.url}/bot{TOKEN}/getMe") as answer:
        me = (await answer.json())["result"]
    assert set(me) == {
        "id",
        "is_bot",
        "first_name",
        "username",
        "can_join_groups",
        "can_read_all_group_messages",
        "supports_inline_queries",
        "supports_guest_queries",
        "can_connect_to_business",
        "has_main_web_app",
        "has_topics_enabled",
        "allows_users_to_create_topics",
        "can_manage_bots",
    }


async def test_administrators_as_telegram_lists_them(
    bot: Bot, world: World, people: People
) -> None:
    group = people.group["id"]
    other = world.create_bot("654321:other-token", username="other_bot")
    await world.set_bot_status(group, "administrator")
    await world.set_bot_status(group, "administrator", bot_id=other.id)
    # Client.cpp JsonChatMembers: "if (is_member_bot && user_id != client_->my_id_) {
    # continue; }" unless return_bots: the bot itself is listed, another bot is not.
    admins = await bot.get_chat_administrators(group)
    assert sorted(a.user.id for a in admins) == sorted([people.ann["id"], bot.id])
    with_bots = await bot(GetChatAdministrators(chat_id=group, return_bots=True))
    assert other.id in [a.user.id for a in with_bots]
    # json_store_administrator_rights: "can_manage_topics" in a supergroup, "can_manage_tags"
    # in groups and supergroups.
    (me,) = [a for a in admins if a.user.id == bot.id]
    assert isinstance(me, ChatMemberAdministrator)
    raw = world.member_api(world.chat(group), bot.id)
    assert raw["can_manage_topics"] is False and raw["can_manage_tags"] is False


async def test_a_message_thread_in_a_private_chat_is_not_found(
    bot: Bot, world: World, people: People
) -> None:
    # Client.cpp: in a private chat "can_be_forum = true", the thread is looked up
    # (getForumTopic) and TdOnCheckForumTopicCallback fails with "Message thread not found";
    # in a group that is no forum it is ignored; a negative one is none (get_forum_topic_id).
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(people.ann["id"], "hi", message_thread_id=5)
    assert refused.value.message == "Bad Request: message thread not found"
    assert (await bot.send_message(people.ann["id"], "hi", message_thread_id=-5)).text == "hi"
    assert (await bot.send_message(people.group["id"], "hi", message_thread_id=5)).text == "hi"
