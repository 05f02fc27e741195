"""docker-compose.yml, checked without Docker (``docker compose config`` is not here).

The file is validated against the official Compose Specification schema
(compose-spec/compose-spec, ``schema/compose-spec.json``) as check-jsonschema ships it
(``check_jsonschema/builtin_schemas/vendor/``, refreshed from upstream with each release;
raise its pin in pyproject.toml for a newer schema). That schema lets any string stand
where a ``${VAR}`` may, so ``retries: "three"`` or ``restart: sometimes`` pass it: compose
or the engine refuses them only later. ``STRICTER`` adds what they accept, and the
validator checks both at once.

Then what the schema cannot know: each facedrop service runs a subcommand the CLI's own
parser accepts, health checks ask the operator's port, volumes are named, the webhook's
secret is required, and ``.env.example`` names every variable the file uses.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from prometheus_client import REGISTRY
from referencing import Registry, Resource

from cli.main import build_parser
from domain.observability import metrics  # noqa: F401 (registers facedrop's metrics)
from domain.settings import OpsSettings, TelegramSettings
from tests.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
DOCKERFILE = REPO / "Dockerfile"

# A value compose interpolates: the official schema's reason to allow any string.
INTERPOLATED = {"type": "string", "pattern": r"\$\{"}
# Go's time.ParseDuration, what compose reads durations with: 30s, 1m30s, 500ms.
DURATION = {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"}
STRICTER: dict[str, Any] = {
    "properties": {
        "services": {
            "additionalProperties": {
                "properties": {
                    "restart": {
                        "anyOf": [
                            {"pattern": r"^(no|always|unless-stopped|on-failure(:[0-9]+)?)$"},
                            INTERPOLATED,
                        ]
                    },
                    "healthcheck": {
                        "properties": {
                            "retries": {"anyOf": [{"type": "integer", "minimum": 0}, INTERPOLATED]},
                            **{
                                name: {"anyOf": [DURATION, INTERPOLATED]}
                                for name in (
                                    "interval",
                                    "timeout",
                                    "start_period",
                                    "start_interval",
                                )
                            },
                        }
                    },
                }
            }
        }
    }
}

# Subcommands that serve the operator's port (/healthz, /readyz, /metrics), and those
# that run the bot (and so its webhook).
SERVING = {"run", "bot", "worker"}
RUNS_THE_BOT = {"run", "bot"}
HEALTH_URL = re.compile(r"https?://(?:127\.0\.0\.1|localhost)(?::(\d+))?/(readyz|healthz)\b")
VARIABLE = re.compile(r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


def official_schema() -> dict[str, Any]:
    text = (files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator() -> Draft202012Validator:
    """The official schema and ``STRICTER``, both at once."""
    official = official_schema()
    Draft202012Validator.check_schema(official)
    registry: Registry[Any] = Registry().with_resource(
        official["$id"], Resource.from_contents(official)
    )
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [{"$ref": official["$id"]}, STRICTER],
    }
    return Draft202012Validator(schema, registry=registry)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Each error as ``path: message``, e.g. ``services/bot/restart: 'x' is not valid...``."""
    found = []
    for error in validator().iter_errors(document):
        path = "/".join(str(part) for part in error.absolute_path)
        found.append(f"{path}: {error.message}")
    return sorted(found)


def load_compose() -> dict[str, Any]:
    """docker-compose.yml as compose reads it, anchors and ``<<`` merges resolved."""
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = load_compose()["services"]
    return found


def _dockerfile_instruction(name: str) -> list[str]:
    """The exec form (``["facedrop"]``) of the Dockerfile's last ENTRYPOINT or CMD."""
    found: list[str] | None = None
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith(f"{name} "):
            value = json.loads(line.removeprefix(f"{name} "))
            assert isinstance(value, list), f"Dockerfile: {name} is not in exec form"
            found = [str(part) for part in value]
    assert found is not None, f"Dockerfile has no {name}"
    return found


def builds_the_project(service: dict[str, Any]) -> bool:
    """Runs this repository's image: built from its Dockerfile (not an inline one), or
    named like it (``facedrop:latest``)."""
    if str(service.get("image", "")).partition(":")[0] == "facedrop":
        return True
    build = service.get("build")
    if isinstance(build, str):
        return build in (".", "./")
    if isinstance(build, dict):
        return (
            build.get("context", ".") in (".", "./")
            and "dockerfile_inline" not in build
            and build.get("dockerfile", "Dockerfile") == "Dockerfile"
        )
    return False


def _as_list(value: str | list[Any]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(part) for part in value]


def container_argv(service: dict[str, Any]) -> list[str]:
    """What the service's container runs: its entrypoint, then its command."""
    if "entrypoint" in service:  # compose's entrypoint drops the image's CMD too
        entrypoint = _as_list(service["entrypoint"])
        command = _as_list(service.get("command", []))
    else:
        entrypoint = _dockerfile_instruction("ENTRYPOINT")
        command = _as_list(service.get("command", _dockerfile_instruction("CMD")))
    return [*entrypoint, *command]


def facedrop_services() -> dict[str, list[str]]:
    """Each service the project's image runs, with what its container runs."""
    return {
        name: container_argv(service)
        for name, service in services().items()
        if builds_the_project(service)
    }


def running(subcommands: set[str]) -> set[str]:
    """The services that run ``facedrop`` with one of these subcommands."""
    return {
        name
        for name, argv in facedrop_services().items()
        if argv[:1] == ["facedrop"] and argv[1:2] and argv[1] in subcommands
    }


def environment(service: dict[str, Any]) -> dict[str, str | None]:
    value = service.get("environment", {})
    if isinstance(value, list):
        pairs = (item.partition("=") for item in value)
        return {key: (rest if sep else None) for key, sep, rest in pairs}
    return {key: None if item is None else str(item) for key, item in value.items()}


def healthcheck_test(service: dict[str, Any]) -> str:
    test = service.get("healthcheck", {}).get("test", [])
    return test if isinstance(test, str) else " ".join(str(part) for part in test)


def exposed_ports(service: dict[str, Any]) -> set[int]:
    return {int(str(port).split("/")[0]) for port in service.get("expose", [])}


def waited_for(condition: str) -> set[str]:
    """The services some other service waits for with ``condition``."""
    found = set()
    for service in services().values():
        depends_on = service.get("depends_on", {})
        if isinstance(depends_on, dict):
            found |= {name for name, how in depends_on.items() if how.get("condition") == condition}
    return found


def strings(node: Any) -> Iterator[str]:
    """Every key and value of the loaded file that is a string."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def compose_variables() -> set[str]:
    found = set()
    for text in strings(load_compose()):
        for match in VARIABLE.finditer(text):
            name = match.group(1) or match.group(2)
            if name:  # not "$$", compose's escaped dollar
                found.add(name)
    return found


# The schema.


def test_compose_file_follows_the_compose_specification() -> None:
    assert official_schema()["title"] == "Compose Specification"
    assert schema_errors(load_compose()) == []


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node = document
        for part in parents:
            node = node[part]
        node[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "where", "said"),
    [
        pytest.param(
            _set("services/bot/healthcheck/retries", "three"),
            "services/bot/healthcheck/retries",
            "'three' is not valid",
            id="retries-three",
        ),
        pytest.param(
            _set("services/bot/restart_policy", "always"),
            "services/bot",
            "('restart_policy' was unexpected)",
            id="unknown-service-key",
        ),
        pytest.param(
            _set("services/bot/restart", "sometimes"),
            "services/bot/restart",
            "'sometimes' is not valid",
            id="restart-sometimes",
        ),
        pytest.param(
            _set("services/postgres/healthcheck/interval", "5 seconds"),
            "services/postgres/healthcheck/interval",
            "'5 seconds' is not valid",
            id="interval-not-a-duration",
        ),
        pytest.param(
            _set("volumes/models", {"driver": "local", "size": "10G"}),
            "volumes/models",
            "'size' does not match any of the regexes",
            id="unknown-volume-key",
        ),
    ],
)
def test_the_validator_refuses_a_broken_copy(
    change: Callable[[dict[str, Any]], None], where: str, said: str
) -> None:
    broken = copy.deepcopy(load_compose())
    change(broken)

    errors = schema_errors(broken)

    assert any(error.startswith(f"{where}: ") and said in error for error in errors), errors


def test_the_stricter_rules_still_let_a_variable_stand_there() -> None:
    document = copy.deepcopy(load_compose())
    document["services"]["bot"]["restart"] = "${BOT_RESTART:-unless-stopped}"
    document["services"]["bot"]["healthcheck"]["retries"] = "${HEALTH_RETRIES:-3}"

    assert schema_errors(document) == []


# What the schema cannot know.


def test_the_image_runs_the_projects_facedrop_command() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["facedrop"] == "cli.main:main"
    assert _dockerfile_instruction("ENTRYPOINT") == ["facedrop"]
    # `docker run facedrop:latest` alone runs the image's CMD.
    build_parser().parse_args(_dockerfile_instruction("CMD"))


def test_the_facedrop_services_are_found() -> None:
    assert {"migrate", "bot", "worker"} <= set(facedrop_services())


@pytest.mark.parametrize("name", sorted(facedrop_services()))
def test_each_facedrop_service_runs_a_subcommand_the_cli_accepts(name: str) -> None:
    argv = facedrop_services()[name]
    assert argv[:1] == ["facedrop"], f"service {name!r} runs {shlex.join(argv)}, not facedrop"
    usage = io.StringIO()
    try:
        with contextlib.redirect_stderr(usage):
            args = build_parser().parse_args(argv[1:])
    except SystemExit:
        pytest.fail(
            f"service {name!r} runs `{shlex.join(argv)}`, which facedrop refuses:\n"
            f"{usage.getvalue()}"
        )
    assert callable(args.handler), name


def test_facedrop_services_report_readiness_on_the_operators_port() -> None:
    serving = running(SERVING)
    assert serving, "no facedrop service serves the operator's port"
    default_port = OpsSettings.model_fields["port"].default
    for name in serving:
        service = services()[name]
        env = environment(service)
        port = int(env.get("FACEDROP_OPS__PORT") or default_port)
        assert env.get("FACEDROP_OPS__ENABLED", "true") not in ("false", "0"), name
        # 0.0.0.0: reachable on the compose network (Prometheus), not only inside.
        assert env.get("FACEDROP_OPS__HOST") == "0.0.0.0", name
        assert port in exposed_ports(service), f"{name} does not expose its port {port}"
        assert not service.get("healthcheck", {}).get("disable"), name
        asked = HEALTH_URL.search(healthcheck_test(service))
        assert asked is not None, f"{name}'s healthcheck asks no /readyz: {service['healthcheck']}"
        assert int(asked.group(1) or 80) == port, f"{name}'s healthcheck asks port {asked[1]}"


def test_every_service_restarts_and_says_when_it_is_healthy() -> None:
    one_shots = waited_for("service_completed_successfully")
    for name, service in services().items():
        assert "restart" in service, f"{name} has no restart policy"
        if name in one_shots:
            # Done once it exits 0: restarting it, or waiting for it to be healthy, is wrong.
            restart = service["restart"]
            assert restart == "no" or restart.startswith("on-failure"), f"{name}: {restart}"
            continue
        assert service["restart"] in ("always", "unless-stopped"), name
        healthcheck = service.get("healthcheck", {})
        assert healthcheck.get("test") and not healthcheck.get("disable"), (
            f"{name} has no healthcheck"
        )
    for name in waited_for("service_healthy"):
        assert name in services(), name
        assert name not in one_shots, name


def _volume_source(mount: str | dict[str, Any]) -> tuple[str, str]:
    """(source, target) of a short (``models:/models:ro``) or long mount."""
    if isinstance(mount, dict):
        return str(mount.get("source", "")), str(mount["target"])
    source, sep, rest = mount.partition(":")
    if not sep:  # "/data" alone: an anonymous volume
        return "", source
    return source, rest.split(":")[0]


def test_volumes_are_named_and_declared() -> None:
    declared = set(load_compose().get("volumes") or {})
    used = set()
    for name, service in services().items():
        for mount in service.get("volumes", []):
            source, target = _volume_source(mount)
            assert source, f"{name}: {target} is an anonymous volume, lost when recreated"
            if source.startswith((".", "/", "~")):
                path = (REPO / source).resolve()
                assert source.startswith("."), f"{name}: {source} is outside the repository"
                assert path.is_file() and path.is_relative_to(REPO), f"{name}: no file {source}"
                continue
            assert source in declared, f"{name}: volume {source} is not declared"
            used.add(source)
            if builds_the_project(service):
                # Docker gives an empty named volume the owner of the image's folder: the
                # image's user must own it, or it cannot write there.
                assert re.search(
                    rf"^RUN .*chown [^\n]*{re.escape(target)}\b", DOCKERFILE.read_text(), re.M
                ), f"{name}: the Dockerfile does not make {target} its user's"
    assert used == declared, f"declared but unused: {sorted(declared - used)}"


def test_the_webhook_cannot_run_without_its_secret() -> None:
    bots = running(RUNS_THE_BOT)
    assert bots
    default_port = TelegramSettings.model_fields["webhook_port"].default
    for name in bots:
        service = services()[name]
        env = environment(service)
        secret = env.get("FACEDROP_TELEGRAM__WEBHOOK_SECRET") or ""
        # ${VAR:?message} (or ${VAR?message}): compose refuses to start without it.
        assert re.fullmatch(r"\$\{FACEDROP_TELEGRAM__WEBHOOK_SECRET:?\?[^}]+\}", secret), (
            f"{name}: FACEDROP_TELEGRAM__WEBHOOK_SECRET is not required ({secret!r})"
        )
        assert "FACEDROP_TELEGRAM__WEBHOOK_URL" in env, name
        port = int(env.get("FACEDROP_TELEGRAM__WEBHOOK_PORT") or default_port)
        assert port in exposed_ports(service), f"{name} does not expose the webhook's {port}"


def _example_names(text: str) -> dict[str, bool]:
    """Each variable .env.example names, and whether it is set (not commented out)."""
    names = {}
    for line in text.splitlines():
        if found := re.match(r"^(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=", line.strip()):
            names[found[2]] = not found[1]
    return names


def test_env_example_names_every_variable_the_compose_file_uses() -> None:
    assert ENV_EXAMPLE.is_file()
    named = _example_names(ENV_EXAMPLE.read_text())
    used = compose_variables()
    assert {"POSTGRES_PASSWORD", "FACEDROP_BOT_TOKEN"} <= used  # the parsing finds them

    assert sorted(used - set(named)) == []
    # Required secrets stay unset there, so compose refuses to start until they are set.
    required = {
        match[1]
        for text in strings(load_compose())
        for match in re.finditer(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?\?", text)
    }
    assert required
    assert sorted(name for name in required if named.get(name)) == []


def test_the_example_environment_holds_no_secret() -> None:
    secrets = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY")
    for line in ENV_EXAMPLE.read_text().splitlines():
        name, sep, value = line.partition("#")[0].strip().partition("=")
        if sep and secrets.search(name):
            assert value.strip() in ("", "''", '""') or value.strip().startswith("<"), line


# ----- Prometheus: its configuration and alert rules, inline in the compose file ---------------


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        raise RuntimeError("no promtool: install Debian's prometheus (apt-get install prometheus)")
    return path


def interpolated(text: str) -> str:
    """``text`` as compose writes it with an empty ``.env``: each ``${VAR:-default}`` its
    default, ``$$`` a literal ``$``."""

    def value(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        assert match[1] is not None, f"{match[0]} has no default"
        return match[1]

    return re.sub(r"\$\$|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}", value, text)


def prometheus_files(tmp_path: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The Prometheus service's configs written out as its container sees them, the main
    file pointing at the rules beside it."""
    configs = load_compose()["configs"]
    mounted = {
        mount["target"]: interpolated(configs[mount["source"]]["content"])
        for mount in services()["prometheus"]["configs"]
    }
    config = yaml.safe_load(mounted["/etc/prometheus/prometheus.yml"])
    rules = {}
    for i, target in enumerate(config.get("rule_files", [])):
        local = tmp_path / f"rules-{i}.yml"
        local.write_text(mounted[target])
        rules.update({str(local): yaml.safe_load(mounted[target])})
    config["rule_files"] = list(rules)
    main = tmp_path / "prometheus.yml"
    main.write_text(yaml.safe_dump(config))
    return main, config, rules


def test_prometheus_accepts_its_configuration_and_alert_rules(tmp_path: Path) -> None:
    main, _, rules = prometheus_files(tmp_path)
    assert rules, "Prometheus evaluates no alert rules"
    checked = subprocess.run(
        [promtool(), "check", "config", str(main)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS" in checked.stdout + checked.stderr


def test_prometheus_scrapes_every_facedrop_process_and_alerts_on_real_metrics(
    tmp_path: Path,
) -> None:
    _, config, rules = prometheus_files(tmp_path)
    (scrape,) = config["scrape_configs"]
    (sd,) = scrape["dns_sd_configs"]
    port = OpsSettings.model_fields["port"].default
    assert set(sd["names"]) == running(SERVING) - {"migrate"}
    for name in sd["names"]:
        service = services()[name]
        assert int(environment(service).get("FACEDROP_OPS__PORT") or port) == sd["port"], name
        assert sd["port"] in exposed_ports(service), name
    # Each target is labelled with its service, which the alerts on missing processes count.
    assert {"source_labels": ["__meta_dns_name"], "target_label": "service"} in scrape[
        "relabel_configs"
    ]
    # Every metric an alert reads is one facedrop exports (a typo would never fire).
    exported = {family.name for family in REGISTRY.collect()} | {"up"}
    assert "facedrop_ready" in exported and "facedrop_deliveries" in exported
    exprs = [
        rule["expr"]
        for file in rules.values()
        for group in file["groups"]
        for rule in group["rules"]
    ]
    named = {m for expr in exprs for m in re.findall(r"\b(facedrop_[a-z_]+|up)\b", expr)}
    assert named and {m.removesuffix("_total") for m in named} <= exported, named - exported
    for counter in ("facedrop_deliveries", "facedrop_job_failures"):
        assert any(counter in expr for expr in exprs), counter


def rules_pass(tmp_path: Path, tests: list[dict[str, Any]]) -> None:
    """``promtool test rules``: the alert rules, on these series, fire as ``tests`` say
    (each alert expected with its rule's annotations)."""
    _, _, rules = prometheus_files(tmp_path)
    annotations = {
        rule["alert"]: rule.get("annotations", {})
        for file in rules.values()
        for group in file["groups"]
        for rule in group["rules"]
    }
    for test in tests:
        for case in test["alert_rule_test"]:
            for expected in case["exp_alerts"]:
                expected.setdefault("exp_annotations", annotations[case["alertname"]])
    unit = tmp_path / "alerts.test.yml"
    unit.write_text(
        yaml.safe_dump({"rule_files": list(rules), "evaluation_interval": "1m", "tests": tests})
    )
    tested = subprocess.run(
        [promtool(), "test", "rules", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_the_first_failed_delivery_after_a_start_alerts(tmp_path: Path) -> None:
    # A worker exports facedrop_deliveries_total{outcome="failed"} at 0 from its start
    # (tests/unit/test_job_failures.py), so its first failure is an increase.
    worker = 'job="facedrop", instance="10.0.0.3:9464"'
    rules_pass(
        tmp_path,
        [
            {
                "interval": "1m",
                "input_series": [
                    {
                        "series": f'facedrop_deliveries_total{{outcome="failed", {worker}}}',
                        "values": "0 0 0 1 1 1",
                    }
                ],
                "alert_rule_test": [
                    {"eval_time": "2m", "alertname": "FacedropDeliveriesFailing", "exp_alerts": []},
                    {
                        "eval_time": "4m",
                        "alertname": "FacedropDeliveriesFailing",
                        "exp_alerts": [{}],
                    },
                ],
            },
            {
                # What the worker did before: the series appeared at 1, and nothing fired.
                "interval": "1m",
                "input_series": [
                    {
                        "series": f'facedrop_deliveries_total{{outcome="failed", {worker}}}',
                        "values": "_ _ _ 1 1 1",
                    }
                ],
                "alert_rule_test": [
                    {"eval_time": "5m", "alertname": "FacedropDeliveriesFailing", "exp_alerts": []}
                ],
            },
        ],
    )


def up(service: str, instance: str, values: str) -> dict[str, str]:
    """A target's ``up`` series as the scrape config labels it."""
    labels = f'job="facedrop", service="{service}", instance="{instance}:9464"'
    return {"series": f"up{{{labels}}}", "values": values}


def test_a_bot_or_worker_that_vanishes_from_dns_alerts(tmp_path: Path) -> None:
    # A crashed container leaves Docker's DNS: its target goes (a stale marker), and no
    # up == 0 is ever recorded for FacedropProcessDown to see.
    replicas = services()["worker"]["deploy"]["replicas"]
    (workers_missing,) = [
        rule["expr"]
        for rule in yaml.safe_load(load_compose()["configs"]["alerts"]["content"])["groups"][0][
            "rules"
        ]
        if rule["alert"] == "FacedropWorkersMissing"
    ]
    assert workers_missing.endswith(f"< {replicas}"), "the alert expects the workers compose runs"
    assert interpolated(str(replicas)) == "2"

    def quiet(alert: str, at: str) -> dict[str, Any]:
        return {"eval_time": at, "alertname": alert, "exp_alerts": []}

    def fires(alert: str, at: str) -> dict[str, Any]:
        return {"eval_time": at, "alertname": alert, "exp_alerts": [{}]}

    everyone = "FacedropBotMissing", "FacedropWorkersMissing", "FacedropProcessDown"
    rules_pass(
        tmp_path,
        [
            {  # all up: nothing fires
                "interval": "1m",
                "input_series": [
                    up("bot", "10.0.0.2", "1x15"),
                    up("worker", "10.0.0.3", "1x15"),
                    up("worker", "10.0.0.4", "1x15"),
                ],
                "alert_rule_test": [quiet(alert, "15m") for alert in everyone],
            },
            {  # the bot crashes at 2m and is gone from DNS
                "interval": "1m",
                "input_series": [
                    up("bot", "10.0.0.2", "1 1 stale"),
                    up("worker", "10.0.0.3", "1x15"),
                    up("worker", "10.0.0.4", "1x15"),
                ],
                "alert_rule_test": [
                    quiet("FacedropBotMissing", "5m"),
                    fires("FacedropBotMissing", "8m"),
                    quiet("FacedropWorkersMissing", "8m"),
                    quiet("FacedropProcessDown", "8m"),
                ],
            },
            {  # one of the two workers crashes at 2m
                "interval": "1m",
                "input_series": [
                    up("bot", "10.0.0.2", "1x15"),
                    up("worker", "10.0.0.3", "1x15"),
                    up("worker", "10.0.0.4", "1 1 stale"),
                ],
                "alert_rule_test": [
                    quiet("FacedropWorkersMissing", "5m"),
                    fires("FacedropWorkersMissing", "8m"),
                    quiet("FacedropBotMissing", "8m"),
                    quiet("FacedropProcessDown", "8m"),
                ],
            },
            {  # every worker gone: count() is empty, and still it fires
                "interval": "1m",
                "input_series": [
                    up("bot", "10.0.0.2", "1x15"),
                    up("worker", "10.0.0.3", "1 1 stale"),
                    up("worker", "10.0.0.4", "1 1 stale"),
                ],
                "alert_rule_test": [fires("FacedropWorkersMissing", "8m")],
            },
        ],
    )
