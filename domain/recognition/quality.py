"""How good a detected face is for recognition: size, sharpness and pose.

Pure functions over numbers the engine measures, so the rules can be read and
tested without a model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from domain.recognition.faces import FaceQuality, Point

# A face narrower than MIN_FACE_PX is useless for recognition; from GOOD_FACE_PX
# on (close to the recognizer's 112 px input) size no longer matters.
MIN_FACE_PX = 20.0
GOOD_FACE_PX = 96.0
# Variance of the Laplacian of the aligned 112x112 grey face: below BLURRY it is
# mush, from SHARP on it is as sharp as a phone photo gets.
BLURRY_LAPLACIAN = 40.0
SHARP_LAPLACIAN = 400.0
# How far the nose may sit off the eyes' middle (as a share of the eye
# distance) before the face counts as in profile.
PROFILE_YAW = 0.6


def _ramp(value: float, low: float, high: float) -> float:
    if value <= low:
        return 0.0
    if value >= high:
        return 1.0
    return (value - low) / (high - low)


def size_score(min_side_px: float) -> float:
    return _ramp(min_side_px, MIN_FACE_PX, GOOD_FACE_PX)


def sharpness_score(laplacian_variance: float) -> float:
    # Perceived sharpness grows roughly with the log of the variance.
    return _ramp(
        math.log1p(max(laplacian_variance, 0.0)),
        math.log1p(BLURRY_LAPLACIAN),
        math.log1p(SHARP_LAPLACIAN),
    )


def evenness(directional_detail: Sequence[float]) -> float:
    """How evenly sharp a face is across directions: the least of its fine detail along a
    few directions over the most (``directional_detail``: variances of the second
    derivative along, say, 0, 45, 90 and 135 degrees). Motion blur smears a face along the
    direction it moved and leaves it sharp across it, which the Laplacian variance (the sum
    over two directions) misses; a face merely soft (a scanned print) is soft all round."""
    most = max(directional_detail, default=0.0)
    if most <= 0.0:
        return 1.0  # nothing measured, or a flat image: the Laplacian speaks for it
    return max(min(directional_detail), 0.0) / most


def pose_score(landmarks: Sequence[Point]) -> float:
    """Frontal faces score 1; profiles and faces tilted far up or down score 0.

    Landmarks in insightface order: left eye, right eye, nose, left and right
    mouth corner. Yaw shows as the nose leaving the eyes' middle, pitch as the
    nose nearing the eye line or the mouth line. Roll is ignored: alignment
    undoes it.
    """
    (lx, ly), (rx, ry), (nx, ny), (mlx, mly), (mrx, mry) = landmarks[:5]
    eye_dx, eye_dy = rx - lx, ry - ly
    eye_distance = math.hypot(eye_dx, eye_dy)
    if eye_distance < 1e-6:
        return 0.0
    # Express the nose in the frame of the eye line: u along it, v across it.
    ux, uy = eye_dx / eye_distance, eye_dy / eye_distance
    mid_x, mid_y = (lx + rx) / 2, (ly + ry) / 2
    along = ((nx - mid_x) * ux + (ny - mid_y) * uy) / eye_distance
    yaw = 1.0 - _ramp(abs(along), 0.15, PROFILE_YAW)
    mouth_x, mouth_y = (mlx + mrx) / 2, (mly + mry) / 2
    eyes_to_mouth = (mouth_x - mid_x) * -uy + (mouth_y - mid_y) * ux
    if eyes_to_mouth <= 1e-6:
        return 0.0
    nose_depth = ((nx - mid_x) * -uy + (ny - mid_y) * ux) / eyes_to_mouth
    # A frontal nose tip sits a little past halfway from the eyes to the mouth.
    pitch = 1.0 - _ramp(abs(nose_depth - 0.55), 0.15, 0.4)
    return min(yaw, pitch)


def face_quality(
    min_side_px: float,
    laplacian_variance: float,
    landmarks: Sequence[Point],
    directional_detail: Sequence[float] = (),
) -> FaceQuality:
    size = size_score(min_side_px)
    sharpness = sharpness_score(laplacian_variance)
    pose = pose_score(landmarks)
    score = (size * sharpness * pose) ** (1 / 3)
    return FaceQuality(
        size=round(size, 4),
        sharpness=round(sharpness, 4),
        pose=round(pose, 4),
        score=round(score, 4),
        laplacian=round(max(laplacian_variance, 0.0), 1),
        evenness=round(evenness(directional_detail), 4),
    )
