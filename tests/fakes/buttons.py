"""The buttons' store (``domain.buttons.ButtonStore``) in memory: the buttons issued, and
the facts their fingerprints are made of as plain dicts a test changes, with the same
answers the tortoise store gives."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from domain.buttons import Action, Presser, Token


@dataclass
class MemoryButtonStore:
    """``ButtonStore``: participants (Telegram user id: presser), buttons by id; persons
    (id: "status|name"), guardianships ((person, participant): role), photos (id: taken
    down), assignment events (id: (undone, from person, to person)), each account's
    memberships, consents and the like (presser id: what they are)."""

    pressers: dict[int, Presser] = field(default_factory=dict)
    tokens: dict[UUID, Token] = field(default_factory=dict)
    persons: dict[UUID, str] = field(default_factory=dict)
    guardians: dict[tuple[UUID, UUID], str] = field(default_factory=dict)
    photos: dict[UUID, bool] = field(default_factory=dict)
    events: dict[UUID, tuple[bool, UUID | None, UUID | None]] = field(default_factory=dict)
    accounts: dict[UUID, list[str]] = field(default_factory=dict)
    spent: dict[UUID, datetime] = field(default_factory=dict)  # button: when it was pressed
    # Called when a button is locked: what a press at the same time did first.
    meanwhile: list[Callable[[], None]] = field(default_factory=list)

    def participant(self, user_id: int) -> Presser:
        presser = Presser(uuid4(), datetime(2026, 11, 1, tzinfo=UTC))
        self.pressers[user_id] = presser
        return presser

    async def presser(self, user_id: int) -> Presser | None:
        return self.pressers.get(user_id)

    async def create(self, token: Token) -> None:
        self.tokens[token.id] = token

    async def create_all(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            await self.create(token)

    async def note(self, token_id: UUID, args: Mapping[str, int | str]) -> None:
        if token_id in self.tokens:
            token = self.tokens[token_id]
            self.tokens[token_id] = replace(token, args={**token.args, **args})

    async def note_all(self, token_ids: Sequence[UUID], args: Mapping[str, int | str]) -> None:
        for token_id in token_ids:
            await self.note(token_id, args)

    async def unnote(self, subject: UUID, keys: Collection[str]) -> None:
        for token_id, token in list(self.tokens.items()):
            if token.subject == subject or token.args.get("drop") == str(subject):
                args = {k: v for k, v in token.args.items() if k not in keys}
                self.tokens[token_id] = replace(token, args=args)

    async def shown_for(
        self, action: Action, subject: UUID
    ) -> list[tuple[int, int, dict[str, Any]]]:
        return [
            (t.bound_to, t.chat_id, dict(t.args))
            for t in self.tokens.values()
            if t.action == action and t.subject == subject and t.presser and t.bound_to
        ]

    async def issued_to(self, user_id: int) -> list[tuple[int, dict[str, Any]]]:
        presser = self.pressers.get(user_id)
        return [
            (t.chat_id, dict(t.args))
            for t in self.tokens.values()
            if presser is not None and t.presser == presser
        ]

    async def issued_about(
        self, action: Action, subjects: Collection[UUID], *, expired: bool = False
    ) -> list[Token]:
        now = datetime.now(UTC)
        return [
            t
            for t in self.tokens.values()
            if t.action == action
            and t.subject in subjects
            and t.presser
            and (expired or t.expires_at > now)
        ]

    async def issued_in(self, chat_id: int, action: Action) -> list[Token]:
        now = datetime.now(UTC)
        return [
            t
            for t in self.tokens.values()
            if t.chat_id == chat_id and t.action == action and t.expires_at > now
        ]

    async def token(self, token_id: UUID) -> Token | None:
        return self.tokens.get(token_id)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return contextlib.nullcontext(self)

    async def token_for_update(self, token_id: UUID) -> Token | None:
        while self.meanwhile:  # the lock is ours once the press before it is done
            self.meanwhile.pop(0)()
        return self.tokens.get(token_id)

    async def spend(self, token_id: UUID, at: datetime) -> None:
        self.tokens[token_id] = replace(self.tokens[token_id], used=True)
        self.spent[token_id] = at

    async def tidy(self, before: datetime) -> int:
        gone = [
            t.id
            for t in self.tokens.values()
            if t.expires_at < before or self.spent.get(t.id, before) < before
        ]
        for token_id in gone:
            del self.tokens[token_id]
        return len(gone)

    async def person(self, person_id: UUID | None) -> str:
        return self.persons.get(person_id, "gone") if person_id else "gone"

    async def guardianship(self, person_id: UUID | None, participant_id: UUID | None) -> str:
        if person_id is None or participant_id is None:
            return "none"
        return self.guardians.get((person_id, participant_id), "none")

    async def guardianships(self, person_ids: list[UUID]) -> list[str]:
        return sorted(f"{p}|{g}" for p, g in self.guardians if p in person_ids)

    async def photo(self, photo_id: UUID | None) -> str:
        if photo_id not in self.photos:
            return "gone"
        return f"{photo_id}|{self.photos[photo_id]}"

    async def event(self, event_id: UUID | None) -> tuple[str, list[UUID | None]] | None:
        if event_id not in self.events:
            return None
        undone, from_person, to_person = self.events[event_id]
        return f"{event_id}|{undone}", [from_person, to_person]

    async def events_of(
        self, event_ids: Collection[UUID]
    ) -> dict[UUID, tuple[str, list[UUID | None]]]:
        return {e: said for e in event_ids if (said := await self.event(e)) is not None}

    async def account(self, presser: Presser) -> list[str]:
        return list(self.accounts.get(presser.id, []))
