"""Grouping unknown faces by likeness (pure rules, synthetic embeddings)."""

from __future__ import annotations

import uuid

import numpy as np

from domain.clusters.rules import carry_ids, group_by_likeness, nearest_cluster
from domain.recognition.face_index import Hit


def _unit(vector: np.ndarray) -> np.ndarray:
    unit: np.ndarray = (vector / np.linalg.norm(vector)).astype(np.float32)
    return unit


Faces = tuple[dict[uuid.UUID, np.ndarray], dict[uuid.UUID, uuid.UUID], list[set[uuid.UUID]]]


def _people(counts: list[int], noise: float = 0.02) -> Faces:
    """Faces of len(counts) people (each on its own photo), and who is who: the same for
    the same counts, whichever test ran before (ids too: they order the faces)."""
    rng = np.random.default_rng(7)
    vectors: dict[uuid.UUID, np.ndarray] = {}
    photos: dict[uuid.UUID, uuid.UUID] = {}
    truth: list[set[uuid.UUID]] = []
    for count in counts:
        centre = rng.normal(size=512)
        faces = set()
        for _ in range(count):
            face = uuid.UUID(int=int(rng.integers(2**62)))
            vectors[face] = _unit(centre + rng.normal(scale=noise * 22, size=512))
            photos[face] = uuid.UUID(int=int(rng.integers(2**62)))
            faces.add(face)
        truth.append(faces)
    return vectors, photos, truth


def test_each_person_seen_often_is_one_group_and_a_face_seen_once_is_in_none() -> None:
    vectors, photos, truth = _people([6, 4, 3, 1, 1])
    groups = group_by_likeness(vectors, photos, min_likeness=0.45, min_size=3)
    assert groups == truth[:3]  # largest first; the two faces seen once stay out


def test_fewer_faces_than_a_group_needs_make_no_group() -> None:
    vectors, photos, _ = _people([2])
    assert group_by_likeness(vectors, photos, min_likeness=0.45, min_size=3) == []


def test_two_faces_of_one_photo_never_stay_in_one_group() -> None:
    vectors, photos, truth = _people([5])
    faces = sorted(truth[0])
    photos[faces[1]] = photos[faces[0]]  # the same child twice in one photo: impossible
    (group,) = group_by_likeness(vectors, photos, min_likeness=0.45, min_size=3)
    assert len(group) >= 3 and not {faces[0], faces[1]} <= group


def test_a_group_keeps_the_id_most_of_its_faces_had() -> None:
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    old_x, old_y = uuid.uuid4(), uuid.uuid4()
    before = {a: old_x, b: old_x, c: old_y}
    assert carry_ids([{a, b, d}, {c}], before) == [old_x, old_y]
    # Two new groups from one old cluster: the one with most of its faces keeps the id.
    assert carry_ids([{a}, {b, c, d}], {a: old_x, b: old_x, c: old_x}) == [None, old_x]
    assert carry_ids([{d}], before) == [None]


def _hit(score: float, cluster: uuid.UUID | None) -> Hit:
    return Hit(uuid.uuid4(), score, None, uuid.uuid4(), uuid.uuid4(), False, cluster)


def test_a_new_face_joins_the_cluster_of_its_closest_alike_neighbour_only() -> None:
    x, y = uuid.uuid4(), uuid.uuid4()
    assert nearest_cluster([_hit(0.7, x), _hit(0.5, y)], join_at=0.45) == x
    assert nearest_cluster([_hit(0.9, None), _hit(0.6, x)], join_at=0.45) == x
    assert nearest_cluster([_hit(0.44, x)], join_at=0.45) is None  # not alike enough
    assert nearest_cluster([_hit(0.62, x), _hit(0.60, y)], join_at=0.45) is None  # between two
    assert nearest_cluster([], join_at=0.45) is None
