"""Children change in months: a prototype from a photo of the child at another age says
less about a new photo than one taken near its date. With a birth date, each prototype's
score for a face is lowered by how much the child grew between the two photos; without
one (an adult, or a child whose guardian gave none), every prototype counts the same.

Growth is measured on a log scale of age, ``|ln((a + 1) / (b + 1))|`` for ages ``a`` and
``b`` in years: a year at 1 is a big change (0.41), a year at 10 a small one (0.09). The
first ``NEAR`` of growth costs nothing; each unit beyond it costs ``PENALTY`` of score.
A photo of a two-year-old against an enrollment photo of them at one loses 0.03; at five
against one, 0.14; at twelve against ten, nothing. Pure functions over dates."""

from __future__ import annotations

import math
from datetime import date

from domain.settings import AGE_PENALTY

NEAR = 0.2  # growth between two photos that costs nothing (a year from age 4 on)
PENALTY = AGE_PENALTY  # score lost per unit of growth beyond ``NEAR`` (the setting's default)
DAYS_A_YEAR = 365.25
# A child younger than this on a photo's day is a baby: sent without asking only when
# several of their prototypes agree (``matching.Candidates.agreeing_enough``).
BABY_YEARS = 2.0


def age_in_years(born: date, day: date) -> float:
    """The child's age on ``day`` (0 before the birth date)."""
    return max(0.0, (day - born).days / DAYS_A_YEAR)


def is_baby(born: date, day: date) -> bool:
    """Whether a child born on ``born`` is a baby on ``day`` (younger than ``BABY_YEARS``)."""
    return age_in_years(born, day) < BABY_YEARS


def growth(born: date, first: date, second: date) -> float:
    """How much a child born on ``born`` changes between two days (symmetric)."""
    return abs(math.log((age_in_years(born, first) + 1) / (age_in_years(born, second) + 1)))


def weighted(
    score: float,
    born: date | None,
    prototype_day: date | None,
    photo_day: date,
    penalty: float = PENALTY,
) -> float:
    """A prototype's score for a face in a photo of ``photo_day``, lowered by the child's
    growth between the prototype's photo and that one (unchanged without a birth date or
    the prototype's date)."""
    if born is None or prototype_day is None:
        return score
    beyond = growth(born, prototype_day, photo_day) - NEAR
    return score - penalty * beyond if beyond > 0 else score
