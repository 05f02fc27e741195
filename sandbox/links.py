"""Links as Telegram checks them: a URL button's ``url`` (and anything else tdlib passes
through ``LinkManager::check_link``), ported from tdlib's ``td/telegram/LinkManager.cpp``
(``check_link_impl``) and ``tdutils/td/utils/HttpUrl.cpp`` (``parse_url``)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

# HttpUrl.cpp parse_url's check_url_part: "symbols allowed by RFC 7230 and RFC 3986".
_URL_PART = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_!$,~*'();&+="
)
_HEX = frozenset("0123456789abcdefABCDEF")


class InvalidLink(ValueError):
    """tdlib's reason, e.g. "Wrong HTTP URL"."""


@dataclass(frozen=True)
class HttpUrl:
    https: bool
    userinfo: str
    host: str
    is_ipv6: bool
    specified_port: int
    query: str

    def get_url(self) -> str:
        """HttpUrl::get_url: the link as tdlib keeps it (host lowercased, "/" path at least)."""
        port = f":{self.specified_port}" if self.specified_port > 0 else ""
        userinfo = f"{self.userinfo}@" if self.userinfo else ""
        scheme = "https" if self.https else "http"
        return f"{scheme}://{userinfo}{self.host}{port}{self.query}"


def _ascii_lower(text: str) -> str:
    """tdlib's to_lower: ASCII letters only."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _read_till(text: str, stops: str) -> tuple[str, str]:
    for i, c in enumerate(text):
        if c in stops:
            return text[:i], text[i:]
    return text, ""


def _check_url_part(part: str, name: str, *, allow_colon: bool) -> None:
    i = 0
    while i < len(part):
        c = part[i]
        if c in _URL_PART or (allow_colon and c == ":") or ord(c) >= 128:
            i += 1  # plain UTF-8 symbols are allowed too
            continue
        if c == "%":
            if i + 2 < len(part) and part[i + 1] in _HEX and part[i + 2] in _HEX:
                i += 3
                continue
            raise InvalidLink(f"Wrong percent-encoded symbol in URL {name}")
        raise InvalidLink(f"Disallowed character in URL {name}")


def parse_url(url: str, *, https: bool = False) -> HttpUrl:
    """HttpUrl.cpp parse_url: ``[https?://][userinfo@]host[:port]`` (http by default, or
    https: the ``default_protocol``)."""
    scheme, rest = _read_till(url, ":/?#@[]")
    if rest.startswith("://"):
        if _ascii_lower(scheme) not in ("http", "https"):
            raise InvalidLink("Unsupported URL protocol")
        https = _ascii_lower(scheme) == "https"
        rest = rest[3:]
    else:
        rest = url
    userinfo_host_port, rest = _read_till(rest, "/?#")

    port = 0
    colon = len(userinfo_host_port) - 1
    while colon > 0 and userinfo_host_port[colon] not in ":]@":
        colon -= 1
    if colon > 0 and userinfo_host_port[colon] == ":":
        port_text = userinfo_host_port[colon + 1 :]
        while len(port_text) > 1 and port_text[0] == "0":
            port_text = port_text[1:]
        digits = bool(port_text) and all(c in "0123456789" for c in port_text)
        port = int(port_text) if digits and int(port_text) > 0 else -1
        userinfo_host = userinfo_host_port[:colon]
    else:
        userinfo_host = userinfo_host_port
    if not 0 <= port <= 65535:
        raise InvalidLink("Wrong port number specified in the URL")

    userinfo, _, host = userinfo_host.rpartition("@")
    is_ipv6 = False
    if host.startswith("[") and host.endswith("]") and len(host) >= 2:
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InvalidLink("Wrong IPv6 address specified in the URL") from None
        is_ipv6 = True
    if not host:
        raise InvalidLink("URL host is empty")
    if host == ".":
        raise InvalidLink("Host is invalid")

    query = rest.rstrip(" \t\n\r\v\f") or "/"
    encoded = "" if query[0] == "/" else "/"
    for c in query:
        encoded += f"%{ord(c):02X}" if ord(c) <= 0x20 else c

    host = _ascii_lower(host)
    if is_ipv6:
        if any(c not in ":0123456789abcdef." for c in host[1:-1]):
            raise InvalidLink("Wrong IPv6 URL host")
    else:
        _check_url_part(host, "host", allow_colon=False)
        _check_url_part(userinfo, "userinfo", allow_colon=True)
    return HttpUrl(https, userinfo, host, is_ipv6, port, encoded)


def check_link(link: str) -> str:
    """LinkManager::check_link: the link as Telegram keeps it, or InvalidLink with the
    message Telegram gives ("URL '<link>' is invalid: Wrong HTTP URL")."""
    try:
        return _check_link_impl(link)
    except InvalidLink as error:
        raise InvalidLink(f"URL '{link}' is invalid: {error}") from None


def _check_link_impl(link: str) -> str:
    scheme = next((s for s in ("tg:", "ton:", "tonsite:") if link.lower().startswith(s)), None)
    if scheme is not None:
        link = link[len(scheme) :]
        link = link.removeprefix("//")
    url = parse_url(link)
    if scheme is not None:
        if (
            link.lower().startswith("http://")
            or url.https
            or url.userinfo
            or url.specified_port
            or url.is_ipv6
        ):
            raise InvalidLink("Wrong tg URL" if scheme == "tg:" else "Wrong ton URL")
        query = url.query
        if len(query) > 1 and query[1] == "?":
            query = query[1:]
        for c in url.host:
            if (
                not (c.isascii() and c.isalnum())
                and c not in "-_"
                and not (scheme == "tonsite:" and c == ".")
            ):
                raise InvalidLink("Unallowed characters in URL host")
        return f"{scheme[:-1]}://{url.host}{query}"
    # "Wrong HTTP URL": a host needs a dot (localhost does not have one; 127.0.0.1 does).
    if "." not in url.host and not url.is_ipv6:
        raise InvalidLink("Wrong HTTP URL")
    return url.get_url()
