"""Dates as the reader's language writes them (Babel, from the Unicode CLDR), and dates
typed by users read in their language's usual order or with the month's name, and times
in the reader's time zone: a group's setting (its organizers choose it with /timezone),
which its admin chat and its members' private chats read too. Telegram tells a bot no
one's time zone, so where none is known a time is UTC and says so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_month_names,
    get_timezone_location,
    parse_date,
)

from domain.languages.catalogs import LANGUAGES, current_language

DEFAULT_ZONE = "UTC"
_zone: ContextVar[str] = ContextVar("zone", default=DEFAULT_ZONE)


def current_zone() -> str:
    """The IANA name of the reader's time zone ("UTC" when none is known)."""
    return _zone.get()


@contextmanager
def in_zone(name: str | None) -> Iterator[None]:
    """Times made inside are the time of zone ``name`` (UTC when it is unknown or None)."""
    token = _zone.set(name if name and zone(name) is not None else DEFAULT_ZONE)
    try:
        yield
    finally:
        _zone.reset(token)


def zone(name: str) -> tzinfo | None:
    """The zone an IANA name stands for, or None."""
    if name == DEFAULT_ZONE:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _reader_zone() -> tzinfo:
    return zone(current_zone()) or UTC


def zone_name(name: str | None = None) -> str:
    """ "UTC", or the zone's city in the reader's language ("Jerusalem", "Иерусалим"), for
    ``name`` or the reader's zone."""
    name = name or current_zone()
    if name == DEFAULT_ZONE or zone(name) is None:
        return DEFAULT_ZONE
    if name.startswith("Etc/GMT"):  # a fixed offset: POSIX writes its sign inverted
        hours = -int(name.removeprefix("Etc/GMT") or 0)
        return f"UTC{hours:+d}" if hours else DEFAULT_ZONE
    return str(get_timezone_location(ZoneInfo(name), current_language(), return_city=True))


def day(on: date) -> str:
    """ "Nov 24, 2026" in English, the year and the month's short name in others. Nothing
    after the year (Russian's abbreviation of "year", with its period): a sentence may end
    with the day and its own period (Russian read two periods there). A moment (an aware
    datetime) is written as the reader's day: 18:05 UTC on Nov 26 is Nov 27 in Tokyo."""
    if isinstance(on, datetime) and on.tzinfo is not None:
        on = on.astimezone(_reader_zone()).date()
    return format_date(on, _day_pattern(current_language()), locale=current_language())


@cache
def _day_pattern(language: str) -> str:
    pattern = str(Locale.parse(language).datetime_skeletons["yMMMd"].pattern)
    return pattern[: pattern.rindex("y") + 1]


def day_of_year(on: date) -> str:
    """ "Nov 24": a recent day, its year understood."""
    return format_skeleton("MMMd", on, locale=current_language())


def moment(at: datetime) -> str:
    """ "Nov 24 13:05" in the reader's time zone, the day in the reader's language."""
    here = _reader_zone()
    at = at.astimezone(here)
    time = format_time(at, "HH:mm", tzinfo=here, locale=current_language())
    return f"{day_of_year(at.date())} {time}"


def moment_zoned(at: datetime) -> str:
    """ "Nov 24 13:05 UTC", "Nov 24 15:05 Jerusalem": the time and the zone it is in."""
    return f"{moment(at)} {zone_name()}"


def hour_here(hour_utc: int, on: date | None = None) -> str:
    """ "20:00": an hour of the day given in UTC, in the reader's time zone (on ``on``,
    today by default: summer time moves it)."""
    at = datetime.combine(on or datetime.now(UTC).date(), datetime.min.time(), UTC)
    at = at.replace(hour=hour_utc).astimezone(_reader_zone())
    return f"{at.hour:02d}:{at.minute:02d}"


def hour_minute_now() -> str:
    """ "15:05": the time now in the reader's time zone."""
    now = datetime.now(_reader_zone())
    return f"{now.hour:02d}:{now.minute:02d}"


def clock_now() -> str:
    """ "15:05" in the reader's time zone, "13:05 UTC" where none is known: a time that
    stays in a chat whose other times are written in a group's zone says which it is
    (findings25 5: a list frozen while its reader was in no group read two hours off)."""
    now = hour_minute_now()
    return f"{now} {DEFAULT_ZONE}" if current_zone() == DEFAULT_ZONE else now


_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?$")


@cache
def _zones_by_name() -> dict[str, str]:
    """Every way a reader may write a zone, lowercased: its IANA name ("europe/berlin"), its
    city in English ("berlin", "new york") and in each language facedrop speaks
    ("берлин", "ירושלים")."""
    names: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        names.setdefault(name.lower(), name)
        names.setdefault(name.rsplit("/", 1)[1].replace("_", " ").lower(), name)
        for language in LANGUAGES:
            city = get_timezone_location(ZoneInfo(name), language, return_city=True)
            names.setdefault(str(city).lower(), name)
    return names


def find_zone(text: str) -> str | None:
    """The IANA name of the zone a reader typed: "Europe/Berlin", "Berlin", "new york",
    "Иерусалим", "UTC", "UTC+3" or "+3" (a fixed offset, no summer time); None if unknown."""
    typed = " ".join(text.replace("_", " ").split()).lower()
    if typed in ("utc", "gmt", "z"):
        return DEFAULT_ZONE
    offset = _OFFSET.match(typed)
    if offset:
        hours = int(offset.group(2)) * (1 if offset.group(1) == "+" else -1)
        if not -12 <= hours <= 14:
            return None
        # POSIX's Etc/GMT-3 is three hours ahead of UTC.
        return f"Etc/GMT{-hours:+d}" if hours else DEFAULT_ZONE
    return _zones_by_name().get(typed) or _zones_by_name().get(typed.replace(" ", "/"))


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
        if token.isdecimal():  # "²" is a digit to str.isdigit, not a number to int()
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
