""" "Sending 2 photos." (the answer to the held photos' offer) says "Sent 2 photos." once
they went: the request to say so is kept with the photos taken (``HELD_SENT``: a job lost
with Redis is queued again from it by the reconcile cron), and a run after it was said
says nothing more. Over the delivery store in memory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.jobs import queue as job_names
from domain.retry import TryAgainLater
from domain.states import DeliveryStatus
from tests.fakes.languages import chats_in_memory
from tests.unit.test_delivery_store import ALICE_S_MOTHER, World

OFFER = (ALICE_S_MOTHER, 42)  # the offer's message, "Sending 2 photos." once answered
SUBJECT = f"{ALICE_S_MOTHER}:42"


@pytest.fixture
def chat_languages() -> Iterator[None]:
    with chats_in_memory():  # "Sent" is said in the chat's language (English here)
        yield


async def test_sending_says_sent_once_the_photos_went_and_only_once(
    chat_languages: None,
) -> None:
    world = World()
    held = [world.posted(message_id=message_id) for message_id in (7, 8)]
    for delivery_id in held:
        world.store.deliveries[delivery_id].status = DeliveryStatus.HELD
    await world.deliveries.take_held(world.alice, ALICE_S_MOTHER, send=True, said=OFFER)
    assert f"{job_names.HELD_SENT}:{SUBJECT}" in world.queued()

    with pytest.raises(TryAgainLater):  # on their way: it comes back
        await world.deliveries.tell_held_sent(SUBJECT)
    assert world.chats.edited == []
    for delivery_id in held:
        await world.deliveries.send(delivery_id)
    # Its job was lost meanwhile (a worker killed, Redis flushed): the request is still
    # open, and its job queued again from it says it.
    world.jobs.queued.clear()
    await world.deliveries.tell_held_sent(SUBJECT)
    assert world.chats.edited == [(ALICE_S_MOTHER, 42, "Sent 2 photos.", [])]
    await world.deliveries.tell_held_sent(SUBJECT)  # once more: said already
    assert len(world.chats.edited) == 1
