"""``facedrop doctor``: check each component and say, one line each, how it is."""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import numpy as np
from redis.asyncio import Redis

from cli.exits import EXIT_FAILURE, EXIT_OK
from domain.infra import database
from domain.infra.images import encode_jpeg
from domain.infra.insightface_engine import InsightFaceEngine, resolve_pack_dir
from domain.infra.locations import component_locations
from domain.infra.stack import (
    embedded_index_missing,
    open_blobs,
    open_face_index,
    start_database,
    start_redis,
)
from domain.recognition.face_index import FaceFilter
from domain.recognition.thresholds import thresholds_for
from domain.settings import Settings

CHECK_TIMEOUT_S = 90.0
# A probe image: plain grey, no face in it, enough to run both models.
PROBE_SIDE = 160


@dataclass(frozen=True)
class CheckResult:
    component: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<5}{self.component:<10}{self.detail}"


def register(commands: Any) -> None:
    doctor = commands.add_parser("doctor")
    doctor.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    results = asyncio.run(check_all(settings, report=lambda r: print(r.line(), flush=True)))
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILURE


async def check_all(settings: Settings, report: Callable[[CheckResult], None]) -> list[CheckResult]:
    """Run every check (embedded servers are started for it and let go after)."""
    locations = component_locations(settings)
    locations["models"] = str(settings.faces.pack_dir)
    checks: list[tuple[str, Callable[[AsyncExitStack], Awaitable[str]]]] = [
        ("database", lambda stack: _check_database(settings, stack)),
        ("redis", lambda stack: _check_redis(settings, stack)),
        ("qdrant", lambda stack: _check_qdrant(settings, stack)),
        ("blobs", lambda stack: _check_blobs(settings, stack)),
        ("models", lambda stack: _check_models(settings)),
    ]
    results = []
    async with AsyncExitStack() as exit_stack:
        for component, check in checks:
            started = time.perf_counter()
            try:
                detail = await asyncio.wait_for(check(exit_stack), CHECK_TIMEOUT_S)
                ok = True
            except TimeoutError:
                ok, detail = False, f"no answer within {CHECK_TIMEOUT_S:.0f}s"
            except Exception as exc:  # a health check reports every failure, whatever its type
                ok, detail = False, f"{type(exc).__name__}: {exc}".strip()
            elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
            suffix = f" [{locations[component]}; {elapsed}]"
            result = CheckResult(component, ok, detail.splitlines()[0] + suffix)
            report(result)
            results.append(result)
    return results


async def _check_database(settings: Settings, exit_stack: AsyncExitStack) -> str:
    url = await start_database(settings, exit_stack)
    if settings.embedded["database"]:
        await database.migrate(url)
    pending = await database.pending_migrations(url)
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        version = await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()
    if pending:
        raise RuntimeError(
            f"PostgreSQL {version}, {len(pending)} migration(s) not applied: run `facedrop migrate`"
        )
    return f"PostgreSQL {version}, schema up to date"


async def _check_redis(settings: Settings, exit_stack: AsyncExitStack) -> str:
    url = await start_redis(settings, exit_stack)
    client = Redis.from_url(url)
    try:
        await client.ping()
        info = await client.info("server")
    finally:
        await client.aclose()
    return f"Redis {info.get('redis_version', '?')}, answers ping"


async def _check_qdrant(settings: Settings, exit_stack: AsyncExitStack) -> str:
    missing = embedded_index_missing(settings)
    if missing is not None:
        # Opening it would create it (or move faces into it): that is the worker's to do,
        # with its lock held; a check only looks.
        return missing
    try:
        index = open_face_index(settings)
        await index.ensure_ready()
    except RuntimeError as exc:
        if settings.embedded["qdrant"] and "already" in str(exc):
            # The embedded index allows one process; a running facedrop worker holds it.
            return "the embedded index is open in a running facedrop process"
        raise
    try:
        points = await index.count(FaceFilter())
    finally:
        await index.close()
    return f"collection {settings.qdrant_collection!r} ready, {points} face(s)"


async def _check_blobs(settings: Settings, exit_stack: AsyncExitStack) -> str:
    blobs = await open_blobs(settings)
    key = f"doctor/{uuid.uuid4().hex}"
    payload = b"facedrop doctor probe"
    try:
        await blobs.put(key, payload, expires_at=datetime.now(UTC) + timedelta(minutes=5))
        if await blobs.get(key) != payload:
            raise RuntimeError("read back different bytes than were written")
        await blobs.delete(key)
        if await blobs.exists(key):
            raise RuntimeError("a deleted probe is still there")
    finally:
        await blobs.close()
    return "write, read and delete work"


async def _check_models(settings: Settings) -> str:
    pack_dir = resolve_pack_dir(settings.faces, download=False)
    engine = await asyncio.to_thread(InsightFaceEngine.load, settings.faces, download=False)
    try:
        probe = encode_jpeg(np.full((PROBE_SIDE, PROBE_SIDE, 3), 128, dtype=np.uint8))
        await engine.analyze(probe)
        provider = engine.provider
    finally:
        engine.close()
    thresholds = thresholds_for(settings.faces.pack, settings.matching)
    files = ", ".join(sorted(p.name for p in pack_dir.glob("*.onnx")))
    return (
        f"pack {settings.faces.pack} ({files}) loads and runs on {provider}; "
        f"thresholds auto={thresholds.auto} suggest={thresholds.suggest}"
    )
