"""Clips as Telegram carries them: what users post (videos, video notes, animations, files,
albums mixing photos and videos) reaches the bot with what Telegram's updates carry, read
from the bytes; the bot sends them on by file_id, refused as tdlib refuses a file of the
wrong type; getFile's 20 MB limit, and a --local server's absolute paths beyond it. Each
test cites the line of tdlib/telegram-bot-api's Client.cpp or tdlib it follows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pillow_heif
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaPhoto, InputMediaVideo, Message

from sandbox import Emulator, World
from tests.clips import make_clip
from tests.conftest import assert_conformant
from tests.emulator.conftest import TOKEN, People, jpeg
from tests.images import plain_image

MB = 1024 * 1024


class Poster:
    """A user posting files through the control API, as tests and the web chat do."""

    def __init__(self, http: aiohttp.ClientSession, base: str, chat_id: int, user_id: int):
        self.http, self.base, self.chat_id, self.user_id = http, base, chat_id, user_id

    async def post(self, path: str, files: list[tuple[bytes, str, str]], **fields: str) -> Any:
        form = aiohttp.FormData()
        form.add_field("chat_id", str(self.chat_id))
        form.add_field("user_id", str(self.user_id))
        for name, value in fields.items():
            form.add_field(name, value)
        for data, file_name, content_type in files:
            form.add_field("file", data, filename=file_name, content_type=content_type)
        async with self.http.post(self.base + path, data=form) as response:
            body = await response.json()
            assert response.status == 200, body
            return body

    async def media(self, kind: str, data: bytes, file_name: str, **fields: str) -> Any:
        return await self.post(
            "/control/media", [(data, file_name, "application/octet-stream")], kind=kind, **fields
        )


@pytest.fixture
async def bob(emulator: Emulator, people: People) -> AsyncIterator[Poster]:
    """Bob, posting into the class group where the bot is an administrator (it sees all)."""
    await emulator.world.set_bot_status(people.group["id"], "administrator")
    async with aiohttp.ClientSession() as http:
        yield Poster(http, emulator.url, people.group["id"], people.bob["id"])


async def _last_message(bot: Bot) -> Message:
    updates = await bot.get_updates(timeout=0)
    message = updates[-1].message
    assert message is not None
    await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return message


# ----- what users post ------------------------------------------------------------


async def test_a_posted_video_carries_what_its_bytes_say(bot: Bot, bob: Poster) -> None:
    # Client.cpp JsonVideo: duration, width, height, file_name, mime_type, then
    # json_store_thumbnail ("thumbnail" and "thumb", a PhotoSize) and json_store_file.
    # A phone stores a portrait clip turned, with a rotation the apps apply: 64x48 stored
    # turned by 90 degrees is 48 wide, 64 high as sent.
    data = make_clip(64, 48, seconds=2.0, rotation=90)
    await bob.media("video", data, "party.mp4", caption="The party")
    message = await _last_message(bot)
    video = message.video
    assert video is not None
    assert (video.width, video.height, video.duration) == (48, 64, 2)
    assert (video.file_name, video.mime_type, video.file_size) == (
        "party.mp4",
        "video/mp4",
        len(data),
    )
    assert message.caption == "The party"
    assert video.thumbnail is not None and video.thumbnail.file_id != video.file_id
    assert (video.thumbnail.width, video.thumbnail.height) == (48, 64)
    downloaded = await bot.download(video.file_id)
    assert downloaded is not None and downloaded.read() == data


async def test_a_video_note_is_round_with_its_length_and_no_name(bot: Bot, bob: Poster) -> None:
    # Client.cpp JsonVideoNote: "duration", "length", the thumbnail and the file: no
    # name, no type; td MessageVideoNote keeps no caption (dup_message_content has none).
    await bob.media("video_note", make_clip(96, 96, seconds=1.0), "round.mp4", caption="hi")
    message = await _last_message(bot)
    note = message.video_note
    assert note is not None
    assert (note.length, note.duration) == (96, 1)
    assert note.thumbnail is not None
    assert message.caption is None
    assert "file_name" not in note.model_dump(exclude_none=True)


async def test_an_animation_is_also_a_document(bot: Bot, bob: Poster) -> None:
    # Client.cpp JsonMessage: "object("animation", JsonAnimation(..., false, ...))" and
    # "object("document", JsonAnimation(..., true, ...))": the document has no duration
    # nor size ("if (!as_document_)"), the same file.
    await bob.media("animation", make_clip(80, 60, container="gif"), "dance.gif")
    message = await _last_message(bot)
    animation, document = message.animation, message.document
    assert animation is not None and document is not None
    assert (animation.width, animation.height, animation.duration) == (80, 60, 2)
    assert (animation.mime_type, animation.file_name) == ("image/gif", "dance.gif")
    assert document.file_id == animation.file_id
    assert document.thumbnail == animation.thumbnail
    assert not {"width", "height", "duration"} & set(message.model_extra or {})


async def test_files_sent_as_files_keep_their_name_and_type(
    bot: Bot, bob: Poster, world: World
) -> None:
    # Client.cpp JsonDocument: file_name, mime_type, the thumbnail the sender's app made of
    # an image or a clip, and the file. A file that is no image (a HEIC cut short) arrives
    # all the same, with its name and type and no thumbnail.
    pillow_heif.register_heif_opener()
    broken = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 64
    sent = {
        "clip.mp4": (make_clip(64, 48), "video/mp4"),
        "IMG_0001.HEIC": (plain_image(300, 400, "HEIF"), "image/heic"),
        "photo.avif": (plain_image(200, 100, "AVIF"), "image/avif"),
        "photo.png": (plain_image(640, 320, "PNG"), "image/png"),
        "photo.jpg": (plain_image(100, 400), "image/jpeg"),
        "IMG_0002.HEIC": (broken, "image/heic"),
    }
    thumbnails = {}
    for name, (data, mime_type) in sent.items():
        await bob.post("/control/documents", [(data, name, mime_type)])
        document = (await _last_message(bot)).document
        assert document is not None
        assert (document.file_name, document.mime_type, document.file_size) == (
            name,
            mime_type,
            len(data),
        )
        thumbnail = document.thumbnail
        thumbnails[name] = (thumbnail.width, thumbnail.height) if thumbnail else None
    # Telegram's thumbnails are at most 320 px a side.
    assert thumbnails == {
        "clip.mp4": (64, 48),
        "photo.avif": (200, 100),
        "photo.png": (320, 160),
        "photo.jpg": (80, 320),
        "IMG_0001.HEIC": (240, 320),
        "IMG_0002.HEIC": None,
    }


async def test_an_album_mixes_photos_and_videos(bot: Bot, bob: Poster) -> None:
    # Photos and videos share one media_group_id (MessageContent.cpp
    # is_homogenous_media_group_content: only documents and audio stay among their own),
    # the caption on the first.
    clip = make_clip(64, 48)
    posted = await bob.post(
        "/control/albums",
        [
            (jpeg(), "a.jpg", "image/jpeg"),
            (clip, "b.mp4", "video/mp4"),
            (jpeg(colour=(0, 90, 0)), "c.jpg", "image/jpeg"),
        ],
        caption="Sports day",
    )
    assert [sorted(set(m) & {"photo", "video"}) for m in posted] == [
        ["photo"],
        ["video"],
        ["photo"],
    ]
    updates = await bot.get_updates(timeout=0)
    messages = [u.message for u in updates if u.message and u.message.media_group_id]
    assert len(messages) == 3 and len({m.media_group_id for m in messages}) == 1
    assert messages[0].caption == "Sports day" and messages[1].caption is None
    video = messages[1].video
    assert video is not None and (video.width, video.height, video.duration) == (64, 48, 2)


async def test_an_album_with_a_photo_that_is_none_sends_nothing(
    bob: Poster, world: World, people: People
) -> None:
    before = len(world.transcript(people.group["id"]))
    form = aiohttp.FormData()
    form.add_field("chat_id", str(people.group["id"]))
    form.add_field("user_id", str(people.bob["id"]))
    form.add_field("file", make_clip(), filename="a.mp4", content_type="video/mp4")
    form.add_field("file", b"\xff\xd8 no JPEG", filename="b.jpg", content_type="image/jpeg")
    async with bob.http.post(bob.base + "/control/albums", data=form) as response:
        assert response.status == 400
        assert "a photo must be an image" in (await response.json())["error"]
    assert len(world.transcript(people.group["id"])) == before


async def test_a_clip_that_cannot_be_read_still_arrives(bot: Bot, bob: Poster) -> None:
    # What the sender's app sent reaches the group as it was: a video of text bytes, with
    # none of what only a readable clip tells (0, and no thumbnail).
    await bob.media("video", b"this is not a video at all", "fake.mp4")
    video = (await _last_message(bot)).video
    assert video is not None
    assert (video.width, video.height, video.duration, video.thumbnail) == (0, 0, 0, None)
    assert (video.file_name, video.mime_type, video.file_size) == ("fake.mp4", "video/mp4", 26)


# ----- what the bot sends -----------------------------------------------------------


async def test_the_bot_sends_a_user_s_clips_on_by_file_id(
    bot: Bot, bob: Poster, people: People
) -> None:
    # Client.cpp process_send_video_query / _video_note_ / _animation_ / _document_:
    # get_input_file gives "inputFileRemote(file_id)": the same file, its file_id and
    # file_unique_id kept, nothing uploaded again.
    ann = people.ann["id"]
    await bob.media("video", make_clip(64, 48), "v.mp4")
    video = (await _last_message(bot)).video
    await bob.media("video_note", make_clip(64, 64), "n.mp4")
    note = (await _last_message(bot)).video_note
    await bob.media("animation", make_clip(32, 32, container="gif"), "g.gif")
    animation = (await _last_message(bot)).animation
    await bob.post("/control/documents", [(make_clip(64, 48), "clip.mp4", "video/mp4")])
    document = (await _last_message(bot)).document
    assert video and note and animation and document

    sent = await bot.send_video(ann, video.file_id, caption="Alice at 0:01")
    assert sent.video == video and sent.caption == "Alice at 0:01"
    sent = await bot.send_video_note(ann, note.file_id)
    assert sent.video_note == note
    sent = await bot.send_animation(ann, animation.file_id)
    assert sent.animation == animation and sent.document is not None
    sent = await bot.send_document(ann, document.file_id)
    assert sent.document == document
    # FileManager::check_input_file_id lets any document-class file go as another: sent by
    # its id, the file stays what it is (a video sent with sendDocument is a video).
    sent = await bot.send_document(ann, video.file_id)
    assert sent.video == video and sent.document is None


async def test_an_album_of_photos_and_videos_by_file_id(
    bot: Bot, bob: Poster, people: People
) -> None:
    # Client.cpp get_input_media: "type == "video"" takes the file_id as it is.
    await bob.post(
        "/control/albums",
        [(jpeg(), "a.jpg", "image/jpeg"), (make_clip(64, 48), "b.mp4", "video/mp4")],
    )
    first, second = [u.message for u in await bot.get_updates(timeout=0) if u.message][-2:]
    assert first.photo and second.video
    album = await bot.send_media_group(
        people.ann["id"],
        [
            InputMediaVideo(media=second.video.file_id, caption="Alice"),
            InputMediaPhoto(media=first.photo[-1].file_id),
        ],
    )
    assert album[0].video == second.video and album[0].caption == "Alice"
    assert album[1].photo == first.photo
    assert album[0].media_group_id == album[1].media_group_id is not None


async def test_a_clip_the_bot_uploads_is_read_unless_it_says(bot: Bot, people: People) -> None:
    # The bot's width, height and duration are what the message says (Client.cpp
    # process_send_video_query, get_integer_arg clamped to MAX_LENGTH 10000); what it
    # leaves out is read from the clip.
    ann = people.ann["id"]
    clip = make_clip(64, 48, seconds=2.0)
    read = await bot.send_video(ann, BufferedInputFile(clip, "a.mp4"))
    assert read.video is not None
    assert (read.video.width, read.video.height, read.video.duration) == (64, 48, 2)
    assert read.video.thumbnail is not None
    told = await bot.send_video(ann, BufferedInputFile(clip, "b.mp4"), width=640, height=480)
    assert told.video is not None and (told.video.width, told.video.height) == (640, 480)
    note = await bot.send_video_note(ann, BufferedInputFile(make_clip(50, 50), "n.mp4"))
    assert note.video_note is not None and note.video_note.length == 50


@pytest.mark.parametrize(
    ("method", "field", "file_of", "words"),
    [
        # FileManager.cpp check_input_file_id: "Can't use file of type " << real_type <<
        # " as " << type (FileType.cpp names), first letter lowercased by Client.cpp
        # fail_query_with_error: a photo is no document of any kind, and back.
        ("sendVideo", "video", "photo", "can't use file of type Photo as Video"),
        ("sendVideoNote", "video_note", "photo", "can't use file of type Photo as VideoNote"),
        ("sendAnimation", "animation", "photo", "can't use file of type Photo as Animation"),
        ("sendDocument", "document", "photo", "can't use file of type Photo as Document"),
        ("sendPhoto", "photo", "video", "can't use file of type Video as Photo"),
        ("sendPhoto", "photo", "thumbnail", "can't use file of type Thumbnail as Photo"),
        # MessagesManager.cpp: a file_id Telegram does not know is MEDIA_EMPTY, "Wrong file
        # identifier/HTTP URL specified".
        ("sendVideo", "video", "nothing", "wrong file identifier/HTTP URL specified"),
        # Client.cpp process_send_video_query: "There is no video in the request".
        ("sendVideo", "video", None, "there is no video in the request"),
        ("sendVideoNote", "video_note", None, "there is no video note in the request"),
    ],
)
async def test_a_file_of_another_type_is_refused(
    bot: Bot,
    bob: Poster,
    people: People,
    method: str,
    field: str,
    file_of: str | None,
    words: str,
) -> None:
    await bob.post("/control/photos", [(jpeg(), "a.jpg", "image/jpeg")])
    photo = (await _last_message(bot)).photo
    await bob.media("video", make_clip(64, 48), "v.mp4")
    video = (await _last_message(bot)).video
    assert photo and video and video.thumbnail
    ids = {
        "photo": photo[-1].file_id,
        "video": video.file_id,
        "thumbnail": video.thumbnail.file_id,
        "nothing": "BAACAgIAAxkBAAnothinBA",  # decodes, its last byte 4: a format tdlib reads
    }
    params = {"chat_id": people.ann["id"], **({field: ids[file_of]} if file_of else {})}
    status, body = await _call(bot, method, params)
    assert (status, body["description"]) == (400, f"Bad Request: {words}")


async def test_an_album_item_of_the_wrong_type_is_refused(
    bot: Bot, bob: Poster, people: People
) -> None:
    await bob.post("/control/photos", [(jpeg(), "a.jpg", "image/jpeg")])
    photo = (await _last_message(bot)).photo
    assert photo
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_media_group(
            people.ann["id"],
            [InputMediaVideo(media=photo[-1].file_id), InputMediaPhoto(media=photo[-1].file_id)],
        )
    assert refused.value.message == "Bad Request: can't use file of type Photo as Video"


async def test_a_video_note_longer_than_640_is_refused(bot: Bot, people: People) -> None:
    # MessageContent.cpp create_input_message_content: "if (length < 0 || length > 640)
    # { return Status::Error(400, "Wrong video note length"); }".
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_video_note(
            people.ann["id"], BufferedInputFile(make_clip(64, 64), "n.mp4"), length=641
        )
    assert refused.value.message == "Bad Request: wrong video note length"


async def test_copying_a_clip_keeps_it_and_the_caption_rules(
    bot: Bot, bob: Poster, people: People, world: World
) -> None:
    # Client.cpp process_copy_message_query: "bool replace_caption = query->has_arg(
    # "caption")"; td dup_message_content replaces a video's caption (an empty one removes
    # it) and keeps a video note without one; tdlib's "Message caption is too long".
    group, ann = people.group["id"], people.ann["id"]
    await bob.media("video", make_clip(64, 48), "v.mp4", caption="Morning song")
    posted = await _last_message(bot)
    await bob.media("video_note", make_clip(64, 64), "n.mp4")
    round_note = await _last_message(bot)
    assert posted.video is not None

    async def copy(message: Message, caption: str | None = None) -> dict[str, Any]:
        copied = await bot.copy_message(ann, group, message.message_id, caption=caption)
        shown = world.transcript(ann)
        return next(m for m in shown if m["message_id"] == copied.message_id)

    kept = await copy(posted)
    assert kept["video"]["file_id"] == posted.video.file_id
    assert kept["caption"] == "Morning song"
    assert (await copy(posted, caption="Alice at 0:01"))["caption"] == "Alice at 0:01"
    # aiogram leaves an empty caption out of its form: said over plain HTTP.
    status, removed = await _call(
        bot,
        "copyMessage",
        {"chat_id": ann, "from_chat_id": group, "message_id": posted.message_id, "caption": ""},
    )
    assert status == 200
    shown = world.transcript(ann)
    assert "caption" not in next(
        m for m in shown if m["message_id"] == removed["result"]["message_id"]
    )
    assert "caption" not in await copy(round_note, caption="Alice")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.copy_message(ann, group, posted.message_id, caption="x" * 1025)
    assert refused.value.message == "Bad Request: message caption is too long"


# ----- getFile: 20 MB, and a --local server -----------------------------------------


async def test_get_file_refuses_a_clip_over_20_mb(bot: Bot, world: World, people: People) -> None:
    # Client.cpp do_get_file: "if (!parameters_->local_mode_ && td::max(file->expected_
    # size_, file->local_->downloaded_size_) > MAX_DOWNLOAD_FILE_SIZE)" (20 << 20):
    # "Bad Request: file is too big"; one of exactly 20 MB is served.
    group, bob = people.group["id"], people.bob["id"]
    await world.set_bot_status(group, "administrator")
    padded = make_clip(64, 48) + b"\0" * (20 * MB)
    big = await world.user_sends_media("video", group, bob, padded, file_name="long.mp4")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.get_file(big["video"]["file_id"])
    assert refused.value.message == "Bad Request: file is too big"
    edge = b"\1" * (20 * MB)
    fits = await world.user_sends_document(group, bob, edge, file_name="edge.bin")
    downloaded = await bot.download(fits["document"]["file_id"])
    assert downloaded is not None and downloaded.read() == edge


async def test_a_local_server_gives_any_file_by_its_absolute_path() -> None:
    # Client.cpp json_store_file: "if (parameters_->local_mode_) { ... object("file_path",
    # file->local_->path_)" and do_get_file checks no size; aiogram's
    # TelegramAPIServer.from_base(url, is_local=True) then reads that path itself.
    async with Emulator(conformance=True, local_mode=True) as emulator:
        world = emulator.world
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.url, is_local=True))
        bot = Bot(TOKEN, session=session)
        try:
            await bot.get_me()
            ann = world.create_user("Ann")
            await world.user_sends_text(ann["id"], ann["id"], "/start")
            data = make_clip(64, 48) + b"\0" * (21 * MB)
            posted = await world.user_sends_media(
                "video", ann["id"], ann["id"], data, file_name="long.mp4"
            )
            file = await bot.get_file(posted["video"]["file_id"])
            assert file.file_path is not None and file.file_path.startswith("/")
            assert file.file_path.endswith(".mp4") and file.file_size == len(data)
            downloaded = await bot.download(file)
            assert downloaded is not None and downloaded.read() == data
        finally:
            await bot.session.close()
    assert_conformant(emulator)


async def test_a_restarted_emulator_sends_a_clip_on_as_it_was(tmp_path: Path) -> None:
    # The world kept in a data directory (sandbox/persist.py) keeps a clip's duration and
    # thumbnail: the bot sends it by file_id after a restart and it is the same video.
    clip = make_clip(64, 48)
    async with Emulator(data_dir=tmp_path, conformance=True) as first:
        world = first.world
        world.create_bot(TOKEN)
        ann = world.create_user("Ann")
        await world.user_sends_text(ann["id"], ann["id"], "/start")
        posted = await world.user_sends_media(
            "video", ann["id"], ann["id"], clip, file_name="v.mp4"
        )
    assert_conformant(first)
    async with Emulator(data_dir=tmp_path, conformance=True) as second:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(second.url)))
        try:
            sent = await bot.send_video(ann["id"], posted["video"]["file_id"])
            assert sent.video is not None
            assert sent.video.model_dump(exclude_none=True) == posted["video"]
            assert sent.video.thumbnail is not None
            thumbnail = await bot.download(sent.video.thumbnail.file_id)
            assert thumbnail is not None and thumbnail.read()[:2] == b"\xff\xd8"  # a JPEG
        finally:
            await bot.session.close()
    assert_conformant(second)


async def _call(bot: Bot, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A plain HTTP call, for a request aiogram's types would not let through."""
    base = bot.session.api.api_url(bot.token, method)
    async with aiohttp.ClientSession() as http, http.post(base, data=params) as response:
        return response.status, await response.json()
