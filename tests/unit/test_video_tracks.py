"""Faces of a clip as tracks, and whose a track is: synthetic detections, no model."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import numpy as np

from domain.recognition.clip_matching import TrackCandidates, decide_tracks
from domain.recognition.faces import BBox, DetectedFace, FaceQuality, Vector
from domain.recognition.matching import Candidates, Verdict, decide
from domain.recognition.thresholds import PACK_THRESHOLDS
from domain.videos.frames import Sampler, sampling_interval
from domain.videos.tracks import Track, second_look, seen_together, track_faces

THRESHOLDS = PACK_THRESHOLDS["buffalo_sc"]
RNG = np.random.default_rng(35)


def _identity() -> Vector:
    v = RNG.normal(size=512).astype(np.float32)
    return v / np.linalg.norm(v)


def _seen(identity: Vector, noise: float = 0.5) -> Vector:
    """One sighting of a face: its identity blurred by the frame (cosine ~0.9 to it)."""
    v = identity + noise * _identity()
    return np.asarray(v / np.linalg.norm(v), dtype=np.float32)


def _face(
    identity: Vector, x: float, *, y: float = 100.0, quality: float = 0.8, side: float = 80.0
) -> DetectedFace:
    bbox: BBox = (x, y, x + side, y + side)
    return DetectedFace(
        bbox=bbox,
        landmarks=(),
        det_score=0.9,
        quality=FaceQuality(size=1.0, sharpness=quality, pose=1.0, score=quality),
        embedding=_seen(identity),
    )


def _people(tracks: list[Track], *identities: Vector) -> list[list[int]]:
    """Which identity each track's sightings are closest to, track by track."""
    return [
        [
            int(np.argmax([float(np.dot(s.face.embedding, i)) for i in identities]))
            for s in t.sightings
        ]
        for t in tracks
    ]


def test_two_children_crossing_stay_two_tracks() -> None:
    alice, ben = _identity(), _identity()
    frames = []
    for step in range(9):  # Alice walks right, Ben left; their boxes overlap mid-way
        at = step * 0.5
        frames.append((at, [_face(alice, 100 + 40 * step), _face(ben, 420 - 40 * step)]))
    tracks = track_faces(frames)
    assert _people(tracks, alice, ben) == [[0] * 9, [1] * 9]


def test_a_shot_cut_to_someone_else_in_the_same_place_starts_a_track() -> None:
    alice, ben = _identity(), _identity()
    frames = [(0.5 * i, [_face(alice, 200)]) for i in range(4)]
    frames += [(2.0 + 0.5 * i, [_face(ben, 205)]) for i in range(4)]
    tracks = track_faces(frames)
    assert _people(tracks, alice, ben) == [[0] * 4, [1] * 4]


def _alike(to: Vector, likeness: float) -> Vector:
    """An identity whose cosine with ``to`` is ``likeness``."""
    other = _identity()
    other = other - float(np.dot(other, to)) * to
    other = other / np.linalg.norm(other)
    return np.asarray(likeness * to + np.sqrt(1 - likeness**2) * other, dtype=np.float32)


def test_a_cut_to_a_child_who_looks_a_little_alike_in_the_same_place_starts_a_track() -> None:
    """Children look more alike to the model than adults: a cut from one child to another
    at the same place (phones centre the face) linked at 0.35-0.38 in the children's clips
    and made one track of two children; each is her own track."""
    alice = _identity()
    ben = _alike(alice, 0.45)
    frames = [(0.5 * i, [_face(alice, 200)]) for i in range(4)]
    frames += [(2.0 + 0.5 * i, [_face(ben, 205)]) for i in range(4)]
    tracks = track_faces(frames)
    assert _people(tracks, alice, ben) == [[0] * 4, [1] * 4]


def test_a_face_lost_for_a_few_frames_is_the_same_track_and_a_long_absence_is_not() -> None:
    alice = _identity()
    seen = [0.0, 0.5, 1.0, 2.5, 3.0, 8.0, 8.5]  # behind a hand for 1.5 s, then away for 5 s
    tracks = track_faces([(at, [_face(alice, 200 + 3 * at)]) for at in seen])
    assert [[s.at_s for s in t.sightings] for t in tracks] == [seen[:5], seen[5:]]


def test_tracks_seen_at_the_same_time_are_known_as_two_people() -> None:
    alice, ben, carl = _identity(), _identity(), _identity()
    frames = [(0.5 * i, [_face(alice, 100), _face(ben, 400)]) for i in range(4)]
    frames += [(5.0 + 0.5 * i, [_face(carl, 100)]) for i in range(4)]  # after a cut
    assert seen_together(track_faces(frames)) == {frozenset({1, 2})}


def test_a_track_keeps_its_best_frames_by_quality() -> None:
    alice = _identity()
    qualities = [0.2, 0.9, 0.5, 0.95, 0.1, 0.7]
    (track,) = track_faces(
        [(i * 0.5, [_face(alice, 200, quality=q)]) for i, q in enumerate(qualities)]
    )
    assert [s.face.quality.score for s in track.best(3)] == [0.95, 0.9, 0.7]


def test_among_faces_all_too_soft_to_score_the_larger_frontal_ones_are_best() -> None:
    alice = _identity()
    sides = [30.0, 60.0, 45.0, 80.0]  # a soft TV wide shot: every quality score is 0
    faces = [
        replace(
            _face(alice, 200),
            quality=FaceQuality(size=side / 96, sharpness=0.0, pose=1.0, score=0.0, laplacian=20),
        )
        for side in sides
    ]
    (track,) = track_faces([(i * 0.5, [face]) for i, face in enumerate(faces)])
    assert [s.at_s for s in track.best(2)] == [1.5, 0.5]


ALICE, BEN = UUID(int=1), UUID(int=2)


def _frame(alice: float, ben: float) -> Candidates:
    return Candidates(positive={ALICE: alice, BEN: ben})


def _track(frames: list[Candidates], appearance: Candidates) -> TrackCandidates:
    return TrackCandidates(frames, appearance)


def _steady(frame: Candidates, seen: int = 5) -> TrackCandidates:
    """A track whose frames all score alike, and so does their mean."""
    return TrackCandidates([frame] * seen, frame)


def test_one_frame_that_looks_like_someone_else_does_not_flip_the_track() -> None:
    frames = [_frame(0.6, 0.2)] * 4 + [_frame(0.2, 0.7)]
    (decision,) = decide_tracks({1: _track(frames, _frame(0.56, 0.3))}, THRESHOLDS)
    assert (decision.verdict, decision.person) == (Verdict.ASSIGN, ALICE)


def test_one_lucky_frame_is_never_enough_to_send() -> None:
    frames = [_frame(0.7, 0.1)] + [_frame(0.36, 0.1)] * 4
    (decision,) = decide_tracks({1: _track(frames, _frame(0.5, 0.1))}, THRESHOLDS)
    # The median is a question's, and one frame at ``auto`` does not make it more.
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)
    frames = [_frame(0.7, 0.1), _frame(0.6, 0.1)] + [_frame(0.1, 0.3)] * 3
    (decision,) = decide_tracks({1: _track(frames, _frame(0.4, 0.2))}, THRESHOLDS)
    # Most frames look more like Ben: nobody is asked, whatever their mean says.
    assert decision.verdict == Verdict.UNKNOWN


def test_a_small_face_whose_frames_all_look_most_like_her_is_asked_about_never_sent() -> None:
    """out26's Monica: 21 soft frames of a 40-pixel face, each under ``suggest`` for her and
    further under for anyone else; their mean over it. Her family is asked, nobody sent."""
    frames = [_frame(0.29, 0.17)] * 5
    (decision,) = decide_tracks({1: _track(frames, _frame(0.39, 0.17))}, THRESHOLDS)
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)
    (decision,) = decide_tracks({1: _track(frames, _frame(0.6, 0.17))}, THRESHOLDS)
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)  # at ``auto``: asked
    (decision,) = decide_tracks({1: _track(frames, _frame(0.33, 0.17))}, THRESHOLDS)
    assert decision.verdict == Verdict.UNKNOWN  # the mean under ``suggest`` too


def test_a_track_seen_once_is_asked_about_never_sent() -> None:
    (decision,) = decide_tracks({1: _steady(_frame(0.8, 0.1), seen=1)}, THRESHOLDS)
    assert (decision.verdict, decision.person) == (Verdict.SUGGEST, ALICE)


def test_a_track_as_close_to_two_children_goes_to_neither() -> None:
    (decision,) = decide_tracks({1: _steady(_frame(0.55, 0.52))}, THRESHOLDS)
    assert decision.verdict == Verdict.UNKNOWN


def test_two_faces_at_once_are_not_both_the_same_child() -> None:
    strong, weak = _steady(_frame(0.7, 0.1)), _steady(_frame(0.55, 0.1))
    decisions = decide_tracks(
        {1: weak, 2: strong, 3: weak}, THRESHOLDS, overlapping=[frozenset({1, 2})]
    )
    # Track 3 is another moment of the clip (after a cut): it may be Alice again.
    assert [(d.face, d.verdict, d.person) for d in decisions] == [
        (1, Verdict.UNKNOWN, None),
        (2, Verdict.ASSIGN, ALICE),
        (3, Verdict.ASSIGN, ALICE),
    ]


def test_a_track_like_a_face_its_guardian_rejected_is_asked_about_as_a_photo_is() -> None:
    frame = Candidates(positive={ALICE: 0.5}, negative={ALICE: 0.7})
    (decision,) = decide_tracks({1: _steady(frame)}, THRESHOLDS)
    (as_photo,) = decide({1: frame}, THRESHOLDS)
    assert (
        (decision.verdict, decision.person)
        == (as_photo.verdict, ALICE)
        == (
            Verdict.SUGGEST,
            ALICE,
        )
    )


def test_a_long_clip_is_sampled_more_sparsely_all_through() -> None:
    assert sampling_interval(60.0, per_s=2.0, max_frames=240) == 0.5
    assert sampling_interval(3600.0, per_s=2.0, max_frames=240) == 15.0


def test_frames_are_sampled_by_their_time_not_their_count() -> None:
    # Variable rate: 30 fps, then 10 fps in the dark, then 30 fps again.
    times = [i / 30 for i in range(30)] + [1 + i / 10 for i in range(10)]
    times += [2 + i / 30 for i in range(30)]
    sampler = Sampler(0.5)
    taken = [round(at, 2) for at in times if sampler.take(at)]
    assert taken == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]


EVERY_HALF_SECOND = [i * 0.5 for i in range(12)]  # a 6 s clip's first look


def _read_again(frames: list[tuple[float, list[DetectedFace]]], *, share: float) -> list[float]:
    """The halfway frames a second look reads (2 a second: each 0.25 s after a sample)."""
    sampled_at = [at_s for at_s, _ in frames]
    spans = second_look(track_faces(frames), sampled_at, share=share)
    return [at + 0.25 for at in sampled_at if any(a <= at + 0.25 <= b for a, b in spans)]


def test_the_clip_is_looked_at_again_only_around_faces_seen_too_briefly_to_judge() -> None:
    """A face seen in fewer frames than a track is judged on (5) is read again from the
    sample before it to the one after; one seen long enough is not. Overlapping moments are
    read once."""
    steady, glimpsed, turned = _identity(), _identity(), _identity()
    frames: list[tuple[float, list[DetectedFace]]] = [
        (at, [_face(steady, 100.0)] + ([_face(glimpsed, 400.0)] if at in (1.0, 1.5) else []))
        for at in EVERY_HALF_SECOND
    ]
    frames[5][1].append(_face(turned, 250.0, y=300.0))  # at 2.5: beside the glimpse's end
    frames[11][1].append(_face(_identity(), 500.0, y=300.0))  # at 5.5, the last sample
    assert _read_again(frames, share=1.0) == [0.75, 1.25, 1.75, 2.25, 2.75, 5.25, 5.75]
    assert _read_again([(at, [_face(steady, 100.0)]) for at in EVERY_HALF_SECOND], share=1) == []


def test_a_crowd_of_brief_faces_is_looked_at_again_within_the_cap() -> None:
    """At most the share of the first look's frames is read again: the faces seen most
    often first (the fewest frames more bring them to 5), then the largest; a face whose
    moment does not fit is passed over for the next."""
    # (when each is seen, how large): seen thrice, twice, a small face and a large one once
    crowd = [((1.0, 1.5, 2.0), 40.0), ((4.0, 4.5), 40.0), ((3.5,), 40.0), ((5.5,), 120.0)]
    people = [(_identity(), seen, side) for seen, side in crowd]
    frames: list[tuple[float, list[DetectedFace]]] = [
        (
            at,
            [
                _face(who, 100.0 + 150.0 * n, side=side)
                for n, (who, seen, side) in enumerate(people)
                if at in seen
            ],
        )
        for at in EVERY_HALF_SECOND
    ]
    # 6 of 12: the face seen thrice (4 halfway frames); the one seen twice would need 3
    # more; the large face seen once 2; the small one seen once no longer fits.
    assert _read_again(frames, share=0.5) == [0.75, 1.25, 1.75, 2.25, 5.25, 5.75]
    assert _read_again(frames, share=0.25) == [3.75, 4.25, 4.75]  # 3: the face seen twice
    assert _read_again(frames, share=0.0) == []


def test_a_second_look_samples_halfway_between_the_first_looks_samples() -> None:
    sampler = Sampler(0.5, offset_s=0.25)
    times = [i / 10 for i in range(20)]
    assert [at for at in times if sampler.take(at)] == [0.3, 0.8, 1.3, 1.8]
