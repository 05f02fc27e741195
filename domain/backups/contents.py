"""The face index and the blob store, written to a backup's files and read back, through
their own ports (``FaceIndex``, ``BlobStore``): the same files whatever the index is
(Qdrant Edge, local mode, a server) and wherever the blobs are (a directory, S3)."""

from __future__ import annotations

import base64
import json
import mimetypes
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

import numpy as np

from domain.backups.manifest import BLOB_DIR, BLOBS, FACES
from domain.blobs import BlobStore, check_key
from domain.errors import BlobNotFound
from domain.recognition.face_index import FaceFilter, FaceIndex, IndexedFace

PAGE = 256


def face_line(face: IndexedFace) -> str:
    """One face as a line of ``faces.jsonl``: its embedding as little-endian float32,
    base64 (2.7 KB a face, read back bit for bit)."""
    vector = np.asarray(face.embedding, dtype="<f4")
    data = {
        "id": str(face.face_id),
        "vector": base64.b64encode(vector.tobytes()).decode(),
        "photo_id": _text(face.photo_id),
        "group_id": _text(face.group_id),
        "person_id": _text(face.person_id),
        "is_prototype": face.is_prototype,
        "cluster_id": _text(face.cluster_id),
        "picture": _text(face.picture),  # absent in older backups: matching works it out
    }
    return json.dumps(data) + "\n"


def face_of_line(line: str) -> IndexedFace:
    data: dict[str, Any] = json.loads(line)
    vector = np.frombuffer(base64.b64decode(data["vector"]), dtype="<f4").astype(np.float32)
    return IndexedFace(
        face_id=UUID(data["id"]),
        embedding=vector,
        photo_id=_uuid(data.get("photo_id")),
        group_id=_uuid(data.get("group_id")),
        person_id=_uuid(data.get("person_id")),
        is_prototype=bool(data.get("is_prototype", False)),
        cluster_id=_uuid(data.get("cluster_id")),
        picture=_uuid(data.get("picture")),
    )


def _text(value: UUID | None) -> str | None:
    return str(value) if value is not None else None


def _uuid(value: Any) -> UUID | None:
    return UUID(str(value)) if value is not None else None


async def export_faces(index: FaceIndex, root: Path) -> int:
    """Every face of the index into ``faces.jsonl``; how many."""
    written, start = 0, None
    with (root / FACES).open("w") as out:
        while True:
            faces, start = await index.scroll(start=start, limit=PAGE)
            out.writelines(face_line(face) for face in faces)
            written += len(faces)
            if start is None:
                return written


def _pages(handle: TextIO) -> Iterator[list[str]]:
    page: list[str] = []
    for line in handle:
        if line.strip():
            page.append(line)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page


async def import_faces(index: FaceIndex, root: Path) -> int:
    """Every face of ``faces.jsonl`` into the index (upserted: same ids, same points)."""
    written = 0
    with (root / FACES).open() as lines:
        for page in _pages(lines):
            await index.upsert([face_of_line(line) for line in page])
            written += len(page)
    return written


async def clear_index(index: FaceIndex) -> int:
    """Delete every face of the index (the port refuses an unfiltered delete: by ids)."""
    ids: list[UUID] = []
    start = None
    while True:
        faces, start = await index.scroll(start=start, limit=PAGE)
        ids += [face.face_id for face in faces]
        if start is None:
            break
    for first in range(0, len(ids), PAGE):
        await index.delete(FaceFilter(face_ids=ids[first : first + PAGE]))
    return len(ids)


async def export_blobs(blobs: BlobStore, root: Path) -> int:
    """Every blob into ``blobs/<key>``, listed with its content type and expiry in
    ``blobs.jsonl``; one that expires or goes while this runs is left out."""
    written = 0
    with (root / BLOBS).open("w") as listing:
        for key in await blobs.keys():
            try:
                info = await blobs.info(key)
                data = await blobs.get(key)
            except BlobNotFound:
                continue
            path = root / BLOB_DIR / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            expires_at = info.expires_at.isoformat() if info.expires_at else None
            entry = {"key": key, "content_type": info.content_type, "expires_at": expires_at}
            listing.write(json.dumps(entry) + "\n")
            written += 1
    return written


async def import_blobs(blobs: BlobStore, root: Path) -> int:
    """Every blob listed in ``blobs.jsonl`` put back, with its content type and expiry."""
    written = 0
    with (root / BLOBS).open() as listing:
        for line in listing:
            if not line.strip():
                continue
            entry: dict[str, Any] = json.loads(line)
            key = check_key(str(entry["key"]))  # no key leaves the backup's directory
            expires_at = entry.get("expires_at")
            # A local directory keeps no content type: the key's extension says it.
            content_type = entry.get("content_type") or mimetypes.guess_type(key)[0]
            await blobs.put(
                key,
                (root / BLOB_DIR / key).read_bytes(),
                expires_at=datetime.fromisoformat(expires_at) if expires_at else None,
                content_type=content_type or "application/octet-stream",
            )
            written += 1
    return written


async def clear_blobs(blobs: BlobStore) -> int:
    keys = await blobs.keys()
    for key in keys:
        await blobs.delete(key)
    return len(keys)
