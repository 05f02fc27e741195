"""The file store: every file posted or sent, under its file_id and file_path."""

from __future__ import annotations

import functools
import io
import mimetypes
import os
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from sandbox.clip_info import image_thumbnail, read_clip
from sandbox.models import Sequence, StoredFile

# Telegram keeps a photo in several sizes; the largest is at most 2560 px.
PHOTO_SIDES = (90, 320, 800, 1280)
PHOTO_MAX_SIDE = 2560
SIZE_LETTERS = ("s", "m", "x", "y", "w")
GETFILE_LIMIT = 20 * 1024 * 1024  # Client.h MAX_DOWNLOAD_FILE_SIZE = 20 << 20
# A server started with --local downloads any file Telegram holds: 2000 MB at most.
LOCAL_GETFILE_LIMIT = 2000 * 1024 * 1024
CLIP_KINDS = ("video", "video_note", "animation")
# The first bytes of a file_id say what it is (a photo's "AgAC", a document's "BQAC", ...).
FILE_ID_PREFIXES = {
    "video": "BAAC",
    "video_note": "DQAC",
    "animation": "CgAC",
    "thumbnail": "AAMC",
    "sticker": "CAAC",
    "voice": "AwAC",
    "audio": "CQAC",
}


def _token(prefix: str, n: int = 24) -> str:
    return prefix + secrets.token_urlsafe(n)[:n]


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self.numbers = Sequence(1)

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def clear(self) -> None:
        self._by_id.clear()
        self._by_path.clear()

    def all(self) -> list[StoredFile]:
        return list(self._by_id.values())

    def keep(self, stored: StoredFile) -> StoredFile:
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def add_photo(self, data: bytes) -> list[StoredFile]:
        """Store a posted photo as Telegram does: ascending sizes sharing a unique-id family.

        The largest size is the posted bytes themselves when they fit in 2560 px.
        Raises ValueError for bytes that are not an image.
        """
        family_id = _token("AQAD", 12)
        sizes: list[StoredFile] = []
        for index, (scaled, content) in enumerate(_photo_sizes(data)):
            number = next(self.numbers)
            sizes.append(
                StoredFile(
                    file_id=_token("AgAC"),
                    file_unique_id=f"{family_id}{SIZE_LETTERS[min(index, len(SIZE_LETTERS) - 1)]}",
                    data=content,
                    file_path=f"photos/file_{number}.jpg",
                    kind="photo",
                    width=scaled[0],
                    height=scaled[1],
                    mime_type="image/jpeg",
                )
            )
        for size in sizes:
            size.family = sizes
            self.keep(size)
        return sizes

    def add_file(
        self,
        data: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        """Store a document, sticker, animation, video, video note, voice or audio file as
        sent. A clip's size, duration and thumbnail are read from its bytes, as the
        sender's app reads them; a document gets the thumbnail of the image or clip it is.
        Bytes that cannot be read are kept all the same, with no thumbnail (and a clip
        with 0 for what could not be read): Telegram carries what the app sent."""
        guessed = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        duration = thumbnail = None
        if kind in (*CLIP_KINDS, "document"):
            clip = read_clip(data) if kind != "document" or _is_clip(guessed) else None
            if clip is not None and kind != "document":
                width, height, duration = clip.width, clip.height, clip.duration
                guessed = guessed or clip.mime_type
            elif kind in CLIP_KINDS:
                width, height, duration = width or 0, height or 0, 0
            picture = clip.thumbnail if clip else None
            if kind == "document" and picture is None and (guessed or "").startswith("image/"):
                picture = image_thumbnail(data)
            thumbnail = self._thumbnail(picture) if picture else None
        number = next(self.numbers)
        extension = mimetypes.guess_extension(guessed or "") or ""
        return self.keep(
            StoredFile(
                file_id=_token(FILE_ID_PREFIXES.get(kind, "BQAC")),
                file_unique_id=_token("AgAD", 12),
                data=data,
                file_path=f"{kind}s/file_{number}{extension}",
                kind=kind,
                width=width,
                height=height,
                file_name=file_name,
                mime_type=guessed,
                duration=duration,
                thumbnail=thumbnail,
            )
        )

    def _thumbnail(self, jpeg: bytes) -> StoredFile:
        with Image.open(io.BytesIO(jpeg)) as image:
            width, height = image.size
        number = next(self.numbers)
        return self.keep(
            StoredFile(
                file_id=_token(FILE_ID_PREFIXES["thumbnail"]),
                file_unique_id=_token("AQAD", 12),
                data=jpeg,
                file_path=f"thumbnails/file_{number}.jpg",
                kind="thumbnail",
                width=width,
                height=height,
                mime_type="image/jpeg",
            )
        )


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# td FileManager.h: the last byte of a file_id decoded, its format's version.
PERSISTENT_ID_VERSIONS = (2, 3, 4)  # _OLD, _GENERATED, PERSISTENT_ID_VERSION


def unknown_file_refusal(file_id: str) -> str:
    """What Telegram answers a bot that sends a file_id the store does not hold. td
    FileManager::from_persistent_id decodes it first: "Wrong remote file identifier
    specified: " << base64url_decode's error, "can't unserialize it. Wrong last symbol" for
    a last byte no format has; one that decodes is sent, and the server's MEDIA_EMPTY is
    MessagesManager.cpp's "Wrong file identifier/HTTP URL specified" (the emulator cannot
    read tdlib's serialized location, so every id that gets that far is taken as one the
    server does not know). Client.cpp lowercases the first letter."""
    if "." in file_id:  # an HTTP URL (from_persistent_id: "find('.')"), never fetched here
        return "wrong file identifier/HTTP URL specified"
    try:
        binary = _base64url_decode(file_id)
    except ValueError as error:
        return f"wrong remote file identifier specified: {error}"
    if not binary:
        return "remote file identifier must be non-empty"
    if binary[-1] not in PERSISTENT_ID_VERSIONS:
        return "wrong remote file identifier specified: can't unserialize it. Wrong last symbol"
    return "wrong file identifier/HTTP URL specified"


def _base64url_decode(text: str) -> bytes:
    """tdutils base64.cpp base64url_decode, with its errors (ValueError) in its words."""
    stripped = text.rstrip("=")
    padding = len(text) - len(stripped)
    if padding >= 3:
        raise ValueError("Wrong string padding")
    if padding > 0 and (len(stripped) + padding) % 4 != 0:
        raise ValueError("Wrong padding length")
    if len(stripped) % 4 == 1:
        raise ValueError("Wrong string length")
    out = bytearray()
    for start in range(0, len(stripped), 4):
        group = stripped[start : start + 4]
        if any(character not in BASE64URL for character in group):
            raise ValueError("Wrong character in the string")
        value = 0
        for place, character in enumerate(group):
            value |= BASE64URL.index(character) << ((3 - place) * 6)
        kept = len(group) - 1  # 4 characters make 3 bytes, 3 make 2, 2 make 1
        if value & ((1 << (8 * (3 - kept))) - 1):
            raise ValueError("Wrong padding in the string")
        out += value.to_bytes(3, "big")[:kept]
    return bytes(out)


def local_copy(directory: Path, token: str, stored: StoredFile) -> Path:
    """Where a server started with --local keeps a file it downloaded for a bot, writing it
    there first: "<--dir>/<token>/<kind>s/file_N.ext", an absolute path the bot reads
    itself (Client.cpp: "dir_ = parameters_->working_directory_ + suff", the token with
    ':' turned to '~' where a file name may not hold one; json_store_file writes
    "file->local_->path_")."""
    path = (directory / token.replace(":", "~") / stored.file_path).absolute()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(stored.data)
        os.replace(partial, path)
    return path


def _is_clip(mime_type: str | None) -> bool:
    return mime_type is not None and (mime_type.startswith("video/") or mime_type == "image/gif")


@functools.lru_cache(maxsize=64)
def _photo_sizes(data: bytes) -> tuple[tuple[tuple[int, int], bytes], ...]:
    """A posted photo's sizes, smallest first, as Telegram makes them (``add_photo``):
    each scaled from the one above it, the largest the posted bytes themselves when they
    fit in 2560 px. Kept for the photos posted again (the tests post the same few photos
    thousands of times: making the sizes took a tenth of a journey's CPU, py-spy
    2026-11-28). Raises ValueError for bytes that are not an image."""
    try:
        opened: Image.Image = Image.open(io.BytesIO(data))
        opened.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValueError(f"not an image: {exc}") from None
    image = opened.convert("RGB")
    width, height = image.size
    targets = [side for side in PHOTO_SIDES if side < max(width, height)]
    largest = min(max(width, height), PHOTO_MAX_SIDE)
    made: list[tuple[tuple[int, int], bytes]] = []
    source = image
    for side in reversed([*targets, largest]):
        if side == max(width, height) and side <= PHOTO_MAX_SIDE:
            made.append(((width, height), data))
            continue
        source = source.copy()
        source.thumbnail((side, side))
        made.append((source.size, _jpeg(source)))
    return tuple(reversed(made))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=87)
    return out.getvalue()


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of image bytes, or None when they are not an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
