"""The question that says an erasure is under way ("Deleting Alice's data... I'll confirm
when it's done") is edited by the bot after the job was queued; the job, once done, edits
it to "Deleted". The bot asks, after its own edit, whether the work is still under way
(``PersonStore.under_way``): once the job has closed its request, the bot says "Deleted"
itself, so a job faster than the bot's edit cannot leave "Deleting..." standing."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.infra.models import UserRequest
from domain.infra.stores.persons import TortoisePersonStore
from domain.infra.stores.requests import requests_done
from domain.states import RequestKind

pytestmark = pytest.mark.usefixtures("db")

QUESTION = (501, 7)  # Ann's chat, the confirmation's message


async def test_the_work_a_message_says_is_under_way_is_so_until_its_request_is_done() -> None:
    store = TortoisePersonStore()
    assert not await store.under_way(QUESTION)  # nothing asked there

    await store.ask(RequestKind.DELETE_PERSON, uuid4(), 501, QUESTION)
    assert await store.under_way(QUESTION)
    assert not await store.under_way((501, 8))  # another message of hers
    assert not await store.under_way((502, 7))  # the same id in another chat

    await requests_done([row.id for row in await UserRequest.all()])
    assert not await store.under_way(QUESTION)
