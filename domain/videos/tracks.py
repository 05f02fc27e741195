"""The faces of a clip as tracks, and whose each track is. Pure rules over detections.

A track is one face followed through the sampled frames: a detection joins the open track
it overlaps (IoU) and looks like (embedding cosine), or, when it moved too far between two
samples, the track it looks very like; a track not seen for ``gap_s`` is closed, so a face
lost behind a hand for a few frames stays one track while a shot cut starts new ones.

A track is matched, not its frames: its best frames (``Track.best``) are scored against
the persons and decided by ``recognition.clip_matching``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from domain.recognition.faces import BBox, DetectedFace, Vector, cosine

# Two sightings overlapping this much (IoU) are the same face if they look alike at all.
MIN_IOU = 0.3
# "Look alike at all" where a face was: the cosine of a sighting to the track's mean. On
# the shared real clips 12 of 441 same-face links fall under 0.5 (p5 0.60, median 0.88),
# while a cut from one child to another at the same place (children-clips, where every
# shot is centred) links at 0.35-0.38: at 0.35, 2 of 73 tracks held two children; at 0.5,
# none (docs/videos.md, "Tracks").
SAME_FACE_NEAR = 0.5
# Far from where the track was last seen (moved between two samples, or lost and found
# again), only a sighting this alike joins it.
SAME_FACE_FAR = 0.55
# A track not seen for this long is closed: a later face is a new track.
GAP_S = 2.0
# The frames of a track that are scored against the persons: its best by quality.
BEST_FRAMES = 5


@dataclass(frozen=True, slots=True)
class Sighting:
    """A face seen in one sampled frame."""

    at_s: float
    face: DetectedFace


@dataclass(slots=True)
class Track:
    """One face followed through the clip; ``number`` orders the tracks of a clip."""

    number: int
    sightings: list[Sighting] = field(default_factory=list)
    _appearance: Vector | None = field(default=None, repr=False)

    @property
    def first_s(self) -> float:
        return self.sightings[0].at_s

    @property
    def last_s(self) -> float:
        return self.sightings[-1].at_s

    @property
    def last_bbox(self) -> BBox:
        return self.sightings[-1].face.bbox

    @property
    def appearance(self) -> Vector:
        """The mean of the track's embeddings, normalized: steadier than the last one."""
        assert self._appearance is not None
        return self._appearance

    def add(self, sighting: Sighting) -> None:
        self.sightings.append(sighting)
        total = sum(s.face.embedding for s in self.sightings)
        self._appearance = np.asarray(total / np.linalg.norm(total), dtype=np.float32)

    def best(self, k: int = BEST_FRAMES) -> list[Sighting]:
        """The ``k`` sightings best for recognition (``usefulness``)."""
        return sorted(self.sightings, key=lambda s: usefulness(s.face), reverse=True)[:k]

    def overlaps(self, other: Track) -> bool:
        """Whether the two tracks were seen at the same time (then they are two people)."""
        return self.first_s <= other.last_s and other.first_s <= self.last_s


def usefulness(face: DetectedFace) -> tuple[float, float, float]:
    """How good a sighting is for recognition: the face's quality score, then, among equal
    scores, size and pose, then sharpness. Video frames are softer than the photos the
    sharpness scale was set on: in Friends' wide shots every face scores 0 (its Laplacian
    under ``quality.BLURRY_LAPLACIAN``), and ranking by the score alone picked a track's
    first frames, Ross at 0.39-0.50 rather than his close-ups at 0.54-0.68
    (docs/videos.md, "Best frames")."""
    quality = face.quality
    return (quality.score, quality.size * quality.pose, quality.laplacian)


def iou(a: BBox, b: BBox) -> float:
    ax1, ay1, ax2, ay2 = a
    bx1, by1, bx2, by2 = b
    width = min(ax2, bx2) - max(ax1, bx1)
    height = min(ay2, by2) - max(ay1, by1)
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union if union > 0 else 0.0


class Tracker:
    """Links each sampled frame's faces to the tracks of the frames before it."""

    def __init__(self, *, gap_s: float = GAP_S) -> None:
        self._gap_s = gap_s
        self._tracks: list[Track] = []

    @property
    def tracks(self) -> list[Track]:
        return list(self._tracks)

    def add_frame(self, at_s: float, faces: Sequence[DetectedFace]) -> None:
        """Give each face of the frame at ``at_s`` to a track, best links first: a face
        and a track are linked once at most (two faces at once are two people)."""
        open_tracks = [t for t in self._tracks if at_s - t.last_s <= self._gap_s]
        links = sorted(
            (
                (likeness + overlap, i, track.number)
                for i, face in enumerate(faces)
                for track in open_tracks
                for likeness, overlap in [_link(track, face)]
                if _same_face(likeness, overlap)
            ),
            reverse=True,
        )
        by_number = {t.number: t for t in open_tracks}
        linked_faces: set[int] = set()
        linked_tracks: set[int] = set()
        for _, i, number in links:
            if i in linked_faces or number in linked_tracks:
                continue
            by_number[number].add(Sighting(at_s, faces[i]))
            linked_faces.add(i)
            linked_tracks.add(number)
        for i, face in enumerate(faces):
            if i not in linked_faces:
                track = Track(len(self._tracks) + 1)
                track.add(Sighting(at_s, face))
                self._tracks.append(track)


def _link(track: Track, face: DetectedFace) -> tuple[float, float]:
    return cosine(track.appearance, face.embedding), iou(track.last_bbox, face.bbox)


def _same_face(likeness: float, overlap: float) -> bool:
    return likeness >= SAME_FACE_FAR or (overlap >= MIN_IOU and likeness >= SAME_FACE_NEAR)


def track_faces(frames: Iterable[tuple[float, Sequence[DetectedFace]]]) -> list[Track]:
    """The tracks of a clip's sampled frames, given as (time, faces) in time order."""
    tracker = Tracker()
    for at_s, faces in frames:
        tracker.add_frame(at_s, faces)
    return tracker.tracks


def seen_together(tracks: Sequence[Track]) -> set[frozenset[int]]:
    """The pairs of tracks seen at the same time (by number): two people, never one."""
    return {
        frozenset({a.number, b.number})
        for i, a in enumerate(tracks)
        for b in tracks[i + 1 :]
        if a.overlaps(b)
    }


def second_look(
    tracks: Sequence[Track], sampled_at: Sequence[float], *, share: float
) -> list[tuple[float, float]]:
    """Where the clip is read again: spans (from, to) in time order and apart, each one or
    more gaps between the first look's samples (``sampled_at``, in time order; the last gap
    runs to the clip's end), whose halfway frames the second look reads.

    Each track seen in fewer than ``BEST_FRAMES`` samples (a face half hidden, turned, small
    in a wide shot) asks for the gaps from the sample before its first sighting to the one
    after its last: out28's Chandler, 3 sightings at 2 a second, is 5 and surer with them
    (docs/videos.md, "A second look where a face was seen briefly"). At most ``share`` of
    the first look's frames are read again (a crowd walking past is all brief faces). The
    tracks seen most often ask first: they reach ``BEST_FRAMES`` with the fewest frames
    more (a face seen once has two halfway frames beside it, 3 sightings at most), then the
    largest faces (a small one stays far under ``suggest`` however often it is seen). A
    track whose gaps do not all fit is passed over for the next: half read, it would stay
    too brief (docs/videos.md, "The second look's cap").
    """
    budget = math.floor(share * len(sampled_at))
    chosen: set[int] = set()  # gap i: from sampled_at[i] to the next sample
    for track in sorted((t for t in tracks if len(t.sightings) < BEST_FRAMES), key=_looked_first):
        first = bisect.bisect_left(sampled_at, track.first_s)
        last = bisect.bisect_left(sampled_at, track.last_s)
        gaps = set(range(max(first - 1, 0), last + 1)) - chosen
        if len(chosen) + len(gaps) <= budget:
            chosen |= gaps
    ends = [*sampled_at[1:], math.inf]
    spans: list[tuple[float, float]] = []
    for gap in sorted(chosen):
        if spans and gap - 1 in chosen:
            spans[-1] = (spans[-1][0], ends[gap])
        else:
            spans.append((sampled_at[gap], ends[gap]))
    return spans


def _looked_first(track: Track) -> tuple[int, float, float]:
    """The order tracks ask for a second look in: most sightings, then the largest face."""
    return (-len(track.sightings), -max(s.face.min_side for s in track.sightings), track.first_s)
