"""The emulator's HTTP server: the Bot API under ``/bot<token>/`` and ``/file/``, the
control API under ``/control/``. Run it with ``facedrop emulator --port P`` or
start it in-process (``async with Emulator() as emulator``). Given a ``data_dir``, the
emulator keeps its world there (``sandbox.persist``) and finds it again on the next start;
without one it lives in memory only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from sandbox.botapi import LOCAL_UPLOAD_LIMIT, BotApi, Described, Files, Params, Upload
from sandbox.browser_safety import file_response, same_site_only
from sandbox.clock import Clock
from sandbox.conformance import Conformance
from sandbox.control import control_routes
from sandbox.demo import Demo, demo_routes
from sandbox.errors import ApiError, bad_request
from sandbox.limits import RateLimitConfig
from sandbox.persist import UnreadableWorld, WorldStore
from sandbox.webchat import web_chat_routes
from sandbox.world import World

log = logging.getLogger(__name__)

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "media",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "message_ids",
        "link_preview_options",
        "reply_parameters",
    }
)


async def read_params(request: web.Request) -> tuple[Params, Files]:
    """A Bot API call's parameters: query string, and a urlencoded, multipart or JSON body."""
    params: Params = dict(request.query)
    files: Files = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad_request("the JSON body must be an object")
            params.update(body)
        else:
            form: MultiDictProxy[Any] = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = Upload(value.file.read(), value.filename, value.content_type)
                else:
                    params[key] = value
    for key in JSON_FIELDS & params.keys():
        # Client.cpp reads an empty argument as none given (get_reply_markup: "if
        # (reply_markup.empty()) { return nullptr; }", get_bot_commands: an empty list, ...):
        # the method decides.
        if isinstance(params[key], str) and params[key] != "":
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                # Client.cpp: "Can't parse reply keyboard markup JSON object"; editMessageMedia's
                # get_input_media(query, "media"): "Can't parse input media JSON object".
                what = {"reply_markup": "reply keyboard markup", "scope": "BotCommandScope"}.get(
                    key, key
                )
                if key == "media" and request.match_info.get("method", "").lower() in (
                    "editmessagemedia"
                ):
                    what = "input media"
                raise bad_request(f"can't parse {what} JSON object") from None
    return params, files


class Emulator:
    """The emulated Telegram: ``world`` is the Python API tests use; ``url`` the HTTP base."""

    # How often a changed world is written to its data directory.
    SAVE_EVERY = 0.5

    def __init__(
        self,
        *,
        rate_limits: RateLimitConfig | None = None,
        clock: Clock | None = None,
        data_dir: Path | None = None,
        conformance: bool = False,
        local_mode: bool = False,
        local_dir: Path | None = None,
    ) -> None:
        self.world = World(clock=clock, rate_limits=rate_limits)
        self.store = WorldStore(data_dir) if data_dir is not None else None
        self.restored = False
        if self.store is not None:
            try:
                self.restored = self.store.load(self.world)
            except UnreadableWorld as exc:
                log.warning("%s", exc)
                self.world = World(clock=clock, rate_limits=rate_limits)
        # ``local_mode``: a self-hosted Bot API server (--local): webhooks over plain HTTP, on
        # any port, as tests' webhooks on this machine need; getFile of any size, answered
        # with the file's absolute path under ``local_dir`` (its --dir: by default
        # ``<data_dir>/bot-api``, else a temporary directory removed at stop); uploads up to
        # 2000 MB. Telegram's own rules otherwise.
        self.world.local_mode = local_mode
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if local_mode and local_dir is None:
            if data_dir is not None:
                local_dir = data_dir / "bot-api"
            else:
                self._temporary = tempfile.TemporaryDirectory(prefix="telegram-bot-api-")
                local_dir = Path(self._temporary.name)
        self.world.local_dir = local_dir
        # With ``conformance``, every result and update is checked against the Bot API spec
        # and what does not fit is kept in ``conformance.violations``. Tests turn it on; the
        # sandbox leaves it off: it walks every answer (and a JSON round trip of it) twice.
        self.conformance = Conformance() if conformance else None
        if self.conformance is not None:
            self.world.on_update = self.conformance.update
        self._saving: asyncio.Task[None] | None = None
        self.api = BotApi(self.world)
        self.host = "127.0.0.1"  # the address it was told to bind to (see browser_safety)
        self.app = web.Application(
            client_max_size=(LOCAL_UPLOAD_LIMIT if local_mode else 64 * 1024 * 1024),
            middlewares=[same_site_only(lambda: self.host)],
        )
        self.app.router.add_route("*", "/bot{token}/{method}", self._bot_call)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self.app.add_routes(control_routes(self.world))
        self.app.add_routes(web_chat_routes())
        self.demo: Demo | None = None  # set by `facedrop sandbox`, which has the photos
        self.app.add_routes(demo_routes(lambda: self.demo))
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        # A poller that hangs up stops waiting at once, so a restarted bot is not
        # refused as a second poller.
        self.host = host
        self._runner = web.AppRunner(self.app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0]
        self.url = f"http://{bound[0]}:{bound[1]}"
        log.debug("telegram emulator at %s", self.url)
        if self.store is not None:
            self._saving = asyncio.create_task(self._save_changes(self.store))
        return self.url

    async def _save_changes(self, store: WorldStore) -> None:
        while True:
            await asyncio.sleep(self.SAVE_EVERY)
            try:
                store.save(self.world)
            except OSError:
                log.exception("could not save the emulator's world in %s", store.directory)

    async def stop(self) -> None:
        for queue in self.world.queues.values():
            queue.stop_webhook()
        self.world.end_watching()  # open event streams end, so the server can stop
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._saving is not None:
            self._saving.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._saving
            self._saving = None
        if self.store is not None:
            self.store.save(self.world)
        if self._temporary is not None:
            self._temporary.cleanup()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _bot_call(self, request: web.Request) -> web.Response:
        token, method = request.match_info["token"], request.match_info["method"]
        world = self.world
        entry: dict[str, Any] = {"method": method, "time": world.clock.now(), "status": None}
        world.request_log.append(entry)  # logged as it starts; a long poll shows while it waits
        try:
            bot = world.bot_for_token(token)
            params, files = await read_params(request)
            entry["chat_id"] = params.get("chat_id")
            entry["params"] = {k: v for k, v in params.items() if k not in files}
            result = await self.api.call(bot, method, params, files)
        except ApiError as error:
            entry.update(
                status=error.code, ok=False, error_code=error.code, description=error.description
            )
            world.stats[f"error_{error.code}"] += 1
            if self.conformance is not None and error.parameters:
                self.conformance.error(method, error.parameters)
            return web.json_response(error.envelope(), status=error.code)
        finally:
            canonical = self.api.methods.get(method.lower())
            entry["method"] = canonical.__name__.removeprefix("m_") if canonical else method
            world.stats[f"calls.{entry['method']}"] += 1
            world.stats["calls"] += 1
        entry.update(status=200, ok=True)
        described = result if isinstance(result, Described) else None
        if described is not None:
            result = described.result
        if self.conformance is not None:
            self.conformance.result(entry["method"], result)
        body: dict[str, Any] = {"ok": True, "result": result}
        if described is not None:
            body["description"] = described.description
        return web.json_response(body)

    async def _file(self, request: web.Request) -> web.Response:
        try:
            self.world.bot_for_token(request.match_info["token"])
        except ApiError as error:
            return web.json_response(error.envelope(), status=error.code)
        stored = self.world.files.by_path(request.match_info["path"])
        if stored is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return file_response(stored)
