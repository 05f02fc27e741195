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
    "events",
    "logs",
    "retry",
    "settings",
    "states",
    "telegram",
}
CAPABILITIES = {
    "backups",
    "claims",
    "clusters",
    "composition",
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
    "videos",
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


# The domain's layers, lowest first (ARCHITECTURE: README.md, "Layout"). A package (or a
# module at domain's top) imports its own layer or those below it; the adapters
# (``domain.infra``) implement the ports of the layers below and may import any of them;
# nothing imports the adapters but the composition root (domain/composition, and what the
# processes open in bot/app.py, workers/app.py and cli/), which the ORM list below tracks
# while it shrinks.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "kernel",  # what every capability shares: vocabulary, ports, settings, metrics
        frozenset(
            {
                "blobs",
                "buttons",
                "cooldown",
                "errors",
                "events",
                "jobs",
                "languages",
                "logs",
                "observability",
                "retry",
                "settings",
                "states",
                "telegram",
            }
        ),
    ),
    ("recognition", frozenset({"recognition"})),
    (
        "capabilities using recognition",
        frozenset(
            {"clusters", "delivery", "enrollment", "groups", "onboarding", "persons", "videos"}
        ),
    ),
    ("capabilities reacting to them", frozenset({"corrections", "earlier_photos"})),
    ("the organizers' and the law's", frozenset({"backups", "claims", "moderation", "privacy"})),
    ("adapters", frozenset({"infra"})),
    # the composition root: every service built once (services.py), and who reacts to
    # which domain event (reactions.py)
    ("composition", frozenset({"composition"})),
)
ADAPTERS = "infra"
# The composition root builds the adapters and hands them to the services (Services,
# domain/composition/services.py): the one part of the domain that imports them by design.
COMPOSITION = "domain.composition"
# Today's imports of a higher layer, each with what it carries. This list may only shrink:
# an edge that no longer exists fails the test until it is struck off here.
UPWARD_ALLOWED: set[tuple[str, str]] = set()
# Today's pairs of packages importing each other (sorted). May only shrink, like the above.
PAIRS_ALLOWED: set[tuple[str, str]] = set()
# Modules outside domain/infra that import the tortoise models (domain.infra.models): the
# database is to go behind ports, so this list may only shrink (a module that stops
# importing them fails the test until it is struck off here; a new one fails it too).
ORM_ALLOWED = {
    # cli/: benchmarks and eval set up and read their own sandbox
    "cli.bench",
    "cli.bench_burst",
    "cli.bench_deliver",
    "cli.bench_recognize",
    "cli.eval",
    "cli.eval_claims",
    # domain/
    "domain.claims.unclaimed",
    "domain.jobs.requests",
}


def _layer_of(part: str) -> int:
    return next(i for i, (_, parts) in enumerate(LAYERS) if part in parts)


def _domain_edges(graph: grimp.ImportGraph) -> dict[tuple[str, str], list[str]]:
    """(importer, imported) between the domain's packages and top-level modules, with the
    module imports that make each edge."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module in sorted(graph.modules):
        if not module.startswith("domain."):
            continue
        part = module.split(".")[1]
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported.startswith("domain.") and imported.split(".")[1] != part:
                edges[(part, imported.split(".")[1])].append(f"{module} -> {imported}")
    return edges


def test_every_part_of_the_domain_has_a_layer() -> None:
    domain = REPO / "domain"
    parts = {p.stem for p in domain.glob("*.py")} - {"__init__"}
    parts |= {p.parent.name for p in domain.glob("*/__init__.py")}
    layered = [part for _, members in LAYERS for part in members]
    assert len(layered) == len(set(layered)), "a part of the domain is in two layers"
    assert parts == set(layered), "each package and top-level module of domain/ has one layer"


def test_no_package_of_the_domain_imports_a_higher_layer(graph: grimp.ImportGraph) -> None:
    edges = _domain_edges(graph)
    # Imports of the adapters are judged by the ORM list below, not here.
    upward = {
        edge: via
        for edge, via in edges.items()
        if edge[1] != ADAPTERS and _layer_of(edge[1]) > _layer_of(edge[0])
    }
    broken = [
        f"rule: a package imports its own layer or lower; {a} ({LAYERS[_layer_of(a)][0]}) "
        f"imports {b} ({LAYERS[_layer_of(b)][0]}), via {', '.join(upward[(a, b)])}"
        for a, b in sorted(set(upward) - UPWARD_ALLOWED)
    ]
    stale = [
        f"{a} -> {b} no longer imports a higher layer: strike it off UPWARD_ALLOWED"
        for a, b in sorted(UPWARD_ALLOWED - set(upward))
    ]
    assert broken + stale == []


def test_no_two_packages_of_the_domain_import_each_other(graph: grimp.ImportGraph) -> None:
    edges = _domain_edges(graph)
    pairs = {(a, b) for a, b in edges if a < b and (b, a) in edges}
    broken = [
        f"rule: dependencies go one way; {a} ({LAYERS[_layer_of(a)][0]}) and {b} "
        f"({LAYERS[_layer_of(b)][0]}) import each other: {edges[(a, b)][0]}; {edges[(b, a)][0]}"
        for a, b in sorted(pairs - PAIRS_ALLOWED)
    ]
    stale = [
        f"{a} and {b} no longer import each other: strike them off PAIRS_ALLOWED"
        for a, b in sorted(PAIRS_ALLOWED - pairs)
    ]
    assert broken + stale == []


def test_only_the_listed_modules_import_the_database_models(graph: grimp.ImportGraph) -> None:
    importers = {
        module
        for module in graph.find_modules_that_directly_import("domain.infra.models")
        if not module.startswith("domain.infra")
    }
    broken = [
        f"rule: the database stays behind ports in the adapters layer; {module} imports "
        "domain.infra.models (ask a service or a store's port instead)"
        for module in sorted(importers - ORM_ALLOWED)
    ]
    stale = [
        f"{module} no longer imports domain.infra.models: strike it off ORM_ALLOWED"
        for module in sorted(ORM_ALLOWED - importers)
    ]
    assert broken + stale == []


# Modules of domain/ outside domain/infra that import an adapter other than the models
# (the ORM's queries, the image codec, Telegram's callback data): each with the adapters it
# imports. May only shrink, like ORM_ALLOWED.
ADAPTERS_ALLOWED: dict[str, set[str]] = {}


def test_inside_the_domain_only_the_listed_modules_import_an_adapter(
    graph: grimp.ImportGraph,
) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for module in sorted(graph.modules):
        if not module.startswith("domain.") or module.startswith(("domain.infra", COMPOSITION)):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("domain.infra.") and imported != "domain.infra.models":
                found[module].add(imported.removeprefix("domain.infra."))
    broken = [
        f"rule: nothing but the composition roots imports an adapter; {module} "
        f"({LAYERS[_layer_of(module.split('.')[1])][0]}) imports domain.infra.{adapter} "
        "(ask for its port instead)"
        for module, adapters in sorted(found.items())
        for adapter in sorted(adapters - ADAPTERS_ALLOWED.get(module, set()))
    ]
    stale = [
        f"{module} no longer imports domain.infra.{adapter}: strike it off ADAPTERS_ALLOWED"
        for module, adapters in sorted(ADAPTERS_ALLOWED.items())
        for adapter in sorted(adapters - found.get(module, set()))
    ]
    assert broken + stale == []


# The processes' entry points build their stack and hand it to the composition root; the
# bot's handlers are Telegram's side of the buttons, so they read the buttons' wire format
# (aiogram callback data, shared with the messenger that draws them). Nothing else of bot/
# or workers/ touches an adapter: handlers and jobs ask services.
ENTRY_POINTS = {"bot.app", "workers.app"}
WIRE_FORMAT = "domain.infra.telegram.callbacks"


def test_handlers_and_jobs_reach_adapters_only_through_services(
    graph: grimp.ImportGraph,
) -> None:
    broken = [
        f"rule: handlers and jobs ask services; {module} imports {imported} "
        "(only bot.app and workers.app build adapters)"
        for module in sorted(graph.modules)
        if module.startswith(("bot.", "workers.")) and module not in ENTRY_POINTS
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if imported.startswith("domain.infra") and imported != WIRE_FORMAT
    ]
    assert broken == []
