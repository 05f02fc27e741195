"""One process's connections to Postgres, Redis, Qdrant and the blob store.

Each component is either configured (a URL in the settings) or embedded under
the data dir; everything above this module sees the same clients either way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Literal

from redis.asyncio import Redis

from domain.blobs import BlobStore
from domain.errors import ConfigurationError
from domain.infra import database
from domain.infra.edge_index import EdgeFaceIndex
from domain.infra.embedded import EmbeddedPostgres, EmbeddedRedis
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.locations import component_locations, edge_dir, local_mode_dir
from domain.recognition.face_index import FaceIndex
from domain.settings import ENV_PREFIX, Settings

log = logging.getLogger(__name__)

Component = Literal["database", "redis", "qdrant", "blobs"]
ALL_COMPONENTS: tuple[Component, ...] = ("database", "redis", "qdrant", "blobs")


@dataclass
class Stack:
    """The open components; a field is None when it was not asked for."""

    settings: Settings
    database_url: str | None = None
    redis_url: str | None = None
    redis: Redis | None = None
    face_index: FaceIndex | None = None
    blobs: BlobStore | None = None
    migrations_applied: list[str] = field(default_factory=list)
    # What the running parts add to the process's readiness (``/readyz``): the worker's
    # model, which fails ("loading") until it is loaded.
    checks: dict[str, Callable[[], Awaitable[None]]] = field(default_factory=dict)


async def start_database(settings: Settings, exit_stack: AsyncExitStack) -> str:
    """The database URL: the configured one, or the embedded server's (started here)."""
    if settings.database_url is not None:
        return settings.database_url
    postgres = EmbeddedPostgres(settings.data_dir)
    await asyncio.to_thread(postgres.start)
    exit_stack.callback(postgres.stop)
    return await postgres.ensure_database()


async def start_redis(settings: Settings, exit_stack: AsyncExitStack) -> str:
    """The Redis URL: the configured one, or the embedded server's (started here)."""
    if settings.redis_url is not None:
        return settings.redis_url
    redis = EmbeddedRedis(settings.data_dir)
    url = await asyncio.to_thread(redis.start)
    exit_stack.callback(redis.stop)
    return url


def open_face_index(settings: Settings) -> FaceIndex:
    """The Qdrant server if one is configured, else the embedded index the settings name.
    qdrant-client (with its models, a sixth of a process's imports) is imported only where
    it is used: the default, Qdrant Edge, does without it."""
    from domain.infra.qdrant_index import QdrantFaceIndex

    if settings.qdrant_url is not None:
        api_key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        return QdrantFaceIndex.open(
            collection=settings.qdrant_collection, url=settings.qdrant_url, api_key=api_key
        )
    if settings.qdrant_embedded == "edge":
        return EdgeFaceIndex.open(
            edge_dir(settings),
            migrate_from=local_mode_dir(settings),
            collection=settings.qdrant_collection,
        )
    if edge_dir(settings).is_dir():
        # The faces are in Edge: local mode would not see them (and faces written there
        # would not be in Edge), matching no one it should.
        raise ConfigurationError(
            f"the faces of this data dir are in Qdrant Edge ({edge_dir(settings)}); "
            f"{ENV_PREFIX}QDRANT_EMBEDDED=local would not see them. Unset it. (Removing "
            f"{edge_dir(settings)} would delete every face facedrop knows: guardians would "
            "have to enroll again.)"
        )
    return QdrantFaceIndex.open(
        collection=settings.qdrant_collection, path=local_mode_dir(settings)
    )


def embedded_index_missing(settings: Settings) -> str | None:
    """Why opening the embedded face index would write to the data dir (create the shard,
    move the faces of Qdrant local mode into it, finish such a move), in a few words; None
    when it would only open what is there, or when the index is a Qdrant server."""
    if settings.qdrant_url is not None:
        return None
    local = local_mode_dir(settings)
    has_local = (local / "collection" / settings.qdrant_collection).is_dir()
    edge = edge_dir(settings)
    if settings.qdrant_embedded == "local":
        # Over Edge's faces, opening refuses (and says why): let the check say so.
        return None if has_local or edge.is_dir() else "not created yet (the worker creates it)"
    if EdgeFaceIndex.migration_unfinished(edge):
        return (
            f"the move of the faces of Qdrant local mode ({local}) into it is unfinished "
            "(the worker finishes it on its next start)"
        )
    if EdgeFaceIndex.created(edge):
        return None
    if has_local:
        return (
            "not created yet (the worker creates it on its first start, moving into it "
            f"the faces of Qdrant local mode at {local})"
        )
    return "not created yet (the worker creates it)"


async def open_blobs(settings: Settings) -> BlobStore:
    blobs = settings.blobs
    if blobs.s3_bucket is None:
        return LocalBlobStore(settings.blob_dir)
    from domain.infra.s3_blobs import S3BlobStore  # aioboto3: imported only for S3

    return await S3BlobStore.open(
        bucket=blobs.s3_bucket,
        endpoint_url=blobs.s3_endpoint_url,
        region=blobs.s3_region,
        access_key_id=blobs.s3_access_key_id.get_secret_value() if blobs.s3_access_key_id else None,
        secret_access_key=(
            blobs.s3_secret_access_key.get_secret_value() if blobs.s3_secret_access_key else None
        ),
    )


@asynccontextmanager
async def open_stack(
    settings: Settings,
    components: Collection[Component] = ALL_COMPONENTS,
    *,
    migrate: bool | None = None,
) -> AsyncIterator[Stack]:
    """Open the asked-for components; close them (and let go of embedded servers) on exit.

    ``migrate=None`` applies pending migrations only to the embedded database;
    a configured database must already be migrated (``facedrop migrate``), or
    opening fails with an error that says so.
    """
    stack = Stack(settings=settings)
    async with AsyncExitStack() as exit_stack:
        if "database" in components:
            stack.database_url = await start_database(settings, exit_stack)
            should_migrate = settings.embedded["database"] if migrate is None else migrate
            if should_migrate:
                stack.migrations_applied = await database.migrate(stack.database_url)
            else:
                pending = await database.pending_migrations(stack.database_url)
                if pending:
                    raise ConfigurationError(
                        f"the database lacks {len(pending)} migration(s) ({', '.join(pending)}): "
                        "run `facedrop migrate` first"
                    )
            await database.connect(stack.database_url)
            exit_stack.push_async_callback(database.disconnect)
        if "redis" in components:
            stack.redis_url = await start_redis(settings, exit_stack)
            stack.redis = Redis.from_url(stack.redis_url)
            exit_stack.push_async_callback(stack.redis.aclose)
            await stack.redis.ping()
        if "qdrant" in components:
            index = open_face_index(settings)
            exit_stack.push_async_callback(index.close)
            await index.ensure_ready()
            stack.face_index = index
        if "blobs" in components:
            stack.blobs = await open_blobs(settings)
            exit_stack.push_async_callback(stack.blobs.close)
        locations = component_locations(settings)
        log.info("stack open: %s", "; ".join(f"{c} {locations[c]}" for c in components))
        yield stack
