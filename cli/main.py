"""The ``facedrop`` command: its subcommands, its settings, and ``main``.

Exit status: 0 when everything asked for worked, 1 when something failed
(a health check, a model that will not load), 2 for usage or configuration
errors.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cli import backups, bench, config_show, doctor, emulator, faces, service
from cli import eval as evaluate
from cli.checkout import LOCAL_PACK
from cli.exits import EXIT_USAGE
from domain.errors import ConfigurationError
from domain.logs import configure_logging
from domain.settings import Settings, load_settings

Handler = Callable[[argparse.Namespace, Settings], int]


log = logging.getLogger("facedrop")


def with_local_model_pack(settings: Settings, local_pack: Path = LOCAL_PACK) -> Settings:
    """The settings, with the pack beside the checkout when none is configured or installed.

    One rule for every command, so ``facedrop sandbox``, ``make run``, ``facedrop doctor`` and
    ``facedrop bench`` all load the same pack. A pack named in the environment or ``.env``
    (``FACEDROP_FACES__ROOT`` / ``FACEDROP_FACES__PACK``) is always kept as it is.
    """
    configured = settings.faces.model_fields_set & {"root", "pack"}
    if configured or settings.faces.pack_dir.is_dir() or not local_pack.is_dir():
        return settings
    faces = settings.faces.model_copy(update={"root": local_pack.parent, "pack": local_pack.name})
    log.info("no model pack configured: using %s beside the checkout", local_pack)
    return settings.model_copy(update={"faces": faces})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facedrop",
        description="Privately sends each guardian the group photos their child appears in.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    service.register(commands)
    backups.register(commands)
    doctor.register(commands)
    config_show.register(commands)
    faces.register(commands)
    emulator.register(commands)
    bench.register(commands)
    evaluate.register(commands)
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
    configure_logging(settings.log_level, settings.log_format)
    settings = with_local_model_pack(settings)
    try:
        return handler(args, settings)
    except ConfigurationError as exc:
        print(f"facedrop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
