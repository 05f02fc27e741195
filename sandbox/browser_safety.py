"""Only this machine's own pages may use the emulator through a browser, and a file
served from it never runs as one of its pages.

One port serves the Bot API (with the sandbox's well-known token), the control API (which
acts as any user) and the web chat. A page on another site, open in the same browser,
could otherwise send messages as the bot or as users, read files, or, by rebinding a
domain of its own to 127.0.0.1, read everything. Real clients (aiogram, curl, tests) send
neither ``Origin`` nor ``Sec-Fetch-Site`` and name the server by its address, so they pass.
A file a user or the bot sent (an HTML document, an SVG) opened from the page would run
its script with the page's rights: files go out sandboxed, and all but the images the page
shows are downloads.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from sandbox.models import StoredFile

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Images the page shows in place; everything else (SVG included) is a download.
INLINE_IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
# What a browser says of a request its user started (typed, bookmarked) or that this
# server's own page made; "same-site" is refused too: another port of localhost is one.
OWN_FETCHES = ("same-origin", "none")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _hostname(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:80`` -> ``::1``)."""
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def refusal(request: web.Request, bound_host: str) -> str | None:
    """Why a request is refused (a line), or None when it may go on."""
    host = request.headers.get("Host")
    if host is not None:
        name = _hostname(host).lower().rstrip(".")
        if not (
            _is_ip(name)
            or name == "localhost"
            or name.endswith(".localhost")
            or name == bound_host.lower()
        ):
            # A name that is not this machine's may be a domain rebound to it (DNS rebinding).
            return f"this emulator answers at its address (127.0.0.1), not at {host}"
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{host}":
        return f"this emulator answers only its own web chat, not {origin}"
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if _opens_the_page(request):
        return None  # a link to the web chat from elsewhere opens it; it acts on nothing
    if fetch_site is not None and fetch_site not in OWN_FETCHES:
        return f"this emulator answers only its own web chat, not a {fetch_site} request"
    return None


def _opens_the_page(request: web.Request) -> bool:
    """A click on a link to the web chat (a top-level GET of the page, which reads nothing
    from its address): its own requests then come from its own origin."""
    return (
        request.method == "GET"
        and request.headers.get("Sec-Fetch-Mode") == "navigate"
        and request.headers.get("Sec-Fetch-Dest") == "document"
        and (request.path in ("/", "/web") or request.path.startswith("/web/"))
    )


def same_site_only(bound_host: Callable[[], str]) -> Middleware:
    """A middleware refusing, with 403 and a line, a request a browser marks as coming
    from another site, or one that names the server by a name that is not its own."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        reason = refusal(request, bound_host())
        if reason is None:
            return await handler(request)
        if request.path.startswith(("/bot", "/file/bot")):
            envelope = {"ok": False, "error_code": 403, "description": f"Forbidden: {reason}"}
            return web.json_response(envelope, status=403)
        if request.path.startswith("/control/"):
            return web.json_response({"error": reason}, status=403)
        return web.Response(text=reason + "\n", status=403)

    return middleware


def file_response(stored: StoredFile) -> web.Response:
    """A stored file's bytes, as a browser may show them without running them."""
    mime_type = stored.mime_type or "application/octet-stream"
    headers = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}
    if mime_type not in INLINE_IMAGES:
        headers["Content-Disposition"] = "attachment"
    return web.Response(body=stored.data, content_type=mime_type, headers=headers)
