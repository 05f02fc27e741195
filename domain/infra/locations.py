"""Where each component lives, read from the settings alone: nothing here opens or imports a
client, so ``facedrop config show`` can say where things are without loading them."""

from __future__ import annotations

from pathlib import Path

from domain.settings import Settings, redact_url


def local_mode_dir(settings: Settings) -> Path:
    return settings.data_dir / "qdrant"


def edge_dir(settings: Settings) -> Path:
    return settings.data_dir / "qdrant-edge" / settings.qdrant_collection


def component_locations(settings: Settings) -> dict[str, str]:
    """Where each component lives: its (password-free) URL, or its place in the data dir."""
    return {
        "database": redact_url(settings.database_url)
        or f"embedded at {settings.data_dir / 'postgres'}",
        "redis": redact_url(settings.redis_url) or f"embedded at {settings.data_dir / 'redis'}",
        "qdrant": settings.qdrant_url
        or (
            f"Qdrant Edge at {edge_dir(settings)}"
            if settings.qdrant_embedded == "edge"
            else f"local mode at {local_mode_dir(settings)}"
        ),
        "blobs": (
            f"s3 bucket {settings.blobs.s3_bucket}"
            if settings.blobs.s3_bucket
            else f"local dir {settings.blob_dir}"
        ),
    }
