"""Dates as the reader's language writes them (Babel, from the Unicode CLDR), and dates
typed by users read in their language's usual order. Times are UTC: facedrop does not know
anyone's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from babel.dates import format_skeleton, format_time, parse_date

from domain.languages.catalogs import current_language


def day(on: date) -> str:
    """ "Nov 24, 2026" in English, the year and the month's short name in others."""
    return format_skeleton("yMMMd", on, locale=current_language())


def day_of_year(on: date) -> str:
    """ "Nov 24": a recent day, its year understood."""
    return format_skeleton("MMMd", on, locale=current_language())


def moment(at: datetime) -> str:
    """ "Nov 24 13:05" (UTC), the day in the reader's language."""
    at = at.astimezone(UTC)
    time = format_time(at, "HH:mm", tzinfo=UTC, locale=current_language())
    return f"{day_of_year(at.date())} {time}"


def moment_utc(at: datetime) -> str:
    """ "Nov 24 13:05 UTC"."""
    return f"{moment(at)} UTC"


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})")


def read_day(text: str) -> date | None:
    """A day typed as 2019-05-31, or with the day, the month and the year in the reader's
    language's order (31.05.2019 in Russian, 31/05/2019 in Spanish, 05/31/2019 in
    English; a day above 12 settles the order in any); None when it is no such day."""
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return date(*(int(part) for part in match.groups()))
        if _NUMERIC.fullmatch(text) is None:
            return None
        if "." in text:  # dotted dates put the day first, in every language
            day_, month, year = (int(part) for part in re.split(r"[./-]", text))
            return date(year + 2000 if year < 100 else year, month, day_)
        return parse_date(text, locale=current_language())
    except ValueError:
        return None
