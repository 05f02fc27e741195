"""Dates as the reader's language writes them (Babel, from the Unicode CLDR), and dates
typed by users read in their language's usual order or with the month's name. Times are
UTC: facedrop does not know anyone's time zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from babel.dates import format_skeleton, format_time, get_month_names, parse_date

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
_TOKENS = re.compile(r"\d+|[^\W\d_]+")
# Words a date written out may hold besides its day, month and year: "31st of May",
# "31 de mayo de 2019", "31 мая 2019 г." (Russian's "year").  # noqa: RUF003
_FILLERS = frozenset({"st", "nd", "rd", "th", "of", "the", "de", "del", "г", "года", "год"})  # noqa: RUF001


def _month_names(language: str) -> dict[str, int]:
    """The months' names and abbreviations, lowercased, in the reader's language and in
    English: as they stand in a date ("мая", "במאי" without its prefix). Only the format
    context: Babel 2.18 may answer a stand-alone name in the last language asked for it
    (python-babel/babel#1263)."""
    names: dict[str, int] = {}
    for locale in ("en", language):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, "format", locale).items():
                # "сент.", "אפר׳" (a geresh ends Hebrew's abbreviations)  # noqa: RUF003
                names[name.lower().rstrip(".'\u05f3")] = number
    return names


def _month(names: dict[str, int], word: str) -> int | None:
    """The month a word names: a name, the start of one ("Sept"), or Hebrew's "in May"."""
    for candidate in (word, word[1:] if word.startswith("ב") else ""):
        if candidate in names:
            return names[candidate]
        starting = {n for name, n in names.items() if name.startswith(candidate)}
        if len(candidate) >= 3 and len(starting) == 1:
            return starting.pop()
    return None


def _written_out(text: str) -> date | None:
    """ "31 May 2019", "May 31, 2019", "31 мая 2019", "31 de mayo de 2019", "31 במאי 2019":
    one day, one month's name and a four-digit year, in any order."""
    names = _month_names(current_language())
    numbers: list[int] = []
    months: list[int] = []
    for token in _TOKENS.findall(text.lower()):
        if token.isdigit():
            numbers.append(int(token))
        elif token in _FILLERS:
            continue
        elif (month := _month(names, token)) is not None:
            months.append(month)
        else:
            return None
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if n < 100]
    if len(months) != 1 or len(years) != 1 or len(days) != 1 or len(numbers) != 2:
        return None
    return date(years[0], months[0], days[0])


def read_day(text: str) -> date | None:
    """A day typed as 2019-05-31, or with the day, the month and the year in the reader's
    language's order (31.05.2019 in Russian, 31/05/2019 in Spanish, 05/31/2019 in
    English; a day above 12 settles the order in any), or with the month's name (31 May
    2019, 31 мая 2019); None when it is no such day."""
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return date(*(int(part) for part in match.groups()))
        if _NUMERIC.fullmatch(text) is None:
            return _written_out(text)
        if "." in text:  # dotted dates put the day first, in every language
            day_, month, year = (int(part) for part in re.split(r"[./-]", text))
            return date(year + 2000 if year < 100 else year, month, day_)
        return parse_date(text, locale=current_language())
    except ValueError:
        return None
