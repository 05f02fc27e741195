"""The twenty-third walk was in Hebrew: the words it had changed, read in Hebrew."""

from __future__ import annotations

from domain.enrollment import texts
from domain.languages.catalogs import in_language


def test_done_with_nothing_to_finish_says_so_in_hebrew() -> None:
    """findings23 2: it answered "אין מה לבטל." ("There's nothing to cancel.")."""
    with in_language("he"):
        said = texts.nothing_to_finish()
    # The command kept left to right in the Hebrew (isolated, as every command is).
    assert said == "אין רישום פתוח לסיים. כדי לרשום מישהו, שלחו \u2066/add\u2069."


def test_a_clips_views_are_listed_one_time_each_in_hebrew() -> None:
    """findings23 4: "5 views" listed four times, two views falling in one second."""
    with in_language("he"):
        said = texts.views_kept("יואב", [0.2, 1.1, 1.6, 2.0, 3.0])
    assert said.startswith("✅ מהסרטון שמרתי 5 מבטים על הפנים של "), said
    # Two in one second are told apart in tenths (findings26 8).
    assert said.endswith("(0:00, 0:01.1, 0:01.6, 0:02, 0:03)."), said
