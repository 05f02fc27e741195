"""A question's face crop on the real Postgres: the "no" that asks the next family drops
the face's crop only when nothing needs it, whenever the next family's worker runs
beside it (CI once saw the next family's question sent with its crop already dropped:
``InvalidBlobKey('')``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from domain.corrections.crops import drop_crop
from domain.infra.local_blobs import LocalBlobStore
from domain.infra.models import Face, Person, Suggestion, UserRequest
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.states import PersonStatus, SuggestionStatus
from tests.integration.questions import CROP, face_and_alice

pytestmark = pytest.mark.usefixtures("db")


async def _face_asked_next() -> tuple[Face, Person]:
    """A face Ann said was not Alice, its next family's question owed (Carl's child)."""
    face, alice = await face_and_alice()
    carls = await Person.create(name="Cody", status=PersonStatus.ACTIVE)
    await Suggestion.create(face=face, person=alice, score=0.4, status=SuggestionStatus.REJECTED)
    await TortoiseCorrectionStore().ask_next_family(face.id)
    return face, carls


@pytest.mark.parametrize("worker_before", ["the first read", "the second read", "none"])
async def test_the_crop_stays_for_the_next_family_whenever_its_worker_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, worker_before: str
) -> None:
    """The worker asks the next family (its question made, then its request marked done)
    before either of the two reads the crop's drop makes, or after both: the crop stays."""
    face, carls = await _face_asked_next()
    store = TortoiseCorrectionStore()

    async def next_family_asked() -> None:
        suggestion = await store.suggest(face.id, carls.id, 0.4)
        assert suggestion is not None
        await store.mark_done(await store.asked(face.id))

    reads: list[str] = []

    def read(model: type[Any], original: Callable[..., Awaitable[bool]]) -> None:
        async def exists(*args: Any, **kwargs: Any) -> bool:
            reads.append(model.__name__)
            if worker_before == ("the first read", "the second read")[min(len(reads), 2) - 1]:
                await asked_once()
            return await original(*args, **kwargs)

        monkeypatch.setattr(model, "exists", exists)

    asked: list[bool] = []

    async def asked_once() -> None:
        if not asked:
            asked.append(True)
            await next_family_asked()

    blobs = LocalBlobStore(tmp_path)
    await blobs.put(CROP, b"crop")
    read(Suggestion, Suggestion.exists)
    read(UserRequest, UserRequest.exists)
    await drop_crop(blobs, store, face.id)  # after the "no", in the bot
    monkeypatch.undo()
    await asked_once()  # the worker after both reads (or not at all meanwhile)
    assert await Suggestion.exists(face_id=face.id, status=SuggestionStatus.PENDING)
    assert (await Face.get(id=face.id)).crop_key == CROP
    assert await blobs.get(CROP) == b"crop"
