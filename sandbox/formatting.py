"""Message text as Telegram stores it: plain text plus entities (UTF-16 offsets)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from sandbox.errors import bad_request

COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{3,32}")

TAG_ENTITIES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def auto_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram detects by itself: bot commands and @mentions."""
    found = []
    for pattern, kind in ((COMMAND, "bot_command"), (MENTION, "mention")):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return sorted(found, key=lambda e: e["offset"])


class _HtmlToEntities(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            tag = "tg-spoiler"
        if tag not in TAG_ENTITIES:
            raise bad_request(f'can\'t parse entities: unsupported start tag "{tag}"')
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise bad_request("can't parse entities: a link needs an href")
            extra["url"] = href
        self.open.append((tag, utf16_len(self.text), extra))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.open and self.open[-1][0] == "tg-spoiler":
            tag = "tg-spoiler"
        if not self.open or self.open[-1][0] != tag:
            raise bad_request(f'can\'t parse entities: unmatched end tag "{tag}"')
        name, start, extra = self.open.pop()
        length = utf16_len(self.text) - start
        if length:
            self.entities.append(
                {"type": TAG_ENTITIES[name], "offset": start, "length": length, **extra}
            )

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    parser = _HtmlToEntities()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise bad_request(f'can\'t parse entities: unclosed start tag "{parser.open[-1][0]}"')
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


def render_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a message the bot sends."""
    if parse_mode and entities:
        raise bad_request("can't use parse_mode together with entities")
    if parse_mode is None or parse_mode == "":
        plain, found = text, list(entities or [])
    elif parse_mode.upper() == "HTML":
        plain, found = parse_html(text)
    else:
        raise bad_request(f"parse_mode {parse_mode} is not supported by this emulator (use HTML)")
    found = sorted(found + auto_entities(plain), key=lambda e: e["offset"])
    return plain, found
