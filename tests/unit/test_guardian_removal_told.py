"""Who reads of a guardian's leaving or removal (domain/persons/removals.py): the heir, the
one removed, the others still guarding; one who blocked the bot does not stop the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast
from uuid import uuid4

import pytest

from domain.languages import chats as languages
from domain.persons.guardians import Removal, RemoveOutcome
from domain.persons.removals import tell_removal
from domain.persons.stores import GuardianSeat
from domain.states import GuardianRole
from domain.telegram import Messenger, RecipientUnreachable
from tests.fakes.languages import MemoryChatStore


@pytest.fixture(autouse=True)
def chat_languages() -> Iterator[None]:
    # Each reader's language from a store of its own (English: a chat unknown).
    before = languages.reading_from()
    languages.read_from(MemoryChatStore())
    yield
    languages.read_from(before)


@dataclass
class Chats:
    blocked: set[int] = field(default_factory=set)
    said: list[tuple[int, str]] = field(default_factory=list)

    async def send_text(self, chat_id: int, text: str, *_: object, **__: object) -> int:
        if chat_id in self.blocked:
            raise RecipientUnreachable("blocked")
        self.said.append((chat_id, text))
        return len(self.said)


async def test_the_one_removed_reads_who_removed_him_and_nobody_else_is_told() -> None:
    chats = Chats()
    removal = Removal(RemoveOutcome.REMOVED, "Alice", "Ann", leaver="Carl", told=(), gone_chat=303)
    await tell_removal(cast(Messenger, chats), removal)
    assert [chat for chat, _ in chats.said] == [303]
    assert "Ann removed you as a guardian of" in chats.said[0][1]
    assert "Alice" in chats.said[0][1]


async def test_an_owner_leaving_tells_the_heir_and_the_others_past_one_who_blocked() -> None:
    chats = Chats(blocked={404})
    heir = GuardianSeat(uuid4(), 202, "Bob", GuardianRole.OWNER, datetime.now(UTC))
    removal = Removal(
        RemoveOutcome.LEFT, "Alice", "Ann", heir, leaver="Ann", told=(404, 505), gone_chat=101
    )
    await tell_removal(cast(Messenger, chats), removal)
    said = dict(chats.said)
    assert set(said) == {202, 505}  # the leaver reads her own answer; 404 blocked the bot
    assert "you're now the owner of" in said[202]
    assert "Ann no longer gets" in said[505] and "they left" in said[505]
