"""An enrollment photo that looks like another family's person: refused only when it is
clearly that child (small children who are not related reach the automatic threshold)."""

from __future__ import annotations

from domain.enrollment.rules import SOMEONE_ELSES_ABOVE_AUTO, clearly_someone_elses
from domain.recognition.thresholds import thresholds_for

AUTO = thresholds_for("buffalo_sc").auto  # 0.45


def test_a_look_alike_baby_is_not_taken_for_another_familys_child() -> None:
    # Measured on the children scenario: unrelated babies at 0.46-0.57, FG-NET's max 0.62.
    for score in (AUTO, 0.52, 0.57, 0.62):
        assert not clearly_someone_elses(score, AUTO)


def test_the_same_child_again_or_a_face_copied_from_the_group_is_refused() -> None:
    assert clearly_someone_elses(AUTO + SOMEONE_ELSES_ABOVE_AUTO, AUTO)  # 0.65
    assert clearly_someone_elses(0.76, AUTO)  # another photo of the same age
    assert clearly_someone_elses(0.93, AUTO)  # a crop of a photo posted in the group
