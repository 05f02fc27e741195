"""Invisible and look-alike names (issue 33's attack): a name is what a reader sees, a name
of nothing visible is refused, and two names that read the same are one name."""

from __future__ import annotations

import pytest

from domain.enrollment import texts
from domain.enrollment.rules import NameProblem, check_name, without_invisibles
from domain.persons.names import looks_like, skeleton

ZWSP, ZWNJ, ZWJ, WJ, BOM, LRM, RLM, SHY = (
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad",
)  # fmt: skip
CYRILLIC_I, CYRILLIC_A, CYRILLIC_O = "\u0456", "\u0430", "\u043e"
GREEK_CAPITAL_A = "\u0391"


@pytest.mark.parametrize("invisible", [ZWSP, ZWNJ, ZWJ, WJ, BOM, LRM, RLM, SHY, "\u3164"])
def test_invisible_characters_inside_a_name_are_dropped(invisible: str) -> None:
    assert check_name(f"Al{invisible}ice").name == "Alice"
    assert check_name(f"{invisible}Alice {invisible} Smith{invisible}").name == "Alice Smith"


@pytest.mark.parametrize(
    "typed", [ZWSP, ZWSP * 3, f"{ZWJ}{WJ}{BOM}", f"{LRM} {RLM}", f" {SHY}\n", "\u3164", "\u202e"]
)
def test_a_name_of_nothing_visible_is_refused(typed: str) -> None:
    checked = check_name(typed)
    assert (checked.name, checked.problem) == (None, NameProblem.INVISIBLE)
    assert texts.bad_name(NameProblem.INVISIBLE, 0).startswith(
        "That name has only invisible characters."
    )


def test_names_are_composed() -> None:
    assert check_name("Zoe\u0308").name == "Zo\u00eb"


@pytest.mark.parametrize(
    "name",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: ZWNJ between letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: ZWJ inside a conjunct
        "Zo\u00eb \U0001f469\u200d\U0001f467",  # an emoji family
        "Sam \U0001f469\U0001f3fd\u200d\U0001f4bb",  # a skin tone, then ZWJ
        "Ewan \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",  # Wales
    ],
)
def test_joiners_a_script_spells_with_are_kept(name: str) -> None:
    assert without_invisibles(name) == name
    assert check_name(name).name == name


def test_joiners_between_latin_letters_or_tags_out_of_a_flag_are_dropped() -> None:
    assert without_invisibles(f"A{ZWNJ}n{ZWJ}n") == "Ann"
    assert without_invisibles("Ann\U000e0067\U000e007f") == "Ann"


def test_a_bidirectional_override_is_still_refused() -> None:
    assert check_name("Yara\u202egnp.exe").problem == NameProblem.CONTROL


@pytest.mark.parametrize(
    ("name", "other"),
    [
        (f"Al{CYRILLIC_I}ce", "Alice"),
        (f"{CYRILLIC_A}nn{CYRILLIC_A}", "anna"),
        (f"{GREEK_CAPITAL_A}lice", "ALICE"),
        ("\uff21lice", "Alice"),  # full width
        (f"B{CYRILLIC_O}b", "Bob"),
        ("alice  smith", "Alice Smith"),
    ],
)
def test_names_that_read_the_same_are_one_name(name: str, other: str) -> None:
    assert skeleton(name) == skeleton(other)
    assert looks_like(name, ["Bob Jr", other]) == other


@pytest.mark.parametrize(("name", "other"), [("Zo\u00eb", "Zoe"), ("Ann", "Anna"), ("Ben", "Bea")])
def test_names_a_reader_tells_apart_are_two(name: str, other: str) -> None:
    assert looks_like(name, [other]) is None
