"""A round-robin load balancer for webhook mode, and bot processes behind it.

Telegram posts each update to one webhook URL, so several bot processes sit behind a
load balancer: ``RoundRobin`` passes each POST on to the next process in turn and
records which process got which update. ``BotProcess`` is ``facedrop bot`` in its own
OS process, on the test's Postgres, Redis and data dir, serving its own webhook port.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import aiohttp
from aiohttp import web

from domain.settings import Settings
from tests.conftest import REPO

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Passed:
    """One POST the balancer passed on: the update, and to which backend."""

    update: dict[str, Any]
    backend: int
    status: int


@dataclass
class RoundRobin:
    """``backends``: the webhook URLs of the bot processes. ``fail_after_passing``: for
    an update it matches, the first POST is passed on but answered 502 to Telegram (an
    upstream that answered too late), so Telegram sends the update again. ``on_passed``
    is called as each backend answers. A backend that is down is answered 502, too."""

    backends: list[str]
    fail_after_passing: Callable[[dict[str, Any]], bool] = lambda update: False
    on_passed: Callable[[Passed], None] = lambda passed: None
    passed: list[Passed] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    _turn: itertools.count[int] = field(default_factory=itertools.count)
    _runner: web.AppRunner | None = None
    _session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/webhook"

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application()
        app.router.add_post("/telegram/webhook", self._pass_on)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _pass_on(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        update = json.loads(body)
        backend = next(self._turn) % len(self.backends)
        headers = {"Content-Type": request.headers.get("Content-Type", "application/json")}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        first = not any(p.update["update_id"] == update["update_id"] for p in self.passed)
        try:
            async with self._session.post(
                self.backends[backend], data=body, headers=headers
            ) as got:
                answer = await got.read()
                status, content_type = got.status, got.content_type
        except aiohttp.ClientError:  # the process is down: Telegram will send it again
            self.passed.append(Passed(update, backend, 502))
            return web.Response(status=502, text="upstream unreachable")
        passed = Passed(update, backend, status)
        self.passed.append(passed)
        self.on_passed(passed)
        if first and status == 200 and self.fail_after_passing(update):
            return web.Response(status=502, text="upstream timed out")
        return web.Response(status=status, body=answer, content_type=content_type)

    def backends_of(self, update_id: int) -> list[int]:
        return [p.backend for p in self.passed if p.update["update_id"] == update_id]


class BotProcess:
    """``facedrop bot`` in webhook mode in a process of its own, serving ``port``."""

    def __init__(self, settings: Settings, webhook_url: str, secret: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        telegram = settings.telegram
        assert settings.database_url and settings.redis_url and settings.bot_token
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")},
            "PYTHONPATH": str(REPO),
            "FACEDROP_DATA_DIR": str(settings.data_dir),
            "FACEDROP_DATABASE_URL": settings.database_url,
            "FACEDROP_REDIS_URL": settings.redis_url,
            "FACEDROP_BOT_TOKEN": settings.bot_token.get_secret_value(),
            "FACEDROP_FACES__ROOT": str(settings.faces.root),
            "FACEDROP_FACES__PACK": settings.faces.pack,
            "FACEDROP_TELEGRAM__API_URL": telegram.api_url or "",
            "FACEDROP_TELEGRAM__API_LOCAL": str(telegram.api_local).lower(),
            "FACEDROP_TELEGRAM__PER_CHAT_PER_S": str(telegram.per_chat_per_s),
            "FACEDROP_TELEGRAM__GLOBAL_PER_S": str(telegram.global_per_s),
            "FACEDROP_TELEGRAM__WEBHOOK_URL": webhook_url,
            "FACEDROP_TELEGRAM__WEBHOOK_SECRET": secret,
            "FACEDROP_TELEGRAM__WEBHOOK_HOST": "127.0.0.1",
            "FACEDROP_TELEGRAM__WEBHOOK_PORT": str(self.port),
            "FACEDROP_OPS__PORT": "0",  # each process its own operator's port
        }
        self._process: subprocess.Popen[bytes] | None = None
        self._terminated = False
        self._output: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/webhook"

    def start(self) -> None:
        """Start it (again, after ``stop``: on the same port, its log appended)."""
        self._output = self.log.open("ab")
        self._terminated = False
        self._process = subprocess.Popen(
            [sys.executable, "-m", "cli", "bot"],
            cwd=REPO,
            env=self.env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
        )

    async def ready(self, timeout: float) -> None:
        """Wait until its webhook server answers (it has set the webhook just after)."""
        assert self._process is not None
        deadline = asyncio.get_running_loop().time() + timeout
        async with aiohttp.ClientSession() as http:
            while True:
                assert self._process.poll() is None, self.output()
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                assert asyncio.get_running_loop().time() < deadline, self.output()
                await asyncio.sleep(0.1)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def terminate(self) -> None:
        """SIGTERM (once), as an orchestrator stops a process; ``stop`` waits for it to end."""
        if self._process is not None and not self._terminated and self._process.poll() is None:
            self._terminated = True
            self._process.send_signal(signal.SIGTERM)

    async def exited(self, timeout: float) -> bool:
        """Whether it has ended within ``timeout`` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._process is not None and self._process.poll() is None:
            if asyncio.get_running_loop().time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    async def stop(self, timeout: float) -> int | None:
        process = self._process
        if process is None:
            return None
        self.terminate()
        try:
            code = await asyncio.wait_for(asyncio.to_thread(process.wait), timeout)
        except TimeoutError:
            process.kill()
            code = await asyncio.to_thread(process.wait)
        if self._output is not None:
            self._output.close()
        self._process = None
        return code
