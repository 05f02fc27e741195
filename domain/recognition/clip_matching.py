"""Whose each face of a clip is: the rule for a track (one face followed through the
clip), given the candidates of its best frames and of its appearance. Pure.

A track is matched, not its frames: its best frames by quality are scored against each
person, the scores fused (each person's median over those frames, so one frame that looks
like someone else cannot carry the track), and the fused scores go through the photos'
own rule (``matching.decide``: ``auto``/``suggest``, the margin over the runner-up, vetoes,
siblings). On top of it, a track is assigned only when enough of its frames name the
person on their own, and asked about only when some do (docs/videos.md, "Tracks").

A track left to nobody so is asked about, never sent, when its appearance (the mean of
every sighting's embedding, ``Track.appearance``) is at ``suggest`` for a person by the same
rule and as many of its frames look most like her: a small face is surer as the mean of
its soft frames than in any one of them (docs/videos.md, "Small faces in real clips").
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from domain.recognition.matching import Candidates, Decision, Verdict, decide
from domain.recognition.thresholds import MatchThresholds

# Of a track's best frames, the share (and at least MIN_AGREEING_FRAMES of them) that must
# name the person on their own (at ``auto`` for an assignment, at ``suggest`` for a question).
AGREEING_SHARE = 0.5
MIN_AGREEING_FRAMES = 2


@dataclass(frozen=True, slots=True)
class TrackCandidates:
    """A track's candidates: each of its best frames', and its appearance's (None: not
    searched, as its frames decide it: ``left_to_nobody``)."""

    frames: Sequence[Candidates]
    appearance: Candidates | None = None


def fuse(frames: Sequence[Candidates]) -> Candidates:
    """One track's candidates from its frames': each person's median over the frames (a
    person a frame does not score counts as -1 there), and so each prototype's and each
    rejected face's; which picture each prototype is of, as the frames have it."""

    def median(scores: Iterable[Mapping[UUID, float]]) -> dict[UUID, float]:
        scores = list(scores)
        keys = {key for s in scores for key in s}
        return {key: statistics.median(s.get(key, -1.0) for s in scores) for key in keys}

    prototypes = {
        person: median(c.prototypes.get(person, {}) for c in frames)
        for person in {p for c in frames for p in c.prototypes}
    }
    return Candidates(
        positive=median(c.positive for c in frames),
        negative=median(c.negative for c in frames),
        prototypes=prototypes,
        pictures={p: picture for c in frames for p, picture in c.pictures.items()},
    )


def naming(frames: Sequence[Candidates], person: UUID, floor: float = -1.0) -> int:
    """How many frames name ``person`` on their own: it is their best person, at ``floor``
    or more."""
    return sum(
        bool(c.positive)
        and max(c.positive, key=lambda p: c.positive[p]) == person
        and c.positive[person] >= floor
        for c in frames
    )


def agreeing_needed(frames: int) -> int:
    """Frames that must name a person before a track of ``frames`` scored frames is hers;
    a track seen in a single frame can never be assigned, only asked about."""
    return max(MIN_AGREEING_FRAMES, math.ceil(AGREEING_SHARE * frames))


def left_to_nobody(
    tracks: Mapping[int, Sequence[Candidates]],
    thresholds: MatchThresholds,
    *,
    siblings: Collection[frozenset[UUID]] = (),
    babies: Collection[UUID] = (),
) -> set[int]:
    """The tracks (by number, each its best frames' candidates) that their frames leave to
    nobody: the only ones ``decide_tracks`` decides again on their appearance, so the only
    ones whose appearance the index needs to score."""
    return {
        number
        for number, frames in tracks.items()
        if _on_frames(number, frames, thresholds, siblings, babies).verdict == Verdict.UNKNOWN
    }


def decide_tracks(
    tracks: Mapping[int, TrackCandidates],
    thresholds: MatchThresholds,
    *,
    overlapping: Collection[frozenset[int]] = (),
    siblings: Collection[frozenset[UUID]] = (),
    babies: Collection[UUID] = (),
) -> list[Decision[int]]:
    """Decide every track of a clip: ``tracks`` holds each track's best frames' candidates
    and its appearance's.

    Each track is decided on its fused candidates by the photos' rule, then held to its
    frames: an assignment needs ``agreeing_needed`` frames naming the person at ``auto``
    (else it is asked about), a question needs them at ``suggest`` (else nobody is asked,
    unless its appearance asks: ``_asked_on_appearance``).
    Two tracks seen at the same time (``overlapping``) are two people: only the stronger
    keeps a person both would take; the other is decided as unknown.
    """
    decisions: dict[int, Decision[int]] = {}
    for number, track in tracks.items():
        decision = _on_frames(number, track.frames, thresholds, siblings, babies)
        if decision.verdict == Verdict.UNKNOWN and track.appearance is not None:
            decision = _asked_on_appearance(
                number, track.frames, track.appearance, thresholds, siblings, babies
            )
        decisions[number] = decision
    for pair in overlapping:
        a, b = sorted(pair)
        first, second = decisions.get(a), decisions.get(b)
        if first is None or second is None or first.person is None:
            continue
        if first.person == second.person:
            weaker = a if (first.score or 0.0) < (second.score or 0.0) else b
            decisions[weaker] = Decision(weaker, Verdict.UNKNOWN)
    return [decisions[number] for number in tracks]


def _on_frames(
    number: int,
    frames: Sequence[Candidates],
    thresholds: MatchThresholds,
    siblings: Collection[frozenset[UUID]],
    babies: Collection[UUID],
) -> Decision[int]:
    """A track decided on its frames alone: fused, then held to them."""
    (decision,) = decide({number: fuse(frames)}, thresholds, siblings, babies)
    return _held_to_frames(decision, frames, thresholds)


def _held_to_frames(
    decision: Decision[int], frames: Sequence[Candidates], thresholds: MatchThresholds
) -> Decision[int]:
    person = decision.person
    if person is None:
        return decision
    needed = agreeing_needed(len(frames))
    if decision.verdict == Verdict.ASSIGN and naming(frames, person, thresholds.auto) < needed:
        decision = replace(decision, verdict=Verdict.SUGGEST)
    if decision.verdict == Verdict.SUGGEST and naming(frames, person, thresholds.suggest) < min(
        needed, len(frames)
    ):
        return Decision(decision.face, Verdict.UNKNOWN)
    return decision


def _asked_on_appearance(
    number: int,
    frames: Sequence[Candidates],
    appearance: Candidates,
    thresholds: MatchThresholds,
    siblings: Collection[frozenset[UUID]],
    babies: Collection[UUID],
) -> Decision[int]:
    """A track its frames leave to nobody, asked about when its appearance names a person
    by the photos' rule and as many frames as a question needs look most like her (they
    agree on who, their mean on how sure): never sent on it. Measured on children-clips,
    deciding every track on its appearance sent one child's clip to another family
    (docs/videos.md, "Small faces in real clips")."""
    (decision,) = decide({number: appearance}, thresholds, siblings, babies)
    person = decision.person
    needed = min(agreeing_needed(len(frames)), len(frames))
    if person is None or naming(frames, person) < needed:
        return Decision(number, Verdict.UNKNOWN)
    return replace(decision, verdict=Verdict.SUGGEST)
