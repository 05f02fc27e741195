"""Grouping unknown faces by likeness: pure functions over embeddings.

HDBSCAN (scikit-learn) finds groups of faces denser than their surroundings without being
told how many children there are, and leaves faces that belong to no group out (noise):
a face seen once stays unclustered rather than joining the nearest stranger. A dense group
is then split where its faces are on average not alike enough (average linkage at the
matching threshold): on few faces HDBSCAN may take two children for one group. Two faces of
one photo are two different people, so a group never keeps both: the one farther from
the group's centre leaves it. Cluster ids stay stable from one grouping to the next: a
new group takes the id most of its faces had.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from uuid import UUID

import numpy as np

from domain.recognition.face_index import Hit
from domain.recognition.faces import Vector

MIN_CLUSTER_SIZE = 3  # faces: fewer is not yet a group worth naming
SPLIT_AT_MOST = 3000  # faces of one dense group split by linkage (memory grows as its square)


def group_by_likeness(
    vectors: Mapping[UUID, Vector],
    photo_of: Mapping[UUID, UUID],
    *,
    min_likeness: float,
    min_size: int = MIN_CLUSTER_SIZE,
) -> list[set[UUID]]:
    """The groups of faces that look alike (largest first); faces in no group are left out.

    A face stays in its group only while it is at least ``min_likeness`` alike (cosine) to
    the group's average face: HDBSCAN, on a few hundred faces, may sweep a stranger in."""
    if len(vectors) < min_size:
        return []
    # Imported here: scikit-learn (with SciPy) is a fifth of what every bot and worker
    # process imports at its start, and only the grouping of unnamed faces uses it.
    from sklearn.cluster import HDBSCAN

    ids = list(vectors)
    matrix = np.stack([vectors[face] for face in ids]).astype(np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)  # euclidean ~ cosine
    labels = HDBSCAN(
        min_cluster_size=min_size,
        min_samples=max(1, min_size - 1),
        allow_single_cluster=True,  # one child seen often is a group too
        copy=True,
    ).fit_predict(matrix)
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        if label >= 0:
            groups.setdefault(int(label), []).append(row)
    found = []
    for rows in groups.values():
        for part in _split(rows, matrix, min_likeness):
            alike = _alike(part, matrix, min_likeness)
            kept = _one_face_per_photo(alike, matrix, [photo_of.get(ids[row]) for row in alike])
            if len(kept) >= min_size:
                found.append({ids[row] for row in kept})
    return sorted(found, key=len, reverse=True)


def _split(rows: list[int], matrix: np.ndarray, min_likeness: float) -> list[list[int]]:
    """A dense group may still hold several children (few faces, or look-alikes): split it
    where faces are on average less than ``min_likeness`` alike (average linkage)."""
    if len(rows) < 2 or len(rows) > SPLIT_AT_MOST:
        return [rows]
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=1.0 - min_likeness,
    ).fit_predict(matrix[rows])
    parts: dict[int, list[int]] = {}
    for row, label in zip(rows, labels, strict=True):
        parts.setdefault(int(label), []).append(row)
    return list(parts.values())


def _alike(rows: list[int], matrix: np.ndarray, min_likeness: float) -> list[int]:
    """The faces at least ``min_likeness`` alike to the group's average face, the least
    alike leaving first."""
    kept = list(rows)
    while len(kept) > 1:
        centre = matrix[kept].mean(axis=0)
        centre /= np.linalg.norm(centre)
        likeness = matrix[kept] @ centre
        worst = int(np.argmin(likeness))
        if likeness[worst] >= min_likeness:
            break
        kept.pop(worst)
    return kept


def _one_face_per_photo(
    rows: list[int], matrix: np.ndarray, photos: Sequence[UUID | None]
) -> list[int]:
    """Of two faces of one photo in a group, the one nearer the group's centre stays."""
    centre = matrix[rows].mean(axis=0)
    nearness = {row: float(matrix[row] @ centre) for row in rows}
    best: dict[UUID, int] = {}
    kept = []
    for row, photo in zip(rows, photos, strict=True):
        if photo is None:
            kept.append(row)
        elif photo not in best or nearness[row] > nearness[best[photo]]:
            best[photo] = row
    kept.extend(best.values())
    return sorted(kept)


def carry_ids(groups: Sequence[set[UUID]], before: Mapping[UUID, UUID]) -> list[UUID | None]:
    """For each group, the cluster id most of its faces had before (each old id goes to one
    group: the one holding most of its faces), or None for a new cluster."""
    claims = []
    for index, faces in enumerate(groups):
        counts = Counter(before[face] for face in faces if face in before)
        for cluster, count in counts.items():
            claims.append((count, -index, cluster, index))
    chosen: list[UUID | None] = [None] * len(groups)
    taken: set[UUID] = set()
    for _count, _order, cluster, index in sorted(claims, reverse=True):
        if chosen[index] is None and cluster not in taken:
            chosen[index] = cluster
            taken.add(cluster)
    return chosen


def nearest_cluster(hits: Sequence[Hit], join_at: float) -> UUID | None:
    """The cluster a new unknown face joins: that of its closest clustered neighbour, when
    it is at least ``join_at`` alike and no other cluster is as close (within 0.05)."""
    clustered = sorted(
        (hit for hit in hits if hit.cluster_id is not None and hit.score >= join_at),
        key=lambda hit: hit.score,
        reverse=True,
    )
    if not clustered:
        return None
    best = clustered[0]
    rival = next((hit for hit in clustered if hit.cluster_id != best.cluster_id), None)
    if rival is not None and best.score - rival.score < 0.05:
        return None  # between two clusters: the next full grouping decides
    return best.cluster_id
