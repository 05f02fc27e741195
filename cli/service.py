"""``facedrop run``, ``bot``, ``worker``, ``sandbox``, ``migrate`` and ``makemigrations``.

The CLI is the composition root, the outermost layer: it imports the bot's and the
worker's entry points (``bot.app``, ``workers.app``) plainly; nothing below imports it.
They are imported inside the commands that run them (aiogram, arq and insightface take
seconds to import), so ``facedrop --help`` and ``config show`` answer at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import signal
import socket
import sys
import threading
from collections.abc import Awaitable, Callable, Collection
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from cli.checkout import DEMO_FACES
from cli.exits import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from domain.errors import ConfigurationError, ModelPackError
from domain.infra import database
from domain.infra.stack import ALL_COMPONENTS, Component, Stack, open_stack, start_database
from domain.settings import Settings

log = logging.getLogger("facedrop")
SANDBOX_TOKEN = "1000001:facedrop-sandbox-token"
SANDBOX_BOT = "facedrop_sandbox_bot"

Part = Callable[[Stack, Settings, asyncio.Event], Awaitable[None]]


def register(commands: Any) -> None:
    run = commands.add_parser("run")
    run.set_defaults(handler=run_service)

    bot = commands.add_parser("bot")
    bot.set_defaults(handler=run_bot_only)

    worker = commands.add_parser("worker")
    worker.add_argument("--check", action="store_true", help="exit 0 if a worker is alive, else 1")
    worker.set_defaults(handler=run_worker_only)

    sandbox = commands.add_parser("sandbox")
    _sandbox_options(sandbox)
    sandbox.set_defaults(handler=run_sandbox, play_demo=False)
    demo = commands.add_parser("demo")
    _sandbox_options(demo)
    demo.set_defaults(handler=run_sandbox, play_demo=True)

    migrate = commands.add_parser("migrate")
    migrate.set_defaults(handler=migrate_database)

    makemigrations = commands.add_parser("makemigrations")
    makemigrations.add_argument("--name", help="a name for the migration, like add_photo_hash")
    makemigrations.set_defaults(handler=make_migrations)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)


async def serve(
    settings: Settings,
    parts: list[Part],
    components: Collection[Component] = ALL_COMPONENTS,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Stack], Awaitable[None]] | None = None,
    ops: bool = False,
) -> None:
    """Open the stack, run the parts until one ends or SIGTERM/SIGINT, then close in order.
    With ``ops`` (and ``settings.ops.enabled``), the operator's port serves health, readiness
    and metrics meanwhile.

    ``on_ready`` waits until the parts are really up; "ready" is logged only then (and
    never when a part ends first, like a worker whose model pack does not load).
    """
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    if ops and settings.ops.enabled:
        _ops_port_free(settings)  # said at once, not once a database was made and migrated
    async with open_stack(settings, components) as stack:
        # Started first, so it can clear what a previous run left before the parts begin.
        waiting = asyncio.ensure_future(on_ready(stack)) if on_ready is not None else None
        tasks = [asyncio.ensure_future(part(stack, settings, stop)) for part in parts]
        if ops and settings.ops.enabled:
            tasks.append(asyncio.ensure_future(_serve_ops(stack, settings, stop)))
        if waiting is not None:
            await asyncio.wait([waiting, *tasks], return_when=asyncio.FIRST_COMPLETED)
            if waiting.done() and waiting.exception() is None:
                log.info("ready")
            else:
                waiting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiting
        else:
            log.info("ready")
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        stop.set()  # one part ended (stopped, or failed): stop the others too
        results = await asyncio.gather(*tasks, return_exceptions=True)
        log.info("stopping")
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        raise errors[0]
    log.info("stopped")


async def _serve_ops(stack: Stack, settings: Settings, stop: asyncio.Event) -> None:
    from domain.infra.ops_http import serve_ops
    from domain.infra.readiness import Readiness

    try:
        await serve_ops(Readiness(stack), settings.ops.host, settings.ops.port, stop)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise _ops_port_in_use(settings) from None


def _ops_port_free(settings: Settings) -> None:
    """The operator's port is free now (taken by the time it is served, ``_serve_ops``
    says the same then)."""
    if settings.ops.port == 0:
        return
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.ops.host, settings.ops.port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise _ops_port_in_use(settings) from None


def _ops_port_in_use(settings: Settings) -> ConfigurationError:
    return ConfigurationError(
        f"the operator's port {settings.ops.port} is in use: set FACEDROP_OPS__PORT to "
        "another (0: any free port), or FACEDROP_OPS__ENABLED=false"
    )


def _run(coroutine: Awaitable[None]) -> int:
    try:
        asyncio.run(coroutine)  # type: ignore[arg-type]
    except ModelPackError as exc:
        log.error("%s", exc)
        return EXIT_FAILURE
    return EXIT_OK


def run_service(args: argparse.Namespace, settings: Settings) -> int:
    # Said at once: not once the bot's and the worker's code was imported (seconds), nor
    # once a database was made and migrated.
    settings.require_token()
    from bot.app import run_bot
    from workers.app import run_worker

    return _run(serve(settings, [run_bot, run_worker], ops=True))


def run_bot_only(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_token()
    from bot.app import run_bot

    without_qdrant: tuple[Component, ...] = ("database", "redis", "blobs")
    return _run(serve(settings, [run_bot], without_qdrant, ops=True))


def run_worker_only(args: argparse.Namespace, settings: Settings) -> int:
    if args.check:
        from workers.app import check_health

        async def alive() -> bool:
            only_redis: tuple[Component, ...] = ("redis",)
            async with open_stack(settings, only_redis) as stack:
                assert stack.redis_url is not None
                healthy: bool = await check_health(stack.redis_url)
                return healthy

        return EXIT_OK if asyncio.run(alive()) else EXIT_FAILURE
    settings.require_token()
    from workers.app import run_worker

    return _run(serve(settings, [run_worker], ops=True))


def _sandbox_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=8081, help="the emulator's port (0: any free one)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the embedded components and the emulated Telegram keep their files",
    )
    parser.add_argument(
        "--faces",
        type=Path,
        default=DEMO_FACES,
        help="the labelled photos the web chat's demo posts (default: ../shared/faces)",
    )


def sandbox_settings(settings: Settings, emulator_url: str, data_dir: Path | None) -> Settings:
    """The settings wired to a local emulator: its token and URL, and the data dir asked for."""
    telegram = settings.telegram.model_copy(
        update={"api_url": emulator_url, "api_local": False, "webhook_url": None}
    )
    update: dict[str, Any] = {"bot_token": SecretStr(SANDBOX_TOKEN), "telegram": telegram}
    if data_dir is not None:
        update["data_dir"] = data_dir.expanduser().absolute()
    return settings.model_copy(update=update)


class DemoFaces:
    """The demo's photos, and the face model that crops them into class photos: loaded on
    the demo's first collage, not before (the sandbox's worker has its own)."""

    def __init__(self, settings: Settings, faces_dir: Path) -> None:
        from sandbox.collages import DATASET

        self.settings = settings
        self.faces_dir = faces_dir
        self.there = (faces_dir / DATASET).is_dir()
        self._engine: Any = None
        self._lock = threading.Lock()

    def collages(self) -> Any:
        from sandbox.collages import Collages

        return Collages(self.faces_dir, self._main_face)

    def _main_face(self, data: bytes) -> tuple[float, float, float, float]:
        from domain.infra.insightface_engine import InsightFaceEngine

        with self._lock:
            if self._engine is None:
                self._engine = InsightFaceEngine.load(self.settings.faces)
        faces = self._engine.analyze_sync(data).faces
        box: tuple[float, float, float, float] = max(faces, key=lambda f: f.min_side).bbox
        return box

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()


def bot_words(language: str | None, source: str, /, **values: str) -> str:
    """The demo's ``Words``: one of the bot's sentences as the bot says it to a user whose
    Telegram app speaks ``language``, from its own catalogs, each value isolated as the bot
    writes a name (the demo's users press its buttons and read its answers by these)."""
    from domain.languages.catalogs import _, in_language, isolated
    from domain.languages.chats import language_of

    with in_language(language_of(None, language)):
        said = _(source)
        return said.format(**{k: isolated(v) for k, v in values.items()}) if values else said


class PortInUse(Exception):
    """The emulator's port is taken by another program."""

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.port = port


def _free_port_near(host: str, port: int) -> int:
    """A free port to suggest instead of ``port`` (8081 suggests 8090 when it is free)."""
    for candidate in range(port + 9, port + 200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return port + 9


async def worker_alive(stack: Stack) -> None:
    """Wait until a worker has its model loaded and takes jobs (it then records its health)."""
    from arq.constants import default_queue_name, health_check_key_suffix

    assert stack.redis is not None
    key = default_queue_name + health_check_key_suffix
    await stack.redis.delete(key)  # a previous run's record says nothing about this one
    while not await stack.redis.exists(key):  # noqa: ASYNC110 (polling Redis)
        await asyncio.sleep(0.1)


def run_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import run_bot
    from workers.app import run_worker

    async def sandbox() -> None:
        from sandbox import Emulator
        from sandbox.demo import Demo

        wired = sandbox_settings(settings, "", args.data_dir)
        # The emulated Telegram's world lives beside the other components' files, so a
        # restarted sandbox finds its chats, users and files again.
        emulator = Emulator(data_dir=wired.data_dir / "telegram")
        try:
            url = await emulator.start(args.host, args.port)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(args.port) from None
            raise
        emulator.world.create_bot(SANDBOX_TOKEN, first_name="facedrop", username=SANDBOX_BOT)
        faces = DemoFaces(settings, args.faces)
        if faces.there:
            emulator.demo = Demo(emulator.world, SANDBOX_BOT, faces.collages(), words=bot_words)
        print(f"telegram emulator at {url}", flush=True)
        print(f"web chat at {url}/web/ (open it in a browser)", flush=True)

        async def everything_up(stack: Stack) -> None:
            # The worker has loaded the models and takes jobs; the bot polls for updates.
            await worker_alive(stack)
            while not emulator.world.requests("getUpdates"):  # noqa: ASYNC110 (polling the emulator's log)
                await asyncio.sleep(0.05)
            print("ready", flush=True)
            if args.play_demo:
                if emulator.demo is None:
                    print(f"no demo: its photos are not in {args.faces}", flush=True)
                else:
                    emulator.demo.start()
                    print(f"playing the demo: watch it at {url}/web/", flush=True)

        try:
            await serve(
                sandbox_settings(settings, url, args.data_dir),
                [run_bot, run_worker],
                on_ready=everything_up,
            )
        finally:
            await emulator.stop()
            faces.close()

    try:
        return _run(sandbox())
    except PortInUse as busy:
        suggestion = _free_port_near(args.host, busy.port)
        print(
            f"port {busy.port} is in use; try `make run PORT={suggestion}`",
            file=sys.stderr,
            flush=True,
        )
        return EXIT_USAGE


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
