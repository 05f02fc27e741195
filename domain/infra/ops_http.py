"""The operator's HTTP port of every facedrop process (``FACEDROP_OPS__PORT``):
``/healthz`` (the process answers), ``/readyz`` (the components it needs answer; 503
when one does not) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from domain.infra.readiness import Readiness

log = logging.getLogger(__name__)


def ops_app(readiness: Readiness) -> web.Application:
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(request: web.Request) -> web.Response:
        checks = await readiness.report()
        ready = all(result == "ok" for result in checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)

    async def metrics(request: web.Request) -> web.Response:
        try:
            await readiness.refresh_metrics()
        except Exception:  # the counters are still worth reading without the gauges
            log.warning("metrics: could not read the queue or the index", exc_info=True)
        body = await asyncio.to_thread(generate_latest, REGISTRY)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def serve_ops(readiness: Readiness, host: str, port: int, stop: asyncio.Event) -> None:
    """Serve until ``stop`` is set."""
    runner = web.AppRunner(ops_app(readiness), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0]
    log.info("health and metrics at http://%s:%s/ (healthz, readyz, metrics)", *bound[:2])
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
