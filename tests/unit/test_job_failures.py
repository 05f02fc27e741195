"""Every job, cron jobs too, runs through ``workers.jobs.job``: a failure is counted by
the job's name on ``/metrics`` (what an operator alerts on), a "try again later" becomes
arq's deferred retry and is no failure. A fresh worker shows each job's failures, and each
delivery outcome, at 0 before anything happened."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace
from typing import Any, cast

import pytest
from arq import Retry
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from domain.retry import TryAgainLater
from domain.settings import Settings
from tests.conftest import REPO
from workers import jobs
from workers.app import JOBS, cron_jobs
from workers.jobs import WorkerContext


def failures(job: str) -> float:
    return REGISTRY.get_sample_value("facedrop_job_failures_total", {"job": job}) or 0.0


def context(*, services: object = None, face_work: object = None, **arq: object) -> WorkerContext:
    """A worker's ctx holding only the stand-ins a test gives."""
    return cast(WorkerContext, {"services": services, "face_work": face_work, **arq})


class Broken:
    async def run(self) -> None:
        raise RuntimeError("Postgres went away")


class Busy:
    async def run(self) -> None:
        raise TryAgainLater(30)


async def test_a_cron_job_that_raises_is_counted_by_its_name() -> None:
    before = failures("reconcile")
    with pytest.raises(RuntimeError, match="Postgres went away"):
        await jobs.reconcile(
            context(services=SimpleNamespace(reconciler=Broken()), job_id="cron:reconcile")
        )
    assert failures("reconcile") == before + 1


async def test_trying_again_later_is_a_deferred_retry_not_a_failure() -> None:
    before = failures("apply_retention")
    with pytest.raises(Retry) as retry:
        await jobs.apply_retention(context(face_work=SimpleNamespace(retention=Busy())))
    assert retry.value.defer_score == 30_000
    assert failures("apply_retention") == before


def test_every_job_and_cron_job_runs_through_the_wrapper() -> None:
    functions: list[Any] = [*JOBS, *(c.coroutine for c in cron_jobs(Settings()))]
    unwrapped = [f.__name__ for f in functions if not hasattr(f, "__wrapped__")]
    assert len(functions) > 20 and unwrapped == []


# A worker process as `facedrop worker` builds it, before it takes a job: its metrics.
FRESH_WORKER = """
from prometheus_client import generate_latest
from domain.settings import Settings
from workers.app import build_worker
build_worker({}, Settings(_env_file=None), "redis://127.0.0.1:1/0")
print(generate_latest().decode())
"""


def test_a_fresh_worker_shows_every_failure_and_delivery_series_at_zero() -> None:
    # Prometheus's increase() sees a series that first appears at 1 as no increase: the
    # first failure after a restart would alert no one unless the series was there at 0.
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACEDROP_")}
    shown = subprocess.run(
        [sys.executable, "-c", FRESH_WORKER],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    samples = {
        (sample.name, *sample.labels.values()): sample.value
        for family in text_string_to_metric_families(shown.stdout)
        for sample in family.samples
    }
    functions: list[Any] = [*JOBS, *(c.coroutine for c in cron_jobs(Settings()))]
    names = [f.__name__ for f in functions]
    assert "deliver" in names and "reconcile" in names
    for name in names:
        assert samples.get(("facedrop_job_failures_total", name)) == 0, name
    for outcome in ("sent", "failed", "parked", "cancelled", "taken_down"):
        assert samples.get(("facedrop_deliveries_total", outcome)) == 0, outcome
    assert samples.get(("facedrop_telegram_rate_limited_total",)) == 0
