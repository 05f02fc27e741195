"""The emulator is as strict as Telegram about what a bot sends (and words it the same way)."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramEntityTooLarge
from aiogram.types import (
    BufferedInputFile,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from sandbox import World
from tests.emulator.conftest import People, jpeg

PARSE = "Bad Request: can't parse entities: "


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("<font>x</font>", 'Unsupported start tag "font" at byte offset 0'),
        ("é <blink>x</blink>", 'Unsupported start tag "blink" at byte offset 3'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("closed</b>", "Unexpected end tag at byte offset 6"),
        ("<i>x</b>", 'Unmatched end tag at byte offset 4, expected "</i>", found "</b>"'),
        ('<a href=x_y">l</a>', "Unexpected end of name token at byte offset 8"),
        ("<b />y</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_html_errors_are_worded_as_telegram_words_them(
    bot: Bot, people: People, html: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(people.ann["id"], html, parse_mode="HTML")
    assert raised.value.message == PARSE + error


async def test_only_the_html_entities_telegram_knows_are_decoded(bot: Bot, people: People) -> None:
    sent = await bot.send_message(
        people.ann["id"],
        "<b>Tom &amp; &lt;Jerry&gt;</b> &quot;&#39;&#x1F600; &foo; &amp &nbsp; a > b",
        parse_mode="HTML",
    )
    # decode_html_entity: the ';' is optional ("&amp" is "&"); "&foo;" and "&nbsp;" stay.
    assert sent.text == "Tom & <Jerry> \"'😀 &foo; & &nbsp; a > b"
    assert sent.entities is not None
    assert [(x.type, x.offset, x.length) for x in sent.entities] == [("bold", 0, 13)]


async def test_links_and_spoilers_parse_as_on_telegram(bot: Bot, people: People) -> None:
    sent = await bot.send_message(
        people.ann["id"],
        '😀<a href="https://e.org/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span>'
        " <tg-spoiler>t</tg-spoiler> <A HREF=https>x</a>",
        parse_mode="HTML",
    )
    assert sent.text == "😀link s t x"
    # MessageEntity.cpp parse_html: the href goes through LinkManager::get_checked_link and
    # "if (!url.empty())" becomes a text_link. "HREF" is no href ("attribute_name ==
    # Slice("href")"): the link is its text, "x" (a host without a dot), and makes none.
    assert [(x.type, x.offset, x.length, x.url) for x in sent.entities or []] == [
        ("text_link", 2, 4, "https://e.org/?a=1&b=2"),
        ("spoiler", 7, 1, None),
        ("spoiler", 9, 1, None),
    ]


def _markup(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def _b(text: str = "OK", **action: str) -> InlineKeyboardButton:
    fields: dict[str, Any] = {"text": text, **(action or {"callback_data": "ok"})}
    return InlineKeyboardButton.model_validate(fields)


BUTTON = "Bad Request: can't parse inline keyboard button: "


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        # Client.cpp get_inline_keyboard_button_type: an empty "url" or "callback_data" is
        # absent, and then: "Text buttons are unallowed in the inline keyboard".
        (
            _markup([_b(callback_data="")]),
            BUTTON + "Text buttons are unallowed in the inline keyboard",
        ),
        (_markup([_b(url="")]), BUTTON + "Text buttons are unallowed in the inline keyboard"),
        (_markup([_b(callback_data="é" * 33)]), "Bad Request: BUTTON_DATA_INVALID"),
        # ReplyMarkup.cpp: "Inline keyboard button text must be non-empty" (an empty text
        # never gets there: test_as_telegram_does, the button is dropped)
        (_markup([_b(text="  ")]), "Bad Request: inline keyboard button text must be non-empty"),
        (
            _markup([InlineKeyboardButton(text="Plain")]),
            BUTTON + "Text buttons are unallowed in the inline keyboard",
        ),
        (_markup([_b() for _ in range(9)]), "Bad Request: reply markup is too long"),
        (_markup(*[[_b()] for _ in range(101)]), "Bad Request: reply markup is too long"),
    ],
)
async def test_inline_keyboards_are_checked_as_telegram_checks_them(
    bot: Bot, people: People, markup: InlineKeyboardMarkup, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(people.ann["id"], "choose", reply_markup=markup)
    assert raised.value.message == error
    sent = await bot.send_message(people.ann["id"], "plain")
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.edit_message_reply_markup(
            chat_id=people.ann["id"], message_id=sent.message_id, reply_markup=markup
        )
    assert raised.value.message == error


# ReplyMarkup.cpp: "Inline keyboard button " << LinkManager::check_link(url).error(), whose
# message is LinkManager.cpp's "URL '" << link << "' is invalid: " << reason, the reason from
# check_link_impl ("Wrong HTTP URL": the host has no dot) or HttpUrl.cpp parse_url.
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost:8080/x", "Wrong HTTP URL"),
        ("https://facedrop/start", "Wrong HTTP URL"),
        ("not a url", "Disallowed character in URL host"),
        ("ftp://e.org/file", "Unsupported URL protocol"),
        ("https://e.org:99999/", "Wrong port number specified in the URL"),
        ("https://e.org:/", "Wrong port number specified in the URL"),
        ("https:///path", "URL host is empty"),
        ("https://e.org%zz/", "Wrong percent-encoded symbol in URL host"),
        ("tg://resolve:1?domain=x", "Wrong tg URL"),
    ],
)
async def test_a_url_button_telegram_refuses_is_refused(
    bot: Bot, people: People, url: str, reason: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(people.ann["id"], "open", reply_markup=_markup([_b(url=url)]))
    assert raised.value.message == (
        f"Bad Request: inline keyboard button URL '{url}' is invalid: {reason}"
    )


async def test_url_buttons_are_kept_as_telegram_keeps_them(bot: Bot, people: People) -> None:
    # LinkManager.cpp check_link_impl returns http_url.get_url(): the scheme added where there
    # is none, the host lowercased, "/" for an empty path; a dotted address is a host. A
    # tg://user link is a user button, shown as "tg://user?id=" << user_id (Client.cpp).
    given = [
        "https://t.me/facedrop_bot?start=abc",
        "t.me/facedrop_bot",
        "HTTPS://T.ME/x",
        "http://127.0.0.1:8081/chat",
        "tg://user?id=42",
    ]
    sent = await bot.send_message(
        people.ann["id"], "open", reply_markup=_markup(*[[_b(url=url)] for url in given])
    )
    assert sent.reply_markup is not None
    assert [row[0].url for row in sent.reply_markup.inline_keyboard] == [
        "https://t.me/facedrop_bot?start=abc",
        "http://t.me/facedrop_bot",
        "https://t.me/x",
        "http://127.0.0.1:8081/chat",
        "tg://user?id=42",
    ]


async def test_a_button_is_of_the_first_kind_it_names(bot: Bot, people: People) -> None:
    # Client.cpp get_inline_keyboard_button_type tries "url" first, then "callback_data", ...:
    # a button with both is a URL button, and the callback data is dropped, not refused.
    both = InlineKeyboardButton(text="Open", url="https://e.org", callback_data="x")
    sent = await bot.send_message(people.ann["id"], "open", reply_markup=_markup([both]))
    assert sent.reply_markup is not None
    (button,) = sent.reply_markup.inline_keyboard[0]
    assert (button.url, button.callback_data) == ("https://e.org/", None)


async def test_only_inline_keyboards_are_shown_in_the_message(bot: Bot, people: People) -> None:
    # Client.cpp: "if (reply_markup != nullptr && reply_markup->get_id() !=
    # td_api::replyMarkupInlineKeyboard::ID) { reply_markup = nullptr; }", and get_reply_markup
    # makes an inline keyboard only "if (!inline_rows.empty())".
    ann = people.ann["id"]
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Yes")]])
    assert (await bot.send_message(ann, "a", reply_markup=keyboard)).reply_markup is None
    assert (await bot.send_message(ann, "b", reply_markup=ForceReply())).reply_markup is None
    removed = ReplyKeyboardRemove()
    assert (await bot.send_message(ann, "c", reply_markup=removed)).reply_markup is None
    empty = InlineKeyboardMarkup(inline_keyboard=[])
    assert (await bot.send_message(ann, "d", reply_markup=empty)).reply_markup is None
    transcript = people.world.transcript(ann)
    assert not any("reply_markup" in m for m in transcript[-4:])


async def test_keyboards_at_the_limits_are_accepted(bot: Bot, people: People) -> None:
    rows = [[_b(callback_data="é" * 32) for _ in range(8)] for _ in range(12)]
    rows.append([_b(text="x", callback_data="1") for _ in range(4)])
    sent = await bot.send_message(people.ann["id"], "choose", reply_markup=_markup(*rows))
    assert sent.reply_markup is not None
    assert sum(len(row) for row in sent.reply_markup.inline_keyboard) == 100


async def test_text_length_is_counted_in_utf16_units_after_parsing(
    bot: Bot, people: People
) -> None:
    ann = people.ann["id"]
    assert (await bot.send_message(ann, "😀" * 2048)).text == "😀" * 2048
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(ann, "😀" * 2048 + "x")
    assert raised.value.message == "Bad Request: message is too long"
    # Tags and entities count as what they show.
    sent = await bot.send_message(ann, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert sent.text == "&" * 4096
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.edit_message_text("é" * 4097, chat_id=ann, message_id=sent.message_id)
    assert raised.value.message == "Bad Request: message is too long"
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(ann, "<b></b>", parse_mode="HTML")
    # Not empty for Client.cpp (it parses non-empty text), empty for tdlib's
    # fix_formatted_text: "return Status::Error(400, "Text must be non-empty")".
    assert raised.value.message == "Bad Request: text must be non-empty"


async def test_caption_length_is_counted_in_utf16_units_after_parsing(
    bot: Bot, people: People
) -> None:
    ann = people.ann["id"]
    photo = BufferedInputFile(jpeg(), "p.jpg")
    sent = await bot.send_photo(ann, photo, caption="<i>" + "😀" * 512 + "</i>", parse_mode="HTML")
    assert sent.caption == "😀" * 512
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_photo(ann, BufferedInputFile(jpeg(), "p.jpg"), caption="😀" * 512 + "x")
    assert raised.value.message == "Bad Request: message caption is too long"
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.edit_message_caption(chat_id=ann, message_id=sent.message_id, caption="x" * 1025)
    assert raised.value.message == "Bad Request: message caption is too long"


MB = 1024 * 1024


async def test_upload_size_limits(bot: Bot, people: People) -> None:
    ann = people.ann["id"]
    padded = jpeg() + b"\0" * (10 * MB)  # a valid JPEG just over 10 MB
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_photo(ann, BufferedInputFile(padded, "big.jpg"))
    assert raised.value.message == "Bad Request: PHOTO_SAVE_FILE_INVALID"
    # The same bytes go as a document (up to 50 MB), not beyond.
    sent = await bot.send_document(ann, BufferedInputFile(padded, "big.jpg"))
    assert sent.document is not None and sent.document.file_size == len(padded)
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(ann, BufferedInputFile(b"x" * (50 * MB + 1), "huge.bin"))
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_document(ann, BufferedInputFile(b"", "empty.txt"))
    assert raised.value.message == "Bad Request: file must be non-empty"


async def test_get_file_refuses_files_over_20_mb(bot: Bot, people: People) -> None:
    ann = people.ann["id"]
    small = await bot.send_document(ann, BufferedInputFile(b"x" * (20 * MB), "20.bin"))
    big = await bot.send_document(ann, BufferedInputFile(b"x" * (20 * MB + 1), "21.bin"))
    assert small.document is not None and big.document is not None
    assert (await bot.get_file(small.document.file_id)).file_size == 20 * MB
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.get_file(big.document.file_id)
    assert raised.value.message == "Bad Request: file is too big"


def _album(*kinds: str) -> list[Any]:
    made: dict[str, Any] = {
        "photo": lambda i: InputMediaPhoto(media=BufferedInputFile(jpeg(), f"{i}.jpg")),
        "video": lambda i: InputMediaVideo(media=BufferedInputFile(b"v", f"{i}.mp4")),
        "document": lambda i: InputMediaDocument(media=BufferedInputFile(b"d", f"{i}.txt")),
        "audio": lambda i: InputMediaAudio(media=BufferedInputFile(b"a", f"{i}.mp3")),
    }
    return [made[kind](i) for i, kind in enumerate(kinds)]


@pytest.mark.parametrize(
    "kinds",
    [("photo", "video", "photo"), ("document",) * 2, ("audio",) * 3, ("photo",) * 10],
)
async def test_albums_of_allowed_mixes_are_sent(
    bot: Bot, people: People, kinds: tuple[str, ...]
) -> None:
    sent = await bot.send_media_group(people.ann["id"], _album(*kinds))
    assert len(sent) == len(kinds) and len({m.media_group_id for m in sent}) == 1
    assert [m.content_type for m in sent] == list(kinds)


@pytest.mark.parametrize(
    ("kinds", "error"),
    [
        # td MessageContent.cpp check_message_group_message_contents: "<<
        # message_content_type << " can't be mixed with other media types"" (Document, Audio)
        (("photo", "document"), "document can't be mixed with other media types"),
        (("audio", "video"), "audio can't be mixed with other media types"),
        # "MAX_GROUPED_MESSAGES = 10" ... "Too many messages to send as an album"
        (("photo",) * 11, "too many messages to send as an album"),
        # MessagesManager.cpp send_message_group: "There are no messages to send"
        ((), "there are no messages to send"),
    ],
)
async def test_albums_of_other_mixes_are_refused(
    world: World, bot: Bot, people: People, kinds: tuple[str, ...], error: str
) -> None:
    before = len(world.transcript(people.ann["id"]))
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_media_group(people.ann["id"], _album(*kinds))
    assert raised.value.message == "Bad Request: " + error
    assert len(world.transcript(people.ann["id"])) == before  # nothing half-sent


@pytest.mark.parametrize(("width", "height"), [(2100, 100), (100, 2001), (6000, 4001)])
async def test_photos_of_impossible_dimensions_are_refused(
    bot: Bot, people: People, width: int, height: int
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_photo(people.ann["id"], BufferedInputFile(jpeg(width, height), "odd.jpg"))
    assert raised.value.message == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    sent = await bot.send_photo(people.ann["id"], BufferedInputFile(jpeg(2000, 100), "ok.jpg"))
    assert sent.photo is not None


@pytest.mark.parametrize(
    ("url", "error"),
    [
        # telegram-bot-api WebhookActor.cpp start_up, when not --local:
        ("http://bot.example.org/hook", "bad webhook: An HTTPS URL must be provided for webhook"),
        (
            "https://bot.example.org:8080/hook",
            "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        # Client.cpp do_set_webhook: td::parse_url fails
        ("ftp://bot.example.org/hook", "invalid webhook URL specified"),
        ("https://bot.example.org:0x50/hook", "invalid webhook URL specified"),
    ],
)
async def test_a_webhook_telegram_refuses_is_refused(
    world: World, bot: Bot, url: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.set_webhook(url)
    assert raised.value.message == f"Bad Request: {error}"
    assert (await bot.get_webhook_info()).url == ""


async def test_a_webhook_telegram_takes(world: World, bot: Bot) -> None:
    for url in ("https://bot.example.org:8443/hook", "bot.example.org/hook"):  # https, 443
        assert await bot.set_webhook(url)
        assert (await bot.get_webhook_info()).url == url
        world.clock.advance(1)  # a second setWebhook within a second is 429 (Client.cpp)
    assert await bot.delete_webhook()
