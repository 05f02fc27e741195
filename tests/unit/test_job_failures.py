"""Every job, cron jobs too, runs through ``workers.jobs.job``: a failure is counted by
the job's name on ``/metrics`` (what an operator alerts on), a "try again later" becomes
arq's deferred retry and is no failure."""

from __future__ import annotations

from typing import Any

import pytest
from arq import Retry
from prometheus_client import REGISTRY

from domain.retry import TryAgainLater
from domain.settings import Settings
from workers import jobs
from workers.app import JOBS, cron_jobs


def failures(job: str) -> float:
    return REGISTRY.get_sample_value("facedrop_job_failures_total", {"job": job}) or 0.0


class Broken:
    async def run(self) -> None:
        raise RuntimeError("Postgres went away")


class Busy:
    async def run(self) -> None:
        raise TryAgainLater(30)


async def test_a_cron_job_that_raises_is_counted_by_its_name() -> None:
    before = failures("reconcile")
    with pytest.raises(RuntimeError, match="Postgres went away"):
        await jobs.reconcile({"reconciler": Broken(), "job_id": "cron:reconcile"})
    assert failures("reconcile") == before + 1


async def test_trying_again_later_is_a_deferred_retry_not_a_failure() -> None:
    before = failures("apply_retention")
    with pytest.raises(Retry) as retry:
        await jobs.apply_retention({"retention": Busy()})
    assert retry.value.defer_score == 30_000
    assert failures("apply_retention") == before


def test_every_job_and_cron_job_runs_through_the_wrapper() -> None:
    functions: list[Any] = [*JOBS, *(c.coroutine for c in cron_jobs(Settings()))]
    unwrapped = [f.__name__ for f in functions if not hasattr(f, "__wrapped__")]
    assert len(functions) > 20 and unwrapped == []
