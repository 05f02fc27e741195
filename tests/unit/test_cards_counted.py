"""After a delivery the chat's open person cards are redrawn a little later (the
``SHOW_CARDS`` job): the deliveries of a burst share one redraw, and one landing while
that redraw runs queues the next (it found the job running and queued nothing: a card
stayed one photo short until the next change)."""

from __future__ import annotations

from domain.delivery.albums import CARDS_AFTER_S, cards_counted
from domain.jobs import queue as job_names
from tests.fakes.recognition import MemoryJobQueue


async def test_a_burst_shares_one_redraw_and_a_delivery_during_it_queues_the_next() -> None:
    jobs = MemoryJobQueue()  # an id stays taken while its job is queued or running
    await cards_counted(jobs, 42, now=100.2)
    await cards_counted(jobs, 42, now=100.2 + CARDS_AFTER_S / 2)
    assert list(jobs.queued.values()) == [(job_names.SHOW_CARDS, ("42",))]

    # The redraw runs at the slot's end; a delivery while it runs is read by another.
    await cards_counted(jobs, 42, now=100.0 + CARDS_AFTER_S + 0.05)
    assert list(jobs.queued.values()) == [(job_names.SHOW_CARDS, ("42",))] * 2
    # Another chat's deliveries are its own.
    await cards_counted(jobs, 7, now=100.3)
    assert len(jobs.queued) == 3
