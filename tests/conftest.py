"""Fixtures shared by every test: where the shared photos and models are, and the
real components (embedded Postgres and Redis, Qdrant local mode, a moto S3
server on loopback, the face engine on the real model pack).

Nothing here skips: a missing component fails the run, loudly.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg
import pytest
from playwright.async_api import Browser, Page, async_playwright

from domain.infra import database
from domain.infra.embedded import EmbeddedPostgres, EmbeddedRedis, create_database
from domain.infra.insightface_engine import InsightFaceEngine
from domain.settings import FacesSettings
from sandbox import Emulator
from tests import migrated
from tests.web_chat import launch

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEDROP_SHARED_DIR", REPO.parent / "shared")).resolve()
FACES = SHARED / "faces"
# The model pack the tests run on: the one CI points the settings at, by default
# the small buffalo_sc pack in ../shared/models. Read once, before the autouse
# fixture below clears FACEDROP_* for each test.
MODELS = Path(os.environ.get("FACEDROP_FACES__ROOT", SHARED / "models")).resolve()
TEST_PACK = os.environ.get("FACEDROP_FACES__PACK", "buffalo_sc")


def shared_photo(relative: str) -> Path:
    path = FACES / relative
    if not path.is_file():
        raise FileNotFoundError(f"test photo missing: {path} (is ../shared beside the repo?)")
    return path


T1 = "deepinsight_insightface/python-package/insightface/data/images/t1.jpg"
DEEPFACE = "serengil_deepface/tests/unit/dataset"


@pytest.fixture(scope="session")
def faces_settings() -> FacesSettings:
    if not (MODELS / TEST_PACK).is_dir():
        raise FileNotFoundError(f"model pack missing: {MODELS / TEST_PACK}")
    return FacesSettings(pack=TEST_PACK, root=MODELS)


@pytest.fixture(scope="session")
def engine(faces_settings: FacesSettings) -> Iterator[InsightFaceEngine]:
    loaded = InsightFaceEngine.load(faces_settings, download=False)
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def embedded_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    postgres = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    postgres.start()
    asyncio.run(_writes_without_waiting_for_the_disk(postgres))
    yield postgres
    postgres.stop()


async def _writes_without_waiting_for_the_disk(postgres: EmbeddedPostgres) -> None:
    """The test server's commits do not wait for the disk (fsync, synchronous_commit and
    full_page_writes off, read at a reload): what a test reads is the same, as only a crash
    of the machine itself would lose a write. Each TRUNCATE before a test, and each commit,
    waited for the disk the workers share."""
    admin = postgres.database_url("postgres").replace("postgres://", "postgresql://", 1)
    connection = await asyncpg.connect(admin)
    try:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            await connection.execute(f"ALTER SYSTEM SET {setting} = off")
        await connection.execute("SELECT pg_reload_conf()")
    finally:
        await connection.close()


NewDatabase = Callable[[], Awaitable[str]]


@pytest.fixture(scope="session")
def new_database(embedded_postgres: EmbeddedPostgres) -> NewDatabase:
    """A factory of fresh, empty databases on the embedded server."""

    async def make() -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        await create_database(embedded_postgres.database_url("postgres"), name)
        return embedded_postgres.database_url(name)

    return make


@pytest.fixture(scope="session")
async def new_migrated_database(
    embedded_postgres: EmbeddedPostgres, new_database: NewDatabase
) -> NewDatabase:
    """A factory of fresh databases with every migration applied: copies (CREATE DATABASE
    ... TEMPLATE) of one database the real migrations' result was restored into (their
    dump, made once for these migration files: tests/migrated.py). Running them takes
    9 CPU-seconds on CI's machine, for each database and for each ``facedrop`` process
    that starts on a fresh one."""
    template = await new_database()
    await migrated.migrate(template)  # its connections closed: a template must have none
    template_name = template.split("?", 1)[0].rsplit("/", 1)[1]

    async def make() -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        admin = embedded_postgres.database_url("postgres").replace("postgres://", "postgresql://")
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        finally:
            await connection.close()
        return embedded_postgres.database_url(name)

    return make


@pytest.fixture
async def fresh_database(new_migrated_database: NewDatabase) -> str:
    """A database of the test's own, every migration applied (for a process it starts)."""
    return await new_migrated_database()


@pytest.fixture(scope="session")
async def database_url(new_migrated_database: NewDatabase) -> AsyncIterator[str]:
    """One migrated database for the session, connected through tortoise."""
    url = await new_migrated_database()
    await database.connect(url)
    yield url
    await database.disconnect()


@pytest.fixture
async def db(database_url: str) -> str:
    """The session database, emptied before the test."""
    from tortoise import Tortoise
    from tortoise.models import Model

    from domain.infra import models

    connection = Tortoise.get_connection("default")
    tables = [
        model._meta.db_table
        for model in vars(models).values()
        if isinstance(model, type)
        and issubclass(model, Model)
        and model.__module__ == models.__name__
        and not model._meta.abstract
    ]
    await connection.execute_script(f"TRUNCATE {', '.join(tables)} CASCADE")
    return database_url


@pytest.fixture(scope="session")
def embedded_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    redis = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    url = redis.start()
    yield url
    redis.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server in a thread, on a free loopback port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (one per test worker)."""
    async with async_playwright() as playwright:
        launched = await launch(playwright)
        yield launched
        await launched.close()


@pytest.fixture
async def web_page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh tab (its own storage) at a desktop size."""
    context = await browser.new_context(viewport={"width": 1200, "height": 800})
    page = await context.new_page()
    yield page
    await context.close()


@pytest.fixture(autouse=True)
def _no_facedrop_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from the defaults: the developer's FACEDROP_* variables do not leak in."""
    for name in list(os.environ):
        if name.startswith("FACEDROP_") and name != "FACEDROP_SHARED_DIR":
            monkeypatch.delenv(name)


def assert_conformant(emulator: Emulator) -> None:
    """Fail the test if the emulator answered anything outside the Bot API spec
    (every fixture that builds an emulator builds it with ``conformance=True``)."""
    if emulator.conformance is not None and emulator.conformance.violations:
        pytest.fail(emulator.conformance.report(), pytrace=False)


# The files whose tests each run for half a minute or more (``facedrop eval`` and the CLI
# in subprocesses, measured with ``make test``'s --durations): started first, so that in
# parallel they overlap with the many short journeys instead of running alone at the end.
SLOW_FIRST = ("tests/integration/test_eval.py", "tests/integration/test_cli.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow files' tests first, dealt out among the test workers: pytest-xdist's
    worksteal gives each worker an equal run of consecutive tests and steals only from the
    end of a run, so the slow tests placed first all fell to the first worker, one after
    the other (about 15 minutes of them, the last still running at the end of CI)."""
    slow = [item for item in items if item.nodeid.split("::", 1)[0] in SLOW_FIRST]
    slow.sort(key=lambda item: SLOW_FIRST.index(item.nodeid.split("::", 1)[0]))  # stable
    rest = [item for item in items if item.nodeid.split("::", 1)[0] not in SLOW_FIRST]
    workers = _workers()
    runs: list[list[pytest.Item]] = [slow[n::workers] for n in range(workers)]
    remaining, left = iter(rest), len(items)
    for n, run in enumerate(runs):
        share = left // (workers - n)  # this worker's first run of tests, as worksteal cuts it
        left -= share
        run.extend(item for _, item in zip(range(share - len(run)), remaining, strict=False))
    items[:] = [item for run in runs for item in run] + list(remaining)


def _workers() -> int:
    """How many pytest-xdist workers run the tests (1 without xdist). Each worker collects
    the tests itself, where xdist has set ``numprocesses`` to None and says the count in
    its environment instead (a worker reading ``numprocesses`` dealt nothing out: every
    slow test stayed on the first worker, in series)."""
    count = os.environ.get("PYTEST_XDIST_WORKER_COUNT", "")
    return int(count) if count.isdigit() and int(count) > 0 else 1
