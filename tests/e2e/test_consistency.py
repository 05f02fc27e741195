"""Postgres and Qdrant agree after every operation, also when Qdrant fails in the middle
of one: the change is committed in Postgres with an outbox row, and the sync is retried."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from domain.infra.models import FaceSyncRequest, Person
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.steps import delete_person

X = CAST["angelina"]


def _flaky(
    method: Callable[..., Awaitable[Any]], failures: int
) -> tuple[Callable[..., Awaitable[Any]], list[int]]:
    """``method``, failing the first ``failures`` calls as a Qdrant outage would."""
    calls: list[int] = []

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) <= failures:
            raise ConnectionError("qdrant is down")
        return await method(*args, **kwargs)

    return flaky, calls


async def test_qdrant_failing_in_the_middle_of_operations(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.stack is not None and journey.stack.face_index is not None
    index: Any = journey.stack.face_index

    # "Not Alice" while Qdrant is down: Postgres changes at once, Qdrant catches up.
    index.set_person, calls = _flaky(index.set_person, failures=2)
    (delivered,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    answer = await journey.press(ann, choices, "That isn't Alice")
    assert answer["answered"] is True
    assert await FaceSyncRequest.all().count() >= 1  # the outbox remembers
    await journey.settle()
    assert len(calls) >= 3  # failed twice, then retried until it worked
    assert await FaceSyncRequest.all().count() == 0
    await journey.assert_consistent()

    # Deleting the person while Qdrant fails once: retried; confirmed only when done.
    index.delete, deletes = _flaky(index.delete, failures=1)
    question = await delete_person(journey, ann, "Alice")
    assert journey.now(question)["text"] == "Deleted Alice's data."
    assert len(deletes) >= 2
    assert not await Person.exists(name="Alice")
    await journey.assert_consistent()
