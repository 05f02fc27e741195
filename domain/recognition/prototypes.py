"""Which of a person's faces are its prototypes: a pure rule over their embeddings.

A person is matched against at most ``limit`` prototypes (``FACEDROP_MATCHING__MAX_PROTOTYPES``),
chosen for quality and diversity, not ten near-identical frontal faces:

- Pinned faces (the enrollment photos a guardian chose) are always kept, before anything
  else and even when they alone reach the limit: the limit bounds what is learned, never
  what a guardian gave. Enrollment takes 3-10 photos a session, so a person with 10 of
  them learns nothing more until a correction frees room.
- The room left is filled greedily (maximal marginal relevance): each round takes the
  candidate with the best ``quality - DIVERSITY * likeness``, where likeness is its
  cosine similarity to the closest face already chosen; a candidate at least
  ``DUPLICATE`` alike to a chosen face adds nothing and is never taken.
- A child grows: with a birth date, each candidate also costs ``RECENCY`` per unit of the
  child's growth between its photo and the newest candidate's (``ages.growth``), so the
  faces learned follow the child as it is now rather than as it was.
- Ties go to the face id, so the same candidates always give the same choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import numpy as np

from domain.recognition.faces import Vector

# Cosine similarity from which two faces count as the same picture (a photo posted twice,
# a mirror image, a burst): the second adds nothing to matching.
DUPLICATE = 0.9
# How much likeness to a chosen face costs, against quality (both in [0, 1]).
DIVERSITY = 0.5
# How much a unit of the child's growth since the candidate's photo costs it.
RECENCY = 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A face that may represent its person: normalized embedding (None: not in the
    index), quality score in [0, 1], whether a guardian pinned it (enrollment), and how
    much the child grew between its photo and the newest candidate's (0: not known)."""

    face_id: UUID
    embedding: Vector | None
    quality: float
    pinned: bool = False
    growth: float = 0.0


def choose_prototypes(
    candidates: Sequence[Candidate],
    limit: int,
    *,
    duplicate: float = DUPLICATE,
    diversity: float = DIVERSITY,
    recency: float = RECENCY,
) -> list[UUID]:
    """The face ids to keep as prototypes: every pinned one first, then the best of the
    others for quality and diversity while fewer than ``limit`` are chosen."""
    pinned = sorted((c for c in candidates if c.pinned), key=_rank)
    chosen = [c.face_id for c in pinned]
    kept = [c.embedding for c in pinned if c.embedding is not None]
    left = sorted((c for c in candidates if not c.pinned and c.embedding is not None), key=_rank)
    while left and len(chosen) < limit:
        best: tuple[float, Candidate] | None = None
        still: list[Candidate] = []
        for candidate in left:
            assert candidate.embedding is not None
            likeness = _likeness(candidate.embedding, kept)
            if likeness >= duplicate:
                continue  # as good as chosen already: never worth a place
            still.append(candidate)
            score = candidate.quality - diversity * max(likeness, 0.0) - recency * candidate.growth
            if best is None or score > best[0]:  # ``left`` is in rank order: ties keep the first
                best = (score, candidate)
        if best is None:
            break
        taken = best[1]
        assert taken.embedding is not None
        chosen.append(taken.face_id)
        kept.append(taken.embedding)
        left = [c for c in still if c.face_id != taken.face_id]
    return chosen


def _rank(candidate: Candidate) -> tuple[float, str]:
    return (-candidate.quality, str(candidate.face_id))


def _likeness(embedding: Vector, chosen: Sequence[Vector]) -> float:
    """Cosine similarity to the closest of ``chosen`` (-1.0 when none is chosen)."""
    if not chosen:
        return -1.0
    return float(np.max(np.stack(chosen) @ embedding))
