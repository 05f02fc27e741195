from __future__ import annotations

from uuid import UUID, uuid4

import numpy as np

from domain.recognition.matching import (
    SAME_PICTURE_AT,
    Candidates,
    Verdict,
    best_by_person,
    by_person,
    candidates_from,
    decide,
    next_question,
    pictures_of,
)
from domain.recognition.thresholds import MatchThresholds

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
    # Both above auto, too close to tell apart (but enough ahead to ask).
    assert _one({ALICE: 0.62, BOB: 0.56}) == (Verdict.SUGGEST, ALICE)
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


def test_a_negative_example_vetoes_only_faces_closer_to_it_by_the_margin() -> None:
    # Clearly closer to the face the guardian said is not Alice, and weak for Alice: out.
    assert _one({ALICE: 0.4}, negative={ALICE: 0.4 + T.veto_margin}) == (Verdict.UNKNOWN, None)
    # A far-away rejected face does not stop a real match.
    assert _one({ALICE: 0.7}, negative={ALICE: 0.2}) == (Verdict.ASSIGN, ALICE)
    assert _one({ALICE: 0.7}, negative={ALICE: 0.7 - T.veto_margin}) == (Verdict.ASSIGN, ALICE)
    # Rejection for Alice does not block Bob.
    assert _one({ALICE: 0.7, BOB: 0.6}, negative={ALICE: 0.99}) == (Verdict.ASSIGN, BOB)


def test_a_face_within_the_margin_of_a_negative_is_only_suggested() -> None:
    # About as close to the rejected look-alike as to Alice: ask, don't send.
    assert _one({ALICE: 0.7}, negative={ALICE: 0.7}) == (Verdict.SUGGEST, ALICE)
    assert _one({ALICE: 0.7}, negative={ALICE: 0.7 + T.veto_margin - 0.001}) == (
        Verdict.SUGGEST,
        ALICE,
    )
    assert _one({ALICE: 0.7}, negative={ALICE: 0.7 - T.veto_margin + 0.001}) == (
        Verdict.SUGGEST,
        ALICE,
    )


def test_a_strong_match_a_negative_vetoes_is_asked_about_not_dropped() -> None:
    # Old rule: any face closer to the rejected face than to Alice was silently
    # dropped. A strong match is asked about instead.
    assert _one({ALICE: 0.7}, negative={ALICE: 0.95}) == (Verdict.SUGGEST, ALICE)
    # ... unless the photo's faces give Alice to another face.
    decisions = decide(
        {
            "vetoed": Candidates({ALICE: 0.7}, {ALICE: 0.95}),
            "alice": Candidates({ALICE: 0.6}),
        },
        T,
    )
    assert [(d.verdict, d.person) for d in decisions] == [
        (Verdict.UNKNOWN, None),
        (Verdict.ASSIGN, ALICE),
    ]


def test_the_veto_margin_comes_with_the_thresholds() -> None:
    strict = MatchThresholds(auto=0.5, suggest=0.35, margin=0.08, source="t", veto_margin=0.0)
    (decision,) = decide({"f": Candidates({ALICE: 0.7}, {ALICE: 0.69})}, strict)
    assert decision.verdict == Verdict.ASSIGN
    (decision,) = decide({"f": Candidates({ALICE: 0.4}, {ALICE: 0.41})}, strict)
    assert decision.verdict == Verdict.UNKNOWN


def test_decisions_keep_the_order_of_the_faces() -> None:
    decisions = decide({n: Candidates({}) for n in ("x", "y", "z")}, T)
    assert [d.face for d in decisions] == ["x", "y", "z"]


def test_best_by_person_takes_the_best_prototype() -> None:
    assert best_by_person([(ALICE, 0.4), (ALICE, 0.7), (BOB, 0.5), (None, 0.9)]) == {
        ALICE: 0.7,
        BOB: 0.5,
    }


P1, P2, P3, Q1, Q2, Q3 = (uuid4() for _ in range(6))


def test_one_lucky_prototype_is_asked_about_several_agreeing_are_assigned() -> None:
    # Alice: one of her three prototypes scores high, the others are far below the band.
    lucky = candidates_from([(ALICE, P1, 0.62), (ALICE, P2, 0.21), (ALICE, P3, 0.18)])
    # Bob: the same best score, and a second prototype agrees (in the band).
    agreeing = candidates_from([(BOB, Q1, 0.62), (BOB, Q2, 0.41), (BOB, Q3, 0.2)])
    (alice,) = decide({"f": lucky}, T)
    (bob,) = decide({"f": agreeing}, T)
    assert (alice.verdict, alice.person, alice.score) == (Verdict.SUGGEST, ALICE, 0.62)
    assert (bob.verdict, bob.person, bob.score) == (Verdict.ASSIGN, BOB, 0.62)
    # What matched is recorded: the prototypes scoring at least ``suggest``, best first.
    assert alice.prototypes == {P1: 0.62}
    assert list(bob.prototypes.items()) == [(Q1, 0.62), (Q2, 0.41)]


def test_a_person_with_a_single_prototype_needs_only_that_one() -> None:
    (decision,) = decide({"f": candidates_from([(ALICE, P1, 0.7)])}, T)
    assert (decision.verdict, decision.prototypes) == (Verdict.ASSIGN, {P1: 0.7})


def test_lucky_match_does_not_free_the_person_for_another_face() -> None:
    # The lucky face is still Alice's best candidate: asked about, and she is taken.
    decisions = decide(
        {
            "lucky": candidates_from([(ALICE, P1, 0.8), (ALICE, P2, 0.1)]),
            "other": candidates_from([(ALICE, P1, 0.6), (ALICE, P2, 0.5)]),
        },
        T,
    )
    assert [(d.face, d.verdict, d.person) for d in decisions] == [
        ("lucky", Verdict.SUGGEST, ALICE),
        ("other", Verdict.UNKNOWN, None),
    ]


def test_a_vetoed_strong_match_records_its_prototypes_too() -> None:
    face = candidates_from([(ALICE, P1, 0.7), (ALICE, P2, 0.6)], {ALICE: 0.9})
    (decision,) = decide({"f": face}, T)
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)
    assert decision.prototypes == {P1: 0.7, P2: 0.6}


def test_an_unknown_face_records_no_prototypes() -> None:
    (decision,) = decide({"f": candidates_from([(ALICE, P1, 0.2)])}, T)
    assert (decision.verdict, decision.prototypes) == (Verdict.UNKNOWN, {})


def test_by_person_groups_prototype_hits() -> None:
    hits = [(ALICE, P1, 0.4), (ALICE, P2, 0.7), (ALICE, P1, 0.5), (BOB, Q1, 0.3), (None, Q2, 0.9)]
    assert by_person(hits) == {ALICE: {P1: 0.5, P2: 0.7}, BOB: {Q1: 0.3}}
    assert candidates_from(hits).positive == {ALICE: 0.7, BOB: 0.3}


# ----- siblings: two persons of one guardian close to a face ------------------------------

SIBLINGS = {frozenset((ALICE, BOB))}


def test_siblings_within_the_margin_are_both_named_never_assigned() -> None:
    (decision,) = decide({"f": Candidates({ALICE: 0.62, BOB: 0.58})}, T, SIBLINGS)
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)
    assert (decision.also, decision.also_score) == (BOB, 0.58)


def test_siblings_far_above_auto_with_agreeing_prototypes_are_still_asked() -> None:
    # Both far above auto and agreeing prototypes: still a question naming both.
    face = candidates_from([(ALICE, P1, 0.8), (ALICE, P2, 0.75), (BOB, P3, 0.79)])
    (decision,) = decide({"f": face}, T, SIBLINGS)
    assert (decision.verdict, decision.person, decision.also) == (Verdict.SUGGEST, ALICE, BOB)


def test_persons_of_different_guardians_within_the_margin_name_only_the_best() -> None:
    (decision,) = decide({"f": Candidates({ALICE: 0.62, CAROL: 0.56})}, T, SIBLINGS)
    assert (decision.verdict, decision.person, decision.also) == (Verdict.SUGGEST, ALICE, None)


def test_a_sibling_clearly_behind_or_below_the_band_is_not_named() -> None:
    (clear,) = decide({"f": Candidates({ALICE: 0.7, BOB: 0.55})}, T, SIBLINGS)
    assert (clear.verdict, clear.also) == (Verdict.ASSIGN, None)
    # Within the margin, but below ``suggest``: only the best is asked about.
    (low,) = decide({"f": Candidates({ALICE: 0.38, BOB: 0.30})}, T, SIBLINGS)
    assert (low.verdict, low.person, low.also) == (Verdict.SUGGEST, ALICE, None)


def test_the_closest_sibling_is_named_when_a_stranger_is_in_between() -> None:
    siblings = {frozenset((ALICE, BOB)), frozenset((ALICE, CAROL))}
    (decision,) = decide(
        {"f": Candidates({ALICE: 0.62, uuid4(): 0.61, CAROL: 0.57, BOB: 0.59})}, T, siblings
    )
    assert (decision.person, decision.also, decision.also_score) == (ALICE, BOB, 0.59)


def test_a_sibling_assigned_another_face_of_the_photo_is_not_named() -> None:
    decisions = decide(
        {
            "bob": Candidates({BOB: 0.8, ALICE: 0.3}),
            "alice": Candidates({ALICE: 0.6, BOB: 0.57}),
        },
        T,
        SIBLINGS,
    )
    by_face = {d.face: (d.verdict, d.person, d.also) for d in decisions}
    assert by_face["bob"] == (Verdict.ASSIGN, BOB, None)
    assert by_face["alice"] == (Verdict.SUGGEST, ALICE, None)


def test_both_siblings_in_one_photo_each_face_names_both() -> None:
    decisions = decide(
        {
            "left": Candidates({ALICE: 0.6, BOB: 0.58}),
            "right": Candidates({BOB: 0.62, ALICE: 0.57}),
        },
        T,
        SIBLINGS,
    )
    by_face = {d.face: (d.verdict, d.person, d.also) for d in decisions}
    assert by_face["right"] == (Verdict.SUGGEST, BOB, ALICE)
    assert by_face["left"] == (Verdict.SUGGEST, ALICE, BOB)


def test_the_next_family_is_asked_only_about_a_person_clearly_ahead_of_the_rest() -> None:
    lead = 0.04
    asked = next_question("f", Candidates({BOB: 0.6, CAROL: 0.5}), T, lead)
    assert asked is not None
    assert (asked.verdict, asked.person, asked.score) == (Verdict.SUGGEST, BOB, 0.6)
    # Even far above auto a next family is only asked: one family said no already.
    assert next_question("f", Candidates({BOB: 0.9}), T, lead).verdict == Verdict.SUGGEST  # type: ignore[union-attr]
    assert next_question("f", Candidates({BOB: 0.6, CAROL: 0.58}), T, lead) is None  # too close
    assert next_question("f", Candidates({BOB: 0.3}), T, lead) is None  # below suggest
    assert next_question("f", Candidates({}), T, lead) is None
    # A person the face was rejected for (closer to the rejected face) is not asked.
    assert next_question("f", Candidates({BOB: 0.4}, {BOB: 0.9}), T, lead) is None


def test_two_prototypes_agreeing_at_the_bottom_of_the_band_are_asked_about() -> None:
    # T: auto 0.5, suggest 0.35. A second prototype only just in the band (0.36) is weak
    # evidence: assigned only when the best alone is 0.07 above auto.
    weak = candidates_from([(ALICE, P1, 0.55), (ALICE, P2, 0.36)])
    strong_best = candidates_from([(ALICE, P1, 0.58), (ALICE, P2, 0.36)])
    strong_second = candidates_from([(ALICE, P1, 0.55), (ALICE, P2, 0.46)])
    verdicts = [decide({"f": c}, T)[0].verdict for c in (weak, strong_best, strong_second)]
    assert verdicts == [Verdict.SUGGEST, Verdict.ASSIGN, Verdict.ASSIGN]


def test_a_face_about_as_close_to_two_children_is_asked_about_to_neither() -> None:
    lead = T.question_lead
    assert lead > 0
    close = decide({"f": Candidates({ALICE: 0.40, BOB: 0.40 - lead / 2})}, T)
    ahead = decide({"f": Candidates({ALICE: 0.40, BOB: 0.40 - lead * 2})}, T)
    assert [(d.verdict, d.person) for d in close] == [(Verdict.UNKNOWN, None)]
    assert [(d.verdict, d.person) for d in ahead] == [(Verdict.SUGGEST, ALICE)]
    # Alone in the band, a face is asked about as before.
    assert _one({ALICE: 0.40}) == (Verdict.SUGGEST, ALICE)


def test_a_baby_is_sent_unasked_only_on_two_agreeing_prototypes() -> None:
    # T: auto 0.5, suggest 0.35. The best alone far above auto is enough for a child of 3,
    # never for a baby (babies look alike): the second prototype must be near auto.
    strong_best = candidates_from([(ALICE, P1, 0.60), (ALICE, P2, 0.36)])
    one_prototype = candidates_from([(ALICE, P1, 0.70)])
    agreeing = candidates_from([(ALICE, P1, 0.55), (ALICE, P2, 0.46)])
    as_a_child = [decide({"f": c}, T)[0].verdict for c in (strong_best, one_prototype, agreeing)]
    as_a_baby = [
        decide({"f": c}, T, babies={ALICE})[0].verdict
        for c in (strong_best, one_prototype, agreeing)
    ]
    assert as_a_child == [Verdict.ASSIGN, Verdict.ASSIGN, Verdict.ASSIGN]
    assert as_a_baby == [Verdict.SUGGEST, Verdict.SUGGEST, Verdict.ASSIGN]
    # Asked, to the baby's family: the verdict names the baby.
    assert decide({"f": one_prototype}, T, babies={ALICE})[0].person == ALICE


def test_a_question_carried_by_one_prototype_alone_is_asked_of_nobody() -> None:
    # T: auto 0.5, suggest 0.35: a second prototype must score 0.23 or more to ask, unless
    # the best alone is 0.07 above auto.
    lone = candidates_from([(ALICE, P1, 0.45), (ALICE, P2, 0.20)])
    seconded = candidates_from([(ALICE, P1, 0.45), (ALICE, P2, 0.27)])
    strong = candidates_from([(ALICE, P1, 0.58), (ALICE, P2, 0.20)])
    single = candidates_from([(ALICE, P1, 0.45)])  # known by one prototype: that one
    decided = [decide({"f": c}, T)[0] for c in (lone, seconded, strong, single)]
    assert [(d.verdict, d.person) for d in decided] == [
        (Verdict.UNKNOWN, None),
        (Verdict.SUGGEST, ALICE),
        (Verdict.SUGGEST, ALICE),
        (Verdict.SUGGEST, ALICE),
    ]


def test_the_next_family_is_not_asked_on_one_prototypes_word() -> None:
    # After a "no", as for a first question: a second prototype must find the face alike.
    lead = T.question_lead
    lone = candidates_from([(BOB, Q1, 0.45), (BOB, Q2, 0.20), (CAROL, P1, 0.20)])
    seconded = candidates_from([(BOB, Q1, 0.45), (BOB, Q2, 0.30), (CAROL, P1, 0.20)])
    assert next_question("f", lone, T, lead) is None
    asked = next_question("f", seconded, T, lead)
    assert asked is not None and (asked.verdict, asked.person) == (Verdict.SUGGEST, BOB)


# findings23 1 (walk23): Mia's photo b2 sent scaled and mirrored (0.942 apart) scored 0.4525
# and 0.4281 against her unenrolled sister, her first photo's three copies 0.33-0.34. At the
# production thresholds (auto 0.45) that was two agreeing prototypes (the second >= 0.40).
WALK = MatchThresholds(auto=0.45, suggest=0.30, margin=0.05, source="test")
B1, B1M, B1S, B2S, B2M = (uuid4() for _ in range(5))
WALKED = [(ALICE, B1, 0.34), (ALICE, B1M, 0.33), (ALICE, B1S, 0.34)]
WALKED += [(ALICE, B2S, 0.4525), (ALICE, B2M, 0.4281)]
TWO_PICTURES = {B1: B1, B1M: B1, B1S: B1, B2S: B2S, B2M: B2S}


def test_copies_of_one_picture_are_one_agreeing_prototype_not_two() -> None:
    before = decide({"f": candidates_from(WALKED)}, WALK)[0]
    assert (before.verdict, before.person) == (Verdict.ASSIGN, ALICE)  # unknown pictures
    (after,) = decide({"f": candidates_from(WALKED, pictures=TWO_PICTURES)}, WALK)
    # Asked, not sent: her second picture's best (0.34) does not agree near auto.
    assert (after.verdict, after.person, after.score) == (Verdict.SUGGEST, ALICE, 0.4525)
    # Every prototype that matched is still recorded.
    assert list(after.prototypes) == [B2S, B2M, B1, B1S, B1M]


def test_a_second_picture_agreeing_near_auto_still_sends() -> None:
    agreeing = [(ALICE, B1, 0.43), *WALKED[1:]]
    (decision,) = decide({"f": candidates_from(agreeing, pictures=TWO_PICTURES)}, WALK)
    assert decision.verdict == Verdict.ASSIGN


def test_a_person_whose_prototypes_are_all_one_picture_keeps_the_rule() -> None:
    # One photo with its mirrored and gray copies (the children scenarios' enrollment):
    # as before, its copies agree.
    copies = [(ALICE, B2S, 0.52), (ALICE, B2M, 0.47), (ALICE, B1, 0.46)]
    one_picture = {B2S: B2S, B2M: B2S, B1: B2S}
    (decision,) = decide({"f": candidates_from(copies, pictures=one_picture)}, WALK)
    assert decision.verdict == Verdict.ASSIGN


def test_counting_pictures_only_ever_turns_a_send_into_a_question() -> None:
    """Stricter only: over many score sets and groupings, never a question made a send,
    never another person asked."""
    rng = np.random.default_rng(32)
    protos = [uuid4() for _ in range(4)]
    changed = 0
    for _ in range(3000):
        scores = rng.uniform(0.2, 0.6, size=4)
        hits = [(ALICE, p, float(s)) for p, s in zip(protos, scores, strict=True)]
        hits.append((BOB, uuid4(), float(rng.uniform(0.2, 0.5))))
        groups = rng.integers(0, 3, size=4)
        pictures = {p: protos[g] for p, g in zip(protos, groups, strict=True)}
        (before,) = decide({"f": candidates_from(hits)}, WALK)
        (after,) = decide({"f": candidates_from(hits, pictures=pictures)}, WALK)
        if before != after:
            changed += 1
            assert (before.verdict, after.verdict) == (Verdict.ASSIGN, Verdict.SUGGEST)
            assert after.person == before.person
    assert changed > 0


def _unit(vector: list[float]) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    return array / np.linalg.norm(array)


def test_pictures_of_groups_a_persons_prototypes_at_the_threshold() -> None:
    assert SAME_PICTURE_AT == 0.92
    base = _unit([1.0, 0.0, 0.0])
    copy = _unit([1.0, 0.40, 0.0])  # cosine 0.928: a copy
    copy_of_copy = _unit([1.0, 0.80, 0.0])  # 0.781 from base, 0.952 from the copy
    other = _unit([1.0, 0.0, 0.45])  # 0.912 from base: another photo
    bobs = _unit([1.0, 0.0, 0.0])  # Bob's: the same vector, but another person
    vectors = {P1: base, P2: copy, P3: copy_of_copy, Q1: other, Q2: bobs}
    person_of = {P1: ALICE, P2: ALICE, P3: ALICE, Q1: ALICE, Q2: BOB}
    pictures = pictures_of(vectors, person_of)
    assert pictures[P1] == pictures[P2] == pictures[P3]
    assert len({pictures[P1], pictures[Q1], pictures[Q2]}) == 3
