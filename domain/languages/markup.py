"""Facedrop's messages are HTML (Telegram's HTML parse mode): a user's text escaped
into one, and one read back as plain text."""

from __future__ import annotations

import re
from html import escape, unescape


def e(value: str) -> str:
    return escape(value, quote=False)


def plain(text: str) -> str:
    """An HTML sentence as plain text, for button popups (they show no markup)."""
    return unescape(re.sub(r"<[^>]+>", "", text))
