"""A child's growth between two photos, and what it costs a prototype's score."""

from __future__ import annotations

from datetime import date

import pytest

from domain.recognition import ages

BORN = date(2020, 1, 1)


def test_a_year_is_a_big_change_for_a_toddler_and_a_small_one_at_ten() -> None:
    toddler = ages.growth(BORN, date(2021, 1, 1), date(2022, 1, 1))
    ten = ages.growth(BORN, date(2030, 1, 1), date(2031, 1, 1))
    assert toddler == pytest.approx(0.405, abs=0.01)
    assert ten == pytest.approx(0.087, abs=0.01)
    assert ages.growth(BORN, date(2022, 1, 1), date(2021, 1, 1)) == pytest.approx(toddler)


def test_a_prototype_near_the_photo_keeps_its_score_and_a_far_one_loses_some() -> None:
    assert ages.weighted(0.6, BORN, date(2029, 6, 1), date(2030, 6, 1)) == 0.6
    one_to_six = ages.weighted(0.6, BORN, date(2021, 1, 1), date(2026, 1, 1))
    assert one_to_six == pytest.approx(0.6 - ages.PENALTY * (1.253 - ages.NEAR), abs=0.002)
    assert ages.weighted(0.6, BORN, date(2021, 1, 1), date(2026, 1, 1), penalty=0) == 0.6


def test_without_a_birth_date_or_a_prototype_date_nothing_changes() -> None:
    assert ages.weighted(0.6, None, date(2021, 1, 1), date(2026, 1, 1)) == 0.6
    assert ages.weighted(0.6, BORN, None, date(2026, 1, 1)) == 0.6


def test_a_photo_from_before_the_birth_counts_as_age_zero() -> None:
    assert ages.age_in_years(BORN, date(2019, 1, 1)) == 0
    assert ages.growth(BORN, date(2019, 1, 1), date(2020, 1, 1)) == 0
