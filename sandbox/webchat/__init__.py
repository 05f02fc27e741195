"""The web chat: a Telegram-like client in the browser, served by the emulator at
``/web/``. A static page (no build step) that acts as the emulator's users through the
control API and shows what the bot sent through the Bot API, live from
``/control/events``."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).parent / "static"
PATH = "/web/"


def web_chat_routes() -> list[web.RouteDef | web.StaticDef]:
    async def page(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def to_page(request: web.Request) -> web.Response:
        raise web.HTTPFound(PATH)

    return [
        web.get("/", to_page),
        web.get("/web", to_page),
        web.get(PATH, page),
        web.static(f"{PATH}static", STATIC),
    ]
