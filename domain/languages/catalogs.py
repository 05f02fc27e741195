"""Every translated sentence comes from here: ``_("...")`` in a ``texts.py`` looks the
English source text up in the catalog of the current language.

The catalogs are the ``.po`` files under ``locales/`` (``make i18n`` extracts the messages
and updates them). They are compiled when the process starts, in memory, with Babel: no
``.mo`` binary is committed or can go stale. The current language is a context variable:
the bot's middleware sets it per update (a group's messages speak the group's language),
and code sending outside an update wraps its texts in ``in_language(code)``.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bidi import get_display

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "facedrop"
SOURCE_LANGUAGE = "en"

# The languages a group (and later a participant) may choose: code -> its own name.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "he": "עברית",
    "es": "Español",
}


class Catalogs:
    """The ``.po`` files of ``path``, compiled, and the current language. Free of aiogram,
    so that the commands that send nothing (``facedrop migrate``, ``doctor``, ``backup``)
    do not load it: the bot's middleware (``bot.languages``) sets the language here."""

    def __init__(self, *, path: Path, default_locale: str, domain: str) -> None:
        self.path = path
        self.default_locale = default_locale
        self.domain = domain
        self._current = ContextVar(f"{domain}_language", default=default_locale)
        self.locales = self._compiled()

    def _compiled(self) -> dict[str, gettext.GNUTranslations]:
        translations: dict[str, gettext.GNUTranslations] = {}
        for po_path in sorted(self.path.glob(f"*/LC_MESSAGES/{self.domain}.po")):
            code = po_path.parent.parent.name
            with po_path.open("rb") as po:
                catalog = read_po(po, locale=code, domain=self.domain)
            compiled = BytesIO()
            write_mo(compiled, catalog)  # fuzzy entries are left out: English shows instead
            compiled.seek(0)
            translations[code] = gettext.GNUTranslations(compiled)
        return translations

    @property
    def current_locale(self) -> str:
        return self._current.get()

    @contextmanager
    def use_locale(self, code: str) -> Iterator[None]:
        token = self._current.set(code)
        try:
            yield
        finally:
            self._current.reset(token)

    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str:
        """``singular`` (or ``plural``, by ``n``) in ``locale``, else the current language;
        the source text where the language has no catalog."""
        translations = self.locales.get(locale or self.current_locale)
        if translations is None:
            return singular if plural is None or n == 1 else plural
        if plural is None:
            return translations.gettext(singular)
        return translations.ngettext(singular, plural, n)


CATALOGS = Catalogs(path=LOCALES_DIR, default_locale=SOURCE_LANGUAGE, domain=DOMAIN)


def _(message: str) -> str:
    """``message`` (English, the source text) in the current language."""
    return _template(right_to_left_lines(CATALOGS.gettext(message)))


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it: a table's values, made
    once at import, are translated where they are shown (``_(TABLE[key])``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language, by its
    catalog's Plural-Forms (Russian has three: 1 and 21, 2-4 and 22-24, the rest)."""
    return _template(right_to_left_lines(CATALOGS.gettext(singular, plural, n)))


# Hebrew writes a one-letter prefix ("to", "in", "from", "and", "that", "as") as part of the
# word it precedes: "לנועה", "מיואב"; with a hyphen before what is not written in Hebrew
# letters: "ל-Noa", "ב-12.5", "מ-3". A translation cannot know which a name will be, so it
# writes the hyphen ("ל-{name}", "ל-<b>{name}</b>"), and the hyphen goes where the value is
# written in Hebrew (walkhe 2: "ל-נועה" read as a typo).
_PREFIXED = re.compile(r"(?<![\w\u0590-\u05ff])([בהוכלמש])-(?=(?:<[^>]*>)*\{(\w+)\})")
# What a value may begin with before its first letter: markup, isolates and direction marks.
_BEFORE_A_LETTER = re.compile(r"(?:<[^>]*>|[\u2066-\u2069\u200e\u200f\s])*")


class _Hebrew(str):
    """A Hebrew translation, formatted as ``str.format`` would, its prefixes joined to the
    values written in Hebrew letters (``_PREFIXED``)."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        def joined(found: re.Match[str]) -> str:
            value = kwargs.get(found.group(2))
            text = _BEFORE_A_LETTER.sub("", str(value), count=1) if value is not None else ""
            hebrew = text[:1] and "\u05d0" <= text[0] <= "\u05ea"
            return found.group(1) if hebrew else found.group()

        return str.format(_PREFIXED.sub(joined, str(self)), *args, **kwargs)


def _template(text: str) -> str:
    """A translation as its callers format it: a Hebrew one joins its prefixes (``_Hebrew``)."""
    return _Hebrew(text) if current_language() == "he" else text


def current_language() -> str:
    return CATALOGS.current_locale


@contextmanager
def in_language(code: str | None) -> Iterator[None]:
    """Texts made inside speak ``code`` (English when it is unknown or None)."""
    with CATALOGS.use_locale(code if code in LANGUAGES else SOURCE_LANGUAGE):
        yield


def right_to_left() -> bool:
    return _written_right_to_left(current_language())


@cache
def _written_right_to_left(code: str) -> bool:
    return Locale.parse(code).text_direction == "rtl"


def drawn(text: str) -> str:
    """Text drawn into a picture (the /stats chart), in the order its characters are laid
    out left to right: a renderer without a bidi algorithm would draw Hebrew backwards.
    Without the marks ``right_to_left_lines`` adds: a font has no glyph for them."""
    return get_display(text).replace(RLM, "") if right_to_left() else text


# A right-to-left mark: invisible, strongly right to left. Telegram's apps lay out each line
# (paragraph) in the direction of its first strong character, as Unicode's bidi algorithm
# does: a Hebrew line that begins "/stats ..." or "{name}: ..." would read left to right.
RLM = "\u200f"
# What a line's start may have before its first letter: markup and character references
# (not shown as such), a placeholder (a name, a number, a command: unknown until formatted).
_MARKUP = re.compile(r"<[^>]*>|&#?\w+;")


_ONE_PLACEHOLDER = re.compile(r"\{\w+\}")


def _starts_right_to_left(line: str) -> bool:
    """Whether ``line`` (HTML, placeholders unformatted) is laid out right to left as it
    is: its first strong character, before any placeholder, is a right-to-left one. A line
    that is one placeholder is left to its value: a translated text is laid out where it is
    made, and no mark may touch a link (an app could take it into the link)."""
    if _ONE_PLACEHOLDER.fullmatch(line):
        return True
    for char in _MARKUP.sub("", line):
        if char == "{":
            return False  # a placeholder first: its value may be a Latin name or a command
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False  # only digits, marks, emoji: a line of them takes the app's direction


# A command inside a right-to-left sentence: its "/" is a neutral, which the sentence's
# direction draws after the word ("add/"). Isolated left to right (LRI ... PDI) it reads
# "/add". Not where tdlib would not see a command either: after a letter, a digit, "_" or
# "/" (a link's path, "1/3"), nor in a closing tag ("</b>"), nor twice; after a tag's ">"
# it is ("<code>/ban"): tags are no text. A Latin argument after it ("/timezone Jerusalem",
# "/history all") goes inside the isolate: left out, the two left-to-right runs are laid
# right to left, "Jerusalem /timezone". Sentence punctuation after it stays outside. An
# example link as the argument ("/takedown https://t.me/c/1234567890/42") is isolated too:
# Telegram ends a link before the closing mark (tdlib's is_url_unicode_symbol refuses
# U+2000-U+206F), so the link found is the same.
_ARGUMENT = r"(?: [A-Za-z0-9@][A-Za-z0-9_@+/.:?=&%#~-]*(?<=[A-Za-z0-9_/])(?=[.,;:!?)]*(?:[\s<]|$)))"
_COMMAND = re.compile(rf"(?<![\w/<\u2066])/[A-Za-z][A-Za-z0-9_]*(?:@\w+)?{_ARGUMENT}?")
# A command shown as code to be copied ("<code>/ban @username</code>"): isolated whole,
# from outside the tags. A copy from Telegram's app is the code entity's text: marks
# inside it would go along, invisibly, into the command the reader pastes and sends.
_CODED_COMMAND = re.compile(r"(?P<done>\u2066)?<code>/[A-Za-z][^<]*</code>(?(done)\u2069)")
_ISOLATED = re.compile(f"{_CODED_COMMAND.pattern}|{_COMMAND.pattern}")


def _isolated_left_to_right(found: re.Match[str]) -> str:
    return found.group() if found.group("done") else f"\u2066{found.group()}\u2069"


def right_to_left_lines(text: str) -> str:
    """``text`` with each line that would be laid out left to right (it starts with a
    command, a placeholder, a Latin word or digits) beginning with a right-to-left mark,
    and each command isolated left to right (``_COMMAND``; one shown as code with its
    tags, ``_CODED_COMMAND``), in a right-to-left language;
    unchanged otherwise, and where it is done already.

    Telegram still makes "/stats" after the mark a command the reader can tap: tdlib (which
    finds the entities of a bot's message) takes a "/" for a command's start unless a letter,
    a digit, "_", "/", "<" or ">" precedes it, and the mark is none of them
    (``match_bot_commands`` in td/telegram/MessageEntity.cpp). Empty lines stay empty: a
    paragraph break is still one."""
    if not right_to_left():
        return text
    text = _ISOLATED.sub(_isolated_left_to_right, text)
    return "\n".join(
        line if not line or _starts_right_to_left(line) else RLM + line for line in text.split("\n")
    )


def joined(items: Iterable[str]) -> str:
    """A list as the reader's language writes one: "Class 3A and Class 4B", "A, B, and C"
    (findings24 12: "In Class 3A, Class 4B, the organizers...")."""
    return format_list(list(items), locale=current_language())


def either(items: Iterable[str]) -> str:
    """Alternatives as the reader's language lists them: "Alice or Bo", "A, B, or C"."""
    return format_list(list(items), style="or", locale=current_language())


def isolated(value: str) -> str:
    """A name or number inside a right-to-left sentence, kept in its own direction (Unicode
    first-strong isolate): "קבוצה Class 2B (5)" does not scramble. Unchanged left to right."""
    return f"\u2068{value}\u2069" if right_to_left() else value
