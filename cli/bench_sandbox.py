"""What the sandbox benchmarks share: a fresh data dir, the emulator standing in for
Telegram, the bot and a worker serving it, scripted users, and collages of known people
built with the configured model. Everything is removed afterwards."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cli.service import SANDBOX_BOT, SANDBOX_TOKEN, sandbox_settings, serve
from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.stack import Stack
from domain.settings import Settings

if TYPE_CHECKING:
    from sandbox import World
    from sandbox.collages import Collages
    from sandbox.script import Script


SHUTDOWN_S = 60.0  # the longest the bot and the worker are given to stop


@dataclass
class BenchSandbox:
    world: World
    script: Script
    collages: Collages
    engine: InsightFaceEngine  # the benchmark's own, for collages and raw-model figures
    stack: Stack  # the running components (Redis, to tell when the work has settled)


@asynccontextmanager
async def bench_sandbox(settings: Settings, faces_dir: Path) -> AsyncIterator[BenchSandbox]:
    from bot.app import run_bot
    from sandbox import Emulator
    from sandbox.collages import Collages
    from sandbox.script import Script
    from workers.app import run_worker

    logging.getLogger().setLevel(logging.WARNING)
    data_dir = Path(tempfile.mkdtemp(prefix="facedrop-bench-"))
    engine = await asyncio.to_thread(InsightFaceEngine.load, settings.faces)
    collages = Collages(
        faces_dir, lambda data: max(engine.analyze_sync(data).faces, key=lambda f: f.min_side).bbox
    )
    emulator = Emulator()
    url = await emulator.start()
    emulator.world.create_bot(SANDBOX_TOKEN, username=SANDBOX_BOT)
    stop = asyncio.Event()
    opened: list[Stack] = []

    async def keep(stack: Stack) -> None:
        opened.append(stack)

    running = asyncio.create_task(
        serve(
            sandbox_settings(settings, url, data_dir),
            [run_bot, run_worker],
            stop=stop,
            on_ready=keep,
        )
    )
    try:
        while not emulator.world.requests("getUpdates"):  # noqa: ASYNC110 (the bot's first poll)
            await asyncio.sleep(0.05)
        script = Script(emulator.world, SANDBOX_BOT)
        yield BenchSandbox(emulator.world, script, collages, engine, opened[0])
    finally:
        stop.set()
        # Bounded: a bench that gave up on a stuck journey must still end.
        await asyncio.wait_for(running, SHUTDOWN_S)
        await emulator.stop()
        engine.close()
        shutil.rmtree(data_dir, ignore_errors=True)
