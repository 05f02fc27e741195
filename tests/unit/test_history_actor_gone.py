"""Findings26 5: a /history line whose actor is not named read "Nov 27 11:35 New York
merged 7 faces", as if New York had merged them."""

from __future__ import annotations

from domain.languages.catalogs import in_language
from domain.persons import texts

WHEN = "Nov 27 11:35 New York"


def test_a_change_by_hand_whose_actor_is_gone_says_someone() -> None:
    with in_language("en"):
        line = texts.history_line(
            texts.history_when_by(WHEN, "", mine=False), "merge", None, "Alice", 7, False
        )
    assert line.startswith("Nov 27 11:35 New York, someone merged 7 faces"), line


def test_a_match_recognition_may_have_made_names_nobody() -> None:
    with in_language("en"):
        when = texts.history_when_by(WHEN, "", mine=False, by_hand=False)
    assert when == "Nov 27 11:35 New York,"
    with in_language("he"):
        assert texts.history_when_by(WHEN, "", mine=False).endswith(f"{WHEN} (מישהו)")
