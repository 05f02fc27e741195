"""The pure parts of the organizers' bans and /stats."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain import texts
from domain.languages.catalogs import drawn, in_language
from domain.moderation.bans import parse_reference
from domain.moderation.stats import Day, per_day, recognition_rate, render_chart


def test_a_ban_names_a_user_by_username_or_id() -> None:
    assert parse_reference("@Ann_B") == "ann_b"
    assert parse_reference("ann_b") == "ann_b"
    assert parse_reference(" 12345 ") == 12345
    for bad in ("", "@", "-5", "0", "two words", "@ann!", "x" * 40):
        assert parse_reference(bad) is None, bad


def test_only_ascii_digits_within_int64_make_a_user_id() -> None:
    assert parse_reference("9223372036854775807") == 2**63 - 1
    for odd in ("²", "١٢٣", "\uff11\uff12", "99999999999999999999", "9223372036854775808", "@anné"):
        assert parse_reference(odd) is None, odd


def test_the_recognition_rate_is_recognized_over_processed() -> None:
    assert recognition_rate(1, 2) == 0.5
    assert recognition_rate(0, 3) == 0.0
    assert recognition_rate(0, 0) is None
    assert recognition_rate(5, 4) == 1.0


def test_days_without_photos_are_zeros_and_older_ones_are_left_out() -> None:
    today = date(2026, 11, 23)
    photos = [
        datetime(2026, 11, 23, 9, tzinfo=UTC),
        datetime(2026, 11, 23, 23, 59, tzinfo=UTC),
        datetime(2026, 11, 10, 8, tzinfo=UTC),  # the first of the 14 days
        datetime(2026, 11, 9, 8, tzinfo=UTC),  # before: not shown
    ]
    deliveries = [datetime(2026, 11, 22, 12, tzinfo=UTC)]
    days = per_day(photos, deliveries, today)
    assert len(days) == 14
    assert days[0] == Day(date(2026, 11, 10), 1, 0)
    assert days[-2] == Day(date(2026, 11, 22), 0, 1)
    assert days[-1] == Day(today, 2, 0)
    assert sum(d.photos for d in days) == 3


def test_the_chart_is_a_png() -> None:
    days = per_day([datetime(2026, 11, 23, 9, tzinfo=UTC)], [], date(2026, 11, 23))
    png = render_chart(days)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_chart_draws_hebrew_in_visual_order_and_english_as_it_is() -> None:
    days = per_day([datetime(2026, 11, 23, 9, tzinfo=UTC)], [], date(2026, 11, 23))
    with in_language("he"):
        assert texts.stats_chart_photos() == "תמונות"
        # Laid out left to right, the letters come last to first; a number stays as written.
        assert drawn("תמונות 14") == "14 תונומת"
        assert render_chart(days).startswith(b"\x89PNG")
    with in_language("en"):
        assert drawn(texts.stats_chart_title()) == "Photos and deliveries per day"
