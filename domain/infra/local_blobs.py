"""``domain.blobs.BlobStore`` on a local directory (the embedded default).

Each object is a file under the root; its expiry time, when it has one, sits
in a sidecar file under ``.expiry/`` (keys never start with a dot).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from domain.blobs import BlobInfo, as_utc, check_key
from domain.errors import BlobNotFound

EXPIRY_DIR = ".expiry"


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self._root = root
        root.mkdir(parents=True, exist_ok=True)

    @property
    def root(self) -> Path:
        return self._root

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        expires_at: datetime | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        check_key(key)
        await asyncio.to_thread(self._put, key, data, expires_at)

    async def get(self, key: str) -> bytes:
        check_key(key)
        return await asyncio.to_thread(self._get, key)

    async def info(self, key: str) -> BlobInfo:
        check_key(key)
        return await asyncio.to_thread(self._info, key)

    async def exists(self, key: str) -> bool:
        try:
            await self.get(key)
        except BlobNotFound:
            return False
        return True

    async def delete(self, key: str) -> None:
        check_key(key)
        await asyncio.to_thread(self._delete, key)

    async def delete_prefix(self, prefix: str) -> int:
        check_key(prefix, prefix=True)
        keys = await self.keys(prefix)
        for key in keys:
            await asyncio.to_thread(self._delete, key)
        return len(keys)

    async def keys(self, prefix: str = "") -> list[str]:
        if prefix:
            check_key(prefix, prefix=True)
        return await asyncio.to_thread(self._keys, prefix)

    async def purge_expired(self, now: datetime | None = None) -> int:
        moment = now or datetime.now(UTC)
        expired = [key for key in await self.keys() if self._expired(key, moment)]
        for key in expired:
            await asyncio.to_thread(self._delete, key)
        return len(expired)

    async def close(self) -> None:
        return None

    def _path(self, key: str) -> Path:
        return self._root / key

    def _expiry_path(self, key: str) -> Path:
        return self._root / EXPIRY_DIR / key

    def _put(self, key: str, data: bytes, expires_at: datetime | None) -> None:
        _write_atomically(self._path(key), data)
        expiry = self._expiry_path(key)
        if expires_at is None:
            expiry.unlink(missing_ok=True)
        else:
            _write_atomically(expiry, as_utc(expires_at).isoformat().encode())

    def _get(self, key: str) -> bytes:
        if self._expired(key, datetime.now(UTC)):
            raise BlobNotFound(key)
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise BlobNotFound(key) from None

    def _info(self, key: str) -> BlobInfo:
        expires_at = self._expiry(key)
        if not self._path(key).is_file() or (
            expires_at is not None and expires_at <= datetime.now(UTC)
        ):
            raise BlobNotFound(key)
        return BlobInfo(expires_at=expires_at, content_type=None)

    def _expiry(self, key: str) -> datetime | None:
        try:
            text = self._expiry_path(key).read_text()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return datetime.fromisoformat(text)

    def _expired(self, key: str, now: datetime) -> bool:
        expires_at = self._expiry(key)
        return expires_at is not None and expires_at <= now

    def _delete(self, key: str) -> None:
        for path in (self._path(key), self._expiry_path(key)):
            try:
                path.unlink()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue
            _remove_empty_parents(path.parent, stop=self._root)

    def _keys(self, prefix: str) -> list[str]:
        keys = []
        for directory, subdirs, files in os.walk(self._root):
            if Path(directory) == self._root and EXPIRY_DIR in subdirs:
                subdirs.remove(EXPIRY_DIR)
            for name in files:
                key = Path(directory, name).relative_to(self._root).as_posix()
                if key.startswith(prefix) and not name.startswith("."):
                    keys.append(key)
        return sorted(keys)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(directory: Path, *, stop: Path) -> None:
    while directory != stop and stop in directory.parents:
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
