"""Every sentence is translated when it is said, in its reader's language: no module of
``bot/`` or ``domain/`` translates one when it is imported (a table of finished texts made
at import reads English to everyone, walk 7's finding 24: "You no longer receive their
photos." to a Hebrew reader). A table of sentences holds their functions, or ``N_`` marks
translated where shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test process has imported most modules already.
IMPORT_EVERYTHING = """
import importlib, pkgutil, traceback
from domain.languages.catalogs import Catalogs

translated_by = []
gettext = Catalogs.gettext


def counted(self, *args, **kwargs):
    # The module whose import translated: the innermost frame running a module's body.
    importing = [f for f in traceback.extract_stack() if f.name == "<module>"]
    translated_by.append(f"{importing[-1].filename}:{importing[-1].lineno}")
    return gettext(self, *args, **kwargs)


Catalogs.gettext = counted
for package in ("bot", "domain"):
    root = importlib.import_module(package)
    for module in pkgutil.walk_packages(root.__path__, f"{package}."):
        importlib.import_module(module.name)
print("\\n".join(translated_by))
"""


def test_no_module_translates_a_sentence_when_imported() -> None:
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    translated_at_import = imported.stdout.split()
    assert translated_at_import == []
