"""Times in the reader's time zone: the zone a reader types is found, and a time says the
zone it is written in, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from domain.languages import dates
from domain.languages.catalogs import in_language
from domain.moderation.texts import stats_text

AT = datetime(2026, 11, 24, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  New   York ", "America/New_York"),
        ("new_york", "America/New_York"),
        ("Иерусалим", "Asia/Jerusalem"),
        ("ירושלים", "Asia/Jerusalem"),
        ("Jerusalén", "Asia/Jerusalem"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+3", "Etc/GMT-3"),
        ("+5:00", "Etc/GMT-5"),
        ("GMT-4", "Etc/GMT+4"),
        ("UTC+0", "UTC"),
    ],
)
def test_a_zone_is_found_by_its_name_its_city_in_any_language_or_an_offset(
    typed: str, zone: str
) -> None:
    assert dates.find_zone(typed) == zone


@pytest.mark.parametrize("typed", ["Narnia", "../../etc/passwd", "UTC+15", "", "Europe/"])
def test_anything_else_is_no_zone(typed: str) -> None:
    assert dates.find_zone(typed) is None


def test_a_time_is_written_in_the_readers_zone_and_says_which() -> None:
    assert dates.moment_zoned(AT) == "Nov 24 13:05 UTC"
    with dates.in_zone("Asia/Jerusalem"):
        assert dates.moment_zoned(AT) == "Nov 24 15:05 Jerusalem"
        assert dates.hour_here(18, AT.date()) == "20:00"
        with in_language("ru"):
            assert dates.moment_zoned(AT).endswith("15:05 Иерусалим")
    with dates.in_zone("Etc/GMT-3"):
        assert dates.moment_zoned(AT) == "Nov 24 16:05 UTC+3"
    with dates.in_zone("America/New_York"):  # the day before, where it is still night
        assert dates.moment_zoned(datetime(2026, 11, 24, 2, 0, tzinfo=UTC)) == (
            "Nov 23 21:00 New York"
        )


def test_an_unknown_zone_is_utc() -> None:
    with dates.in_zone("Mars/Olympus"):
        assert dates.current_zone() == "UTC"
        assert dates.moment_zoned(AT) == "Nov 24 13:05 UTC"


def test_a_moment_is_written_as_the_readers_day() -> None:
    # findings12 7: /stats said "last checked Nov 26, 2026" when it was Nov 27 in Tokyo.
    checked = datetime(2026, 11, 26, 18, 5, tzinfo=UTC)
    stats = partial(
        stats_text,
        "Class 2B",
        members=3,
        guardians=2,
        persons=2,
        photos_week=1,
        deliveries_week=1,
        suggestions_pending=0,
        rate=None,
        failed_photos=0,
        failed_clips=0,
        failed_deliveries=0,
        paused=False,
        retention_days=30,
        retention_ran_at=checked,
    )
    with in_language("en"):
        with dates.in_zone("Asia/Tokyo"):
            assert dates.day(checked) == "Nov 27, 2026"
            assert "last checked Nov 27, 2026)" in stats()
        with dates.in_zone("UTC"):
            assert "last checked Nov 26, 2026)" in stats()
        assert dates.day(checked.date()) == "Nov 26, 2026"  # a day is a day anywhere


def test_a_time_left_in_a_chat_says_utc_where_no_zone_is_known() -> None:
    """Findings25 5: a list frozen "As of 13:20" read two hours off the reader's other times,
    unmarked: a time written in no group's zone says it is UTC."""
    with dates.in_zone(None):
        assert dates.clock_now() == f"{dates.hour_minute_now()} UTC"
    with dates.in_zone("Asia/Jerusalem"):
        assert dates.clock_now() == dates.hour_minute_now()
