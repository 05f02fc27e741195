"""``python -m sandbox --port P``: run the emulator alone (``facedrop emulator`` does the same).

``python -m sandbox conformance [--with-browser] [pytest options]``: the emulator's
conformance suite (tests/emulator: what Telegram answers, each test citing the source line it
follows), against the emulator alone: no database, no model, no bot; a couple of minutes.
The web chat's browser tests are left out unless ``--with-browser``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import subprocess
import sys
from pathlib import Path

from sandbox.limits import RateLimitConfig
from sandbox.server import Emulator

LOCAL_HELP = (
    "as telegram-bot-api --local: a webhook may be plain HTTP on any port "
    "(Telegram's own servers take only https:// on 80, 88, 443 or 8443), and getFile "
    "serves any size, answering the file's absolute path under --dir"
)
DIR_HELP = "with --local: where the files bots download are written (default: a temporary one)"


async def serve(
    host: str, port: int, rate_limits: bool, local: bool = False, local_dir: Path | None = None
) -> None:
    emulator = Emulator(
        rate_limits=RateLimitConfig(enabled=rate_limits), local_mode=local, local_dir=local_dir
    )
    url = await emulator.start(host, port)
    print(f"telegram emulator at {url}", flush=True)
    if local:
        print(
            f"as a --local Bot API server, its files under {emulator.world.local_dir}", flush=True
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await emulator.stop()


SUITE = Path(__file__).resolve().parent.parent / "tests" / "emulator"
BROWSER_TESTS = ("test_web_chat.py",)


def conformance(argv: list[str]) -> int:
    """Run the conformance suite with pytest (extra options passed on); its exit status."""
    if not SUITE.is_dir():
        print(f"the conformance suite is not here ({SUITE}): run it from a checkout", flush=True)
        return 2
    with_browser = "--with-browser" in argv
    options = [a for a in argv if a != "--with-browser"]
    skipped = [] if with_browser else [f"--ignore={SUITE / name}" for name in BROWSER_TESTS]
    command = [sys.executable, "-m", "pytest", str(SUITE), "-q", *skipped, *options]
    return subprocess.call(command, cwd=SUITE.parent.parent)


def main(argv: list[str] | None = None) -> None:
    args_given = sys.argv[1:] if argv is None else argv
    if args_given[:1] == ["conformance"]:
        raise SystemExit(conformance(args_given[1:]))
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="a local Telegram Bot API emulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--rate-limits", action="store_true", help="enforce Telegram's flood limits"
    )
    parser.add_argument("--local", action="store_true", help=LOCAL_HELP)
    parser.add_argument("--dir", type=Path, default=None, help=DIR_HELP)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s"
    )
    asyncio.run(serve(args.host, args.port, args.rate_limits, args.local, args.dir))


if __name__ == "__main__":
    main()
