"""Postgres through tortoise-orm: the connection, and the migrations in ``migrations/``."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import Any

from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.executor import MigrationExecutor
from tortoise.migrations.writer import MigrationWriter

from domain.errors import ConfigurationError
from domain.infra.models import APP
from domain.infra.stores.languages import TortoiseChatStore
from domain.languages import chats

log = logging.getLogger(__name__)

MODELS_MODULE = "domain.infra.models"
MIGRATIONS_MODULE = "migrations"


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The tortoise-orm config for our one app on the database at ``database_url``."""
    url = database_url.replace("postgresql://", "postgres://", 1)
    return {
        "connections": {"default": url},
        "apps": {
            APP: {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


class _Connection:
    """This process's one connection pool, shared by whoever opened it (counted)."""

    url: str | None = None
    users = 0


async def connect(database_url: str) -> None:
    """Open this process's connection pool; queries anywhere in the process use it.

    A second open of the same database shares the pool; another database is refused.
    """
    if _Connection.url is not None:
        if _Connection.url != database_url:
            raise ConfigurationError("this process is already connected to another database")
        _Connection.users += 1
    else:
        await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
        _Connection.url, _Connection.users = database_url, 1
    # Every message the process writes asks its chat's language of this database (put in
    # place at every open, so that no one else's store is left in its way).
    chats.read_from(TortoiseChatStore())


async def disconnect() -> None:
    _Connection.users -= 1
    if _Connection.users > 0:
        return
    _Connection.url, _Connection.users = None, 0
    chats.read_from(None)
    await Tortoise.close_connections()


async def migrate(database_url: str, target: str | None = None) -> list[str]:
    """Apply every migration not yet applied (up to ``target``, "facedrop.0047_...", and
    none after it, when given); returns their names."""
    applied: list[str] = []

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            applied.append(name)
            log.info("migration applied: %s.%s", app_label, name)

    config = tortoise_config(database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        await run_migrations(config=config, progress=progress, target=target)
    return applied


async def pending_migrations(database_url: str) -> list[str]:
    """Names of the migrations not yet applied to the database."""
    config = tortoise_config(database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        executor = MigrationExecutor(ctx.connections.get("default"), config["apps"])
        plan = await executor.plan()
    return [step.migration.name for step in plan if not step.backward]


def known_migrations() -> list[str]:
    """The names of the migrations in ``migrations/``, in order (as tortoise finds them)."""
    package = importlib.import_module(MIGRATIONS_MODULE)
    return sorted(
        name
        for _, name, is_package in pkgutil.iter_modules(package.__path__)
        if not is_package and name[0] not in "_~"
    )


async def model_changes_without_migration(database_url: str) -> list[MigrationWriter]:
    """Migrations the models need but ``migrations/`` lacks (empty when they agree).

    Works from the migration files alone; the database is never touched.
    """
    config = tortoise_config(database_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None, "tortoise init loads the apps"
        return await MigrationAutodetector(ctx.apps, config["apps"]).changes()
