from __future__ import annotations

from uuid import UUID, uuid4

from domain.matching import Candidates, Verdict, best_by_person, decide
from domain.thresholds import MatchThresholds

T = MatchThresholds(auto=0.5, suggest=0.35, margin=0.08, source="test")
ALICE, BOB, CAROL = uuid4(), uuid4(), uuid4()


def _one(
    scores: dict[UUID, float], negative: dict[UUID, float] | None = None
) -> tuple[Verdict, UUID | None]:
    (decision,) = decide({"f": Candidates(scores, negative or {})}, T)
    return decision.verdict, decision.person


def test_confident_match_is_assigned() -> None:
    assert _one({ALICE: 0.7, BOB: 0.2}) == (Verdict.ASSIGN, ALICE)


def test_score_in_the_band_is_suggested() -> None:
    assert _one({ALICE: 0.4}) == (Verdict.SUGGEST, ALICE)


def test_below_the_band_stays_unknown() -> None:
    assert _one({ALICE: 0.3, BOB: 0.1}) == (Verdict.UNKNOWN, None)
    assert _one({}) == (Verdict.UNKNOWN, None)


def test_close_runner_up_turns_an_assignment_into_a_suggestion() -> None:
    # Siblings: both above auto, too close to tell apart.
    assert _one({ALICE: 0.62, BOB: 0.58}) == (Verdict.SUGGEST, ALICE)
    assert _one({ALICE: 0.62, BOB: 0.50}) == (Verdict.ASSIGN, ALICE)


def test_a_person_appears_at_most_once_per_photo() -> None:
    decisions = decide(
        {
            "left": Candidates({ALICE: 0.8, BOB: 0.1}),
            "right": Candidates({ALICE: 0.7, BOB: 0.2}),
        },
        T,
    )
    by_face = {d.face: (d.verdict, d.person) for d in decisions}
    assert by_face["left"] == (Verdict.ASSIGN, ALICE)
    assert by_face["right"] == (Verdict.UNKNOWN, None)  # Bob at 0.2 is below the band


def test_joint_assignment_gives_each_face_its_best_free_person() -> None:
    decisions = decide(
        {
            "a": Candidates({ALICE: 0.9, BOB: 0.6}),
            "b": Candidates({ALICE: 0.7, BOB: 0.8}),
            "c": Candidates({CAROL: 0.55}),
        },
        T,
    )
    assert [(d.face, d.verdict, d.person) for d in decisions] == [
        ("a", Verdict.ASSIGN, ALICE),
        ("b", Verdict.ASSIGN, BOB),
        ("c", Verdict.ASSIGN, CAROL),
    ]


def test_rejected_lookalike_is_never_given_to_that_person() -> None:
    # The face is closer to a face the guardian said is not Alice than to Alice.
    assert _one({ALICE: 0.7}, negative={ALICE: 0.95}) == (Verdict.UNKNOWN, None)
    # A far-away rejected face does not stop a real match.
    assert _one({ALICE: 0.7}, negative={ALICE: 0.2}) == (Verdict.ASSIGN, ALICE)
    # Rejection for Alice does not block Bob.
    assert _one({ALICE: 0.7, BOB: 0.6}, negative={ALICE: 0.99}) == (Verdict.ASSIGN, BOB)


def test_decisions_keep_the_order_of_the_faces() -> None:
    decisions = decide({n: Candidates({}) for n in ("x", "y", "z")}, T)
    assert [d.face for d in decisions] == ["x", "y", "z"]


def test_best_by_person_takes_the_best_prototype() -> None:
    assert best_by_person([(ALICE, 0.4), (ALICE, 0.7), (BOB, 0.5), (None, 0.9)]) == {
        ALICE: 0.7,
        BOB: 0.5,
    }
