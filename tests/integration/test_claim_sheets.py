"""The sheets of faces as a press finds them, on Postgres: a new sheet at once by the
fingerprint its button carries (recorded before it was sent: no wait), then by its
message; a sheet recorded before sheets had fingerprints by its message; a dropped one
not at all (its press answers that the faces changed)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from domain.claims.rules import fingerprint
from domain.infra.models import ClaimSheet, Group
from domain.infra.stores.claim_sheets import TortoiseSheetStore
from domain.states import GroupType

pytestmark = pytest.mark.usefixtures("db")
OFFICE = -2002


async def test_a_press_finds_its_sheet_new_or_old_and_a_dropped_one_not() -> None:
    group = await Group.create(chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t")
    store = TortoiseSheetStore()
    faces = [uuid4(), uuid4(), uuid4()]
    fp = fingerprint(faces)

    sheet = await store.record(group.id, OFFICE, faces, fp, None)
    # Pressed the instant it shows, before its message's id is recorded.
    assert await store.faces_of(OFFICE, 41, fp) == faces
    await store.posted(sheet, 41)
    assert await store.faces_of(OFFICE, 41, fp) == faces
    assert await store.faces_of(OFFICE, 42, fp) is None  # another message: not this sheet

    # A sheet posted before the change: recorded by its message, no fingerprint.
    older = [uuid4(), uuid4(), uuid4()]
    await ClaimSheet.create(
        group_id=group.id, chat_id=OFFICE, message_id=7, face_ids=[str(f) for f in older]
    )
    assert await store.faces_of(OFFICE, 7, fingerprint(older)) == older

    # Dropped (a face taken down): its press finds nothing.
    (showing,) = await store.showing(group.id, [faces[1]])
    await store.forget(showing.id)
    assert await store.faces_of(OFFICE, 41, fp) is None


@pytest.mark.parametrize("recorded", ["before the press", "during the press", "after the press"])
async def test_a_press_the_instant_a_sheet_shows_finds_it_while_its_message_id_is_recorded(
    monkeypatch: pytest.MonkeyPatch, recorded: str
) -> None:
    """The /whois that sent the sheet records its message's id while the organizer's press
    looks the sheet up (test_claims once read "These faces have changed since" under load):
    the press finds the faces whenever the id is recorded, even between the reads the
    lookup made (by message, then by fingerprint), which then missed it both ways."""
    group = await Group.create(chat_id=-5, title="5B", type=GroupType.SUPERGROUP, join_token="t")
    store = TortoiseSheetStore()
    faces = [uuid4(), uuid4(), uuid4()]
    fp = fingerprint(faces)
    sheet = await store.record(group.id, OFFICE, faces, fp, None)
    if recorded == "before the press":
        await store.posted(sheet, 41)
    if recorded == "during the press":
        by_message = ClaimSheet.get_or_none

        def then_recorded(*args: Any, **kwargs: Any) -> Any:
            async def read() -> ClaimSheet | None:
                found = await by_message(*args, **kwargs)
                await store.posted(sheet, 41)  # the /whois, between the press's reads
                return found

            return read()

        monkeypatch.setattr(ClaimSheet, "get_or_none", then_recorded)
    assert await store.faces_of(OFFICE, 41, fp) == faces
    monkeypatch.undo()
    if recorded != "before the press":
        await store.posted(sheet, 41)
    assert await store.faces_of(OFFICE, 41, fp) == faces
