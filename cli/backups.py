"""``facedrop backup DIR`` and ``facedrop restore DIR [--replace]`` (``domain/backups``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cli.exits import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from domain.backups.manifest import check_new_target, read_backup
from domain.backups.rules import BackupRefused, RestoreIncomplete, summary
from domain.backups.service import Backups
from domain.infra.database import known_migrations
from domain.infra.postgres_dumps import PostgresDumps, PostgresFailed
from domain.infra.stack import Component, open_stack, start_database
from domain.settings import Settings


def register(commands: Any) -> None:
    backup = commands.add_parser("backup")
    backup.add_argument("directory", type=Path, help="a new (or empty) directory")
    backup.set_defaults(handler=back_up)

    restore = commands.add_parser("restore")
    restore.add_argument("directory", type=Path, help="a directory `facedrop backup` wrote")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="delete everything the stack holds first (else a stack in use is refused)",
    )
    restore.set_defaults(handler=restore_backup)


def facedrop_version() -> str:
    try:
        return version("facedrop")
    except PackageNotFoundError:
        return "unknown"


@asynccontextmanager
async def open_backups(settings: Settings) -> AsyncIterator[Backups]:
    """The stack's database, face index and blobs (not Redis: it is not backed up)."""
    async with AsyncExitStack() as exit_stack:
        url = await start_database(settings, exit_stack)
        parts: tuple[Component, ...] = ("qdrant", "blobs")
        try:
            stack = await exit_stack.enter_async_context(open_stack(settings, parts))
        except RuntimeError as exc:  # an embedded index another process holds, mostly
            raise BackupRefused(
                f"{exc}; stop facedrop (bot, workers, sandbox) on this data dir first"
            ) from None
        assert stack.face_index is not None
        assert stack.blobs is not None
        dumps = PostgresDumps(url, embedded=settings.embedded["database"])
        yield Backups(dumps, stack.face_index, stack.blobs, version=facedrop_version())


def _refused(message: object, status: int = EXIT_USAGE) -> int:
    print(f"facedrop: {message}", file=sys.stderr)
    return status


def back_up(args: argparse.Namespace, settings: Settings) -> int:
    target: Path = args.directory.expanduser().absolute()

    async def run() -> str:
        async with open_backups(settings) as backups:
            manifest = await backups.back_up(target)
        return summary(manifest.tables, manifest.faces, manifest.blobs)

    try:
        check_new_target(target)  # before anything starts
        done = asyncio.run(run())
    except BackupRefused as exc:
        return _refused(exc)
    except PostgresFailed as exc:
        return _refused(exc, EXIT_FAILURE)
    print(f"backup written to {target}: {done}")
    return EXIT_OK


def restore_backup(args: argparse.Namespace, settings: Settings) -> int:
    source: Path = args.directory.expanduser().absolute()

    async def run() -> list[str]:
        async with open_backups(settings) as backups:
            restored = await backups.restore(source, manifest, replace=args.replace)
        lines = [
            f"restored the backup of {restored.manifest.created_at:%Y-%m-%d %H:%M:%S %Z} "
            f"(facedrop {restored.manifest.facedrop_version}) from {source}: "
            + summary(restored.tables, restored.faces, restored.blobs)
        ]
        if restored.migrated:
            lines.append(
                f"applied {len(restored.migrated)} newer migration(s): "
                + ", ".join(restored.migrated)
            )
        return lines

    try:
        manifest = read_backup(source, known_migrations())  # before anything starts
        lines = asyncio.run(run())
    except BackupRefused as exc:
        return _refused(exc)
    except (RestoreIncomplete, PostgresFailed) as exc:
        return _refused(exc, EXIT_FAILURE)
    print("\n".join(lines))
    return EXIT_OK
