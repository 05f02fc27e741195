"""Message text as Telegram stores it: plain text plus entities (UTF-16 offsets)."""

from __future__ import annotations

import re
from typing import Any

from sandbox.errors import bad_request
from sandbox.links import InvalidLink, check_link

COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9_]{3,32}")
# Links Telegram finds in plain text (only the unmistakable ones: a scheme, or t.me/...),
# without the punctuation that ends a sentence. As tdlib's is_url_path_symbol (td/telegram/
# MessageEntity.cpp), a link stops at a space, < > " « », and at any General Punctuation
# mark (U+2000-U+206F) but the zero-width (non-)joiners and the dashes U+2010-U+2015: so the
# invisible isolates and direction marks around a link (U+2068 ... U+2069) stay out of it.
URL = re.compile(
    r"(?<![\w@/.])(?:https?://|t\.me/)"
    r"[^\s<>\"\u00ab\u00bb\u2000-\u200b\u200e-\u200f\u2016-\u206f]+"
    r"(?<![.,;:!?)\]'(`])",
    re.IGNORECASE,
)

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


def auto_entities(text: str, taken: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The entities Telegram detects by itself: links, bot commands and @mentions; none
    inside a link, or inside a link, code or pre the sender marked (``taken``)."""
    found: list[dict[str, Any]] = []
    spans = [
        (e["offset"], e["offset"] + e["length"])
        for e in taken or []
        if e["type"] in ("text_link", "url", "code", "pre")
    ]
    for pattern, kind in ((URL, "url"), (COMMAND, "bot_command"), (MENTION, "mention")):
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group())
            if any(a < end and start < b for a, b in spans):
                continue
            found.append({"type": kind, "offset": start, "length": end - start})
            if kind == "url":
                spans.append((start, end))
    return sorted(found, key=lambda e: e["offset"])


SUPPORTED_TAGS = frozenset(TAG_ENTITIES) | {"span", "tg-emoji"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
NAMED_ENTITY = re.compile(r"&([A-Za-z]+);")
NUMERIC_ENTITY = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9A-Fa-f]{1,6}));")
SPACES = " \t\n\r\f\v"


def _entity_at(raw: bytes, i: int) -> tuple[str, int] | None:
    """The character an HTML entity at byte ``i`` stands for, and the bytes it takes.

    Like Telegram, only ``&lt; &gt; &amp; &quot;`` and numeric references are decoded;
    any other ``&`` stays as it is.
    """
    window = raw[i : i + 16].decode("utf-8", "ignore")
    named = NAMED_ENTITY.match(window)
    if named and named.group(1) in NAMED_ENTITIES:
        return NAMED_ENTITIES[named.group(1)], len(named.group())
    numeric = NUMERIC_ENTITY.match(window)
    if numeric:
        code = int(numeric.group(1)) if numeric.group(1) else int(numeric.group(2), 16)
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), len(numeric.group())
    return None


class _Html:
    """Telegram's HTML parse mode (tdlib's ``parse_html``): same errors, same byte offsets."""

    def __init__(self, text: str) -> None:
        self.raw = text.encode("utf-8")
        self.i = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, str, int]] = []

    def at(self, i: int) -> str:
        return chr(self.raw[i]) if i < len(self.raw) else "\0"

    def space(self, i: int) -> bool:
        return self.at(i) in SPACES and i < len(self.raw)

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.utf16 += utf16_len(chunk)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        raw = self.raw
        while self.i < len(raw):
            c = raw[self.i]
            if c == ord("&"):
                found = _entity_at(raw, self.i)
                if found:
                    self.emit(found[0])
                    self.i += found[1]
                    continue
            if c != ord("<"):
                nxt = raw.find(b"<", self.i + 1)
                amp = raw.find(b"&", self.i + 1)
                stop = min(x for x in (nxt, amp, len(raw)) if x != -1)
                self.emit(raw[self.i : stop].decode("utf-8"))
                self.i = stop
                continue
            if self.at(self.i + 1) == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.open:
            raise _error(f'Can\'t find end tag corresponding to start tag "{self.open[-1][0]}"')
        text = "".join(self.out)
        return text, sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))

    def start_tag(self) -> None:
        begin = self.i
        i = begin + 1
        while not self.space(i) and self.at(i) != ">":
            if i >= len(self.raw):
                raise _error(f"Unclosed start tag at byte offset {begin}")
            i += 1
        tag = self.raw[begin + 1 : i].decode("utf-8", "replace").lower()
        if tag not in SUPPORTED_TAGS:
            raise _error(f'Unsupported start tag "{tag}" at byte offset {begin}')
        attrs: dict[str, str] = {}
        while self.at(i) != ">":
            while i < len(self.raw) and self.space(i):
                i += 1
            if self.at(i) == ">":
                break
            name_begin = i
            while i < len(self.raw) and not self.space(i) and self.at(i) != "=":
                i += 1
            name = self.raw[name_begin:i].decode("utf-8", "replace").lower()
            if not name:
                raise _error(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
            while i < len(self.raw) and self.space(i):
                i += 1
            if self.at(i) != "=":
                raise _error(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {begin}'
                )
            i += 1
            while i < len(self.raw) and self.space(i):
                i += 1
            if i >= len(self.raw):
                raise _error(f'Unclosed start tag "{tag}" at byte offset {begin}')
            quote = self.at(i)
            if quote not in "'\"":
                token_begin = i
                while self.at(i).isalnum() or self.at(i) in ".-":
                    i += 1
                value = self.raw[token_begin:i].decode().lower()
                if not self.space(i) and self.at(i) != ">":
                    raise _error(f"Unexpected end of name token at byte offset {token_begin}")
            else:
                i += 1
                parts: list[str] = []
                while i < len(self.raw) and self.at(i) != quote:
                    found = _entity_at(self.raw, i) if self.at(i) == "&" else None
                    if found:
                        parts.append(found[0])
                        i += found[1]
                        continue
                    stop = i + 1
                    while stop < len(self.raw) and self.raw[stop] & 0xC0 == 0x80:
                        stop += 1
                    parts.append(self.raw[i:stop].decode("utf-8", "replace"))
                    i = stop
                if i < len(self.raw):
                    i += 1
                value = "".join(parts)
            if i >= len(self.raw):
                raise _error("Unclosed start tag")
            attrs.setdefault(name, value)
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _error(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.open.append((tag, attrs.get("href", ""), self.utf16))
        self.i = i + 1

    def end_tag(self) -> None:
        begin = self.i
        if not self.open:
            raise _error(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while i < len(self.raw) and not self.space(i) and self.at(i) != ">":
            i += 1
        name = self.raw[begin + 2 : i].decode("utf-8", "replace")
        while i < len(self.raw) and self.space(i):
            i += 1
        if self.at(i) != ">":
            raise _error(f"Unclosed end tag at byte offset {begin}")
        tag, href, start = self.open.pop()
        if name and name != tag:
            raise _error(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{name}>"'
            )
        self.i = i + 1
        length = self.utf16 - start
        if not length or tag == "tg-emoji":
            return
        kind = "spoiler" if tag == "span" else TAG_ENTITIES[tag]
        entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
        if tag == "a":
            # MessageEntity.cpp parse_html: "url = LinkManager::get_checked_link(url); if
            # (!url.empty()) entities.emplace_back(MessageEntity::Type::TextUrl, ...)": a link
            # Telegram refuses is no entity, the text stays.
            try:
                entity["url"] = check_link(href or _utf16_slice("".join(self.out), start, length))
            except InvalidLink:
                return
        self.entities.append(entity)


def _utf16_slice(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[offset * 2 : (offset + length) * 2].decode("utf-16-le")


def _error(detail: str) -> Exception:
    return bad_request(f"can't parse entities: {detail}")


def _checked_entity(entity: Any) -> Any:
    """A text_link the bot gives: MessageEntity.cpp get_message_entities, "Entity " <<
    LinkManager::check_link's "URL '...' is invalid: ..." (Client.cpp lowercases the E)."""
    if isinstance(entity, dict) and entity.get("type") == "text_link":
        try:
            return {**entity, "url": check_link(str(entity.get("url") or ""))}
        except InvalidLink as error:
            raise bad_request(f"entity {error}") from None
    return entity


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    return _Html(text).parse()


# tdlib's clean_input_string (td/telegram/misc.cpp) and clean_input_string_with_entities
# (MessageEntity.cpp): control characters become spaces ("case 0: ... case 32:
# result.push_back(' ')", '\n' kept), '\r' is skipped, "\xe2\x80[\xa8-\xae]" (U+2028-U+202E)
# and the "vertical lines \xcc[\xb3\xbf\x8a]" (U+0333, U+033F, U+030A) are removed.
_AS_SPACE = frozenset(chr(c) for c in range(33) if c not in (10, 13))
_REMOVED = frozenset({"\r", *map(chr, range(0x2028, 0x202F)), "\u0333", "\u033f", "\u030a"})


def fix_text(
    text: str, entities: list[dict[str, Any]], *, allow_empty: bool
) -> tuple[str, list[dict[str, Any]]]:
    """The text and entities Telegram keeps of what was sent: tdlib's fix_formatted_text
    (MessageEntity.cpp). Cleaned as above, then trimmed: "// rtrim" cuts the text after its
    last character that is not ' ' or '\n' (entities past it dropped or shortened), "// ltrim"
    removes the ' ' and '\n' before the first entity. A text of nothing else is empty: ``("",
    [])`` where ``allow_empty`` (a caption), else 400 "Text must be non-empty" (Client.cpp
    lowercases it: "Bad Request: text must be non-empty")."""
    kept: list[str] = []
    new_at: list[int] = []  # UTF-16 offset in the old text -> offset in the cleaned one
    position = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        new_at.extend([position] * width)
        if char in _REMOVED:
            continue
        kept.append(" " if char in _AS_SPACE else char)
        position += width
    new_at.append(position)
    cleaned = "".join(kept)
    fixed: list[dict[str, Any]] = []
    for entity in entities:
        start = new_at[min(entity["offset"], len(new_at) - 1)]
        end = new_at[min(entity["offset"] + entity["length"], len(new_at) - 1)]
        if end > start:  # remove_empty_entities: "if (entity.length <= 0) return true"
            fixed.append({**entity, "offset": start, "length": end - start})
    body = cleaned.rstrip(" \n")
    if not body:
        if allow_empty:
            return "", []
        raise bad_request("text must be non-empty")
    last = utf16_len(body)
    fixed = [
        {**e, "length": min(e["length"], last - e["offset"])} for e in fixed if e["offset"] < last
    ]
    first = min((e["offset"] for e in fixed), default=last)
    head = body[: len(body) - len(body.lstrip(" \n"))]
    cut = min(utf16_len(head), first)
    return body[cut:], [{**e, "offset": e["offset"] - cut} for e in fixed]


def render_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    allow_empty: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a message the bot sends, as Telegram keeps them
    (``fix_text``), with the entities Telegram finds in it."""
    if parse_mode and entities:
        raise bad_request("can't use parse_mode together with entities")
    if parse_mode is None or parse_mode == "":
        plain, found = text, [_checked_entity(e) for e in entities or []]
    elif parse_mode.upper() == "HTML":
        plain, found = parse_html(text)
    else:
        raise bad_request(f"parse_mode {parse_mode} is not supported by this emulator (use HTML)")
    plain, found = fix_text(plain, found, allow_empty=allow_empty)
    found = sorted(found + auto_entities(plain, found), key=lambda e: e["offset"])
    return plain, found
