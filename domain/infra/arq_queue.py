"""``domain.jobs.queue.JobQueue`` on arq, and the worker's half of its promise: a job asked
for while its namesake runs is queued again once that run ends.

arq refuses a job whose id is queued or running (``ArqRedis.enqueue_job`` returns None
while ``arq:job:<id>`` exists). While it waits in the queue that is right: the job has not
read anything yet. While it runs it is not: what the new request was about may have
changed after the run read it (an answer pressed while the verdict was being told), and
it waited for the reconcile cron, a minute. So the refused request leaves a mark of its
own (``RUN_AGAIN``), set only while arq holds the run's in-progress key, and the worker,
once arq has let go of the job's keys (its ``after_job_end``), queues the job again when
it finds the mark (``queue_again_if_asked``): a new arq job, with a timeout of its own,
also after a run that failed."""

from __future__ import annotations

import logging
from typing import Any

from arq import ArqRedis
from arq.connections import RedisSettings
from arq.constants import in_progress_key_prefix, job_key_prefix

log = logging.getLogger(__name__)

# A request that came while the job of its id ran: queue it again (``<prefix><job id>``).
RUN_AGAIN = "facedrop:run-again:"
# A mark outlives any run (arq's in-progress key lasts the job timeout and 10 s).
MARK_KEPT_MS = 3_600_000
# What a job's ctx holds of its request (name, args), for ``queue_again_if_asked``.
REQUEST = "facedrop_request"

# The request, refused: 1 marked (its run is under way: the worker queues the job again
# once arq lets go of it, after the mark: both are Redis's, in this order), 0 the job
# waits in the queue (it will read everything), 2 neither any more (the run ended since
# arq refused the request): queue it anew.
_MARK = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
    return 1
end
if redis.call('EXISTS', KEYS[3]) == 1 then
    return 0
end
return 2
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
        for _ in range(3):  # a run that ended between arq's refusal and the mark: again
            job = await self._pool.enqueue_job(name, *args, _job_id=job_id, _defer_by=delay)
            if job is not None:
                return True
            if delay or not again:
                return False
            refused: int = await self._mark(
                keys=[in_progress_key_prefix + job_id, RUN_AGAIN + job_id, job_key_prefix + job_id],
                args=[MARK_KEPT_MS],
            )
            if refused != 2:
                return refused == 1
        return False


async def run_begins(ctx: dict[str, Any], name: str, args: tuple[Any, ...]) -> None:
    """A job's run begins: a request before now is this run's to act on (its mark goes),
    and what was asked is kept for ``queue_again_if_asked``."""
    ctx[REQUEST] = (name, args)
    await ctx["redis"].delete(RUN_AGAIN + ctx["job_id"])


async def queue_again_if_asked(ctx: dict[str, Any]) -> None:
    """arq's ``after_job_end``, once it has let go of the job's keys: a job asked for while
    it ran (or failed) is queued again, as a new arq job with a timeout of its own (a cron
    keeps no request: nothing asks for one by its id)."""
    request = ctx.get(REQUEST)
    if request is None or not await ctx["redis"].delete(RUN_AGAIN + ctx["job_id"]):
        return
    name, args = request
    log.info("job %s: asked for again while it ran, queued again", ctx["job_id"])
    await ctx["redis"].enqueue_job(name, *args, _job_id=ctx["job_id"])
