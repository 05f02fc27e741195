from __future__ import annotations

import pytest

from domain.recognition.strictness import CEILING, MAX_STEPS, STEP, clamp_steps, effective
from domain.recognition.thresholds import PACK_THRESHOLDS, UNMEASURED, MatchThresholds

CALIBRATED = PACK_THRESHOLDS["buffalo_sc"]


def test_step_zero_is_the_calibrated_thresholds() -> None:
    assert effective(CALIBRATED, 0) == CALIBRATED


@pytest.mark.parametrize("steps", range(1, MAX_STEPS + 1))
def test_each_step_raises_both_thresholds(steps: int) -> None:
    stricter = effective(CALIBRATED, steps)
    assert stricter.auto == pytest.approx(CALIBRATED.auto + STEP * steps)
    assert stricter.suggest == pytest.approx(CALIBRATED.suggest + STEP * steps)
    assert stricter.margin == CALIBRATED.margin
    assert stricter.suggest <= stricter.auto


@pytest.mark.parametrize("steps", [-5, -1, 0, 1, 2, 3, 4, 100])
def test_no_choice_ever_lowers_a_threshold(steps: int) -> None:
    for pack in [*PACK_THRESHOLDS.values(), UNMEASURED]:
        chosen = effective(pack, steps)
        assert chosen.auto >= pack.auto
        assert chosen.suggest >= pack.suggest


def test_steps_are_bounded() -> None:
    assert clamp_steps(-1) == 0
    assert clamp_steps(MAX_STEPS + 4) == MAX_STEPS
    assert effective(CALIBRATED, 99) == effective(CALIBRATED, MAX_STEPS)


def test_no_step_goes_past_the_ceiling_and_a_pack_above_it_keeps_its_own() -> None:
    near = MatchThresholds(auto=0.88, suggest=0.86, margin=0.08, source="near")
    assert effective(near, MAX_STEPS).auto == CEILING
    assert effective(near, MAX_STEPS).suggest == CEILING
    high = MatchThresholds(auto=0.95, suggest=0.92, margin=0.08, source="high")
    assert effective(high, MAX_STEPS).auto == 0.95
    assert effective(high, MAX_STEPS).suggest == 0.92
