from __future__ import annotations

import math
from uuid import UUID

import numpy as np

from domain.recognition.faces import Vector
from domain.recognition.prototypes import Candidate, choose_prototypes


def _id(n: int) -> UUID:
    return UUID(int=n)


def _unit(*values: float) -> Vector:
    """A normalized embedding (a few dimensions are enough for cosine similarity)."""
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _towards(angle_degrees: float) -> Vector:
    """A unit vector in the first plane at this angle from the x axis (cos = likeness)."""
    a = math.radians(angle_degrees)
    return _unit(math.cos(a), math.sin(a), 0.0, 0.0)


def _face(n: int, embedding: Vector | None, quality: float, pinned: bool = False) -> Candidate:
    return Candidate(_id(n), embedding, quality, pinned)


def test_pinned_faces_are_always_kept_and_come_first() -> None:
    chosen = choose_prototypes(
        [
            _face(1, _unit(0, 1, 0, 0), 0.99),
            _face(2, _unit(1, 0, 0, 0), 0.3, pinned=True),
            _face(3, _unit(0, 0, 1, 0), 0.5, pinned=True),
        ],
        limit=3,
    )
    assert chosen[:2] == [_id(3), _id(2)]  # pinned, the better first
    assert chosen == [_id(3), _id(2), _id(1)]


def test_pinned_faces_beyond_the_limit_are_all_kept_and_nothing_is_learned() -> None:
    pinned = [_face(n, _towards(20 * n), 0.5, pinned=True) for n in range(1, 5)]
    learned = _face(9, _unit(0, 0, 0, 1), 1.0)
    chosen = choose_prototypes([*pinned, learned], limit=3)
    assert sorted(chosen) == sorted(c.face_id for c in pinned)


def test_the_limit_is_respected() -> None:
    candidates = [
        _face(n, _unit(*[1.0 if i == n % 4 else 0.1 * n for i in range(4)]), 0.5) for n in range(12)
    ]
    chosen = choose_prototypes([_face(99, _unit(1, 1, 1, 1), 0.6, pinned=True), *candidates], 5)
    assert len(chosen) == 5
    assert chosen[0] == _id(99)
    assert len(set(chosen)) == 5


def test_a_near_duplicate_is_never_chosen_even_with_room_left() -> None:
    enrolled = _face(1, _towards(0), 0.8, pinned=True)
    twin = _face(2, _towards(10), 1.0)  # cos 10 deg = 0.985: the same picture again
    other = _face(3, _towards(60), 0.4)  # cos 60 deg = 0.5
    assert choose_prototypes([enrolled, twin, other], limit=10) == [_id(1), _id(3)]


def test_two_learned_near_duplicates_are_not_both_chosen() -> None:
    first = _face(1, _towards(0), 0.9)
    second = _face(2, _towards(5), 0.8)
    chosen = choose_prototypes([first, second], limit=10)
    assert chosen == [_id(1)]


def test_diversity_beats_a_slightly_better_look_alike() -> None:
    enrolled = _face(1, _towards(0), 0.9, pinned=True)
    alike = _face(2, _towards(25), 0.95)  # likeness 0.91: just past the duplicate line
    close = _face(3, _towards(35), 0.9)  # likeness 0.82
    far = _face(4, _towards(80), 0.7)  # likeness 0.17
    # 0.9 - 0.5 * 0.82 = 0.49 against 0.7 - 0.5 * 0.17 = 0.61: the different face wins.
    assert choose_prototypes([enrolled, alike, close, far], limit=2) == [_id(1), _id(4)]


def test_quality_wins_among_equally_different_faces() -> None:
    enrolled = _face(1, _unit(1, 0, 0, 0), 0.9, pinned=True)
    blurred = _face(2, _unit(0, 1, 0, 0), 0.2)
    sharp = _face(3, _unit(0, 0, 1, 0), 0.8)
    assert choose_prototypes([enrolled, blurred, sharp], limit=2) == [_id(1), _id(3)]


def test_faces_without_an_embedding_are_not_learned_but_pinned_ones_stay() -> None:
    chosen = choose_prototypes(
        [_face(1, None, 0.9, pinned=True), _face(2, None, 1.0), _face(3, _towards(0), 0.1)],
        limit=5,
    )
    assert chosen == [_id(1), _id(3)]


def test_the_choice_is_deterministic_whatever_the_order() -> None:
    rng = np.random.default_rng(7)
    candidates = [
        _face(n, _unit(*rng.normal(size=8)), round(float(rng.uniform()), 1), pinned=n < 3)
        for n in range(30)
    ]
    first = choose_prototypes(candidates, limit=10)
    for seed in range(5):
        shuffled = list(candidates)
        np.random.default_rng(seed).shuffle(shuffled)
        assert choose_prototypes(shuffled, limit=10) == first
    assert len(first) == 10


def test_equal_candidates_are_taken_in_face_id_order() -> None:
    same = _towards(0)
    chosen = choose_prototypes([_face(5, same, 0.5), _face(4, _towards(90), 0.5)], limit=1)
    assert chosen == [_id(4)]


def test_a_growing_child_keeps_the_faces_of_now_rather_than_of_years_ago() -> None:
    enrolled = _face(1, _unit(1, 0, 0, 0), 0.5, pinned=True)
    # Two faces learned, as good and as different from the enrollment photo: one from a
    # photo of the child three years ago, one from last month.
    then = Candidate(_id(2), _unit(0, 1, 0, 0), 0.8, growth=0.5)
    now = Candidate(_id(3), _unit(0, 0, 1, 0), 0.75, growth=0.0)
    assert choose_prototypes([enrolled, then, now], limit=2) == [_id(1), _id(3)]
    # Without ages (no birth date) the better photo wins.
    assert choose_prototypes([enrolled, then, now], limit=2, recency=0) == [_id(1), _id(2)]
