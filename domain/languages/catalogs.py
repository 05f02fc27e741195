"""Every translated sentence comes from here: ``_("...")`` in ``domain/texts.py`` looks the
English source text up in the catalog of the current language.

The catalogs are the ``.po`` files under ``locales/`` (``make i18n`` extracts the messages
and updates them). They are compiled when the process starts, in memory, with Babel: no
``.mo`` binary is committed or can go stale. The current language is a context variable:
the bot's middleware sets it per update (a group's messages speak the group's language),
and code sending outside an update wraps its texts in ``in_language(code)``.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel import Locale
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


class Catalogs(I18n):
    """aiogram's ``I18n`` (the middleware's engine), reading the ``.po`` files."""

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
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


CATALOGS = Catalogs(path=LOCALES_DIR, default_locale=SOURCE_LANGUAGE, domain=DOMAIN)


def _(message: str) -> str:
    """``message`` (English, the source text) in the current language."""
    return CATALOGS.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs without translating it: a table's values, made
    once at import, are translated where they are shown (``_(TABLE[key])``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language, by its
    catalog's Plural-Forms (Russian has three: 1 and 21, 2-4 and 22-24, the rest)."""
    return CATALOGS.gettext(singular, plural, n)


def current_language() -> str:
    return CATALOGS.current_locale


@contextmanager
def in_language(code: str | None) -> Iterator[None]:
    """Texts made inside speak ``code`` (English when it is unknown or None)."""
    with CATALOGS.use_locale(code if code in LANGUAGES else SOURCE_LANGUAGE):
        yield


def right_to_left() -> bool:
    return Locale.parse(current_language()).text_direction == "rtl"


def drawn(text: str) -> str:
    """Text drawn into a picture (the /stats chart), in the order its characters are laid
    out left to right: a renderer without a bidi algorithm would draw Hebrew backwards."""
    return get_display(text) if right_to_left() else text


def isolated(value: str) -> str:
    """A name or number inside a right-to-left sentence, kept in its own direction (Unicode
    first-strong isolate): "קבוצה Class 2B (5)" does not scramble. Unchanged left to right."""
    return f"\u2068{value}\u2069" if right_to_left() else value
