from __future__ import annotations

import numpy as np
import pytest

from domain.recognition.evaluation import evaluate
from domain.recognition.thresholds import MatchThresholds

THRESHOLDS = MatchThresholds(auto=0.6, suggest=0.4, margin=0.05, source="test")


def _unit(vector: list[float]) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / np.linalg.norm(array)


def test_counts_genuine_and_impostor_pairs() -> None:
    embeddings = {
        "ann": [_unit([1, 0.1, 0]), _unit([1, 0, 0.1]), _unit([1, 0.05, 0.05])],
        "bob": [_unit([0, 1, 0.1]), _unit([0.1, 1, 0])],
    }
    result = evaluate(embeddings, THRESHOLDS)
    assert result.identities == 2
    assert result.faces == 5
    assert result.genuine.count == 3 + 1
    assert result.impostor.count == 3 * 2
    assert result.genuine.min > result.impostor.max
    assert result.genuine_at_auto == 1.0
    assert result.impostors_at_auto == 0


def test_overlapping_identities_show_impostors_above_threshold() -> None:
    embeddings = {"ann": [_unit([1, 0, 0]), _unit([1, 0.2, 0])], "twin": [_unit([1, 0.1, 0])]}
    result = evaluate(embeddings, THRESHOLDS)
    assert result.impostors_at_auto == 2


def test_needs_pairs_of_both_kinds() -> None:
    with pytest.raises(ValueError, match="at least two"):
        evaluate({"ann": [_unit([1, 0, 0])], "bob": [_unit([0, 1, 0])]}, THRESHOLDS)
