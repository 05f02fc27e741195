from __future__ import annotations

import pytest

from domain.recognition.quality import face_quality, pose_score, sharpness_score, size_score

# Landmarks of a frontal face, 100 px between the eyes: eyes, nose, mouth corners.
FRONTAL = ((100.0, 100.0), (200.0, 100.0), (150.0, 160.0), (110.0, 210.0), (190.0, 210.0))


def test_size_grows_from_useless_to_good() -> None:
    assert size_score(10) == 0.0
    assert 0.0 < size_score(50) < 1.0
    assert size_score(96) == 1.0
    assert size_score(400) == 1.0


def test_sharpness_grows_with_laplacian_variance() -> None:
    assert sharpness_score(5) == 0.0
    assert sharpness_score(40) < sharpness_score(150) < sharpness_score(400) == 1.0


def test_frontal_face_has_full_pose_score() -> None:
    assert pose_score(FRONTAL) == 1.0


def test_roll_does_not_matter() -> None:
    # The same face turned 90 degrees in the picture plane (alignment undoes roll).
    rotated = tuple((-y, x) for x, y in FRONTAL)
    assert pose_score(rotated) == pytest.approx(1.0)


def test_profile_face_scores_zero() -> None:
    # Nose far outside the eyes' middle: the head is turned sideways.
    profile = ((100.0, 100.0), (130.0, 100.0), (185.0, 150.0), (110.0, 200.0), (135.0, 200.0))
    assert pose_score(profile) == 0.0


def test_half_turned_face_scores_in_between() -> None:
    half = ((100.0, 100.0), (200.0, 100.0), (185.0, 160.0), (120.0, 210.0), (195.0, 210.0))
    assert 0.0 < pose_score(half) < 1.0


def test_face_looking_far_up_scores_low() -> None:
    # Nose tip almost on the eye line.
    looking_up = ((100.0, 100.0), (200.0, 100.0), (150.0, 108.0), (110.0, 210.0), (190.0, 210.0))
    assert pose_score(looking_up) < 0.5


def test_degenerate_landmarks_score_zero() -> None:
    same_point = ((100.0, 100.0),) * 5
    assert pose_score(same_point) == 0.0


def test_overall_score_is_low_when_any_part_is_bad() -> None:
    good = face_quality(200, 1000, FRONTAL)
    assert good.score == 1.0
    tiny = face_quality(12, 1000, FRONTAL)
    assert tiny.size == 0.0
    assert tiny.score == 0.0
    blurry = face_quality(200, 45, FRONTAL)
    assert 0.0 < blurry.sharpness < 0.2
    assert blurry.score < good.score
