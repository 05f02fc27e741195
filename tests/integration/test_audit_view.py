"""The /audit view's query for people's corrections, on the real Postgres."""

from __future__ import annotations

import uuid

import asyncpg

from domain.infra.stores.moderation_audit import corrections_query
from domain.moderation.audit_view import NOT_CORRECTIONS
from domain.recognition.assignments import CLAIMED_NOTE


async def test_the_corrections_query_compares_photo_ids_as_uuids(database_url: str) -> None:
    """The photo ids an event lists are compared as UUIDs with the photos' primary key
    (which an index can serve), never by turning every photo's id into text."""
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await connection.fetch(
            "EXPLAIN " + corrections_query(),
            str(uuid.uuid4()),
            15,
            [op.value for op in NOT_CORRECTIONS],
            None,
            CLAIMED_NOTE,
        )
    finally:
        await connection.close()
    plan = "\n".join(row[0] for row in rows)
    assert "(p.id)::text" not in plan, plan
    assert "p.id = (touched.photo_id)::uuid" in plan or "(touched.photo_id)::uuid = p.id" in plan
