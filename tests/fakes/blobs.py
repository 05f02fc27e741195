"""An in-memory ``BlobStore`` for unit tests of the services that keep crops."""

from __future__ import annotations

from datetime import datetime


class KeptBlobs:
    """The ``BlobStore`` calls the services make: blobs kept, and dropped by prefix."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        expires_at: datetime | None = None,
        content_type: str = "application/octet-stream",
    ) -> None:
        self.kept[key] = data

    async def delete_prefix(self, prefix: str) -> int:
        gone = [key for key in self.kept if key.startswith(prefix)]
        for key in gone:
            del self.kept[key]
        return len(gone)
