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


KINDS = [
    (operation, from_name, to_name, undone, reverts)
    for operation, from_name, to_name in (
        ("assign", None, "Alice"),
        ("unassign", "Alice", None),
        ("move", "Ally", "Alice"),
        ("merge", "Ally", "Alice"),
        ("remove", "Alice", None),
    )
    for undone, reverts in ((False, False), (True, False), (False, True))
]


def test_every_kind_of_line_names_someone_where_the_actor_is_gone() -> None:
    """Issue 32 (s23): each kind of /history line, its actor forgotten, reads as a sentence
    with "someone" (Hebrew "(מישהו)") between the time and what was done."""
    for language, who in (("en", f"{WHEN}, someone "), ("he", f"{WHEN} (מישהו) ")):
        with in_language(language):
            when = texts.history_when_by(WHEN, "", mine=False)
            lines = [
                texts.history_line(when, op, old, new, 2, undone, reverts=reverts)
                for op, old, new, undone, reverts in KINDS
            ]
            lines += [
                texts.history_answer_line(when, "Alice", remembered) for remembered in (True, False)
            ]
            lines += [
                texts.history_pair_line(when, "Alice", "Ally", chosen, remembered)
                for chosen in ("Ally", "")
                for remembered in (True, False)
            ]
        for line in lines:
            assert who in line, (language, line)


def test_a_line_whose_other_person_was_deleted_says_it_after_what_became_of_it() -> None:
    """s22's leftover of findings26 5: "merged 3 faces: Alice → a person since deleted
    (undone)" read as if the deletion were undone; the other person is "another person",
    and that it was deleted since comes after "(undone)"."""
    with in_language("en"):
        when = texts.history_when_by(WHEN, "", mine=False)
        line = texts.history_line(
            when, "merge", "Alice", texts.another_person(), 3, True, deleted_since=True
        )
    assert line == (
        f"{WHEN}, someone merged 3 faces: Alice → another person (undone)\n"
        "    <i>That person was deleted since.</i>"
    )
    with in_language("he"):
        line = texts.history_line(
            "x", "move", "Alice", texts.another_person(), 1, False, deleted_since=True
        )
    assert "אדם אחר" in line and line.endswith("האדם הזה נמחק מאז.</i>"), line
