"""The ``facedrop`` command: run the service and look after it.

Exit status: 0 when everything asked for worked, 1 when something failed
(a health check, a model that will not load), 2 for usage or configuration
errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from domain.errors import ConfigurationError
from domain.logs import configure_logging
from domain.settings import Settings, load_settings

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    from domain.cli import bench, config_show, doctor, emulator, faces, service

    parser = argparse.ArgumentParser(
        prog="facedrop",
        description="Privately sends each guardian the group photos their child appears in.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    service.register(commands)
    doctor.register(commands)
    config_show.register(commands)
    faces.register(commands)
    emulator.register(commands)
    bench.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        settings = load_settings()
    except ConfigurationError as exc:
        print(f"facedrop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level)
    try:
        return handler(args, settings)
    except ConfigurationError as exc:
        print(f"facedrop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
