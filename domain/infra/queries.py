"""Small query helpers over the tortoise models."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tortoise.queryset import QuerySet


async def ids_of(query: QuerySet[Any]) -> list[UUID]:
    """The primary keys a query selects."""
    return [UUID(str(value)) for value in await query.values_list("id", flat=True)]
