from __future__ import annotations

import pytest

from domain.moderation.settings import RETENTION_CHOICES, Setting, encode, parse
from domain.recognition.strictness import MAX_STEPS


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        (Setting.APPROVAL, True),
        (Setting.APPROVAL, False),
        *[(Setting.STRICTNESS, steps) for steps in range(MAX_STEPS + 1)],
        (Setting.DELIVERY, "each"),
        (Setting.DELIVERY, "album"),
        (Setting.DELIVERY, "digest"),
        *[(Setting.RETENTION, days) for days in RETENTION_CHOICES],
        (Setting.LANGUAGE, "en"),
    ],
)
def test_every_value_offered_round_trips_through_a_button(setting: Setting, value: object) -> None:
    assert parse(setting.value, encode(value)) == (setting, value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("approval", "yes"),
        ("strictness", str(MAX_STEPS + 1)),  # never past the bound
        ("strictness", "-1"),  # never below the calibrated thresholds
        ("delivery", "hourly"),
        ("retention", "7"),  # not a choice offered
        ("retention", "abc"),
        ("language", "de"),  # not a language that exists yet
        ("colour", "1"),
    ],
)
def test_anything_not_offered_is_refused(key: str, raw: str) -> None:
    assert parse(key, raw) is None
