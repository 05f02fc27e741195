"""The Hebrew and Spanish of this session's sentences (findings27 3 and 5, findings26 3), as
their readers read them: a pair's undone answer quotes the child answered ("עניתם „X”",
not "עניתם שאלה הפנים של X", read "you answered a question the faces of X"); /whois no
longer says "nobody enrolled" of faces an enrolled child may have; a merged-away person's
old card names both."""

from __future__ import annotations

from domain.claims import texts as claims_texts
from domain.languages.catalogs import in_language
from domain.persons import texts

MAYA, ITAN = "\u05de\u05d9\u05d4", "\u05d0\u05d9\u05ea\u05df"


def _plain(text: str) -> str:
    return (
        text.replace("\u2066", "")
        .replace("\u2068", "")
        .replace("\u2069", "")
        .replace("<b>", "")
        .replace("</b>", "")
    )


def test_a_pairs_undone_answer_quotes_the_child_answered_in_hebrew() -> None:
    with in_language("he"):
        said = texts.answer_yes_undone(MAYA, pair_other=ITAN, other_undone=True)
        no_undone = texts.pair_no_undone(MAYA, "", stands=False)
    assert "שאלה הפנים" not in said + no_undone
    assert _plain(said).startswith(f"עניתם „{MAYA}”, ואז ביטלתם את זה:"), said
    assert _plain(no_undone).startswith(f"עניתם „{MAYA}”; מאז זה בוטל:"), no_undone


def test_whois_says_the_faces_are_unmatched_not_unenrolled() -> None:
    with in_language("he"):
        he = _plain(claims_texts.whois_sheet("כיתה ב", 1, 2, 5))
    with in_language("es"):
        es = _plain(claims_texts.whois_sheet("Clase 2", 1, 2, 5))
    assert he.startswith("מי זה? 5 פנים דומות מהקבוצה כיתה ב שלא שייכתי לאף אחד (1 מתוך 2)."), he
    assert es.startswith("¿Quién es? 5 caras parecidas de Clase 2 que no he asignado a nadie"), es


def test_a_merged_away_persons_old_card_names_both() -> None:
    with in_language("he"):
        he = _plain(texts.card_merged_away(MAYA, ITAN))
    with in_language("es"):
        es = _plain(texts.card_merged_away("Bobby", "Alice"))
    assert he == f"\u200f{MAYA} מוזג/ה לתוך {ITAN}: פתחו את {ITAN} ב-/persons.", he
    assert es == "Bobby se fusionó con Alice: abre Alice en /persons.", es
