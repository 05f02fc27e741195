"""The media methods facedrop calls (sendVideo, sendVideoNote, sendAnimation, sendDocument,
sendMediaGroup, editMessageMedia, editMessageCaption), refused where Telegram refuses them
and in its words: an album item changed into what an album cannot hold, a video note's
caption and medium, an album's items read before the album, a file_id tdlib cannot
decode. Each test cites the tdlib/td or tdlib/telegram-bot-api source it follows
(sandbox/CONFORMANCE.md, "Clips and files")."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAnimation,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
)

from sandbox import Emulator
from tests.clips import make_clip
from tests.emulator.conftest import People, jpeg, raw_call

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def _buttons(text: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=text)]]
    )


async def test_an_album_item_changes_only_into_what_an_album_holds(
    bot: Bot, people: People
) -> None:
    # td MessagesManager.cpp edit_message_media, "if (m->media_album_id != 0)" and the type
    # changes: "if (!is_allowed_media_group_content(new_content_type))" "Message content
    # type can't be used in an album"; "if (is_homogenous_media_group_content(old...) ||
    # is_homogenous_media_group_content(new...))" "Can't change media type in the album".
    # A photo and a video take each other's place.
    ann = people.ann["id"]
    video_item, photo_item = await bot.send_media_group(
        ann,
        [
            InputMediaVideo(media=BufferedInputFile(make_clip(64, 48), "a.mp4")),
            InputMediaPhoto(media=BufferedInputFile(jpeg(), "b.jpg")),
        ],
    )
    animation = await bot.send_animation(
        ann, BufferedInputFile(make_clip(32, 32, container="gif"), "g.gif")
    )
    document = await bot.send_document(ann, BufferedInputFile(b"%PDF-1.4 notes", "notes.pdf"))
    assert animation.animation and document.document and photo_item.photo
    for media, words in (
        (
            InputMediaAnimation(media=animation.animation.file_id),
            "message content type can't be used in an album",
        ),
        (
            InputMediaDocument(media=document.document.file_id),
            "can't change media type in the album",
        ),
    ):
        with pytest.raises(TelegramBadRequest) as refused:
            await bot.edit_message_media(media, chat_id=ann, message_id=video_item.message_id)
        assert refused.value.message == f"Bad Request: {words}"

    photo = InputMediaPhoto(media=photo_item.photo[-1].file_id, caption="Alice")
    edited = await bot.edit_message_media(photo, chat_id=ann, message_id=video_item.message_id)
    assert not isinstance(edited, bool)
    assert edited.photo == photo_item.photo and edited.video is None
    assert (edited.caption, edited.media_group_id) == ("Alice", video_item.media_group_id)
    # The same medium and caption again: the server's MESSAGE_NOT_MODIFIED (Client.cpp:108).
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.edit_message_media(photo, chat_id=ann, message_id=video_item.message_id)
    assert refused.value.message == NOT_MODIFIED


async def test_a_message_s_medium_becomes_a_clip_or_a_file(bot: Bot, people: People) -> None:
    # td edit_message_media takes inputMessageAnimation, Audio, Document, Photo and Video
    # ("Unsupported input message content type" for the rest, which Client.cpp
    # get_input_media never makes); outside an album any of them replaces any other.
    ann = people.ann["id"]
    clip = await bot.send_video(ann, BufferedInputFile(make_clip(64, 48), "v.mp4"))
    sent = await bot.send_photo(ann, BufferedInputFile(jpeg(), "p.jpg"), caption="Class 1A")
    assert clip.video
    video = InputMediaVideo(media=clip.video.file_id, caption="Alice at 0:01")
    edited = await bot.edit_message_media(video, chat_id=ann, message_id=sent.message_id)
    assert not isinstance(edited, bool)
    assert (edited.video, edited.photo, edited.caption) == (clip.video, None, "Alice at 0:01")
    upload = InputMediaDocument(media=BufferedInputFile(b"%PDF-1.4 list", "list.pdf"))
    edited = await bot.edit_message_media(upload, chat_id=ann, message_id=sent.message_id)
    assert not isinstance(edited, bool)
    assert edited.document and edited.document.file_name == "list.pdf"
    assert (edited.video, edited.caption) == (None, None)


async def test_a_video_note_can_change_only_its_buttons(bot: Bot, people: People) -> None:
    # td MessagesManager.cpp can_edit_message: "if (is_editable_message_content(
    # content_type)) return true;" (MessageContentType.cpp: no VideoNote), and for a bot's
    # reply markup alone any content that is no service message. So editMessageCaption and
    # editMessageText: "Message can't be edited" (not "There is no caption..."), and
    # edit_message_media: "Message media can't be edited".
    ann = people.ann["id"]
    note = await bot.send_video_note(
        ann, BufferedInputFile(make_clip(64, 64), "n.mp4"), reply_markup=_buttons("Not Alice?")
    )
    clip = await bot.send_video(ann, BufferedInputFile(make_clip(64, 48), "v.mp4"))
    assert clip.video
    where = {"chat_id": ann, "message_id": note.message_id}
    for edit, words in (
        (bot.edit_message_caption(caption="Alice at 0:01", **where), "message can't be edited"),
        (bot.edit_message_text("Alice at 0:01", **where), "message can't be edited"),
        (
            bot.edit_message_media(InputMediaVideo(media=clip.video.file_id), **where),
            "message media can't be edited",
        ),
    ):
        with pytest.raises(TelegramBadRequest) as refused:
            await edit
        assert refused.value.message == f"Bad Request: {words}"
    edited = await bot.edit_message_reply_markup(reply_markup=_buttons("Thanks"), **where)
    assert not isinstance(edited, bool)
    assert edited.video_note and note.video_note
    assert edited.video_note.file_id == note.video_note.file_id
    assert edited.reply_markup and edited.reply_markup.inline_keyboard[0][0].text == "Thanks"


async def test_an_album_is_checked_after_its_items(
    emulator: Emulator, bot: Bot, people: People
) -> None:
    # td MessagesManager.cpp send_message_group: each item's content first
    # (process_input_message_content: the file's type, the caption), then MessageContent.cpp
    # check_message_group_message_contents: "Too many messages to send as an album", every
    # item's invert_media that of the first ("Parameter show_caption_above_media must be the
    # same for all messages"; create_input_message_content keeps it for a photo, a video or
    # an animation only, so a document's is none). Client.cpp get_input_media reads
    # "has_spoiler" with get_optional_bool_field: "Field \"has_spoiler\" must be of type
    # Boolean".
    ann = people.ann["id"]
    photo = (await bot.send_photo(ann, BufferedInputFile(jpeg(), "p.jpg"))).photo
    document = (await bot.send_document(ann, BufferedInputFile(b"%PDF-1.4", "a.pdf"))).document
    assert photo and document
    photo_id = photo[-1].file_id
    eleven = [{"type": "photo", "media": photo_id}] * 10 + [{"type": "video", "media": photo_id}]
    above = {"type": "photo", "media": photo_id, "show_caption_above_media": True}
    documents = [{"type": "document", "media": document.file_id}]
    for media, words in (
        (eleven, "can't use file of type Photo as Video"),
        (
            [above, {"type": "photo", "media": photo_id}],
            "parameter show_caption_above_media must be the same for all messages",
        ),
        (
            [{"type": "photo", "media": photo_id, "has_spoiler": "yes"}] * 2,
            'can\'t parse InputMedia: Field "has_spoiler" must be of type Boolean',
        ),
    ):
        body = await raw_call(emulator, "sendMediaGroup", chat_id=ann, media=media)
        assert body["description"] == f"Bad Request: {words}", body
    body = await raw_call(
        emulator,
        "sendMediaGroup",
        chat_id=ann,
        media=[{**documents[0], "show_caption_above_media": True}, *documents],
    )
    assert body["ok"] and len(body["result"]) == 2, body


@pytest.mark.parametrize(
    ("file_id", "words"),
    [
        # td FileManager::from_persistent_id: "Wrong remote file identifier specified: " <<
        # tdutils base64url_decode's error, first letter lowercased by Client.cpp.
        ("f", "wrong remote file identifier specified: Wrong string length"),
        ("clip#1", "wrong remote file identifier specified: Wrong character in the string"),
        (
            "AgACnot-a-real-file-id",
            "wrong remote file identifier specified: Wrong padding in the string",
        ),
        # Decoded, its last byte no format's version (FileManager.h PERSISTENT_ID_VERSION*).
        ("AAAA", "wrong remote file identifier specified: can't unserialize it. Wrong last symbol"),
        # Decoded and well-formed, yet no file Telegram holds: the server's MEDIA_EMPTY,
        # MessagesManager.cpp "Wrong file identifier/HTTP URL specified".
        ("BAACAgIAAxkBAAnothinBA", "wrong file identifier/HTTP URL specified"),
    ],
)
async def test_a_file_id_is_decoded_as_tdlib_decodes_it(
    bot: Bot, people: People, file_id: str, words: str
) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_video(people.ann["id"], file_id, caption="Alice at 0:01")
    assert refused.value.message == f"Bad Request: {words}"
