"""What a person's name may be, and the precise reason when it may not."""

from __future__ import annotations

import pytest

from domain.enrollment import texts
from domain.enrollment.rules import NAME_MAX, NameProblem, check_name, clean_name


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Yara", "Yara"),
        ("  Yara \n Smith ", "Yara Smith"),
        ("Zoë 👩‍👧", "Zoë 👩‍👧"),
        ("Y" * 64, "Y" * 64),
    ],
)
def test_names_people_type(typed: str, name: str) -> None:
    assert check_name(typed).name == name == clean_name(typed)


@pytest.mark.parametrize(
    ("typed", "problem", "length"),
    [
        ("", NameProblem.EMPTY, 0),
        ("  \t ", NameProblem.EMPTY, 0),
        ("/persons", NameProblem.COMMAND, 0),
        ("Ya\x00ra", NameProblem.CONTROL, 5),
        ("Ya\x1bra", NameProblem.CONTROL, 5),
        ("Yara\u202egnp.exe", NameProblem.CONTROL, 12),
        ("Y" * 65, NameProblem.TOO_LONG, 65),
        ("Y" * 65536, NameProblem.TOO_LONG, 65536),
    ],
)
def test_what_is_not_a_name(typed: str, problem: NameProblem, length: int) -> None:
    checked = check_name(typed)
    assert (checked.name, checked.problem, checked.length) == (None, problem, length)


def test_refusals_say_what_is_wrong() -> None:
    assert texts.bad_name(NameProblem.CONTROL, 5).startswith(
        "Names can't contain control characters."
    )
    assert texts.bad_name(NameProblem.TOO_LONG, 65536).startswith(
        f"That name is 65536 characters; the limit is {NAME_MAX}."
    )
    assert texts.bad_name(NameProblem.EMPTY, 0) == texts.send_a_name()
