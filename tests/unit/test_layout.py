"""The layout a newcomer relies on: capability packages in ``domain/``, the CLI on top,
no import cycles and no upward imports."""

from __future__ import annotations

from collections import defaultdict

import grimp
import pytest

from tests.conftest import REPO

PRODUCT = ("cli", "bot", "workers", "domain", "sandbox")
# What each top-level package may import of the others: lower layers only.
MAY_IMPORT = {
    "cli": {"bot", "workers", "domain", "sandbox"},
    "bot": {"domain"},
    "workers": {"domain"},
    "domain": set(),
    "sandbox": set(),
}
# The few modules every capability shares stay at domain's top; everything else lives in
# a package named after its capability.
SHARED_MODULES = {
    "blobs",
    "buttons",
    "cooldown",
    "errors",
    "logs",
    "retry",
    "settings",
    "states",
    "telegram",
    "texts",
}
CAPABILITIES = {
    "backups",
    "claims",
    "clusters",
    "corrections",
    "delivery",
    "earlier_photos",
    "enrollment",
    "groups",
    "infra",
    "jobs",
    "languages",
    "moderation",
    "observability",
    "onboarding",
    "persons",
    "privacy",
    "recognition",
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PRODUCT)


def test_no_package_imports_a_layer_above_it(graph: grimp.ImportGraph) -> None:
    upward = []
    for module in sorted(graph.modules):
        top = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")[0]
            if target != top and target not in MAY_IMPORT[top]:
                upward.append(f"{module} -> {imported}")
    assert upward == []


def test_no_module_imports_itself_back(graph: grimp.ImportGraph) -> None:
    imports = defaultdict(set)
    for module in graph.modules:
        imports[module] = set(graph.find_modules_directly_imported_by(module))
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(imports[module]):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


def test_domain_is_grouped_by_capability() -> None:
    domain = REPO / "domain"
    modules = {p.stem for p in domain.glob("*.py")} - {"__init__"}
    packages = {p.parent.name for p in domain.glob("*/__init__.py")}
    assert modules == SHARED_MODULES
    assert packages == CAPABILITIES
    for package in packages:  # each says what it holds
        assert (domain / package / "__init__.py").read_text().startswith('"""')
