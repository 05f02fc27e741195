"""A backup directory and its ``manifest.json``.

```
DIR/manifest.json    written last: a directory without it is not a (finished) backup
DIR/database.dump    pg_dump's custom format
DIR/faces.jsonl      one face of the face index a line: id, embedding, payload
DIR/blobs.jsonl      one blob a line: key, content type, expiry
DIR/blobs/<key>      each blob's bytes
```

The manifest names every other file with its size and SHA-256, the migrations the
database had, and how many rows, faces and blobs the backup holds: a restore checks the
files before it writes anything, and the counts after.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from domain.backups.rules import BackupRefused, unknown_migrations

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.dump"
FACES = "faces.jsonl"
BLOBS = "blobs.jsonl"
BLOB_DIR = "blobs"
CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileEntry:
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True)
class Manifest:
    facedrop_version: str
    created_at: datetime
    migrations: list[str]
    tables: dict[str, int]  # every table of the database and its rows, as dumped
    faces: int
    blobs: int
    files: dict[str, FileEntry] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> str:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """The manifest in ``text``; ``BackupRefused`` when it is not one."""
        try:
            data: dict[str, Any] = json.loads(text)
            if data.get("format", 0) > FORMAT:
                raise BackupRefused(
                    f"the backup's format ({data['format']}) is newer than this facedrop "
                    f"reads ({FORMAT}): restore it with the facedrop that wrote it, or newer"
                )
            return cls(
                facedrop_version=str(data["facedrop_version"]),
                created_at=datetime.fromisoformat(data["created_at"]),
                migrations=[str(m) for m in data["migrations"]],
                tables={str(t): int(n) for t, n in data["tables"].items()},
                faces=int(data["faces"]),
                blobs=int(data["blobs"]),
                files={
                    str(name): FileEntry(str(entry["sha256"]), int(entry["bytes"]))
                    for name, entry in data["files"].items()
                },
                format=int(data["format"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupRefused(f"{MANIFEST} is damaged ({type(exc).__name__}: {exc})") from None


def checksum(path: Path) -> FileEntry:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileEntry(digest.hexdigest(), size)


def describe_files(root: Path) -> dict[str, FileEntry]:
    """Every file under ``root`` but the manifest, by its path relative to ``root``."""
    return {
        path.relative_to(root).as_posix(): checksum(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path != root / MANIFEST
    }


def check_new_target(target: Path) -> None:
    """A backup goes into a new or empty directory, never over anything."""
    if target.exists() and not target.is_dir():
        raise BackupRefused(f"{target} exists and is not a directory")
    if target.is_dir() and any(target.iterdir()):
        raise BackupRefused(f"{target} is not empty: give a new directory for the backup")


def make_target(target: Path) -> None:
    """The new (or empty) directory a backup is written into, its owner's alone (0700,
    whatever the umask): a backup holds names and face embeddings."""
    check_new_target(target)
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.chmod(0o700)


def owner_only(root: Path) -> None:
    """Every folder of the backup 0700 and every file 0600, whatever the umask or the tool
    (pg_dump) that wrote it."""
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)


def discard_partial(target: Path) -> None:
    """What a failed backup wrote (the directory was new or empty: all of it is its own)."""
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _damaged_file(root: Path, files: dict[str, FileEntry]) -> str | None:
    """The first file of the backup that is missing or not as written; None when all are."""
    inside = root.resolve()
    for name, expected in sorted(files.items()):
        path = (root / name).resolve()
        if inside not in path.parents:
            return f"{name} is outside the backup"
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != expected.bytes or checksum(path) != expected:
            return f"{name} does not match its checksum"
    for required in (DATABASE, FACES, BLOBS):
        if required not in files:
            return f"{required} is not in the manifest"
    return None


def read_backup(root: Path, known_migrations: list[str]) -> Manifest:
    """The manifest of the backup at ``root`` once every file is checked and its database
    is one this code can run; ``BackupRefused`` saying what is wrong otherwise."""
    if not root.is_dir():
        raise BackupRefused(f"no backup at {root}: no such directory")
    manifest_file = root / MANIFEST
    if not manifest_file.is_file():
        raise BackupRefused(f"{root} is not a facedrop backup (it has no {MANIFEST})")
    manifest = Manifest.from_json(manifest_file.read_text(errors="replace"))
    damaged = _damaged_file(root, manifest.files)
    if damaged is not None:
        raise BackupRefused(f"the backup at {root} is damaged: {damaged}; nothing was restored")
    newer = unknown_migrations(manifest.migrations, known_migrations)
    if newer:
        raise BackupRefused(
            f"the backup's database is newer than this facedrop (migrations it does not know: "
            f"{', '.join(newer)}): upgrade facedrop first"
        )
    return manifest


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Written last, through a temporary name, so a manifest only exists complete."""
    partial = root / f".{MANIFEST}.partial"
    partial.write_text(manifest.to_json())
    partial.replace(root / MANIFEST)
