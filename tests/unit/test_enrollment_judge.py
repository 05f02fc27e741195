"""The verdict on one enrollment photo: blur is judged on the face's Laplacian variance,
low enough to take a scanned print of a baby, not a face blurred to mush."""

from __future__ import annotations

import numpy as np

from domain.enrollment.rules import MIN_LAPLACIAN, PhotoVerdict, judge
from domain.recognition.faces import DetectedFace
from domain.recognition.quality import face_quality

FRONTAL = ((40.0, 50.0), (80.0, 50.0), (60.0, 72.0), (45.0, 92.0), (75.0, 92.0))


def _face(laplacian: float) -> DetectedFace:
    return DetectedFace(
        bbox=(0.0, 0.0, 200.0, 240.0),
        landmarks=FRONTAL,
        det_score=0.9,
        quality=face_quality(200, laplacian, FRONTAL),
        embedding=np.zeros(512, dtype=np.float32),
    )


def test_a_scanned_print_of_a_baby_is_sharp_enough_to_enroll() -> None:
    # The prints refused before measured 25-67 (a sharpness score of 0 to 0.22).
    for laplacian in (25.6, 39.2, 67.2):
        verdict, face = judge([_face(laplacian)])
        assert verdict == PhotoVerdict.ACCEPTED and face is not None


def test_a_face_blurred_to_mush_is_refused() -> None:
    assert MIN_LAPLACIAN == 20.0
    for laplacian in (0.0, 14.2, 19.9):  # 14.2: a phone photo blurred with radius 15
        assert judge([_face(laplacian)]) == (PhotoVerdict.TOO_BLURRY, None)
