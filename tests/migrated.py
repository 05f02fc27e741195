"""Databases with the real migrations applied, for tests, without running them every time.

Running the migrations takes 9 CPU-seconds on CI's machine (tortoise renders its model state
again for each of their operations), and the suite needed them once per test worker and once
per test of an old migration. The result of running them is the same for the same migration
files, tortoise and Postgres: it is kept as a dump (``pg_dump``) under the user's cache
(``~/.cache/facedrop-tests``, outside the clone, like pip's and mypy's), named after those,
and restored (``pg_restore``, a fraction of a second) by every later worker and run. The
first to need a dump makes it, by running the real migrations, while the others wait.

test_migrations runs every migration on an empty database each run and checks that the
schema it builds is the one these copies have, so a stale or wrong dump fails the run.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from pgserver._commands import POSTGRES_BIN_PATH

from domain.infra import database

REPO = Path(__file__).resolve().parents[1]
MIGRATION_FILES = sorted((REPO / "migrations").glob("[0-9][0-9][0-9][0-9]_*.py"))
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "facedrop-tests"


async def migrate(url: str, target: str | None = None) -> None:
    """Bring the empty database at ``url`` to ``target`` (``"facedrop.0047_..."``: that
    migration and those before it; every migration when None), as running them would."""
    name = target.split(".", 1)[1] if target else MIGRATION_FILES[-1].stem
    dump = CACHE / f"migrated-{name}-{_fingerprint(name)}.dump"
    CACHE.mkdir(parents=True, exist_ok=True)
    with _exclusive(dump.with_suffix(".lock")):
        if not dump.exists():
            await _run_migrations(url, target)
            partial = dump.with_suffix(f".{os.getpid()}.part")
            await _pg("pg_dump", "--format=custom", "--no-owner", f"--file={partial}", url)
            partial.replace(dump)  # whole or absent, even if this run is killed
            return
    await _pg(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={url}", dump
    )


async def schema_of(url: str) -> str:
    """The database's schema as ``pg_dump`` writes it (to compare two databases)."""
    return await _pg("pg_dump", "--schema-only", "--no-owner", url)


def _fingerprint(last: str) -> str:
    """What the migrated result depends on: the migration files up to ``last`` (names and
    contents), tortoise's and the embedded Postgres's versions."""
    digest = hashlib.sha256()
    for distribution in ("tortoise-orm", "pgserver"):
        digest.update(f"{distribution}=={version(distribution)}\n".encode())
    for path in [REPO / "migrations" / "__init__.py", *MIGRATION_FILES]:
        if path.stem[:1].isdigit() and path.stem > last:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


async def _run_migrations(url: str, target: str | None) -> None:
    await database.migrate(url, target)


async def _pg(command: str, *args: str | Path) -> str:
    process = await asyncio.create_subprocess_exec(
        str(POSTGRES_BIN_PATH / command),
        *(str(a).replace("postgres://", "postgresql://", 1) for a in args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed ({process.returncode}): {err.decode()}")
    return out.decode()


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Held by one process at a time (``flock``, let go when the file closes, even when the
    process is killed): the test worker that makes a dump, while the others wait for it."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
