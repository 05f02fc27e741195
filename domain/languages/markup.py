"""Facedrop's messages are HTML (Telegram's HTML parse mode): a user's text escaped
into one, and one read back as plain text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape

from babel.lists import format_list

from domain.languages.catalogs import current_language, isolated


def bold_list(items: Sequence[str]) -> str:
    """Names or titles in bold, each kept in its own direction, listed as the reader's
    language lists them ("Yosef and Tamar", "יוסף ותמר"; not a bare comma)."""
    return format_list([f"<b>{isolated(e(item))}</b>" for item in items], locale=current_language())


def e(value: str) -> str:
    return escape(value, quote=False)


def plain(text: str) -> str:
    """An HTML sentence as plain text, for button popups (they show no markup)."""
    return unescape(re.sub(r"<[^>]+>", "", text))
