"""When a whole enrollment session looks like another family's child (pure rule)."""

from __future__ import annotations

from uuid import uuid4

from domain.enrollment_rules import resembled_by_session

SARA, TOM = uuid4(), uuid4()


def test_one_photo_a_little_like_another_child_is_normal() -> None:
    assert resembled_by_session([{SARA}, set(), set()]) is None
    assert resembled_by_session([{SARA}, {TOM}, set(), set()]) is None


def test_most_of_a_session_like_the_same_child_is_that_child() -> None:
    assert resembled_by_session([{SARA}, {SARA, TOM}, set()]) == SARA
    assert resembled_by_session([{SARA}, {SARA}, {TOM}, set()]) == SARA


def test_it_takes_two_photos_at_least() -> None:
    assert resembled_by_session([{SARA}]) is None
    assert resembled_by_session([]) is None
