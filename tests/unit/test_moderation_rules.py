"""The pure parts of the organizers' bans and /stats."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
from bidi import get_display
from PIL import Image

from domain.languages import dates
from domain.languages.catalogs import drawn, in_language
from domain.moderation import texts
from domain.moderation.bans import parse_reference
from domain.moderation.stats import (
    ChartLabels,
    Day,
    chart_labels,
    per_day,
    recognition_rate,
    render_chart,
    renderer_orders_right_to_left,
)


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


def test_the_charts_days_are_the_groups_time_zones() -> None:
    # 23:59 UTC on Nov 23 is already Nov 24 in Jerusalem: that day's photo, not the 23rd's.
    late = datetime(2026, 11, 23, 23, 59, tzinfo=UTC)
    jerusalem = ZoneInfo("Asia/Jerusalem")
    days = per_day([late], [late], date(2026, 11, 24), zone=jerusalem)
    assert days[-1] == Day(date(2026, 11, 24), 1, 1)
    assert days[-2] == Day(date(2026, 11, 23), 0, 0)
    assert per_day([late], [], date(2026, 11, 23))[-1] == Day(date(2026, 11, 23), 1, 0)


def test_the_chart_is_a_png() -> None:
    days = per_day([datetime(2026, 11, 23, 9, tzinfo=UTC)], [], date(2026, 11, 23))
    png = render_chart(days)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def _pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("L"), dtype=np.int16)


def _laid_out(text: str, *, visual: bool) -> str:
    """``text`` forced into one left-to-right order of its characters: their visual order by
    python-bidi (how Hebrew reads), or as written (reversed, the bug). A renderer that
    orders right-to-left text itself is held to it by a left-to-right override."""
    shown = get_display(text) if visual else text
    return f"\u202d{shown}\u202c" if renderer_orders_right_to_left() else shown


def test_the_chart_draws_hebrew_the_right_way_round() -> None:
    """The picture, not the strings: the Hebrew chart is pixel for pixel the chart whose
    title, legend and dates are forced into Hebrew's visual order, and differs from each
    one drawn with its letters reversed (as before, when matplotlib's own bidi reversed
    the visual order python-bidi had already made)."""
    days = per_day([datetime(2026, 11, 23, 9, tzinfo=UTC)], [], date(2026, 11, 23))
    with in_language("he"):
        assert texts.stats_chart_photos() == "תמונות"
        # Laid out left to right, the letters come last to first; a number stays as written.
        assert drawn("תמונות 14") == "14 תונומת"
        words = {
            "title": texts.stats_chart_title(),
            "photos": texts.stats_chart_photos(),
            "deliveries": texts.stats_chart_deliveries(),
        }
        day_names = [dates.day_of_year(d.day) for d in days]

        def reference(reversed_part: str = "") -> ChartLabels:
            def lay(part: str, text: str) -> str:
                return _laid_out(text, visual=part != reversed_part)

            return ChartLabels(
                **{part: lay(part, text) for part, text in words.items()},
                days=[lay("days", name) for name in day_names],
            )

        chart = _pixels(render_chart(days))
        assert np.array_equal(chart, _pixels(render_chart(days, reference())))
        for part in (*words, "days"):
            reversed_part = _pixels(render_chart(days, reference(part)))
            assert chart.shape == reversed_part.shape
            assert (chart != reversed_part).sum() > 50, f"{part}: reversed looks the same"
    with in_language("en"):
        assert chart_labels(days[-1:]).title == "Photos and deliveries per day"
        assert chart_labels(days[-1:]).days == ["Nov 23"]


def test_an_audit_change_line_reads_in_the_readers_direction() -> None:
    """Old value first, new value second, the arrow pointing from one to the other as the
    reader reads: "→" left to right, "←" right to left, each value isolated there."""
    details = {"setting": "zone", "old": "UTC", "new": "Asia/Jerusalem"}
    line = texts.audit_moderation_line("Olga", "setting_changed", "zone", details, False)
    assert line.endswith("UTC → Jerusalem")
    with in_language("he"):
        line = texts.audit_moderation_line("Olga", "setting_changed", "zone", details, False)
    assert "→" not in line
    old, new = "\u2068UTC\u2069", "\u2068"
    assert f"{old} ← {new}" in line, line
    # Laid out right to left, the old value comes first (rightmost), then the arrow toward
    # the new one.
    shown = get_display(line, base_dir="R")
    assert shown.index("UTC") > shown.index("←"), shown
