"""The buttons' store (``domain.buttons.ButtonStore``) on tortoise and Postgres: the
``ButtonToken`` rows, and the facts a button's fingerprint is made of."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.buttons import Action, Presser, Token
from domain.infra.models import (
    AssignmentEvent,
    ButtonToken,
    ConsentRecord,
    Guardianship,
    Membership,
    Participant,
    Person,
    Photo,
)


def _row(token: Token) -> ButtonToken:
    return ButtonToken(
        id=token.id,
        participant_id=token.presser.id if token.presser else None,
        # a participant's button is bound to them; an organizer's to its Telegram user
        user_id=None if token.presser else token.bound_to,
        chat_id=token.chat_id,
        action=token.action.value,
        subject=token.subject,
        args=token.args,
        state=token.state,
        expires_at=token.expires_at,
    )


def _event(event: AssignmentEvent) -> tuple[str, list[UUID | None]]:
    """An event as a button names it: whether it was undone, and whom it concerns."""
    concerned = [event.from_person_id, event.to_person_id]  # type: ignore[attr-defined]
    return f"{event.id}|{event.undone_at}", concerned


class TortoiseButtonStore:
    """``ButtonStore``: a button's row, with the participant it was issued to."""

    async def presser(self, user_id: int) -> Presser | None:
        participant = await Participant.get_or_none(telegram_user_id=user_id)
        return None if participant is None else _presser(participant)

    async def create(self, token: Token) -> None:
        await _row(token).save()

    async def create_all(self, tokens: Sequence[Token]) -> None:
        await ButtonToken.bulk_create([_row(token) for token in tokens])

    async def note(self, token_id: UUID, args: Mapping[str, int | str]) -> None:
        await self.note_all([token_id], args)

    async def note_all(self, token_ids: Sequence[UUID], args: Mapping[str, int | str]) -> None:
        tokens = await ButtonToken.filter(id__in=list(token_ids))
        for token in tokens:
            token.args = {**(token.args or {}), **args}
        if tokens:
            await ButtonToken.bulk_update(tokens, fields=["args"])

    async def unnote(self, subject: UUID, keys: Collection[str]) -> None:
        tokens = await ButtonToken.filter(
            Q(subject=subject) | Q(action=Action.MERGE.value, args__contains={"drop": str(subject)})
        )
        for token in tokens:
            token.args = {k: v for k, v in (token.args or {}).items() if k not in keys}
        if tokens:
            await ButtonToken.bulk_update(tokens, fields=["args"])

    async def shown_for(
        self, action: Action, subject: UUID
    ) -> list[tuple[int, int, dict[str, Any]]]:
        tokens = await ButtonToken.filter(action=action.value, subject=subject).prefetch_related(
            "participant"
        )
        return [
            (token.participant.telegram_user_id, token.chat_id, dict(token.args or {}))
            for token in tokens
            if token.participant is not None
        ]

    async def issued_to(self, user_id: int) -> list[tuple[int, dict[str, Any]]]:
        return [
            (token.chat_id, dict(token.args or {}))
            for token in await ButtonToken.filter(participant__telegram_user_id=user_id)
        ]

    async def issued_in(self, chat_id: int, action: Action) -> list[Token]:
        tokens = await ButtonToken.filter(
            chat_id=chat_id, action=action.value, expires_at__gt=datetime.now(UTC)
        ).prefetch_related("participant")
        return [_token(token) for token in tokens]

    async def issued_about(
        self, action: Action, subjects: Collection[UUID], *, expired: bool = False
    ) -> list[Token]:
        query = ButtonToken.filter(
            subject__in=list(subjects), action=action.value, participant_id__isnull=False
        )
        if not expired:
            query = query.filter(expires_at__gt=datetime.now(UTC))
        tokens = await query.prefetch_related("participant")
        return [_token(token) for token in tokens]

    async def token(self, token_id: UUID) -> Token | None:
        token = await ButtonToken.get_or_none(id=token_id).prefetch_related("participant")
        return None if token is None else _token(token)

    def transaction(self) -> AbstractAsyncContextManager[object]:
        return in_transaction()

    async def token_for_update(self, token_id: UUID) -> Token | None:
        token = (
            await ButtonToken.select_for_update()
            .get_or_none(id=token_id)
            .prefetch_related("participant")
        )
        return None if token is None else _token(token)

    async def spend(self, token_id: UUID, at: datetime) -> None:
        await ButtonToken.filter(id=token_id).update(used_at=at)

    async def tidy(self, before: datetime) -> int:
        return await ButtonToken.filter(Q(used_at__lt=before) | Q(expires_at__lt=before)).delete()

    # The facts of a button's fingerprint

    async def person(self, person_id: UUID | None) -> str:
        person = await Person.get_or_none(id=person_id) if person_id else None
        if person is None:
            return "gone"
        return f"{person.id}|{person.status.value}|{person.name}|{person.merged_into_id}"  # type: ignore[attr-defined]

    async def guardianship(self, person_id: UUID | None, participant_id: UUID | None) -> str:
        guardianship = await Guardianship.get_or_none(
            person_id=person_id, participant_id=participant_id
        )
        return f"{guardianship.id}|{guardianship.role.value}" if guardianship else "none"

    async def guardianships(self, person_ids: list[UUID]) -> list[str]:
        return sorted(
            str(g)
            for g in await Guardianship.filter(person_id__in=person_ids).values_list(
                "id", flat=True
            )
        )

    async def photo(self, photo_id: UUID | None) -> str:
        photo = await Photo.get_or_none(id=photo_id)
        return f"{photo.id}|{photo.removed_at}" if photo else "gone"

    async def event(self, event_id: UUID | None) -> tuple[str, list[UUID | None]] | None:
        event = await AssignmentEvent.get_or_none(id=event_id)
        return None if event is None else _event(event)

    async def events_of(
        self, event_ids: Collection[UUID]
    ) -> dict[UUID, tuple[str, list[UUID | None]]]:
        return {e.id: _event(e) for e in await AssignmentEvent.filter(id__in=list(event_ids))}

    async def account(self, presser: Presser) -> list[str]:
        return [
            *(
                f"{m.id}|{m.status.value}|{m.verified_at}"
                for m in await Membership.filter(participant_id=presser.id).order_by("id")
            ),
            *(
                str(c.id)
                for c in await ConsentRecord.filter(participant_id=presser.id).order_by("id")
            ),
            *(
                str(g.id)
                for g in await Guardianship.filter(participant_id=presser.id).order_by("id")
            ),
        ]


def _presser(participant: Participant) -> Presser:
    return Presser(participant.id, participant.created_at)


def _token(token: ButtonToken) -> Token:
    presser = token.participant
    return Token(
        token.id,
        None if presser is None else _presser(presser),
        presser.telegram_user_id if presser is not None else token.user_id,
        token.chat_id,
        Action(token.action),
        token.subject,
        dict(token.args or {}),
        token.state,
        token.used_at is not None,
        token.expires_at,
    )
