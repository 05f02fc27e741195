"""``Backups``: one backup of the whole stack into a directory, and its restore into an
empty stack.

Order: the database first, then the face index, then the blobs. Postgres is the truth
about every piece of work, and every job's id and every face's point id are
deterministic: work the dump shows unfinished is queued again after a restore by the
worker's reconcile cron, and redoing it overwrites whatever the later files caught.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from domain.backups import contents
from domain.backups.manifest import (
    DATABASE,
    Manifest,
    describe_files,
    discard_partial,
    make_target,
    owner_only,
    write_manifest,
)
from domain.backups.rules import BackupRefused, RestoreIncomplete, in_use, mismatches
from domain.blobs import BlobStore
from domain.recognition.face_index import FaceFilter, FaceIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DumpedDatabase:
    """What the dump holds, read in the dump's own snapshot."""

    migrations: list[str]
    tables: dict[str, int]


class DatabaseDumps(Protocol):
    """The whole database, dumped to a file and restored from one."""

    async def dump(self, target: Path) -> DumpedDatabase:
        """Dump the database to ``target``; its migrations and rows as dumped."""

    async def restore(self, source: Path) -> None:
        """Replace everything in the database with the dump at ``source``."""

    async def table_rows(self) -> dict[str, int]:
        """Every table and its number of rows."""

    async def migrate(self) -> list[str]:
        """Apply the migrations the database lacks; their names."""


@dataclass(frozen=True, slots=True)
class Restored:
    manifest: Manifest
    tables: dict[str, int]
    faces: int
    blobs: int
    migrated: list[str]  # migrations newer than the backup, applied after it


class Backups:
    def __init__(
        self, database: DatabaseDumps, index: FaceIndex, blobs: BlobStore, *, version: str
    ) -> None:
        self._database = database
        self._index = index
        self._blobs = blobs
        self._version = version

    async def back_up(self, target: Path) -> Manifest:
        """Write a backup into ``target`` (new or empty); its manifest. A backup that fails
        leaves the directory empty."""
        make_target(target)
        try:
            manifest = await self._write(target)
        except BaseException:
            discard_partial(target)
            raise
        log.info("backup written to %s: %d faces, %d blobs", target, manifest.faces, manifest.blobs)
        return manifest

    async def _write(self, target: Path) -> Manifest:
        dumped = await self._database.dump(target / DATABASE)
        faces = await contents.export_faces(self._index, target)
        blobs = await contents.export_blobs(self._blobs, target)
        manifest = Manifest(
            facedrop_version=self._version,
            created_at=datetime.now(UTC),
            migrations=dumped.migrations,
            tables=dumped.tables,
            faces=faces,
            blobs=blobs,
            files=describe_files(target),
        )
        write_manifest(target, manifest)
        owner_only(target)
        return manifest

    async def restore(self, source: Path, manifest: Manifest, *, replace: bool) -> Restored:
        """Restore the backup at ``source`` (``manifest.read_backup`` checked it) into this
        stack, which must be empty unless ``replace``: then everything in it is deleted."""
        held = in_use(
            await self._database.table_rows(),
            await self._index.count(FaceFilter()),
            len(await self._blobs.keys()),
        )
        if held and not replace:
            raise BackupRefused(
                f"this stack is not empty ({held}): restore into an empty one, or add "
                "--replace to delete all of it first"
            )
        if replace:
            await contents.clear_index(self._index)
            await contents.clear_blobs(self._blobs)
        await self._database.restore(source / DATABASE)
        await contents.import_faces(self._index, source)
        await contents.import_blobs(self._blobs, source)
        restored = await self._check(manifest)
        log.info("backup %s restored", source)
        return restored

    async def _check(self, manifest: Manifest) -> Restored:
        """The restored counts, which must be the backup's; then the migrations it lacks."""
        tables = await self._database.table_rows()
        faces = await self._index.count(FaceFilter())
        blobs = len(await self._blobs.keys())
        problems = mismatches(
            manifest.tables,
            tables,
            {"faces in the index": manifest.faces, "blobs": manifest.blobs},
            {"faces in the index": faces, "blobs": blobs},
        )
        if problems:
            raise RestoreIncomplete(f"the restore does not match the backup: {'; '.join(problems)}")
        migrated = await self._database.migrate()
        return Restored(manifest, tables, faces, blobs, migrated)
