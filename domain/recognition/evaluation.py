"""Measuring a model pack on labelled photos: how well same-person pairs separate
from different-person pairs, and what that means for the matching thresholds."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from domain.recognition.faces import Vector
from domain.recognition.thresholds import MatchThresholds


@dataclass(frozen=True, slots=True)
class PairStats:
    count: int
    min: float
    p01: float
    median: float
    p99: float
    max: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    identities: int
    faces: int
    genuine: PairStats
    impostor: PairStats
    # Share of same-person pairs at or above each threshold (recall of one comparison).
    genuine_at_auto: float
    genuine_at_suggest: float
    # Different-person pairs at or above each threshold: at ``auto`` these are wrong deliveries.
    impostors_at_auto: int
    impostors_at_suggest: int


def _stats(values: Sequence[float]) -> PairStats:
    array = np.asarray(values, dtype=np.float64)
    return PairStats(
        count=int(array.size),
        min=round(float(array.min()), 4),
        p01=round(float(np.percentile(array, 1)), 4),
        median=round(float(np.median(array)), 4),
        p99=round(float(np.percentile(array, 99)), 4),
        max=round(float(array.max()), 4),
    )


def evaluate(embeddings: Mapping[str, Sequence[Vector]], thresholds: MatchThresholds) -> Evaluation:
    """Compare every pair of faces; ``embeddings`` maps an identity to its faces."""
    labelled = [
        (identity, vector) for identity, vectors in embeddings.items() for vector in vectors
    ]
    genuine: list[float] = []
    impostor: list[float] = []
    for (id_a, a), (id_b, b) in itertools.combinations(labelled, 2):
        (genuine if id_a == id_b else impostor).append(float(np.dot(a, b)))
    if not genuine or not impostor:
        raise ValueError("need at least two faces of one identity and two identities")
    genuine_array, impostor_array = np.asarray(genuine), np.asarray(impostor)
    return Evaluation(
        identities=len(embeddings),
        faces=len(labelled),
        genuine=_stats(genuine),
        impostor=_stats(impostor),
        genuine_at_auto=round(float((genuine_array >= thresholds.auto).mean()), 4),
        genuine_at_suggest=round(float((genuine_array >= thresholds.suggest).mean()), 4),
        impostors_at_auto=int((impostor_array >= thresholds.auto).sum()),
        impostors_at_suggest=int((impostor_array >= thresholds.suggest).sum()),
    )
