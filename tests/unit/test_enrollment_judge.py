"""The verdict on one enrollment photo: blur is judged on the face's Laplacian variance,
low enough to take a scanned print of a baby, not a face blurred to mush, and on how evenly
sharp it is across directions, which motion blur is not."""

from __future__ import annotations

import json

import numpy as np

from domain.enrollment.rules import (
    MIN_EVENNESS,
    MIN_LAPLACIAN,
    PhotoVerdict,
    judge,
    unlike_the_others,
)
from domain.infra.insightface_engine import InsightFaceEngine
from domain.recognition.faces import DetectedFace
from domain.recognition.quality import evenness, face_quality
from tests.conftest import REPO, shared_photo

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


BLURRED_BY_MOTION = "deepinsight_insightface/cpp-package/inspireface/test_res/data/bulk/blur.jpg"
CHILDREN = REPO / "tests" / "scenarios" / "children" / "scenario.json"


def _children_enrollment_photos() -> list[str]:
    """The photos the children scenario enrolls with (close-ups, scanned prints), as files."""
    scenario = json.loads(CHILDREN.read_text())
    return sorted(
        {
            f"children/{photo.split('#')[0]}"
            for guardian in scenario["guardians"]
            for person in guardian["persons"]
            for photo in [*person["enroll"], *person.get("spare", [])]
        }
    )


def test_a_face_smeared_by_motion_is_refused_as_too_blurred(engine: InsightFaceEngine) -> None:
    """Sharp across and smeared along the way it moved: the Laplacian variance (146) passes
    it, its evenness does not."""
    faces = engine.analyze_sync(shared_photo(BLURRED_BY_MOTION).read_bytes()).faces
    (face,) = faces
    assert face.quality.laplacian >= MIN_LAPLACIAN
    assert face.quality.evenness < MIN_EVENNESS
    assert judge(faces) == (PhotoVerdict.TOO_BLURRY, None)


def test_the_sharp_close_ups_of_the_children_set_are_accepted(engine: InsightFaceEngine) -> None:
    photos = _children_enrollment_photos()
    assert len(photos) >= 40
    for photo in photos:
        faces = engine.analyze_sync(shared_photo(photo).read_bytes()).faces
        verdict, _ = judge(faces)
        assert verdict != PhotoVerdict.TOO_BLURRY, photo
        assert min(f.quality.evenness for f in faces) >= MIN_EVENNESS + 0.01, photo


def test_evenness_is_the_least_directional_detail_over_the_most() -> None:
    assert evenness((40.0, 20.0, 80.0, 20.0)) == 0.25
    assert evenness((5.0, 5.0, 5.0, 5.0)) == 1.0
    assert evenness(()) == 1.0  # not measured: the Laplacian alone decides
    assert evenness((0.0, 0.0)) == 1.0  # a flat image: too blurred by its Laplacian already


def test_a_face_is_unlike_the_others_when_closer_to_none_than_different() -> None:
    assert unlike_the_others([0.2, 0.33], 0.34)
    assert not unlike_the_others([0.2, 0.34], 0.34)  # one of them is close enough
    assert not unlike_the_others([], 0.34)  # the first face: nothing to be unlike
