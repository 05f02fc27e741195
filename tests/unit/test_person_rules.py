from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.infra.telegram.callbacks import PersonData, TokenData, expand, short
from domain.languages.catalogs import in_language
from domain.persons.service import BadBirthDate, parse_birth_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-05-31", date(2019, 5, 31)),
        ("31.05.2019", date(2019, 5, 31)),
        (" 2019-5-3 ", date(2019, 5, 3)),
        ("2026-11-22", TODAY),
    ],
)
def test_birth_dates_people_type(text: str, expected: date) -> None:
    assert parse_birth_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "05/31/2019", date(2019, 5, 31)),
        ("en", "5/6/2019", date(2019, 5, 6)),  # May 6th: the month first in English
        ("en", "31/05/2019", date(2019, 5, 31)),  # no 31st month: the day came first
        ("es", "5/6/2019", date(2019, 6, 5)),  # June 5th: the day first in Spanish
        ("es", "31-05-2019", date(2019, 5, 31)),
        ("ru", "31.05.2019", date(2019, 5, 31)),
        ("ru", "5.6.19", date(2019, 6, 5)),
        ("he", "31.5.2019", date(2019, 5, 31)),
        ("he", "2019-05-31", date(2019, 5, 31)),
        # the month's name, in the reader's language or in English
        ("en", "31 May 2019", date(2019, 5, 31)),
        ("en", "May 31st, 2019", date(2019, 5, 31)),
        ("en", "Sept 3 2019", date(2019, 9, 3)),
        ("ru", "31 мая 2019 г.", date(2019, 5, 31)),  # noqa: RUF001
        ("ru", "3 сент. 2019", date(2019, 9, 3)),
        ("ru", "31 May 2019", date(2019, 5, 31)),
        ("es", "31 de mayo de 2019", date(2019, 5, 31)),
        ("he", "31 במאי 2019", date(2019, 5, 31)),
        ("he", "31 מאי 2019", date(2019, 5, 31)),
    ],
)
def test_birth_dates_typed_in_the_order_of_the_readers_language(
    language: str, text: str, expected: date
) -> None:
    with in_language(language):
        assert parse_birth_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("tomorrow", BadBirthDate.UNREADABLE),
        ("2019-02-30", BadBirthDate.UNREADABLE),
        ("13/13/2019", BadBirthDate.UNREADABLE),
        ("31/02/2019", BadBirthDate.UNREADABLE),
        ("31 05 2019", BadBirthDate.UNREADABLE),
        ("May 2019", BadBirthDate.UNREADABLE),  # which day?
        ("31 May", BadBirthDate.UNREADABLE),  # which year?
        ("30 February 2019", BadBirthDate.UNREADABLE),
        ("31 Mai 2019", BadBirthDate.UNREADABLE),  # German: not a language facedrop speaks
        ("Ma 31 2019", BadBirthDate.UNREADABLE),  # March or May?
        ("31 May 2019 at noon", BadBirthDate.UNREADABLE),
        ("31 May 2019 1", BadBirthDate.UNREADABLE),
        ("31 May 2019²", BadBirthDate.UNREADABLE),  # a digit to str.isdigit, not to int()
        ("³¹ May 2019", BadBirthDate.UNREADABLE),
        ("", BadBirthDate.UNREADABLE),
        ("2026-11-23", BadBirthDate.IN_FUTURE),
        ("01.01.2031", BadBirthDate.IN_FUTURE),
        ("1899-12-31", BadBirthDate.TOO_OLD),
    ],
)
def test_what_is_not_a_birth_date_says_why(text: str, why: BadBirthDate) -> None:
    assert parse_birth_date(text, today=TODAY) == why


def test_uuids_fit_callback_data_and_come_back() -> None:
    ids = [uuid.uuid4() for _ in range(50)]
    assert all(len(short(i)) == 22 and expand(short(i)) == i for i in ids)
    for packed in (
        TokenData(id=short(ids[0])).pack(),
        PersonData(id=short(ids[1]), act="forget_faces").pack(),
    ):
        assert len(packed.encode()) <= 64


@pytest.mark.parametrize(
    "tampered", ["", "short", "A" * 21, "A" * 23, "!!!!!!!!!!!!!!!!!!!!!!", "é" * 22]
)
def test_tampered_ids_are_refused(tampered: str) -> None:
    assert expand(tampered) is None
