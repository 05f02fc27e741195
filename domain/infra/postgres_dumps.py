"""The database's part of a backup: ``pg_dump`` and ``pg_restore``, and what a backup
records and checks of the database (its applied migrations, each table's rows).

The embedded Postgres is dumped with the tools shipped beside its server in the pgserver
wheel (the same version). A configured server is dumped with the newest of the
``pg_dump`` on PATH and pgserver's (a tool dumps servers of its own major version and
older ones); none at all is a configuration error that says what to install.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import asyncpg

from domain.backups.service import DumpedDatabase
from domain.errors import ConfigurationError, FacedropError
from domain.infra import database
from domain.infra.models import APP
from domain.settings import redact_url

log = logging.getLogger(__name__)

MIGRATIONS_TABLE = "tortoise_migrations"
# Connection parameters libpq reads from a URL's query; others (a pool's size, asyncpg's
# ``ssl``) would make pg_dump refuse the URL.
LIBPQ_PARAMS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "connect_timeout",
        "application_name",
        "options",
        "sslmode",
        "sslcert",
        "sslkey",
        "sslrootcert",
        "sslcrl",
        "target_session_attrs",
    }
)


class PostgresFailed(FacedropError):
    """The database did not answer, or ``pg_dump``/``pg_restore`` exited with an error (its
    message included)."""


def shipped_tools() -> Path:
    """Where the pgserver wheel keeps its PostgreSQL programs (found without importing
    pgserver, which warns at import)."""
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError("the pgserver package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def major_version(tool: Path) -> int:
    """``pg_dump (PostgreSQL) 16.2`` -> 16; 0 when the program does not say."""
    try:
        answer = subprocess.run(
            [str(tool), "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except OSError:
        return 0
    found = re.search(r"\)\s*(\d+)", answer)
    return int(found.group(1)) if found else 0


def find_tool(name: str, *, embedded: bool) -> Path:
    """The ``pg_dump``/``pg_restore`` to use (see the module's docstring)."""
    shipped = shipped_tools() / name
    if embedded:
        return shipped
    on_path = shutil.which(name)
    candidates = [c for c in (Path(on_path) if on_path else None, shipped) if c and c.is_file()]
    if not candidates:
        raise ConfigurationError(
            f"{name} not found: install the PostgreSQL client programs of the server's "
            "version (Debian: apt-get install postgresql-client)"
        )
    return max(candidates, key=major_version)


def libpq_url(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, and the environment that carries its password (kept off
    the command line, where ``ps`` would show it)."""
    parts = urlsplit(url)
    netloc, env = parts.netloc, {}
    if "@" in netloc:
        userinfo, hostport = netloc.rsplit("@", 1)
        user, _, password = userinfo.partition(":")
        if password:
            env["PGPASSWORD"] = unquote(password)
        netloc = f"{user}@{hostport}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in LIBPQ_PARAMS])
    return urlunsplit(("postgresql", netloc, parts.path, query, "")), env


async def _run(tool: Path, *args: str, url: str) -> None:
    target, env = libpq_url(url)
    process = await asyncio.create_subprocess_exec(
        str(tool),
        *args,
        f"--dbname={target}",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **env},
    )
    _, stderr = await process.communicate()
    if process.returncode != 0:
        message = stderr.decode(errors="replace").strip().splitlines()
        raise PostgresFailed(f"{tool.name} failed: {' '.join(message[-3:]) or 'no message'}")


async def _connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    except (OSError, asyncpg.PostgresError) as exc:
        raise PostgresFailed(f"the database at {redact_url(url)} does not answer: {exc}") from None


class PostgresDumps:
    """The database at ``url``, dumped and restored whole (``domain.backups`` port)."""

    def __init__(self, url: str, *, embedded: bool) -> None:
        self._url = url
        self._embedded = embedded

    async def dump(self, target: Path) -> DumpedDatabase:
        """The whole database in pg_dump's custom format (compressed), at ``target``; its
        migrations and rows are read in the snapshot pg_dump dumps, so they are the dump's
        even while facedrop writes."""
        tool = find_tool("pg_dump", embedded=self._embedded)
        connection = await _connect(self._url)
        try:
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
                dumped = DumpedDatabase(
                    migrations=await _applied_migrations(connection),
                    tables=await _table_rows(connection),
                )
                await _run(
                    tool,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    url=self._url,
                )
        finally:
            await connection.close()
        return dumped

    async def restore(self, source: Path) -> None:
        """Every table replaced by the dump's: the schema is emptied (tables a newer
        facedrop made included), then the dump restored in one transaction."""
        tool = find_tool("pg_restore", embedded=self._embedded)
        await self.wipe()
        await _run(
            tool,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
            url=self._url,
        )

    async def wipe(self) -> None:
        """Drop every table (and all else in the ``public`` schema)."""
        connection = await _connect(self._url)
        try:
            await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
        finally:
            await connection.close()

    async def table_rows(self) -> dict[str, int]:
        """Every table of the ``public`` schema and its number of rows."""
        connection = await _connect(self._url)
        try:
            return await _table_rows(connection)
        finally:
            await connection.close()

    async def migrate(self) -> list[str]:
        """Apply the migrations the database lacks (a backup older than this code)."""
        return await database.migrate(self._url)


async def _table_rows(connection: asyncpg.Connection) -> dict[str, int]:
    tables = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    rows = {}
    for (table,) in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        rows[table] = await connection.fetchval(f"SELECT count(*) FROM public.{quoted}")
    return rows


async def _applied_migrations(connection: asyncpg.Connection) -> list[str]:
    """The migrations applied to the database, in the order they were."""
    if await connection.fetchval("SELECT to_regclass($1)", MIGRATIONS_TABLE) is None:
        return []
    names = await connection.fetch(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE app = $1 ORDER BY id",
        APP,
    )
    return [name for (name,) in names]
