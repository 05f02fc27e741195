"""``facedrop config show``: the effective settings, secrets masked."""

from __future__ import annotations

import argparse
import json
from typing import Any

from cli.exits import EXIT_OK
from domain.infra.locations import component_locations
from domain.recognition.thresholds import thresholds_for
from domain.settings import Settings, redact_url


def register(commands: Any) -> None:
    config = commands.add_parser("config")
    actions = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="print the effective settings, secrets masked")
    show.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    show.set_defaults(handler=show_config)


def effective_config(settings: Settings) -> dict[str, Any]:
    """Every setting as JSON-ready data, secrets and URL passwords masked.

    Adds where each component runs and the matching thresholds in force: the
    model pack's own, with any override from the settings applied.
    """
    data: dict[str, Any] = settings.model_dump(mode="json")
    for key in ("database_url", "redis_url", "qdrant_url"):
        data[key] = redact_url(data[key])
    data["blobs"]["s3_endpoint_url"] = redact_url(data["blobs"]["s3_endpoint_url"])
    data["components"] = component_locations(settings)
    thresholds = thresholds_for(settings.faces.pack, settings.matching)
    data["matching"] = {
        "pack": settings.faces.pack,
        "auto": thresholds.auto,
        "suggest": thresholds.suggest,
        "margin": thresholds.margin,
        "source": thresholds.source,
        "overrides": data["matching"],
    }
    return data


def show_config(args: argparse.Namespace, settings: Settings) -> int:
    data = effective_config(settings)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        for key, value in _flatten(data):
            print(f"{key} = {value}")
    return EXIT_OK


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.extend(_flatten(value, f"{prefix}{key}."))
        else:
            lines.append((f"{prefix}{key}", "" if value is None else value))
    return lines
