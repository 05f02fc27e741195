"""Enrollment from a short clip: which of its frames become the person's first photos.

A guardian films the child's face turning, as phones do for face unlock. The clip's
sampled frames are followed as tracks (``videos.tracks``); the clip is about its main face,
the track seen in the most frames. A frame is a candidate only when it would pass as an
enrollment photo on its own (``rules.judge``: one face, big enough, sharp, not turned away)
and that face is the main track's. Of the candidates, the sharpest comes first, then each
next is the one least like those picked (farthest point on the embeddings), as long as it
is a view of its own: the turns of the head, not five copies of one pose. Pure: the caller
reads the clip and keeps the views.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.enrollment.rules import PhotoVerdict, judge
from domain.recognition.faces import DetectedFace, cosine
from domain.videos.frames import ClipInfo
from domain.videos.tracks import track_faces, usefulness

# An enrollment clip is a face turning for 5-15 s, as phones film it for face unlock; one
# longer than this is refused before a frame is decoded (a minute of frames is ~120 model
# calls, a whole worker's minute, for views a few seconds give).
LONGEST_CLIP_S = 60.0
# The views one clip gives at most, whatever room the session has: its frames are one
# face in one light, and a person's prototypes are 10 at most, the enrollment's pinned
# (``prototype_choice``): a clip filling all 10 would leave none for the faces learned
# from the group's photos, which see the child as the group does.
VIEWS_PER_CLIP = 5
# A view this alike (cosine) to one already kept is the same view again, and is not kept:
# a still filmed for 2.5 s gives frames 0.95-1.0 alike, two photos of one child 0.19-0.76
# (the children scenario, buffalo_sc), and a real clip's frames half a second apart 0.88
# (the median on ../shared's clips: docs/videos.md, "Tracks"). Copies of one view as
# prototypes would also make "a second prototype agrees" (``matching.MIN_AGREEING``) true
# of one look alone.
SAME_VIEW = 0.93


class ClipFrames(Protocol):
    """A clip's sampled frames and the faces found in each (``videos.clip_faces``)."""

    async def frame_faces(
        self, data: bytes, *, attempt: int, what: str, longest_s: float | None = None
    ) -> tuple[ClipInfo, list[tuple[float, list[DetectedFace]]]]:
        """The clip's facts and each sampled frame's faces, with their crops, in time
        order. Raises ``ImageError`` (a ``VideoError``: unreadable, ``VideoTooLong`` over
        ``longest_s``) for a clip it cannot use."""
        ...


@dataclass(frozen=True, slots=True)
class ClipView:
    """One frame of the clip kept as an enrollment photo."""

    at_s: float
    face: DetectedFace


@dataclass(frozen=True, slots=True)
class ClipViews:
    """The frames picked, in the clip's order, or, when none, why not (the verdict most of
    the main face's frames got, or ``NO_FACE`` when the clip shows none)."""

    views: list[ClipView]
    refused: PhotoVerdict | None = None


def pick_views(frames: Sequence[tuple[float, Sequence[DetectedFace]]], room: int) -> ClipViews:
    """Up to ``room`` sharp, diverse views of the clip's main face, from its sampled frames
    given as (time, faces) in time order."""
    tracks = track_faces(frames)
    if not tracks:
        return ClipViews([], PhotoVerdict.NO_FACE)
    main = max(tracks, key=lambda t: len(t.sightings))
    main_faces = {id(s.face) for s in main.sightings}
    candidates: list[ClipView] = []
    verdicts: Counter[PhotoVerdict] = Counter()
    for at_s, faces in frames:
        if not any(id(f) in main_faces for f in faces):
            continue
        verdict, face = judge(faces)
        if face is not None and id(face) in main_faces:
            candidates.append(ClipView(at_s, face))
        else:
            # Another face is this frame's main one: the main face is not alone in it.
            verdicts[verdict if face is None else PhotoVerdict.SEVERAL_FACES] += 1
    if not candidates:
        return ClipViews([], verdicts.most_common(1)[0][0])
    return ClipViews(sorted(_farthest(candidates, room), key=lambda v: v.at_s))


def _farthest(candidates: list[ClipView], room: int) -> list[ClipView]:
    """Farthest-point picking: the most useful view first, then each time the view whose
    nearest picked view is least alike (ties to the more useful), until the next is the
    same view again (``SAME_VIEW``)."""
    ranked = sorted(candidates, key=lambda v: usefulness(v.face), reverse=True)
    picked = ranked[:1]
    rest = ranked[1:]

    def nearest(view: ClipView) -> float:
        return max(cosine(view.face.embedding, p.face.embedding) for p in picked)

    while rest and len(picked) < room:
        best = min(rest, key=nearest)
        if nearest(best) >= SAME_VIEW:
            break
        picked.append(best)
        rest.remove(best)
    return picked[:room]
