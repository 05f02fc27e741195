"""`facedrop` loads only what the chosen command needs: every command starts as a process of
its own (and the CLI tests start dozens), so aiogram, Qdrant and scikit-learn, seconds of CPU
to import, are left out of the commands that never use them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HEAVY = ("aiogram", "qdrant_client", "sklearn")

# Runs `facedrop ARGS` in this process, then names the heavy packages it imported.
PROBE = """
import contextlib, io, sys
from cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(" ".join(name for name in {heavy!r} if name in sys.modules))
"""


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["frobnicate"], ["config", "show", "--json"], ["faces", "detect"]],
    ids=" ".join,
)
def test_a_command_that_needs_no_bot_or_index_does_not_import_them(
    argv: list[str], tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        cwd=REPO,
        env={"FACEDROP_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [], f"facedrop {' '.join(argv)} imported {result.stdout}"
