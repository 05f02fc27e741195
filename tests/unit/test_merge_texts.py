"""What a merge's confirmation says of the two persons' birth dates (pure texts)."""

from __future__ import annotations

from domain.persons import texts
from sandbox.formatting import parse_html


def _plain(html: str) -> str:
    return parse_html(html)[0]


def test_differing_birth_dates_say_which_one_stays() -> None:
    said = texts.merge_birth_dates("Max", "Sara", "1 May 2019", "2 June 2019")
    assert _plain(said) == (
        "Birth dates: the kept person's stays (Max: 1 May 2019, Sara: 2 June 2019); "
        "the other one's is dropped."
    )


def test_one_birth_date_stays_either_way_and_none_says_nothing() -> None:
    for keep, drop in (("1 May 2019", None), (None, "1 May 2019"), ("1 May 2019", "1 May 2019")):
        said = texts.merge_birth_dates("Max", "Sara", keep, drop)
        assert _plain(said) == "Birth date: 1 May 2019 stays, whichever name you keep."
    assert texts.merge_birth_dates("Max", "Sara", None, None) == ""
    asked = texts.confirm_merge(
        "Max", "Sara", False, texts.merge_birth_dates("Max", "Sara", None, "1 May 2019")
    )
    assert _plain(asked).endswith(
        "from /history.\nBirth date: 1 May 2019 stays, whichever name you keep."
    )
