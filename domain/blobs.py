"""The blob store port: transient media and face crops, each with an optional expiry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from domain.errors import InvalidBlobKey

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._=-]{0,199}$")


def check_key(key: str, *, prefix: bool = False) -> str:
    """Accept ``a/b/c.jpg``-style keys only, so no key can leave its store.

    Segments start with a letter or digit and hold letters, digits and ``._=-``;
    no empty, ``.`` or ``..`` segment, no leading slash. A prefix may end in ``/``.
    """
    body = key[:-1] if prefix and key.endswith("/") else key
    segments = body.split("/")
    if not body or len(key) > 900 or not all(_SEGMENT.match(s) for s in segments):
        raise InvalidBlobKey(f"invalid blob key {key!r}")
    return key


def as_utc(moment: datetime) -> datetime:
    """An expiry time as an aware UTC datetime (naive ones are taken to be UTC)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BlobInfo:
    """What a store keeps about an object besides its bytes."""

    expires_at: datetime | None
    content_type: str | None  # None where the store keeps none (a local directory)


class BlobStore(Protocol):
    """Stores bytes under keys like ``photos/<group>/<photo>.jpg``.

    An object past its expiry time reads as missing and is removed by
    ``purge_expired``; ``get`` of a missing key raises ``BlobNotFound``.
    """

    async def put(
        self,
        key: str,
        data: bytes,
        *,
        expires_at: datetime | None = None,
        content_type: str = "application/octet-stream",
    ) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def info(self, key: str) -> BlobInfo:
        """The object's expiry time and content type; ``BlobNotFound`` as ``get``."""

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Delete one object; deleting a missing key is not an error."""

    async def delete_prefix(self, prefix: str) -> int:
        """Delete every object whose key starts with ``prefix``; returns how many."""

    async def keys(self, prefix: str = "") -> list[str]: ...

    async def purge_expired(self, now: datetime | None = None) -> int:
        """Delete every object past its expiry time; returns how many."""

    async def close(self) -> None: ...
