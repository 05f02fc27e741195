"""The text and captions Telegram keeps of what a bot sends: cleaned and trimmed by tdlib's
fix_formatted_text (td/telegram/MessageEntity.cpp), what the chat shows and the bot gets
back."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Message, MessageEntity

from sandbox import World
from sandbox.formatting import fix_text
from tests.emulator.conftest import People, jpeg


def _spans(entities: list[MessageEntity] | None) -> list[tuple[str, int, int]]:
    return [(e.type, e.offset, e.length) for e in entities or []]


async def test_a_text_is_trimmed_and_its_entities_follow(
    bot: Bot, world: World, people: People
) -> None:
    ann = people.ann["id"]
    # MessageEntity.cpp fix_formatted_text: "// rtrim ... result.resize(last_non_whitespace_pos
    # + 1)" and "// ltrim" of ' ' and '\n' before the first entity.
    sent = await bot.send_message(ann, "\n  Alice is <b>ready</b>  \n\n", parse_mode="HTML")
    assert sent.text == "Alice is ready"
    assert _spans(sent.entities) == [("bold", 9, 5)]
    assert world.transcript(ann)[-1]["text"] == "Alice is ready"
    # No ltrim past the first entity: a bold space at the start stays (with its entity).
    sent = await bot.send_message(ann, "<b> x</b> ", parse_mode="HTML")
    assert (sent.text, _spans(sent.entities)) == (" x", [("bold", 0, 2)])
    # An entity over the trailing spaces is shortened to the text ("entity.length =
    # last_non_whitespace_utf16_offset + 1 - entity.offset").
    sent = await bot.send_message(ann, "a <i>b  </i>", parse_mode="HTML")
    assert (sent.text, _spans(sent.entities)) == ("a b", [("italic", 2, 1)])


async def test_control_characters_become_spaces_and_returns_go(bot: Bot, people: People) -> None:
    # clean_input_string (td/telegram/misc.cpp): "case 9: ... case 32: str[new_size++] = ' '"
    # ('\n' allowed), "case '\r': // skip", "remove \xe2\x80[\xa8-\xae]" (U+2028-U+202E).
    sent = await bot.send_message(people.ann["id"], "a\tb\r\nc\u2028d\u202ee\x01")
    assert sent.text == "a b\ncde"
    edited = await bot.edit_message_text(
        " new\r\n ", chat_id=people.ann["id"], message_id=sent.message_id
    )
    assert isinstance(edited, Message) and edited.text == "new"


async def test_a_text_of_spaces_is_refused_and_a_caption_of_spaces_is_none(
    bot: Bot, world: World, people: People
) -> None:
    ann = people.ann["id"]
    # Client.cpp get_input_message_text: "if (text.empty()) { return td::Status::Error(400,
    # "Message text is empty")" ...
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(ann, "")
    assert refused.value.message == "Bad Request: message text is empty"
    # ... while spaces reach tdlib: fix_formatted_text "return Status::Error(400, "Text must
    # be non-empty")", lowercased by Client.cpp fail_query_with_error.
    for blank in (" ", " \n\t\r ", "\u2028"):
        with pytest.raises(TelegramBadRequest) as refused:
            await bot.send_message(ann, blank)
        assert refused.value.message == "Bad Request: text must be non-empty"
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(ann, "<b> </b>", parse_mode="HTML")
    assert refused.value.message == "Bad Request: text must be non-empty"
    # A caption may be empty (get_formatted_text(..., allow_empty=true)): none is kept.
    photo = BufferedInputFile(jpeg(), "p.jpg")
    sent = await bot.send_photo(ann, photo, caption="  \n ")
    assert sent.caption is None and "caption" not in world.transcript(ann)[-1]
    sent = await bot.send_photo(ann, photo, caption="  Alice · Class 1A\n")
    assert sent.caption == "Alice · Class 1A"
    edited = await bot.edit_message_caption(chat_id=ann, message_id=sent.message_id, caption=" \n")
    assert isinstance(edited, Message) and edited.caption is None


async def test_a_person_s_text_arrives_trimmed(world: World, people: People) -> None:
    """A person's app sends through tdlib too (fix_formatted_text): the bot reads the text
    trimmed, with the command found at its new place."""
    sent = await world.user_sends_text(people.ann["id"], people.ann["id"], "  /help \n")
    assert sent["text"] == "/help"
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 5}]


async def test_a_person_s_caption_arrives_trimmed(world: World, people: People) -> None:
    """A caption goes through fix_formatted_text too (allow_empty: spaces alone are none)."""
    (sent,) = await world.user_sends_photos(
        people.group["id"], people.bob["id"], [jpeg()], caption=" #trip \n"
    )
    assert sent["caption"] == "#trip"
    assert sent["caption_entities"] == [{"type": "hashtag", "offset": 0, "length": 5}]
    (blank,) = await world.user_sends_photos(
        people.group["id"], people.bob["id"], [jpeg()], caption="  "
    )
    assert "caption" not in blank


def test_fix_text_counts_in_utf16_units() -> None:
    # A removed character before an entity moves it; a surrogate pair is two units.
    text, entities = fix_text(
        " 😀\r<b>", [{"type": "bold", "offset": 4, "length": 3}], allow_empty=False
    )
    assert (text, entities) == ("😀<b>", [{"type": "bold", "offset": 2, "length": 3}])
    assert fix_text("\n \n", [], allow_empty=True) == ("", [])
