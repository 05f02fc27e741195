"""How a face is stored as a point in either Qdrant adapter (server/local mode, Edge):
its payload, and the hit read back from one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.recognition.face_index import Hit, IndexedFace
from domain.recognition.faces import Vector


def payload_of(face: IndexedFace, *, prototype_as: type[bool] | type[int] = bool) -> dict[str, Any]:
    """Person, group, photo and cluster as strings (left out when unset); ``is_prototype``
    as a bool, or as the integer 0/1 where bool matches are broken (Qdrant Edge 0.9); the
    picture with the person it was worked out for (``picture_payload``)."""
    payload: dict[str, Any] = {"is_prototype": prototype_as(face.is_prototype)}
    for key, value in (
        ("person_id", face.person_id),
        ("group_id", face.group_id),
        ("photo_id", face.photo_id),
        ("cluster_id", face.cluster_id),
    ):
        if value is not None:
            payload[key] = str(value)
    if face.picture is not None and face.person_id is not None:
        payload.update(picture_payload(face.person_id, face.picture))
    return payload


def picture_payload(person_id: UUID, picture: UUID) -> dict[str, str]:
    """Which picture of ``person_id`` a prototype is: kept with the person it was worked out
    for, so that a face moved or merged to another person reads as not worked out yet."""
    return {"picture": str(picture), "picture_of": str(person_id)}


def by_picture(pictures: Mapping[UUID, UUID]) -> dict[UUID, list[UUID]]:
    """The faces of each picture (one payload write a picture)."""
    faces: dict[UUID, list[UUID]] = {}
    for face, picture in pictures.items():
        faces.setdefault(picture, []).append(face)
    return faces


def _uuid(value: Any) -> UUID | None:
    return UUID(str(value)) if value is not None else None


def hit_of(point_id: Any, score: float, payload: dict[str, Any] | None) -> Hit:
    payload = payload or {}
    person = payload.get("person_id")
    picture = payload.get("picture") if person is not None else None
    return Hit(
        face_id=UUID(str(point_id)),
        score=float(score),
        person_id=_uuid(payload.get("person_id")),
        photo_id=_uuid(payload.get("photo_id")),
        group_id=_uuid(payload.get("group_id")),
        is_prototype=bool(payload.get("is_prototype", False)),
        cluster_id=_uuid(payload.get("cluster_id")),
        picture=_uuid(picture) if payload.get("picture_of") == person else None,
    )


def face_of(point_id: Any, vector: Vector, payload: dict[str, Any] | None) -> IndexedFace:
    """A stored point as the face it was written from (its vector as Qdrant keeps it)."""
    hit = hit_of(point_id, 1.0, payload)
    return IndexedFace(
        face_id=hit.face_id,
        embedding=vector,
        photo_id=hit.photo_id,
        group_id=hit.group_id,
        person_id=hit.person_id,
        is_prototype=hit.is_prototype,
        cluster_id=hit.cluster_id,
        picture=hit.picture,
    )
