"""The ``facedrop`` command: its subcommands, its settings, and ``main``.

Exit status: 0 when everything asked for worked, 1 when something failed
(a health check, a model that will not load), 2 for usage or configuration
errors.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cli.checkout import LOCAL_PACK
from cli.exits import EXIT_USAGE
from domain.errors import ConfigurationError
from domain.logs import configure_logging
from domain.settings import Settings, load_settings

Handler = Callable[[argparse.Namespace, Settings], int]

# Every command: the module whose ``register`` defines it, and its line in ``facedrop --help``.
# A module is imported only when one of its commands runs, so that ``facedrop config show``,
# ``--help`` and usage errors do not load aiogram, Qdrant or scikit-learn for the others.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("cli.service", "run the bot and the worker (embedded stack unless configured)"),
    "bot": ("cli.service", "run the bot alone (Telegram updates)"),
    "worker": ("cli.service", "run a worker alone (recognition, delivery)"),
    "sandbox": (
        "cli.service",
        "try facedrop without Telegram: the emulator, the bot and the worker in one",
    ),
    "demo": ("cli.service", "the sandbox, playing a short class story to watch in the web chat"),
    "migrate": ("cli.service", "apply the database migrations"),
    "makemigrations": ("cli.service", "(development) write a migration for changed models"),
    "backup": (
        "cli.backups",
        "back up the database, the face index and the blobs into a new directory",
    ),
    "restore": ("cli.backups", "restore a backup into an empty stack"),
    "doctor": ("cli.doctor", "check the database, Redis, Qdrant, blobs and the model pack"),
    "config": ("cli.config_show", "show the effective configuration"),
    "faces": ("cli.faces", "run the face engine on image files"),
    "emulator": (
        "cli.emulator",
        "run the local Telegram Bot API emulator (Bot API + control API)",
    ),
    "bench": ("cli.bench", "measure facedrop (prints figures, changes nothing)"),
    "eval": (
        "cli.eval",
        "run a labelled scenario through the real pipeline in a sandbox and print "
        "precision, recall and the questions asked",
    ),
}


class CommandParser(argparse.ArgumentParser):
    """A command as ``facedrop --help`` lists it; its module defines its arguments once chosen."""

    def __init__(self, *, module: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.module = module

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # The module registers its commands beside each other, as under ``facedrop`` itself
        # (same prog, so its usage lines read the same); this command's parser then parses.
        parent, _, name = self.prog.rpartition(" ")
        commands = argparse.ArgumentParser(prog=parent).add_subparsers(prog=parent)
        importlib.import_module(self.module).register(commands)
        parser: argparse.ArgumentParser = commands.choices[name]
        return parser.parse_known_args(args, namespace)


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
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    for name, (module, summary) in COMMANDS.items():
        commands.add_parser(name, help=summary, module=module)
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
