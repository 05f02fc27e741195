"""Where a link Telegram finds in plain text ends, as tdlib decides it
(td/telegram/MessageEntity.cpp: is_url_unicode_symbol, is_url_path_symbol and
bad_path_end_chars in match_urls)."""

from __future__ import annotations

from sandbox.formatting import auto_entities, utf16_len

LINK = "https://t.me/facedrop_bot?start=g_abc"


def _urls(text: str) -> list[str]:
    """The text of each url entity, read back through its UTF-16 offsets."""
    units = text.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in auto_entities(text)
        if e["type"] == "url"
    ]


def test_a_link_in_unicode_isolates_stops_before_the_closing_mark() -> None:
    # U+2069 (POP DIRECTIONAL ISOLATE) is General Punctuation: not a URL path symbol.
    text = f"דברו איתי בפרטי: \u2068{LINK}\u2069"
    assert _urls(text) == [LINK]
    entity = auto_entities(text)[0]
    assert entity["offset"] == utf16_len("דברו איתי בפרטי: \u2068")


def test_direction_marks_and_general_punctuation_end_a_link() -> None:
    for mark in ("\u200e", "\u200f", "\u202c", "\u2066", "\u2067", "\u2069", "\u200b", "\u2026"):
        assert _urls(f"{LINK}{mark}next") == [LINK], repr(mark)


def test_joiners_and_dashes_stay_inside_a_link() -> None:
    # is_url_unicode_symbol keeps U+200C, U+200D and the dashes U+2010-U+2015.
    for mark in ("\u200c", "\u200d", "\u2010", "\u2013", "\u2015"):
        assert _urls(f"{LINK}{mark}x") == [f"{LINK}{mark}x"], repr(mark)


def test_guillemets_end_a_link_and_sentence_punctuation_is_left_out() -> None:
    assert _urls(f"«{LINK}»") == [LINK]
    for tail in (".", ",", ":", ";", "!", "?", "'", "(", "`", "..."):
        assert _urls(f"open {LINK}{tail}") == [LINK], tail
