"""The control API: JSON over HTTP under ``/control/``, through which tests and the
web chat act as Telegram users and look at what the bot did. Each route is a
thin wrapper over a ``World`` method, which is the same API in Python."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from sandbox.browser_safety import file_response
from sandbox.errors import ControlError
from sandbox.limits import Fault
from sandbox.world import World

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A comment line on the event stream this often keeps proxies and browsers from closing it.
KEEPALIVE_S = 15.0


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ControlError(400, f"{name} must be an integer") from None


async def _json(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


def _guard(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as error:
            return web.json_response({"error": error.message}, status=error.status)
        except (TypeError, ValueError) as error:
            return web.json_response({"error": f"bad request: {error}"}, status=400)

    return guarded


# Files of a form: each one's bytes, name and type.
Files = list[tuple[bytes, str | None, str | None]]


async def _multipart(request: web.Request) -> tuple[dict[str, str], Files]:
    """Fields and files of a multipart form (files in the order they were sent)."""
    if not request.content_type.startswith("multipart/"):
        raise ControlError(400, "send multipart/form-data with the file(s)")
    fields: dict[str, str] = {}
    files: Files = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        if part.filename is not None:
            files.append((bytes(data), part.filename, part.headers.get("Content-Type")))
        elif part.name:
            fields[part.name] = bytes(data).decode()
    return fields, files


async def _one_file(
    request: web.Request,
) -> tuple[dict[str, str], tuple[bytes, str | None, str | None]]:
    """The fields and the single file of a multipart form."""
    fields, files = await _multipart(request)
    if len(files) != 1:
        raise ControlError(400, "attach exactly one file")
    return fields, files[0]


def control_routes(world: World) -> list[web.RouteDef]:
    """The control API that tests, scripts and the web chat drive the world with, each
    route guarded (``_guard``: a bad request is a 400 that says why)."""
    routes = web.RouteTableDef()
    _bots_and_users(routes, world)
    _groups(routes, world)
    _what_users_write(routes, world)
    _what_users_send_and_press(routes, world)
    _what_the_chats_show(routes, world)
    _how_telegram_behaves(routes, world)
    return [
        web.route(r.method, r.path, _guard(r.handler))
        for r in routes
        if isinstance(r, web.RouteDef)
    ]


def _bots_and_users(routes: web.RouteTableDef, world: World) -> None:
    """The bots and users of the world, their chats, and a user blocking a bot."""

    @routes.post("/control/bots")
    async def create_bot(request: web.Request) -> web.Response:
        body = await _json(request)
        bot = world.create_bot(
            str(body.get("token", "")),
            first_name=body.get("first_name", "facedrop"),
            username=body.get("username"),
            privacy_mode=bool(body.get("privacy_mode", True)),
        )
        return web.json_response({**bot.to_api(), "privacy_mode": bot.privacy_mode})

    @routes.get("/control/bots")
    async def list_bots(request: web.Request) -> web.Response:
        return web.json_response(
            [{**b.to_api(), "privacy_mode": b.privacy_mode} for b in world.bots.values()]
        )

    @routes.post("/control/users")
    async def create_user(request: web.Request) -> web.Response:
        body = await _json(request)
        user = world.create_user(
            str(body.get("first_name", "")),
            username=body.get("username"),
            language_code=body.get("language_code"),
            last_name=body.get("last_name"),
        )
        return web.json_response(user)

    @routes.get("/control/users")
    async def list_users(request: web.Request) -> web.Response:
        return web.json_response(world.list_users())

    @routes.get("/control/users/{user_id}/chats")
    async def chats_of(request: web.Request) -> web.Response:
        return web.json_response(world.chats_of(_int(request.match_info["user_id"], "user_id")))

    @routes.post("/control/users/{user_id}/block")
    async def block(request: web.Request) -> web.Response:
        return web.json_response(await world.block(_int(request.match_info["user_id"], "user_id")))

    @routes.post("/control/users/{user_id}/unblock")
    async def unblock(request: web.Request) -> web.Response:
        user_id = _int(request.match_info["user_id"], "user_id")
        return web.json_response(await world.block(user_id, blocked=False))


def _groups(routes: web.RouteTableDef, world: World) -> None:
    """The groups: created, renamed public, upgraded, and who is a member of each (the bot
    too) as what."""

    @routes.post("/control/groups")
    async def create_group(request: web.Request) -> web.Response:
        body = await _json(request)
        chat = world.create_group(
            str(body.get("title", "")),
            type=body.get("type", "supergroup"),
            creator_id=_int(body.get("creator_id"), "creator_id"),
            member_ids=[_int(i, "member_ids") for i in body.get("member_ids", [])],
            admin_ids=[_int(i, "admin_ids") for i in body.get("admin_ids", [])],
            username=str(body["username"]) if body.get("username") else None,
        )
        return web.json_response(chat)

    @routes.post("/control/groups/{chat_id}/username")
    async def set_username(request: web.Request) -> web.Response:
        body = await _json(request)
        chat = world.set_chat_username(
            _int(request.match_info["chat_id"], "chat_id"),
            str(body["username"]) if body.get("username") else None,
        )
        return web.json_response(chat)

    @routes.post("/control/groups/{chat_id}/bot")
    async def set_bot(request: web.Request) -> web.Response:
        body = await _json(request)
        by = body.get("by_user_id")
        member = await world.set_bot_status(
            _int(request.match_info["chat_id"], "chat_id"),
            str(body.get("status", "")),
            by_user_id=_int(by, "by_user_id") if by is not None else None,
        )
        return web.json_response(member)

    @routes.post("/control/groups/{chat_id}/upgrade")
    async def upgrade(request: web.Request) -> web.Response:
        body = await _json(request)
        by = body.get("by_user_id")
        chat = await world.upgrade_group(
            _int(request.match_info["chat_id"], "chat_id"),
            by_user_id=_int(by, "by_user_id") if by is not None else None,
        )
        return web.json_response(chat)

    @routes.post("/control/groups/{chat_id}/members")
    async def set_member(request: web.Request) -> web.Response:
        body = await _json(request)
        by = body.get("by_user_id")
        member = await world.set_member_status(
            _int(request.match_info["chat_id"], "chat_id"),
            _int(body.get("user_id"), "user_id"),
            str(body.get("status", "")),
            is_member=body.get("is_member", True) is not False,
            by_user_id=_int(by, "by_user_id") if by is not None else None,
        )
        return web.json_response(member)


def _what_users_write(routes: web.RouteTableDef, world: World) -> None:
    """What a user writes: texts (as themselves, an anonymous admin or a channel), edits,
    forwards, and the bot's links they open (each reaching the bots as Telegram delivers
    it)."""

    @routes.post("/control/messages")
    async def send_text(request: web.Request) -> web.Response:
        body = await _json(request)
        reply = body.get("reply_to_message_id")
        message = await world.user_sends_text(
            _int(body.get("chat_id"), "chat_id"),
            _int(body.get("user_id"), "user_id"),
            str(body.get("text", "")),
            reply_to_message_id=_int(reply, "reply_to_message_id") if reply else None,
        )
        return web.json_response(message)

    @routes.post("/control/start")
    async def start(request: web.Request) -> web.Response:
        body = await _json(request)
        message = await world.open_start_link(
            _int(body.get("user_id"), "user_id"), str(body.get("payload", ""))
        )
        return web.json_response(message)

    @routes.post("/control/startgroup")
    async def startgroup(request: web.Request) -> web.Response:
        body = await _json(request)
        message = await world.open_startgroup_link(
            _int(body.get("user_id"), "user_id"),
            _int(body.get("chat_id"), "chat_id"),
            str(body.get("payload", "")),
            bot_username=body.get("bot_username"),
        )
        return web.json_response(message)

    @routes.post("/control/messages/anonymous")
    async def anonymous_text(request: web.Request) -> web.Response:
        body = await _json(request)
        reply = body.get("reply_to_message_id")
        message = await world.anonymous_admin_sends_text(
            _int(body.get("chat_id"), "chat_id"),
            _int(body.get("admin_id"), "admin_id"),
            str(body.get("text", "")),
            reply_to_message_id=_int(reply, "reply_to_message_id") if reply else None,
        )
        return web.json_response(message)

    @routes.post("/control/messages/channel")
    async def channel_text(request: web.Request) -> web.Response:
        body = await _json(request)
        reply = body.get("reply_to_message_id")
        as_user = body.get("as_user_id")
        channel = body.get("channel_id")
        message = await world.channel_sends_text(
            _int(body.get("chat_id"), "chat_id"),
            str(body.get("text", "")),
            channel_title=str(body.get("channel_title", "")),
            as_user_id=_int(as_user, "as_user_id") if as_user else None,
            reply_to_message_id=_int(reply, "reply_to_message_id") if reply else None,
            channel_id=_int(channel, "channel_id") if channel else None,
        )
        return web.json_response(message)

    @routes.post("/control/messages/edit")
    async def edit_text(request: web.Request) -> web.Response:
        body = await _json(request)
        message = await world.user_edits(
            _int(body.get("chat_id"), "chat_id"),
            _int(body.get("user_id"), "user_id"),
            _int(body.get("message_id"), "message_id"),
            str(body.get("text", "")),
        )
        return web.json_response(message)

    @routes.post("/control/forwards")
    async def forward(request: web.Request) -> web.Response:
        body = await _json(request)
        message = await world.user_forwards(
            _int(body.get("chat_id"), "chat_id"),
            _int(body.get("user_id"), "user_id"),
            _int(body.get("from_chat_id"), "from_chat_id"),
            _int(body.get("message_id"), "message_id"),
        )
        return web.json_response(message)


def _what_users_send_and_press(routes: web.RouteTableDef, world: World) -> None:
    """What a user sends that is not text (photos, files, other media), and the buttons they
    press."""

    async def posted(request: web.Request, missing: str) -> tuple[int, int, Files, str | None]:
        """The chat, the user, the files (at least one) and the caption of a posting."""
        fields, files = await _multipart(request)
        if not files:
            raise ControlError(400, missing)
        chat_id = _int(fields.get("chat_id"), "chat_id")
        return chat_id, _int(fields.get("user_id"), "user_id"), files, fields.get("caption") or None

    @routes.post("/control/photos")
    async def send_photos(request: web.Request) -> web.Response:
        chat_id, user_id, files, caption = await posted(request, "attach one or more image files")
        images = [data for data, _, _ in files]
        return web.json_response(
            await world.user_sends_photos(chat_id, user_id, images, caption=caption)
        )

    @routes.post("/control/albums")
    async def send_album(request: web.Request) -> web.Response:
        chat_id, user_id, files, caption = await posted(
            request, "attach one or more photos or videos"
        )
        return web.json_response(
            await world.user_sends_album(chat_id, user_id, files, caption=caption)
        )

    @routes.post("/control/documents")
    async def send_document(request: web.Request) -> web.Response:
        fields, (data, filename, content_type) = await _one_file(request)
        message = await world.user_sends_document(
            _int(fields.get("chat_id"), "chat_id"),
            _int(fields.get("user_id"), "user_id"),
            data,
            file_name=filename or "file",
            mime_type=fields.get("mime_type") or content_type,
            caption=fields.get("caption") or None,
        )
        return web.json_response(message)

    @routes.post("/control/media")
    async def send_media(request: web.Request) -> web.Response:
        fields, (data, filename, content_type) = await _one_file(request)
        message = await world.user_sends_media(
            fields.get("kind", ""),
            _int(fields.get("chat_id"), "chat_id"),
            _int(fields.get("user_id"), "user_id"),
            data,
            file_name=filename,
            # A form's file without a type of its own (curl's and aiohttp's default): the
            # app names the type by the file's name, as it does for a clip it records.
            mime_type=fields.get("mime_type")
            or (content_type if content_type != "application/octet-stream" else None),
            caption=fields.get("caption") or None,
            emoji=fields.get("emoji") or None,
        )
        return web.json_response(message)

    @routes.post("/control/callbacks")
    async def press(request: web.Request) -> web.Response:
        body = await _json(request)
        result = await world.press_button(
            _int(body.get("user_id"), "user_id"),
            _int(body.get("chat_id"), "chat_id"),
            _int(body.get("message_id"), "message_id"),
            str(body.get("data", "")),
            wait=float(body.get("wait", 5.0)),
            age=float(body.get("age", 0.0)),
        )
        return web.json_response(result)


def _what_the_chats_show(routes: web.RouteTableDef, world: World) -> None:
    """What a test or the web chat reads: a chat, its transcript, waiting for the bot's
    replies, the change events, the files, the requests the bots made and their counts."""

    @routes.get("/control/chats/{chat_id}")
    async def chat_info(request: web.Request) -> web.Response:
        return web.json_response(world.chat_info(_int(request.match_info["chat_id"], "chat_id")))

    @routes.get("/control/chats/{chat_id}/commands")
    async def commands(request: web.Request) -> web.Response:
        return web.json_response(
            world.commands_for(
                _int(request.query.get("user_id"), "user_id"),
                _int(request.match_info["chat_id"], "chat_id"),
            )
        )

    @routes.get("/control/events")
    async def events(request: web.Request) -> web.StreamResponse:
        """Server-sent events: ``{"chat_id": id}`` when a chat's messages change (sent,
        edited, deleted), ``{"chat_id": null}`` when users, chats or members do."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = world.watch()
        try:
            await response.write(b": watching\n\n")
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                except TimeoutError:
                    await response.write(b": still here\n\n")
                    continue
                if event is None:
                    break
                # Changes that came together go out once each.
                batch = [event]
                while not queue.empty() and (event := queue.get_nowait()) is not None:
                    batch.append(event)
                for chat_id in dict.fromkeys(e["chat_id"] for e in batch):
                    data = json.dumps({"chat_id": chat_id})
                    await response.write(f"data: {data}\n\n".encode())
                if event is None:
                    break
        except ConnectionResetError:
            pass  # the page went away
        finally:
            world.unwatch(queue)
        return response

    @routes.get("/control/chats/{chat_id}/messages")
    async def transcript(request: web.Request) -> web.Response:
        chat_id = _int(request.match_info["chat_id"], "chat_id")
        after = _int(request.query.get("after_id", 0), "after_id")
        deleted = request.query.get("deleted", "") in ("1", "true")
        return web.json_response(world.transcript(chat_id, after_id=after, include_deleted=deleted))

    @routes.get("/control/chats/{chat_id}/wait")
    async def wait(request: web.Request) -> web.Response:
        query = request.query
        messages = await world.wait_for_bot_messages(
            _int(request.match_info["chat_id"], "chat_id"),
            after_id=_int(query.get("after_id", 0), "after_id"),
            count=_int(query.get("count", 1), "count"),
            timeout=float(query.get("timeout", 10)),
        )
        wanted = _int(query.get("count", 1), "count")
        return web.json_response({"messages": messages, "complete": len(messages) >= wanted})

    @routes.get("/control/files/{file_id}")
    async def file_bytes(request: web.Request) -> web.Response:
        stored = world.file_bytes(request.match_info["file_id"])
        return file_response(stored)

    @routes.get("/control/requests")
    async def requests(request: web.Request) -> web.Response:
        return web.json_response(world.requests(request.query.get("method")))

    @routes.get("/control/stats")
    async def stats(request: web.Request) -> web.Response:
        counters = dict(world.stats)
        calls = {k.removeprefix("calls."): v for k, v in counters.items() if k.startswith("calls.")}
        errors = {
            k.removeprefix("error_"): v for k, v in counters.items() if k.startswith("error_")
        }
        return web.json_response(
            {
                "calls": counters.get("calls", 0),
                "calls_per_method": calls,
                "rate_limited": counters.get("429", 0),
                "errors": errors,
            }
        )


def _how_telegram_behaves(routes: web.RouteTableDef, world: World) -> None:
    """How the emulated Telegram behaves: faults to inject, rate limits, the clock, and a
    reset."""

    @routes.post("/control/faults")
    async def add_fault(request: web.Request) -> web.Response:
        body = await _json(request)
        chat = body.get("chat_id")
        retry = body.get("retry_after")
        fault = Fault(
            method=str(body.get("method", "")),
            error_code=_int(body.get("error_code"), "error_code"),
            times=_int(body.get("times", 1), "times"),
            chat_id=_int(chat, "chat_id") if chat is not None else None,
            description=body.get("description"),
            retry_after=_int(retry, "retry_after") if retry is not None else None,
        )
        if not fault.method:
            raise ControlError(400, "method is required")
        world.add_fault(fault)
        return web.json_response(
            {"method": fault.method, "times": fault.times, "error_code": fault.error_code}
        )

    @routes.put("/control/rate_limits")
    async def rate_limits(request: web.Request) -> web.Response:
        body = await _json(request)
        config = world.limiter.config
        for key in (
            "enabled",
            "per_chat_per_s",
            "per_chat_burst",
            "per_group_per_min",
            "global_per_s",
        ):
            if key in body:
                kind = type(getattr(config, key))
                setattr(config, key, kind(body[key]))
        world.limiter.reset()
        return web.json_response(vars(config))

    @routes.put("/control/clock")
    async def clock_speed(request: web.Request) -> web.Response:
        body = await _json(request)
        world.clock.set_speed(float(body.get("speed", 1.0)))  # a bad value is a 400 (see _guard)
        return web.json_response({"speed": world.clock.speed, "now": world.clock.now()})

    @routes.post("/control/clock/advance")
    async def clock_advance(request: web.Request) -> web.Response:
        body = await _json(request)
        world.clock.advance(float(body.get("seconds", 0)))  # a bad value is a 400 (see _guard)
        return web.json_response({"speed": world.clock.speed, "now": world.clock.now()})

    @routes.post("/control/reset")
    async def reset(request: web.Request) -> web.Response:
        world.reset()
        return web.json_response({"reset": True})
