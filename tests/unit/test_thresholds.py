from __future__ import annotations

import pytest

from domain.recognition.thresholds import (
    PACK_THRESHOLDS,
    UNMEASURED,
    MatchThresholds,
    thresholds_for,
)
from domain.settings import MatchingSettings


def test_each_known_pack_keeps_suggest_below_auto() -> None:
    for thresholds in PACK_THRESHOLDS.values():
        assert 0 < thresholds.suggest <= thresholds.auto < 1


def test_pack_thresholds_apply_without_overrides() -> None:
    assert thresholds_for("buffalo_sc") == PACK_THRESHOLDS["buffalo_sc"]
    assert thresholds_for("buffalo_sc", MatchingSettings()) == PACK_THRESHOLDS["buffalo_sc"]


def test_unknown_pack_gets_the_strictest_defaults() -> None:
    strict = thresholds_for("my_licensed_pack")
    assert strict == UNMEASURED
    assert all(strict.auto >= known.auto for known in PACK_THRESHOLDS.values())


def test_settings_override_single_values() -> None:
    thresholds = thresholds_for("buffalo_sc", MatchingSettings(auto=0.6))
    assert thresholds.auto == 0.6
    assert thresholds.suggest == PACK_THRESHOLDS["buffalo_sc"].suggest
    assert "overridden" in thresholds.source


def test_suggest_above_auto_is_refused() -> None:
    with pytest.raises(ValueError, match="suggest <= auto"):
        thresholds_for("buffalo_sc", MatchingSettings(suggest=0.9))
    with pytest.raises(ValueError, match=r"suggest=0\.4 auto=0\.3"):
        MatchThresholds(auto=0.3, suggest=0.4, margin=0.1, source="test")
