"""A link in a text is tappable as it is in every language: no invisible mark inside it or
touching it (a right-to-left text isolates names, never links)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.claims import texts as claims_texts
from domain.groups import texts as groups_texts
from domain.languages.catalogs import LANGUAGES, in_language
from domain.moderation import texts
from sandbox.formatting import render_text

JOIN = "https://t.me/facedrop_bot?start=g_AbC123"
CLAIM = "https://t.me/facedrop_bot?start=c_XyZ789"
MARKS = {"\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c"}


def _links(html: str) -> list[str]:
    """The links a reader can tap, as Telegram finds them in the text sent (HTML)."""
    plain, entities = render_text(html, "HTML", None)
    units = plain.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == "url"
    ]


def _touching(text: str, link: str) -> set[str]:
    at = text.index(link)
    return {text[at - 1], text[at + len(link) : at + len(link) + 1]} & MARKS


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_join_and_claim_links_are_tappable_whole(language: str) -> None:
    with in_language(language):
        made = [
            (groups_texts.group_hint("facedrop_bot", JOIN), JOIN),
            (texts.group_help_for_admins(JOIN, None), JOIN),
            (
                claims_texts.claim_link_text(
                    "Yael", "Class 2B", CLAIM, datetime(2026, 12, 1, tzinfo=UTC)
                ),
                CLAIM,
            ),
        ]
    for text, link in made:
        assert _links(text) == [link], (language, text)
        assert not _touching(text, link), (language, text)
