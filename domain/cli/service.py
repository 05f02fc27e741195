"""``facedrop run``, ``migrate`` and ``makemigrations``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from contextlib import AsyncExitStack
from typing import Any

from domain.cli import EXIT_FAILURE, EXIT_OK
from domain.errors import ModelPackError
from domain.infra import database
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.stack import open_stack, start_database
from domain.settings import Settings

log = logging.getLogger("facedrop")


def register(commands: Any) -> None:
    run = commands.add_parser(
        "run", help="start the service (embedded Postgres/Redis/Qdrant unless configured)"
    )
    run.set_defaults(handler=run_service)

    migrate = commands.add_parser("migrate", help="apply the database migrations")
    migrate.set_defaults(handler=migrate_database)

    makemigrations = commands.add_parser(
        "makemigrations", help="(development) write a migration for changed models"
    )
    makemigrations.add_argument("--name", help="a name for the migration, like add_photo_hash")
    makemigrations.set_defaults(handler=make_migrations)


def run_service(args: argparse.Namespace, settings: Settings) -> int:
    try:
        asyncio.run(serve(settings))
    except ModelPackError as exc:
        log.error("%s", exc)
        return EXIT_FAILURE
    return EXIT_OK


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until SIGTERM/SIGINT (or ``stop`` is set), then close everything in order."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with AsyncExitStack() as exit_stack:
        await exit_stack.enter_async_context(open_stack(settings))
        engine = await asyncio.to_thread(InsightFaceEngine.load, settings.faces)
        exit_stack.callback(engine.close)
        # The bot and the workers join here (issues #3 and #4); for now the
        # service holds the embedded stack and the models ready.
        log.info("ready")
        await stop.wait()
        log.info("stopping")
    log.info("stopped")


def migrate_database(args: argparse.Namespace, settings: Settings) -> int:
    async def apply() -> list[str]:
        async with AsyncExitStack() as exit_stack:
            url = await start_database(settings, exit_stack)
            return await database.migrate(url)

    applied = asyncio.run(apply())
    print(
        f"applied {len(applied)} migration(s): {', '.join(applied)}"
        if applied
        else "database is up to date"
    )
    return EXIT_OK


def make_migrations(args: argparse.Namespace, settings: Settings) -> int:
    # The autodetector reads models and migration files only; no database is used.
    writers = asyncio.run(database.model_changes_without_migration("postgres://localhost/unused"))
    if not writers:
        print("no changes: the migrations match the models")
        return EXIT_OK
    for writer in writers:
        if args.name:
            number = writer.name.split("_", 1)[0]
            writer.name = f"{number}_{args.name}"
        print(f"wrote {writer.write()}")
    return EXIT_OK
