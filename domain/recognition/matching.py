"""Matching policy: which faces of a photo become whose, which are only suggested,
and which stay unknown. Pure functions over similarity scores.

Precision comes before recall: a face is assigned only when its best person
scores at least ``auto`` and beats the runner-up by ``margin``; the faces of
one photo are assigned jointly, so a person appears at most once.

A face a guardian rejected for a person (a negative example) vetoes the person
only for faces that are closer to it than to every prototype of the person by
``veto_margin``; a face about as close to both (within the margin) is only
suggested; and a strong match that a negative vetoes is still asked about when
nobody else takes the face, never silently dropped.

The number of a person's prototypes that agree is evidence too: one lucky
prototype is weaker than several. A person with two or more prototypes is
assigned only when at least ``MIN_AGREEING`` of them score ``suggest`` or more,
and the second within ``AGREEING_BELOW_AUTO`` of ``auto`` (or the best
``ALONE_ABOVE_AUTO`` above it); a match carried by one prototype alone is asked
about instead. A baby (``ages.BABY_YEARS``), as babies look alike, always needs two
agreeing prototypes, the second near ``auto``.

Copies of one picture (re-saved, scaled, mirrored, gray) are one piece of evidence, not
several: of a person whose prototypes come from two or more pictures (``pictures_of``, at
``SAME_PICTURE_AT``), each picture counts once, by its best prototype, when prototypes are
counted (``Candidates.agreeing_enough``); a person whose prototypes are all one picture keeps
the rule above.

A face about as close to two persons (the best leads the next by less than
``question_lead``) is asked about to neither: either family would as likely be
shown someone else's child (``thresholds.QUESTION_LEAD``). Nor is a face only one
of the person's prototypes finds alike (``Candidates.second_agrees``). So is a face far more
alike to another face of the group, one that does not look like the person, than
to the person (``alike_elsewhere``): most likely that face's child, a classmate.

Siblings are the classic confusion: when a face's best person and another person
of the same guardian (``siblings``) score within ``margin`` of each other (the
other at least ``suggest``), the face is never assigned; it is suggested naming
both (``Decision.also``), and the guardian is asked which of the two it is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar
from uuid import UUID

from domain.recognition.faces import Vector, cosine
from domain.recognition.thresholds import MatchThresholds

FaceKey = TypeVar("FaceKey")
OtherKey = TypeVar("OtherKey")

# How many of a person's prototypes (when it has that many) must score at least
# ``suggest`` before a face is assigned to it without asking.
MIN_AGREEING = 2
# Two prototypes agreeing near the bottom of the band is weak evidence on small children
# (an unrelated child of 0-5 reaches 0.45 with one prototype in 0.8% of pairs): the second
# must score within this of ``auto``, unless the best alone scores this far above it
# (docs/recognition.md, "Stronger evidence before sending without asking").
AGREEING_BELOW_AUTO = 0.05
ALONE_ABOVE_AUTO = 0.07


# A face that would be asked about for a person is asked about to nobody when a face of
# another photo of the group, not the person's and scoring below ``suggest`` for them, is
# this much more alike to it than the person's best prototype: it is most likely that
# face's child, a classmate nobody enrolled (docs/recognition.md, "Asking about a face
# more alike to another face of the class").
COHORT_GAP = 0.12


def alike_elsewhere(
    score: float, others: Iterable[tuple[float, float]], thresholds: MatchThresholds
) -> bool:
    """Whether a face scoring ``score`` for a person is far more alike to another face of
    the group than to the person: ``others`` holds, for the group's faces of other photos
    not the person's, (their likeness to the face, their own score for the person)."""
    return any(
        likeness >= score + COHORT_GAP and theirs < thresholds.suggest
        for likeness, theirs in others
    )


# A face is asked about for a person with two or more prototypes only when the second
# best of them scores at least this far below ``suggest`` too: a question carried by one
# lucky prototype mostly shows a family another child (docs/recognition.md, "A second
# prototype before asking").
SECOND_BELOW_SUGGEST = 0.12


# Two prototypes of one person this alike (cosine of their embeddings) are copies of one
# picture (re-saved, scaled, mirrored, gray), not two photos: measured with buffalo_sc on
# ../shared/faces/children (351 photos padded as sent, docs/recognition.md, "One picture is one
# piece of evidence"), different photos of one child reach 0.888 at most, while at 0.92 are
# 99.7% of half-size copies, 93% of mirrored ones and 89% of gray ones.
SAME_PICTURE_AT = 0.92


def pictures_of(vectors: Mapping[UUID, Vector], person_of: Mapping[UUID, UUID]) -> dict[UUID, UUID]:
    """Which picture each prototype is of: prototypes (by id, their embeddings in
    ``vectors``, their person in ``person_of``) of one person that score ``SAME_PICTURE_AT``
    or more together, directly or through another, are one picture, named by one of them."""
    picture = {prototype: prototype for prototype in vectors if prototype in person_of}

    def root(prototype: UUID) -> UUID:
        while picture[prototype] != prototype:
            prototype = picture[prototype]
        return prototype

    ids = sorted(picture, key=str)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            if person_of[first] != person_of[second]:
                continue
            if cosine(vectors[first], vectors[second]) >= SAME_PICTURE_AT:
                picture[root(second)] = root(first)
    return {prototype: root(prototype) for prototype in ids}


class Verdict(StrEnum):
    ASSIGN = "assign"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Candidates:
    """One face's similarity to each candidate person.

    ``positive`` is the best score over the person's prototypes; ``negative`` the
    best score over faces guardians rejected for that person (absent: none);
    ``prototypes`` each prototype's score, by person and prototype id (absent: only
    the best is known; no count of agreeing prototypes is then asked for); ``pictures``
    which picture each prototype is of (``pictures_of``; absent: a picture of its own).
    """

    positive: Mapping[UUID, float]
    negative: Mapping[UUID, float] = field(default_factory=dict)
    prototypes: Mapping[UUID, Mapping[UUID, float]] = field(default_factory=dict)
    pictures: Mapping[UUID, UUID] = field(default_factory=dict)

    def per_picture(self, person: UUID) -> list[float]:
        """The person's prototypes' scores, best first, as evidence: one score per picture
        (its best prototype's) when they come from two or more pictures; every prototype's
        when they are all one picture (or none is known)."""
        scores = self.prototypes.get(person, {})
        best: dict[UUID, float] = {}
        for prototype, score in scores.items():
            picture = self.pictures.get(prototype, prototype)
            best[picture] = max(best.get(picture, -1.0), score)
        kept = best.values() if len(best) >= 2 else scores.values()
        return sorted(kept, reverse=True)

    def matching(self, person: UUID, floor: float) -> dict[UUID, float]:
        """The person's prototypes that score at least ``floor``, best first."""
        scores = self.prototypes.get(person, {})
        return dict(
            sorted(
                ((p, s) for p, s in scores.items() if s >= floor),
                key=lambda item: item[1],
                reverse=True,
            )
        )

    def agreeing_enough(
        self, person: UUID, thresholds: MatchThresholds, *, baby: bool = False
    ) -> bool:
        """Whether enough of the person's prototypes agree: all it has, up to
        ``MIN_AGREEING``, score ``suggest`` or more (a person known by one prototype needs
        that one); and of two or more, the best scores ``ALONE_ABOVE_AUTO`` above ``auto``
        or the second ``AGREEING_BELOW_AUTO`` below it at least. A ``baby`` (babies look
        alike) needs two prototypes, the second within ``AGREEING_BELOW_AUTO`` of ``auto``,
        whatever the best scores. Prototypes of one picture count once (``per_picture``)."""
        ranked = self.per_picture(person)
        if not ranked:
            return not baby
        needed = MIN_AGREEING if baby else min(MIN_AGREEING, len(ranked))
        if len(ranked) < needed or sum(score >= thresholds.suggest for score in ranked) < needed:
            return False
        if needed < 2:
            return True
        if baby:
            return ranked[1] >= thresholds.auto - AGREEING_BELOW_AUTO
        return (
            ranked[0] >= thresholds.auto + ALONE_ABOVE_AUTO
            or ranked[1] >= thresholds.auto - AGREEING_BELOW_AUTO
        )

    def second_agrees(self, person: UUID, thresholds: MatchThresholds) -> bool:
        """Whether a second prototype of the person (when it has two or more) finds the
        face alike too, ``SECOND_BELOW_SUGGEST`` below ``suggest`` at least; a best score
        ``ALONE_ABOVE_AUTO`` above ``auto`` is enough on its own to ask."""
        scores = sorted(self.prototypes.get(person, {}).values(), reverse=True)
        return (
            len(scores) < 2
            or scores[0] >= thresholds.auto + ALONE_ABOVE_AUTO
            or scores[1] >= thresholds.suggest - SECOND_BELOW_SUGGEST
        )

    def usable(self, veto_margin: float) -> dict[UUID, tuple[float, bool]]:
        """Score of each person the face may still be matched to, and whether
        that match may only be suggested (a negative example is within the margin).

        A person is out (vetoed) when the face is closer to one of their
        rejected faces than to their prototypes by at least ``veto_margin``.
        """
        usable: dict[UUID, tuple[float, bool]] = {}
        for person, score in self.positive.items():
            negative = self.negative.get(person)
            if negative is None or negative <= score - veto_margin:
                usable[person] = (score, False)
            elif negative < score + veto_margin:
                usable[person] = (score, True)
        return usable

    def vetoed(self, veto_margin: float) -> dict[UUID, float]:
        """Scores of the persons a negative example vetoes for this face."""
        return {
            person: score
            for person, score in self.positive.items()
            if self.negative.get(person, -1.0) >= score + veto_margin
        }


@dataclass(frozen=True, slots=True)
class Decision(Generic[FaceKey]):
    face: FaceKey
    verdict: Verdict
    person: UUID | None = None
    score: float | None = None
    # The person's prototypes that matched (scored ``suggest`` or more), best first.
    prototypes: Mapping[UUID, float] = field(default_factory=dict)
    # A sibling of ``person`` (same guardian) within ``margin`` of it: the face is
    # suggested naming both. ``also_score`` is that sibling's score.
    also: UUID | None = None
    also_score: float | None = None

    def of(self, face: OtherKey) -> Decision[OtherKey]:
        """The same decision, about ``face`` (a clip's track number made its face id)."""
        return Decision(
            face, self.verdict, self.person, self.score, self.prototypes, self.also, self.also_score
        )


def decide(
    faces: Mapping[FaceKey, Candidates],
    thresholds: MatchThresholds,
    siblings: Collection[frozenset[UUID]] = (),
    babies: Collection[UUID] = (),
) -> list[Decision[FaceKey]]:
    """Decide every face of one photo at once.

    Pairs (face, person) are taken best score first; a face or person already
    taken is skipped, so each person goes to at most one face. A face whose best
    remaining person is not clearly ahead of its runner-up (by ``margin``), or
    has a negative example within ``veto_margin``, or is matched by too few of the
    person's prototypes (``MIN_AGREEING``), is suggested rather than assigned. A
    face left unknown whose best vetoed person still scores at
    least ``auto`` is suggested for that person (asked, never dropped).

    ``siblings`` are pairs of persons who share a guardian: a face whose person has a
    sibling within ``margin`` (scoring ``suggest`` or more, not assigned another face
    of the photo) is suggested naming both (``also``), never assigned.

    ``babies``: persons younger than ``ages.BABY_YEARS`` on the photo's day; assigned only
    on two agreeing prototypes (``Candidates.agreeing_enough``), else asked about.
    """
    usable = {face: candidates.usable(thresholds.veto_margin) for face, candidates in faces.items()}
    pairs = sorted(
        (
            (score, face, person, capped)
            for face, scores in usable.items()
            for person, (score, capped) in scores.items()
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    decided: dict[FaceKey, Decision[FaceKey]] = {}
    taken: set[UUID] = set()
    assigned: set[UUID] = set()
    for score, face, person, capped in pairs:
        if face in decided or person in taken or score < thresholds.suggest:
            continue
        runner_up = max(
            (other_score for other, (other_score, _) in usable[face].items() if other != person),
            default=-1.0,
        )
        candidates = faces[face]
        confident = (
            score >= thresholds.auto
            and score - runner_up >= thresholds.margin
            and candidates.agreeing_enough(person, thresholds, baby=person in babies)
        )
        sibling = _close_sibling(person, score, usable[face], siblings, assigned, thresholds)
        verdict = (
            Verdict.ASSIGN if confident and not capped and sibling is None else Verdict.SUGGEST
        )
        if (
            verdict == Verdict.SUGGEST
            and sibling is None
            and (
                not _ahead(person, score, usable[face], assigned, thresholds.question_lead)
                or not candidates.second_agrees(person, thresholds)
            )
        ):
            # About as close to another child: asking either family would as likely show
            # them someone else's. Asked about to nobody (the person stays taken).
            decided[face] = Decision(face, Verdict.UNKNOWN)
            taken.add(person)
            continue
        decided[face] = Decision(
            face,
            verdict,
            person,
            round(score, 4),
            candidates.matching(person, thresholds.suggest),
            also=sibling[0] if sibling else None,
            also_score=round(sibling[1], 4) if sibling else None,
        )
        taken.add(person)
        if verdict == Verdict.ASSIGN:
            assigned.add(person)
    vetoed = sorted(
        (
            (score, face, person)
            for face, candidates in faces.items()
            if face not in decided
            for person, score in candidates.vetoed(thresholds.veto_margin).items()
            if score >= thresholds.auto
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    for score, face, person in vetoed:
        if face not in decided and person not in taken:
            decided[face] = Decision(
                face,
                Verdict.SUGGEST,
                person,
                round(score, 4),
                faces[face].matching(person, thresholds.suggest),
            )
            taken.add(person)
    return [decided.get(face, Decision(face, Verdict.UNKNOWN)) for face in faces]


def _ahead(
    person: UUID,
    score: float,
    usable: Mapping[UUID, tuple[float, bool]],
    assigned: Collection[UUID],
    lead: float,
) -> bool:
    """Whether ``person`` leads by ``lead`` every other person the face may be (one given
    another face of the photo may not be this one too)."""
    rival = max(
        (s for other, (s, _) in usable.items() if other != person and other not in assigned),
        default=-1.0,
    )
    return score - rival >= lead


def next_question(
    face: FaceKey,
    candidates: Candidates,
    thresholds: MatchThresholds,
    lead: float,
) -> Decision[FaceKey] | None:
    """Whom to ask about a face once its first question was answered "no" (the persons
    already asked, or holding another face of the photo, left out of ``candidates``): the
    best person the face may still be matched to, when it scores ``suggest`` or more and
    leads the next by ``lead``; never an assignment (a family said no: a guardian decides).
    """
    usable = sorted(
        (
            (score, person)
            for person, (score, _) in candidates.usable(thresholds.veto_margin).items()
        ),
        key=lambda pair: (pair[0], str(pair[1])),
        reverse=True,
    )
    if not usable or usable[0][0] < thresholds.suggest:
        return None
    score, person = usable[0]
    if len(usable) > 1 and score - usable[1][0] < lead:
        return None
    if not candidates.second_agrees(person, thresholds):
        return None  # found alike by one prototype alone: as a first question would be
    return Decision(
        face,
        Verdict.SUGGEST,
        person,
        round(score, 4),
        candidates.matching(person, thresholds.suggest),
    )


def _close_sibling(
    person: UUID,
    score: float,
    usable: Mapping[UUID, tuple[float, bool]],
    siblings: Collection[frozenset[UUID]],
    assigned: Collection[UUID],
    thresholds: MatchThresholds,
) -> tuple[UUID, float] | None:
    """The best-scoring sibling of ``person`` within ``margin`` of its ``score`` (and at
    least ``suggest``), and its score; not one already assigned another face of the photo
    (a person appears at most once per photo)."""
    close = [
        (other_score, other)
        for other, (other_score, _) in usable.items()
        if other != person
        and other not in assigned
        and other_score >= thresholds.suggest
        and score - other_score < thresholds.margin
        and frozenset((person, other)) in siblings
    ]
    if not close:
        return None
    other_score, other = max(close, key=lambda pair: (pair[0], str(pair[1])))
    return other, other_score


def best_by_person(hits: Sequence[tuple[UUID | None, float]]) -> dict[UUID, float]:
    """Aggregate prototype hits to one score per person: the best prototype's."""
    best: dict[UUID, float] = {}
    for person, score in hits:
        if person is not None and score > best.get(person, -1.0):
            best[person] = score
    return best


def by_person(
    hits: Sequence[tuple[UUID | None, UUID, float]],
) -> dict[UUID, dict[UUID, float]]:
    """Prototype hits ``(person, prototype, score)`` grouped: each person's prototypes
    with their scores (a prototype seen twice keeps its best)."""
    grouped: dict[UUID, dict[UUID, float]] = {}
    for person, prototype, score in hits:
        if person is None:
            continue
        scores = grouped.setdefault(person, {})
        if score > scores.get(prototype, -1.0):
            scores[prototype] = score
    return grouped


def candidates_from(
    hits: Sequence[tuple[UUID | None, UUID, float]],
    negative: Mapping[UUID, float] | None = None,
    pictures: Mapping[UUID, UUID] | None = None,
) -> Candidates:
    """One face's candidates from its prototype hits ``(person, prototype, score)``, and
    which picture each prototype is of (``pictures_of``)."""
    prototypes = by_person(hits)
    positive = {person: max(scores.values()) for person, scores in prototypes.items()}
    return Candidates(positive, dict(negative or {}), prototypes, pictures or {})
