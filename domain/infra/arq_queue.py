"""``domain.jobs.queue.JobQueue`` on arq, and the worker's half of its promise: a job asked
for while its namesake runs is run again once that run ends.

arq refuses a job whose id is queued or running (``ArqRedis.enqueue_job`` returns None
while ``arq:job:<id>`` exists). While it waits in the queue that is right: the job has not
read anything yet. While it runs it is not: what the new request was about may have
changed after the run read it (an answer pressed while the verdict was being told), and
it waited for the reconcile cron, a minute. So the refused request leaves a mark of its
own (``RUN_AGAIN``), and the run, once ended, runs again when it finds one
(``run_while_asked``, around every job but the crons)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from arq import ArqRedis
from arq.connections import RedisSettings
from arq.constants import in_progress_key_prefix, job_key_prefix

log = logging.getLogger(__name__)

# A request that came while the job of its id ran: run it again (``<prefix><job id>``).
RUN_AGAIN = "facedrop:run-again:"
# A run that found no such mark and is ending: a mark now would be seen by no run, so a
# request waits for arq to let go of the job's keys (``finish_job``, right after) and
# queues the job anew.
ENDING = "facedrop:run-ending:"
# A mark outlives any run (arq's in-progress key lasts the job timeout and 10 s).
MARK_KEPT_MS = 3_600_000
ENDING_KEPT_MS = 10_000
ENDING_WAIT_S = 5.0  # the longest a request waits for an ending run's keys to go
ENDING_POLL_S = 0.01

# The request, refused: 1 marked (the run will run again), 0 the job waits in the queue
# (it will read everything), 2 queue it anew (its run is ending, its keys go now; or they
# went since arq refused it).
_MARK = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    if redis.call('EXISTS', KEYS[3]) == 1 then
        return 2
    end
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
    return 1
end
if redis.call('EXISTS', KEYS[4]) == 1 then
    return 0
end
return 2
"""
# The run ended: 1 asked again meanwhile (the mark taken), or 0 ending (no later mark).
_END = """
if redis.call('DEL', KEYS[1]) == 1 then
    return 1
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 0
"""


def redis_settings(url: str) -> RedisSettings:
    return RedisSettings.from_dsn(url)


class ArqJobQueue:
    def __init__(self, pool: ArqRedis) -> None:
        self._pool = pool
        self._mark = pool.register_script(_MARK)

    async def enqueue(
        self,
        name: str,
        *args: str,
        job_id: str,
        delay: float | None = None,
        again: bool = True,
    ) -> bool:
        """Queue the job; one of the same id queued already takes this request, one running
        runs again once it ends (unless not ``again``). A request with a ``delay`` (a
        planned album, a regrouping after a burst) is not run at once after a running one:
        as before, the cron that reads Postgres finds what it was for."""
        deadline = time.monotonic() + ENDING_WAIT_S
        while True:
            job = await self._pool.enqueue_job(name, *args, _job_id=job_id, _defer_by=delay)
            if job is not None:
                return True
            if delay or not again:
                return False
            refused: int = await self._mark(
                keys=[
                    in_progress_key_prefix + job_id,
                    RUN_AGAIN + job_id,
                    ENDING + job_id,
                    job_key_prefix + job_id,
                ],
                args=[MARK_KEPT_MS],
            )
            if refused != 2:
                return refused == 1
            if time.monotonic() > deadline:
                log.warning("job %s: its run did not end in %.0fs", job_id, ENDING_WAIT_S)
                return False
            await asyncio.sleep(ENDING_POLL_S)


async def run_while_asked(redis: ArqRedis, job_id: str, run: Callable[[], Awaitable[None]]) -> None:
    """``run()``, and again for as long as it was asked for while it ran (the mark cleared
    before each run: a request after that is for the next). A run that raises leaves its
    mark to the try arq makes next, which clears it as it begins."""
    again, ending = RUN_AGAIN + job_id, ENDING + job_id
    end = redis.register_script(_END)
    while True:
        await redis.delete(again, ending)
        await run()
        if not await end(keys=[again, ending], args=[ENDING_KEPT_MS]):
            return
        log.info("job %s: asked for again while it ran, running again", job_id)
