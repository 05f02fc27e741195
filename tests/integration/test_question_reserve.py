"""A question's chats reserved on the real Postgres: the question's first sending and a
parent's questions owed at her return, run at once, never both ask her (walkhe4 1)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from domain.infra.models import Suggestion
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.states import SuggestionStatus
from tests.integration.questions import face_and_alice

pytestmark = pytest.mark.usefixtures("db")

ANN, BEN = 11, 12


async def _question() -> Suggestion:
    """ "Is this Alice?" about a face in Class 1A's photo, not sent yet."""
    face, alice = await face_and_alice()
    return await Suggestion.create(face=face, person=alice, score=0.4)


async def test_a_chat_is_one_senders_to_ask_until_its_message_is_recorded() -> None:
    question, store = await _question(), TortoiseCorrectionStore()
    now = datetime.now(UTC)
    won = await asyncio.gather(*(store.reserve_chat(question.id, ANN, now) for _ in range(4)))
    assert sorted(won) == [False, False, False, True]
    assert await store.reserve_chat(question.id, BEN, now)  # another chat is free

    await store.question_sent(question.id, [(ANN, 7)])
    await store.release_chat(question.id, BEN)  # Ben's could not go
    await question.refresh_from_db()
    assert question.sent_to == [[ANN, 7]] and question.asking is None
    assert not await store.reserve_chat(question.id, ANN, now)  # asked there already
    assert await store.reserve_chat(question.id, BEN, now)  # Ben may be asked again

    await Suggestion.filter(id=question.id).update(status=SuggestionStatus.ACCEPTED)
    await store.release_chat(question.id, BEN)
    assert not await store.reserve_chat(question.id, BEN, now)  # answered: asked nowhere
