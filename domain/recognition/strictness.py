"""A group's strictness: an organizer's steps that only RAISE the matching thresholds.

Step 0 is the calibrated thresholds of the model pack (``thresholds.py``). Each step adds
``STEP`` to ``auto`` and ``suggest``, so fewer faces are sent without asking and fewer are
asked about; no step ever lowers a threshold below the calibrated one, and none goes past
``CEILING`` (beyond it even a guardian's clear enrollment photo would rarely match).
"""

from __future__ import annotations

from dataclasses import replace

from domain.recognition.thresholds import MatchThresholds

STEP = 0.03
MAX_STEPS = 3
# The highest a step may raise a threshold to; thresholds set above it keep their own. The
# packs' calibrated thresholds (0.45 auto) stay far below it at every step: it guards
# thresholds set by hand (``matching`` settings) from being pushed where almost no
# genuine face would pass.
CEILING = 0.90


def clamp_steps(steps: int) -> int:
    """Steps an organizer may choose: 0 (the calibrated thresholds) to ``MAX_STEPS``."""
    return max(0, min(MAX_STEPS, steps))


def _raised(calibrated: float, steps: int) -> float:
    return round(max(calibrated, min(CEILING, calibrated + STEP * steps)), 4)


def effective(calibrated: MatchThresholds, steps: int) -> MatchThresholds:
    """The thresholds a group with ``steps`` of strictness matches with."""
    steps = clamp_steps(steps)
    if steps == 0:
        return calibrated
    auto = _raised(calibrated.auto, steps)
    suggest = min(_raised(calibrated.suggest, steps), auto)
    return replace(
        calibrated,
        auto=auto,
        suggest=suggest,
        source=f"{calibrated.source}, {steps} step(s) stricter",
    )
