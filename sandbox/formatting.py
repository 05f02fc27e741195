"""Message text as Telegram stores it: plain text plus entities (UTF-16 offsets)."""

from __future__ import annotations

import re
from typing import Any

from sandbox.errors import bad_request
from sandbox.links import InvalidLink, check_link

# As tdlib's match_bot_commands (td/telegram/MessageEntity.cpp): a "/" after no letter, digit,
# "_", "/", "<" or ">", 1-64 of [A-Za-z0-9_], an optional @username (3-32), and none of those
# right after. An invisible mark or isolate (U+200E, U+2066, U+2069: no letters) is no bar.
COMMAND = re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
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


# MessageEntity.cpp is_email_address: "/^([a-z0-9_-]{0,26}[.+]){0,10}[a-z0-9_-]{1,35}@
# (([a-z0-9][a-z0-9_-]{0,28})?[a-z0-9][.]){1,6}[a-z]{2,8}$/i", as find_urls meets it in text.
EMAIL = re.compile(
    r"(?<![\w.+@-])(?:[a-z0-9_-]{0,26}[.+]){0,10}[a-z0-9_-]{1,35}"
    r"@(?:(?:[a-z0-9][a-z0-9_-]{0,28})?[a-z0-9]\.){1,6}[a-z]{2,8}(?![\w@-]|\.\w)",
    re.IGNORECASE,
)


def _hashtag_letter(char: str) -> bool:
    """MessageEntity.cpp is_hashtag_letter: '_', U+200C, U+00B7, U+0D80-U+0DFF, letters and
    decimal digits."""
    return char == "_" or char in "\u200c\u00b7" or "\u0d80" <= char <= "\u0dff" or char.isalnum()


def _hashtags(text: str) -> list[tuple[int, int]]:
    """match_hashtags: '#' after no hashtag letter, 1-256 hashtag letters (at least one a
    letter), an optional @username (3-32), and no '#' right after."""
    found = []
    for at in (i for i, c in enumerate(text) if c == "#"):
        if at and _hashtag_letter(text[at - 1]):
            continue
        end = at + 1
        while end < len(text) and _hashtag_letter(text[end]):
            end += 1
        letters = text[at + 1 : end]
        kept = at + 1 + min(len(letters), 256)
        if not letters or not any(c.isalpha() for c in letters[:256]):
            continue
        if kept == end and (user := re.match(r"@[A-Za-z0-9_]{3,32}", text[end:])):
            end = kept = end + len(user.group())
        if text[end : end + 1] == "#":
            continue
        found.append((at, kept))
    return found


def _cashtags(text: str) -> list[tuple[int, int]]:
    """match_cashtags: '$' after no hashtag letter or '$', "1INCH" or 1-8 capital letters, an
    optional @username (3-32), and no hashtag letter or '$' right after."""
    found = []
    for match in re.finditer(r"\$(1INCH|[A-Z]+)(@[A-Za-z0-9_]{3,32}(?![A-Za-z0-9_]))?", text):
        at, end = match.start(), match.end()
        if at and (_hashtag_letter(text[at - 1]) or text[at - 1] == "$"):
            continue
        if len(match.group(1)) > 8:
            continue
        if end < len(text) and (_hashtag_letter(text[end]) or text[end] == "$"):
            continue
        found.append((at, end))
    return found


def _matches(pattern: re.Pattern[str]) -> Any:
    return lambda text: [(m.start(), m.end()) for m in pattern.finditer(text)]


# find_entities' order: mentions, bot commands, hashtags, cashtags, then links and e-mails.
FINDERS = (
    ("url", _matches(URL)),
    ("email", _matches(EMAIL)),
    ("bot_command", _matches(COMMAND)),
    ("mention", _matches(MENTION)),
    ("hashtag", _hashtags),
    ("cashtag", _cashtags),
)


def auto_entities(text: str, taken: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The entities Telegram detects by itself (MessageEntity.cpp find_entities): links,
    e-mail addresses, bot commands, @mentions, #hashtags and $CASHTAGS; none inside a link
    or an e-mail address, or inside a link, code or pre the sender marked (``taken``)."""
    found: list[dict[str, Any]] = []
    spans = [
        (e["offset"], e["offset"] + e["length"])
        for e in taken or []
        if e["type"] in ("text_link", "url", "code", "pre")
    ]
    for kind, finder in FINDERS:
        for begin, finish in finder(text):
            start = utf16_len(text[:begin])
            end = start + utf16_len(text[begin:finish])
            if any(a < end and start < b for a, b in spans):
                continue
            found.append({"type": kind, "offset": start, "length": end - start})
            if kind in ("url", "email"):
                spans.append((start, end))
    return sorted(found, key=lambda e: e["offset"])


SUPPORTED_TAGS = frozenset(TAG_ENTITIES) | {"span", "tg-emoji"}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SPACES = " \t\n\r\f\v"


def _entity_at(raw: bytes, i: int) -> tuple[str, int] | None:
    """The character an HTML entity at byte ``i`` stands for, and the bytes it takes:
    tdlib's decode_html_entity (MessageEntity.cpp). Only ``&lt &gt &amp &quot`` and numeric
    references (``&#60``, ``&#x3c``: a lowercase x) are decoded, the ``;`` after them
    optional ("if (text[end_pos] == ';') { pos = end_pos + 1; } else { pos = end_pos; }");
    "if (res == 0 || res >= 0x10ffff || end_pos - pos >= 10) return 0": any other ``&``
    stays as it is."""
    end = i + 1
    if raw[end : end + 1] == b"#":
        end += 1
        hexadecimal = raw[end : end + 1] == b"x"
        end += hexadecimal
        digits = b"0123456789abcdefABCDEF" if hexadecimal else b"0123456789"
        start = end
        while end < len(raw) and raw[end] in digits:
            end += 1
        code = int(raw[start:end], 16 if hexadecimal else 10) if end > start else 0
        if code == 0 or code >= 0x10FFFF or end - i >= 10 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < len(raw) and chr(raw[end]).isascii() and chr(raw[end]).isalpha():
            end += 1
        name = raw[i + 1 : end].decode("ascii")
        if name not in NAMED_ENTITIES:
            return None
        char = NAMED_ENTITIES[name]
    if raw[end : end + 1] == b";":
        end += 1
    return char, end - i


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
        for entity in self.entities:  # a code entity has no language (Client.cpp's "code")
            if entity["type"] == "code":
                entity.pop("language", None)
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
            while i < len(self.raw) and not self.space(i) and self.at(i) not in "=>/\"'":
                i += 1
            # Names are compared as written ("attribute_name == Slice("href")").
            name = self.raw[name_begin:i].decode("utf-8", "replace")
            if not name:
                raise _error(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
            while i < len(self.raw) and self.space(i):
                i += 1
            if self.at(i) != "=":
                # An attribute without a value: "if (tag_name == "blockquote" &&
                # attribute_name == Slice("expandable")) { argument = "1"; } continue;"
                if i >= len(self.raw):
                    raise _error(f'Unclosed start tag "{tag}" at byte offset {begin}')
                attrs.setdefault(name, "")
                continue
            i += 1
            while i < len(self.raw) and self.space(i):
                i += 1
            if i >= len(self.raw):
                raise _error(f'Unclosed start tag "{tag}" at byte offset {begin}')
            quote = self.at(i)
            if quote not in "'\"":
                token_begin = i
                while (self.at(i).isascii() and self.at(i).isalnum()) or self.at(i) in ".-":
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
            attrs[name] = value  # the last one counts ("argument = ...")
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _error(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        # The tag's argument: a's href, code's class "language-x" (x), blockquote's
        # expandable (with or without a value).
        argument = ""
        if tag == "a":
            argument = attrs.get("href", "")
        elif tag == "code" and attrs.get("class", "").startswith("language-"):
            argument = attrs["class"][len("language-") :]
        elif tag == "blockquote" and "expandable" in attrs:
            argument = "1"
        self.open.append((tag, argument, self.utf16))
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
        tag, argument, start = self.open.pop()
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
        last = self.entities[-1] if self.entities else None
        same = last is not None and (last["offset"], last["length"]) == (start, length)
        if tag == "pre" and same and last and last["type"] == "code" and last.get("language"):
            # "if (... entities.back().type == MessageEntity::Type::Code && ... same span
            # && !entities.back().argument.empty()) { entities.back().type = PreCode; }":
            # <pre><code class="language-x"> is one pre entity with its language.
            last["type"] = "pre"
            return
        if tag == "code" and same and last and last["type"] == "pre" and argument:
            last["language"] = argument  # <code class="language-x"><pre>: the same
            return
        if tag == "code" and argument:
            entity["language"] = argument  # dropped below unless a pre takes it
        if tag == "blockquote" and argument:
            entity["type"] = "expandable_blockquote"
        if tag == "a":
            # MessageEntity.cpp parse_html: "url = LinkManager::get_checked_link(url); if
            # (!url.empty()) entities.emplace_back(MessageEntity::Type::TextUrl, ...)": a link
            # Telegram refuses is no entity, the text stays.
            try:
                entity["url"] = check_link(
                    argument or _utf16_slice("".join(self.out), start, length)
                )
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


def check_parse_mode(text: str, parse_mode: str | None) -> str:
    """Client.cpp get_formatted_text: "if (text.size() > (1 << 15)) ... "Text is too long"",
    "td::to_lower_inplace(parse_mode)"; "none" (or none given) keeps the entities given;
    "markdown", "markdownv2" and "html" parse the text and ignore them; any other:
    "Unsupported parse_mode". Checked before the chat is looked at."""
    if len(text.encode()) > 1 << 15:
        raise bad_request("text is too long")
    mode = (parse_mode or "").lower()
    if not text or mode in ("", "none"):
        return "none"
    if mode in ("markdown", "markdownv2"):
        raise bad_request(f"parse_mode {parse_mode} is not supported by this emulator (use HTML)")
    if mode != "html":
        raise bad_request("unsupported parse_mode")
    return mode


def render_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    allow_empty: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities of a message the bot sends, as Telegram keeps them
    (``fix_text``), with the entities Telegram finds in it."""
    mode = check_parse_mode(text, parse_mode)
    if mode == "html":
        plain, found = parse_html(text)  # the entities given beside it are ignored
    else:
        plain, found = text, [_checked_entity(e) for e in entities or []]
    plain, found = fix_text(plain, found, allow_empty=allow_empty)
    found = sorted(found + auto_entities(plain, found), key=lambda e: e["offset"])
    return plain, found
