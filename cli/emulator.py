"""``facedrop emulator``: the local Telegram Bot API emulator (the ``sandbox`` package)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from cli.exits import EXIT_OK
from domain.settings import Settings


def register(commands: Any) -> None:
    emulator = commands.add_parser("emulator")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8081)
    emulator.add_argument(
        "--rate-limits", action="store_true", help="enforce Telegram's flood limits from the start"
    )
    emulator.add_argument(
        "--local",
        action="store_true",
        help="as telegram-bot-api --local: a webhook may be plain HTTP on any port "
        "(Telegram's own servers take only https:// on 80, 88, 443 or 8443), and getFile "
        "serves any size, answering the file's absolute path under --dir",
    )
    emulator.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="with --local: where the files bots download are written (default: a temporary one)",
    )
    emulator.set_defaults(handler=run_emulator)


def run_emulator(args: argparse.Namespace, settings: Settings) -> int:
    from sandbox.__main__ import serve

    asyncio.run(serve(args.host, args.port, args.rate_limits, args.local, args.dir))
    return EXIT_OK
