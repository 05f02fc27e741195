"""Small query helpers over the tortoise models."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.infra.models import Face


async def ids_of(query: QuerySet[Any]) -> list[UUID]:
    """The primary keys a query selects."""
    return [UUID(str(value)) for value in await query.values_list("id", flat=True)]


async def face_days(face_ids: Collection[UUID]) -> dict[UUID, date]:
    """The day each face's photo shows it: an enrollment photo's message date, a group
    photo's posting (else when the face was found)."""
    return {
        face_id: (taken_at or posted_at or created_at).date()
        for face_id, taken_at, posted_at, created_at in await Face.filter(
            id__in=list(face_ids)
        ).values_list("id", "taken_at", "photo__posted_at", "created_at")
    }
