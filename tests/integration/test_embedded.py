"""The embedded default: servers start under the data dir, are reused, and are shared
between processes; configured URLs bypass them."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from contextlib import AsyncExitStack
from pathlib import Path

import asyncpg
from redis.asyncio import Redis

from domain.infra.stack import start_database, start_redis
from domain.settings import Settings
from tests.conftest import REPO

# Run in another process: join the data dir's servers and report who answered.
PEEK = textwrap.dedent(
    """
    import asyncio, json, sys
    from contextlib import AsyncExitStack
    import asyncpg
    from redis.asyncio import Redis
    from domain.infra.stack import start_database, start_redis
    from domain.settings import Settings

    async def main():
        settings = Settings(data_dir=sys.argv[1])
        async with AsyncExitStack() as stack:
            url = await start_database(settings, stack)
            db = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
            started = str(await db.fetchval("SELECT pg_postmaster_start_time()"))
            note = await db.fetchval("SELECT note FROM notes")
            await db.close()
            redis = Redis.from_url(await start_redis(settings, stack))
            redis_pid = (await redis.info("server"))["process_id"]
            await redis.set("from-child", "hello")
            await redis.aclose()
        print(json.dumps({"pg_started": started, "note": note, "redis_pid": redis_pid}))

    asyncio.run(main())
    """
)


async def _pg(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))


async def test_restart_on_the_same_data_dir_reuses_the_data(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    async with AsyncExitStack() as stack:
        connection = await _pg(await start_database(settings, stack))
        await connection.execute(
            "CREATE TABLE notes (note text); INSERT INTO notes VALUES ('kept')"
        )
        await connection.close()
        redis = Redis.from_url(await start_redis(settings, stack))
        await redis.set("kept", "yes")
        await redis.save()
        await redis.aclose()

    assert (tmp_path / "postgres" / "PG_VERSION").is_file()
    assert (tmp_path / "redis" / "redis.db").is_file()

    async with AsyncExitStack() as stack:
        connection = await _pg(await start_database(settings, stack))
        assert await connection.fetchval("SELECT note FROM notes") == "kept"
        await connection.close()
        redis = Redis.from_url(await start_redis(settings, stack))
        assert await redis.get("kept") == b"yes"
        await redis.aclose()


async def test_a_second_process_joins_the_running_servers(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    async with AsyncExitStack() as stack:
        connection = await _pg(await start_database(settings, stack))
        await connection.execute(
            "CREATE TABLE notes (note text); INSERT INTO notes VALUES ('shared')"
        )
        started = str(await connection.fetchval("SELECT pg_postmaster_start_time()"))
        redis = Redis.from_url(await start_redis(settings, stack))
        redis_pid = (await redis.info("server"))["process_id"]

        child = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", PEEK, str(tmp_path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")},
        )
        assert child.returncode == 0, child.stderr
        seen = json.loads(child.stdout.strip().splitlines()[-1])

        # The child talked to this process's servers, not to new ones of its own ...
        assert seen == {"pg_started": started, "note": "shared", "redis_pid": redis_pid}
        assert await redis.get("from-child") == b"hello"
        # ... and its exit left them running for us.
        assert await connection.fetchval("SELECT count(*) FROM notes") == 1
        await redis.ping()
        await connection.close()
        await redis.aclose()


async def test_configured_urls_are_used_instead_of_embedded_servers(
    tmp_path: Path, database_url: str, embedded_redis: str
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database_url, redis_url=embedded_redis)
    async with AsyncExitStack() as stack:
        assert await start_database(settings, stack) == database_url
        assert await start_redis(settings, stack) == embedded_redis
    assert not (tmp_path / "postgres").exists()
    assert not (tmp_path / "redis").exists()
