"""The Prometheus metrics every facedrop process exports at ``/metrics``.

They are prometheus-client's module-level collectors in its default registry, as the
library means them to be used: counted where things happen, summed over processes by
Prometheus. Gauges that describe shared state (the job queue, the face index) are read
when scraped (``refresh``), by the process serving the scrape.

A labelled counter has each label value it will have from the start, at 0: a series that
first appears at 1 is no increase to Prometheus (``increase()`` needs a sample before the
change), so the first failure after a restart would alert no one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import UTC, datetime

from prometheus_client import REGISTRY, Counter, Gauge, Histogram

from domain.states import DeliveryStatus

# Seconds: from a posted photo to its faces matched, and to its delivery (which may wait
# for an album, a digest or Telegram's limits).
RECOGNITION_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120)
DELIVERY_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 86400)

PHOTOS_RECEIVED = Counter("facedrop_photos_received", "Group photos recorded")
FACES_DETECTED = Counter("facedrop_faces_detected", "Faces found in group photos")
RECOGNITION_SECONDS = Histogram(
    "facedrop_recognition_seconds",
    "Time to recognize one group photo (download, detect and embed, match, store)",
    buckets=RECOGNITION_BUCKETS,
)
DELIVERIES = Counter(
    "facedrop_deliveries",
    "Photo deliveries to guardians that ended, by outcome (sent, failed, parked, ...)",
    ["outcome"],
)
# How a delivery ends: the outcomes counted (``delivered``).
DELIVERY_OUTCOMES = (
    DeliveryStatus.SENT,
    DeliveryStatus.FAILED,
    DeliveryStatus.PARKED,
    DeliveryStatus.CANCELLED,
    DeliveryStatus.TAKEN_DOWN,
)
for _outcome in DELIVERY_OUTCOMES:
    DELIVERIES.labels(outcome=_outcome)
DELIVERY_SECONDS = Histogram(
    "facedrop_delivery_seconds",
    "From a photo posted in the group to its copy sent to a guardian",
    buckets=DELIVERY_BUCKETS,
)
TELEGRAM_429 = Counter("facedrop_telegram_rate_limited", "Telegram answers 429 (too many requests)")
JOB_FAILURES = Counter("facedrop_job_failures", "Jobs that raised, by job", ["job"])
QUEUE_DEPTH = Gauge("facedrop_queue_depth", "Jobs due and waiting for a worker (read when scraped)")
# Exported by the processes that hold the face index (a worker, `facedrop run`) from their
# first scrape, not by the bot: it has no index to read, and its 0 would drag down any sum
# or average over processes.
INDEX_FACES = Gauge(
    "facedrop_index_faces", "Faces in the face index (read when scraped)", registry=None
)
UPDATES_HANDLING = Gauge(
    "facedrop_updates_handling", "Telegram updates this bot process is handling now"
)
BACKGROUND_WORK = Gauge(
    "facedrop_background_work",
    "Tasks this process runs in the background, besides updates and jobs (the admin chats' "
    "menus the bot sets at its start)",
)
READY = Gauge(
    "facedrop_ready",
    "1 while a component this process needs answers in time, as /readyz says (read when scraped)",
    ["check"],
)


def updates_handling() -> int:
    """How many Telegram updates this process's bot is handling now."""
    return _now(UPDATES_HANDLING)


def background_work() -> int:
    """How many background tasks of this process (``BACKGROUND_WORK``) are not done."""
    return _now(BACKGROUND_WORK)


def _now(gauge: Gauge) -> int:
    """A gauge's value, read from the gauge itself: the registry's ``get_sample_value``
    collects every metric of the process to find one (a quarter of the CPU the tests spent
    waiting for work to finish, which read these twenty times a second)."""
    (metric,) = gauge.collect()
    return int(metric.samples[0].value)


def counting_failures_of(jobs: Iterable[str]) -> None:
    """The jobs this process runs, each one's ``facedrop_job_failures_total`` at 0 from now."""
    for job in jobs:
        JOB_FAILURES.labels(job=job)


def index_size(faces: int) -> None:
    """The face index holds ``faces``: ``facedrop_index_faces`` from now on."""
    with contextlib.suppress(ValueError):  # registered at an earlier scrape
        REGISTRY.register(INDEX_FACES)
    INDEX_FACES.set(faces)


def delivered(outcome: str, posted_at: datetime | None = None, *, count: int = 1) -> None:
    """``count`` deliveries ended so; a sent one also tells how long after the posting."""
    if count <= 0:
        return
    DELIVERIES.labels(outcome=outcome).inc(count)
    if outcome == "sent" and posted_at is not None:
        DELIVERY_SECONDS.observe(max(0.0, (datetime.now(UTC) - posted_at).total_seconds()))
