"""Matching policy: which faces of a photo become whose, which are only suggested,
and which stay unknown. Pure functions over similarity scores.

Precision comes before recall: a face is assigned only when its best person
scores at least ``auto`` and beats the runner-up by ``margin``; the faces of
one photo are assigned jointly, so a person appears at most once; a face that
looks more like a person's rejected examples than like the person is never
given to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar
from uuid import UUID

from domain.thresholds import MatchThresholds

FaceKey = TypeVar("FaceKey")


class Verdict(StrEnum):
    ASSIGN = "assign"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Candidates:
    """One face's similarity to each candidate person.

    ``positive`` is the best score over the person's prototypes; ``negative`` the
    best score over faces guardians rejected for that person (absent: none).
    """

    positive: Mapping[UUID, float]
    negative: Mapping[UUID, float] = field(default_factory=dict)

    def usable(self) -> dict[UUID, float]:
        """Scores of the persons this face may still be matched to.

        A person is out when the face is at least as close to one of their
        rejected faces as to their prototypes.
        """
        return {
            person: score
            for person, score in self.positive.items()
            if self.negative.get(person, -1.0) < score
        }


@dataclass(frozen=True, slots=True)
class Decision(Generic[FaceKey]):
    face: FaceKey
    verdict: Verdict
    person: UUID | None = None
    score: float | None = None


def decide(
    faces: Mapping[FaceKey, Candidates], thresholds: MatchThresholds
) -> list[Decision[FaceKey]]:
    """Decide every face of one photo at once.

    Pairs (face, person) are taken best score first; a face or person already
    taken is skipped, so each person goes to at most one face. A face whose best
    remaining person is not clearly ahead of its runner-up (by ``margin``) is
    suggested rather than assigned.
    """
    usable = {face: candidates.usable() for face, candidates in faces.items()}
    pairs = sorted(
        (
            (score, face, person)
            for face, scores in usable.items()
            for person, score in scores.items()
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    decided: dict[FaceKey, Decision[FaceKey]] = {}
    taken: set[UUID] = set()
    for score, face, person in pairs:
        if face in decided or person in taken or score < thresholds.suggest:
            continue
        runner_up = max(
            (other_score for other, other_score in usable[face].items() if other != person),
            default=-1.0,
        )
        confident = score >= thresholds.auto and score - runner_up >= thresholds.margin
        verdict = Verdict.ASSIGN if confident else Verdict.SUGGEST
        decided[face] = Decision(face, verdict, person, round(score, 4))
        taken.add(person)
    return [decided.get(face, Decision(face, Verdict.UNKNOWN)) for face in faces]


def best_by_person(hits: Sequence[tuple[UUID | None, float]]) -> dict[UUID, float]:
    """Aggregate prototype hits to one score per person: the best prototype's."""
    best: dict[UUID, float] = {}
    for person, score in hits:
        if person is not None and score > best.get(person, -1.0):
            best[person] = score
    return best
