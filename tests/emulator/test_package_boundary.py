"""The emulator stands alone: nothing in sandbox/ imports bot/, workers/ or domain/."""

from __future__ import annotations

import ast

from tests.conftest import REPO

FORBIDDEN = ("bot", "workers", "domain")


def test_sandbox_imports_nothing_of_the_product() -> None:
    offenders = []
    for path in sorted((REPO / "sandbox").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
    assert len(list((REPO / "sandbox").glob("*.py"))) > 5  # the scan saw the package
