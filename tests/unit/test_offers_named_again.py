"""The ``ASK_OFFERS_AGAIN`` request's work (migration 0065 writes one per person holding an
offer migration 0057 moved): the person's open offer is said again with its name now, once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast
from uuid import UUID, uuid4

import pytest

from domain.earlier_photos.shown import OffersNamedAgain
from domain.earlier_photos.stores import ShownOffer
from domain.languages import chats as languages
from domain.telegram import Messenger
from tests.fakes.languages import MemoryChatStore


class Offers:
    """The store: Max holds an offer still reading "Ally" in Ann's chat, and one request."""

    def __init__(self, person_id: UUID) -> None:
        self.person_id = person_id
        self.requests = [uuid4()]
        self.offer = ShownOffer(uuid4(), "Max", "Class 1A", False, 3, 0, [(7, 40)])

    async def merged_persons(self, event_id: UUID) -> list[UUID]:
        return []

    async def offers_shown(self, person_id: UUID) -> list[ShownOffer]:
        return [self.offer] if person_id == self.person_id else []

    async def asked_again(self, person_id: UUID) -> list[UUID]:
        return list(self.requests) if person_id == self.person_id else []

    async def asked_again_done(self, request_ids: list[UUID]) -> None:
        self.requests = [r for r in self.requests if r not in request_ids]


class Chats:
    def __init__(self) -> None:
        self.captions: list[tuple[int, int, str]] = []

    async def recaption(self, chat_id: int, message_id: int, caption: str, *_: Any) -> None:
        self.captions.append((chat_id, message_id, caption))


@pytest.fixture(autouse=True)
def chat_languages() -> Iterator[None]:
    before = languages.reading_from()
    languages.read_from(MemoryChatStore())
    yield
    languages.read_from(before)


async def test_an_offer_moved_by_a_migration_is_said_again_with_the_name_now() -> None:
    max_id = uuid4()
    offers, chats = Offers(max_id), Chats()
    work = OffersNamedAgain(cast(Messenger, chats), offers)

    await work.ask_again(max_id)

    ((chat, message, caption),) = chats.captions
    assert (chat, message) == (7, 40)
    assert "Max" in caption and "Ally" not in caption, caption
    assert offers.requests == []  # done: its job run again (a requeue) says nothing twice
    await work.ask_again(max_id)
    assert len(chats.captions) == 1
