"""The file store: every file posted or sent, under its file_id and file_path."""

from __future__ import annotations

import io
import mimetypes
import secrets

from PIL import Image, UnidentifiedImageError

from sandbox.models import Sequence, StoredFile

# Telegram keeps a photo in several sizes; the largest is at most 2560 px.
PHOTO_SIDES = (90, 320, 800, 1280)
PHOTO_MAX_SIDE = 2560
SIZE_LETTERS = ("s", "m", "x", "y", "w")
GETFILE_LIMIT = 20 * 1024 * 1024


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
        try:
            opened: Image.Image = Image.open(io.BytesIO(data))
            opened.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValueError(f"not an image: {exc}") from None
        image = opened.convert("RGB")
        width, height = image.size
        family_id = _token("AQAD", 12)
        sizes: list[StoredFile] = []
        targets = [side for side in PHOTO_SIDES if side < max(width, height)]
        largest = min(max(width, height), PHOTO_MAX_SIDE)
        for index, side in enumerate([*targets, largest]):
            if side == max(width, height) and side <= PHOTO_MAX_SIDE:
                scaled, content = (width, height), data
            else:
                copy = image.copy()
                copy.thumbnail((side, side))
                scaled, content = copy.size, _jpeg(copy)
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
        """Store a document, sticker, animation, video, voice or audio file as sent."""
        number = next(self.numbers)
        guessed = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        extension = mimetypes.guess_extension(guessed or "") or ""
        return self.keep(
            StoredFile(
                file_id=_token("BQAC"),
                file_unique_id=_token("AgAD", 12),
                data=data,
                file_path=f"{kind}s/file_{number}{extension}",
                kind=kind,
                width=width,
                height=height,
                file_name=file_name,
                mime_type=guessed,
            )
        )


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
