"""A confirmed request survives the loss of Redis: it is a Postgres row (``user_requests``)
written with the change, and the workers queue it again when they start. Each test
confirms with no worker running, flushes Redis before any job ran, starts the workers
(twice: a request done is never done again) and reads Postgres, Qdrant and the blobs."""

from __future__ import annotations

import asyncio
from typing import Any

from domain.infra.models import (
    AssignmentEvent,
    Participant,
    Person,
    Prototype,
    UserRequest,
)
from domain.states import AssignmentOperation, PersonStatus, RequestKind
from tests.e2e.conftest import CAST, WAIT, Journey, photo_bytes
from tests.e2e.test_erasure import _nothing_left_of

X = CAST["angelina"]


async def _workers_stopped(journey: Journey) -> None:
    """Everything so far is done; from now on only the bot runs (nobody takes the jobs)."""
    await journey.settle()
    await journey.shutdown()
    await journey.start(parts=("bot",))


async def _redis_lost(journey: Journey, job_id: str) -> None:
    """The confirmation's job is queued; Redis loses it before any worker took it. Then the
    workers start (they reconcile at start-up), and once more after the work is done."""
    deadline = asyncio.get_running_loop().time() + WAIT
    while job_id.encode() not in await journey.redis.zrange("arq:queue", 0, -1):
        assert asyncio.get_running_loop().time() < deadline, f"{job_id} was never queued"
        await asyncio.sleep(0.05)
    await journey.redis.flushall()
    for _ in range(2):
        await journey.shutdown()
        await journey.start()
        await journey.settle()


def _told(journey: Journey, user: dict[str, Any], text: str) -> int:
    """How many of the bot's messages to the user start with ``text``."""
    return sum(
        1
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("text", "").startswith(text)
    )


async def _all_done(kind: RequestKind) -> UserRequest:
    """The latest request of this kind, done, no longer saying who asked (nor any other)."""
    request = await UserRequest.filter(kind=kind).order_by("-created_at").first()
    assert request is not None
    assert request.done_at is not None
    assert request.requested_by is None
    assert not await UserRequest.filter(done_at=None).exists()
    return request


async def test_delete_person_survives_redis_loss(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    participant = await Participant.get(telegram_user_id=ann["id"])
    await _workers_stopped(journey)

    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Delete")
    await journey.press(ann, question, "Yes, delete")
    assert (await journey.edited(question))["text"].startswith("Deleting Alice's data")
    await _redis_lost(journey, f"delete_person:{alice.id}")

    assert not await Person.exists(id=alice.id)
    await _nothing_left_of(journey, alice.id)
    # The audit still names who asked (the request kept it, not the lost job).
    (removal,) = await AssignmentEvent.filter(operation=AssignmentOperation.REMOVE)
    assert removal.actor == f"participant:{participant.id}"
    # The request kept where it said "I'll confirm when it's done": it says done there,
    # and only there.
    assert _told(journey, ann, "Alice and everything I had about them are deleted.") == 0
    assert journey.now(question)["text"] == "Deleted Alice's data."
    assert (await _all_done(RequestKind.DELETE_PERSON)).subject == str(alice.id)
    await journey.assert_consistent()


async def test_forget_faces_survives_redis_loss(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    await _workers_stopped(journey)

    card = await journey.card(ann, "Alice")
    (question,) = await journey.after_pressing(ann, card, "Forget faces")
    await journey.press(ann, question, "Yes, delete")
    assert (await journey.edited(question))["text"].startswith("Deleting every face of Alice")
    await _redis_lost(journey, f"forget_faces:{alice.id}")

    await _nothing_left_of(journey, alice.id)
    kept = await Person.get(id=alice.id)
    assert (kept.name, kept.status) == ("Alice", PersonStatus.NEEDS_PHOTOS)
    assert _told(journey, ann, "I've deleted every face of Alice") == 0  # the edit says it
    assert journey.now(question)["text"] == "Deleted every face of Alice."
    await _all_done(RequestKind.FORGET_FACES)
    await journey.assert_consistent()


async def test_forget_me_survives_redis_loss(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    await _workers_stopped(journey)

    question = await journey.reply_to(ann, "/forget")
    await journey.press(ann, question, "Yes, delete everything")
    assert (await journey.edited(question))["text"].startswith("Deleting everything")
    await _redis_lost(journey, f"forget_participant:{ann['id']}")

    assert not await Participant.exists(telegram_user_id=ann["id"])
    assert not await Person.exists(id=alice.id)
    await _nothing_left_of(journey, alice.id)
    assert _told(journey, ann, "Everything I had about you is deleted") == 1
    assert journey.now(question)["text"] == "Deleted everything."
    # What stays is what that message says: the Telegram id and the dates.
    request = await _all_done(RequestKind.FORGET_PARTICIPANT)
    assert request.subject == str(ann["id"])
    await journey.assert_consistent()


async def test_photos_added_at_done_survive_redis_loss(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    card = await journey.card(ann, "Alice")
    (asked,) = await journey.after_pressing(ann, card, "Add photos or a clip")
    assert "Now send me 1 photo or more" in asked["text"]
    photo = photo_bytes(X["group"][2])
    (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo])
    (verdict,) = await journey.replies(ann["id"], sent)
    assert verdict["text"].startswith("✅"), verdict["text"]
    await _workers_stopped(journey)

    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done)
    await _redis_lost(journey, f"index_person:{alice.id}")

    assert await Prototype.filter(person_id=alice.id).count() == 4
    assert (await Person.get(id=alice.id)).status == PersonStatus.ACTIVE
    assert _told(journey, ann, "Added 1 photo of Alice") == 1
    await _all_done(RequestKind.INDEX_PERSON)
    await journey.assert_consistent()
