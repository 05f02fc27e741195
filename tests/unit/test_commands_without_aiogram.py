"""The commands that talk to no Telegram load no aiogram: an operator's `facedrop migrate`,
`doctor` or `backup` starts without the bot's library (it loaded all of it through the
catalogs' sentences, whose engine was aiogram's i18n)."""

from __future__ import annotations

import subprocess
import sys

from cli.main import COMMANDS

# Each command that neither runs the bot nor plays a journey through it.
WITHOUT_TELEGRAM = (
    "migrate",
    "makemigrations",
    "backup",
    "restore",
    "doctor",
    "config",
    "faces",
    "emulator",
)

# The real entry, as `facedrop COMMAND --help` runs it: its module imported and registered.
LOADED = """
import contextlib, io, sys
from cli.main import main
for command in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main([command, "--help"])
print(sorted({name.split(".")[0] for name in sys.modules} & {"aiogram", "bot"}))
"""


def test_the_commands_without_telegram_load_no_aiogram() -> None:
    assert set(WITHOUT_TELEGRAM) <= set(COMMANDS)
    loaded = subprocess.run(
        [sys.executable, "-c", LOADED, *WITHOUT_TELEGRAM],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert loaded.stdout.strip() == "[]", loaded.stdout
