"""What the emulated Telegram holds: users, chats, bots, messages and files."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from typing import Any


def first_update_id() -> int:
    """A bot's first update id, as tdlib's TQueue picks it for a new queue (TQueue.cpp push:
    "q.tail_id = EventId::from_int32(Random::fast(2 * max(static_cast<int>(MAX_QUEUE_EVENTS),
    1000000) + 1, EventId::MAX_ID / 2))", MAX_ID 2000000000): a large number, never 1."""
    return random.randint(2_000_001, 1_000_000_000)


class Sequence:
    """Numbers counting up from ``start``, whose next value can be read and set (and kept)."""

    def __init__(self, start: int) -> None:
        self.value = start

    def __iter__(self) -> Sequence:
        return self

    def __next__(self) -> int:
        value = self.value
        self.value += 1
        return value


PRIVATE, GROUP, SUPERGROUP = "private", "group", "supergroup"
IN_CHAT = frozenset({"creator", "administrator", "member", "restricted"})


@dataclass
class User:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    blocked_bot: bool = False
    started_bot: bool = False

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class BotAccount:
    id: int
    token: str
    first_name: str
    username: str
    privacy_mode: bool = True
    allowed_updates: list[str] | None = None
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)  # language ("": default) -> text
    short_descriptions: dict[str, str] = field(default_factory=dict)
    next_update_id: int = field(default_factory=lambda: first_update_id())
    # The users this bot has seen (in an update it got, or an answer about them): to any
    # other, a private message is 400 "chat not found", as the Bot API server answers
    # when tdlib does not know the user (Client.cpp TdOnCheckChatCallback: "chat not found").
    known_users: set[int] = field(default_factory=set)

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


@dataclass
class StoredMessage:
    data: dict[str, Any]
    sender_id: int
    from_bot: bool
    deleted: bool = False
    start_link: bool = False  # sent by opening a t.me/<bot>?start= link

    @property
    def id(self) -> int:
        return int(self.data["message_id"])


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    user: User | None = None  # the other side of a private chat
    members: dict[int, str] = field(default_factory=dict)  # user or bot id -> status
    # Users under restrictions: kept when they leave (``restricted`` with ``is_member`` false).
    restricted: set[int] = field(default_factory=set)
    migrated_to: int | None = None  # a basic group upgraded to this supergroup
    username: str | None = None  # a public supergroup's (t.me/<username>)
    pinned_message_id: int | None = None  # the message pinned last
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    changed: asyncio.Condition = field(default_factory=asyncio.Condition, repr=False)

    @property
    def is_group(self) -> bool:
        return self.type in (GROUP, SUPERGROUP)

    def to_api(self) -> dict[str, Any]:
        if self.type == PRIVATE:
            assert self.user is not None
            data = {"id": self.id, "type": PRIVATE, "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        data = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            data["username"] = self.username
        return data

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes = field(repr=False)
    file_path: str
    # photo, document, sticker, animation, video, video_note, voice, audio, thumbnail
    kind: str
    width: int | None = None
    height: int | None = None
    file_name: str | None = None
    mime_type: str | None = None
    family: list[StoredFile] | None = field(default=None, repr=False)  # a photo's sizes
    duration: int | None = None  # a clip's whole seconds
    thumbnail: StoredFile | None = field(default=None, repr=False)  # a JPEG, 320 px at most

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def file_type(self) -> str:
        """tdlib's name for the kind (FileType.cpp operator<<), as its errors say it."""
        return FILE_TYPES.get(self.kind, "Document")

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if self.width is not None:
            data["width"] = self.width
            data["height"] = self.height
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type and self.kind not in ("photo", "thumbnail"):
            data["mime_type"] = self.mime_type
        return data

    def as_media(self, kind: str) -> dict[str, Any]:
        """The file as a message carries it under ``kind`` (Client.cpp JsonVideo,
        JsonVideoNote, JsonAnimation, JsonDocument): a Document has no size or duration,
        a VideoNote its side as ``length`` and neither name nor type; each has its
        thumbnail twice, as json_store_thumbnail writes "thumbnail" and the old "thumb"."""
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
        }
        if kind in ("video", "animation"):
            data.update(duration=self.duration or 0, width=self.width or 0, height=self.height or 0)
        elif kind == "video_note":
            data.update(duration=self.duration or 0, length=min(self.width or 0, self.height or 0))
        elif kind in ("audio", "voice"):
            data["duration"] = self.duration or 0
        if kind != "video_note":
            if self.file_name and kind != "voice":
                data["file_name"] = self.file_name
            if self.mime_type:
                data["mime_type"] = self.mime_type
        if self.thumbnail is not None:
            data["thumbnail"] = data["thumb"] = self.thumbnail.to_api()
        return data

    def message_content(self, kind: str) -> dict[str, Any]:
        """A message's content with this file as ``kind``. Client.cpp JsonMessage writes an
        animation twice: "object("document", JsonAnimation(..., true, ...))" for bots
        older than animations."""
        content = {kind: self.as_media(kind)}
        if kind == "animation":
            content["document"] = self.as_media("document")
        return content


# tdlib's FileType names (FileType.cpp operator<<) of the emulator's kinds of file.
FILE_TYPES = {
    "photo": "Photo",
    "thumbnail": "Thumbnail",
    "video": "Video",
    "video_note": "VideoNote",
    "animation": "Animation",
    "document": "Document",
    "sticker": "Sticker",
    "audio": "Audio",
    "voice": "VoiceNote",
}
# FileType.cpp get_file_type_class: these are all FileTypeClass::Document, and
# FileManager::check_input_file_id lets a file of one be sent as another.
DOCUMENT_CLASS = frozenset(
    {"Video", "VideoNote", "Animation", "Document", "Sticker", "Audio", "VoiceNote"}
)


# How long a button press can be answered (emulated seconds). Telegram does not publish
# the limit (the server answers QUERY_ID_INVALID); apps give up after about 15 seconds.
CALLBACK_ANSWER_LIMIT = 15.0


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    pressed_at: float = 0.0  # on the emulator's clock (Clock.monotonic)
    answered: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    answer: dict[str, Any] | None = None
