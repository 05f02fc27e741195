"""Enrollment from a clip: which frames are kept (sharp, diverse, at most the room left),
and why none are. Synthetic detections, no model."""

from __future__ import annotations

import numpy as np

from domain.enrollment.clip_views import pick_views
from domain.enrollment.rules import PhotoVerdict
from domain.recognition.faces import BBox, DetectedFace, FaceQuality, Vector

RNG = np.random.default_rng(35)


def _unit(v: Vector) -> Vector:
    return np.asarray(v / np.linalg.norm(v), dtype=np.float32)


def _identity() -> Vector:
    return _unit(RNG.normal(size=512).astype(np.float32))


def _pose(identity: Vector) -> Vector:
    """The same face turned another way: alike, not the same (cosine ~0.9)."""
    return _unit(identity + 0.45 * _identity())


def _face(
    look: Vector, *, x: float = 200.0, side: float = 160.0, laplacian: float = 200.0
) -> DetectedFace:
    bbox: BBox = (x, 100.0, x + side, 100.0 + side)
    return DetectedFace(
        bbox=bbox,
        landmarks=(),
        det_score=0.9,
        quality=FaceQuality(
            size=1.0, sharpness=0.8, pose=1.0, score=min(1.0, laplacian / 400), laplacian=laplacian
        ),
        embedding=_unit(look + 0.03 * _identity()),  # a frame's own small noise
    )


def test_a_turning_head_gives_one_view_per_pose_not_copies_of_the_sharpest() -> None:
    alice = _identity()
    front, left, right = alice, _pose(alice), _pose(alice)
    looks = [front] * 6 + [left] * 2 + [right] * 2
    frames = [
        (i * 1.0, [_face(look, laplacian=300 if look is front else 150)])
        for i, look in enumerate(looks)
    ]
    picked = pick_views(frames, room=3)
    assert picked.refused is None
    chosen = {
        int(np.argmax([float(np.dot(v.face.embedding, p)) for p in (front, left, right)]))
        for v in picked.views
    }
    assert chosen == {0, 1, 2}
    assert [v.at_s for v in picked.views] == sorted(v.at_s for v in picked.views)


def test_never_more_views_than_the_room_left() -> None:
    alice = _identity()
    frames = [(i * 1.0, [_face(_pose(alice))]) for i in range(12)]
    assert len(pick_views(frames, room=4).views) == 4
    assert len(pick_views(frames, room=1).views) == 1


def test_blurred_frames_are_never_kept_however_different() -> None:
    alice = _identity()
    frames = [(i * 1.0, [_face(_pose(alice))]) for i in range(3)]
    frames += [(3.0 + i, [_face(_pose(alice), laplacian=5.0)]) for i in range(3)]
    picked = pick_views(frames, room=5)
    assert [v.at_s for v in picked.views] == [0.0, 1.0, 2.0]


def test_a_clip_of_two_people_all_through_keeps_nothing_and_says_so() -> None:
    alice, ben = _identity(), _identity()
    frames = [(i * 1.0, [_face(alice, x=0.0), _face(ben, x=400.0)]) for i in range(8)]
    picked = pick_views(frames, room=5)
    assert picked.views == []
    assert picked.refused is PhotoVerdict.SEVERAL_FACES


def test_a_clip_without_a_face_keeps_nothing_and_says_so() -> None:
    picked = pick_views([(i * 1.0, []) for i in range(5)], room=5)
    assert picked == pick_views([], room=5)
    assert picked.refused is PhotoVerdict.NO_FACE


def test_a_passer_by_costs_only_the_frames_they_share() -> None:
    alice, ben = _identity(), _identity()
    frames = [(i * 1.0, [_face(_pose(alice), x=0.0)]) for i in range(6)]
    frames[2] = (2.0, [frames[2][1][0], _face(ben, x=400.0)])
    picked = pick_views(frames, room=10)
    assert [v.at_s for v in picked.views] == [0.0, 1.0, 3.0, 4.0, 5.0]


def test_a_face_too_small_all_through_is_refused_as_too_small() -> None:
    alice = _identity()
    frames = [(i * 1.0, [_face(alice, side=30.0)]) for i in range(5)]
    assert pick_views(frames, room=5).refused is PhotoVerdict.TOO_SMALL


def test_a_still_filmed_gives_one_view_not_copies_of_it() -> None:
    """The same look in every frame (a photo filmed, a child holding still) is one view:
    copies of it as prototypes would agree with each other about any look-alike."""
    alice = _identity()
    frames = [(i * 0.5, [_face(alice)]) for i in range(10)]
    assert len(pick_views(frames, room=5).views) == 1
    turned = _pose(alice)
    frames += [(5.0 + i * 0.5, [_face(turned)]) for i in range(4)]
    assert len(pick_views(frames, room=5).views) == 2
