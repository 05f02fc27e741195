"""Buttons that change something: single-use, and bound to the state they were shown for.

A destructive button (delete a person, forget its faces, merge, remove a
guardian, undo, /forget) carries only the id of a ``ButtonToken`` row. The row
says who may press it, in which chat, what it does, and a fingerprint of the
state it was shown in. Pressing it works once, and only while that state is
unchanged: after a rename, a merge, an undo, or once the account it was shown
to has been erased (its buttons go with it), it has expired.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

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

log = logging.getLogger(__name__)
# A confirmation left unanswered this long has expired (a day covers "I'll decide tonight").
VALID_FOR = timedelta(hours=24)
# Pressed or expired buttons are forgotten after this long (the reconcile cron tidies up).
KEEP_SPENT = timedelta(days=7)


class Action(StrEnum):
    DELETE_PERSON = "delete_person"
    FORGET_FACES = "forget_faces"
    MERGE = "merge"  # subject: the person kept; args["drop"]: the person merged into it
    REMOVE_GUARDIAN = "remove_guardian"  # subject: the person; args["who"]: the participant
    UNDO = "undo"  # subject: the assignment event
    FORGET_ME = "forget_me"  # subject: none; the whole account of the presser
    TAKEDOWN = "takedown"  # subject: the group photo; an organizer's button (``issue_to``)


class Refusal(StrEnum):
    EXPIRED = "expired"  # unknown, used, too old, or the state changed since it was shown
    OTHER_CHAT = "other_chat"  # shown in another chat than the one it was pressed in
    NOT_YOURS = "not_yours"  # shown to another user


@dataclass(frozen=True, slots=True)
class Pressed:
    """A button that may act now (it has been spent), or why it may not."""

    action: Action | None = None
    subject: UUID | None = None
    args: Mapping[str, Any] = field(default_factory=dict)
    refusal: Refusal | None = None

    def arg(self, name: str) -> UUID | None:
        value = self.args.get(name)
        return UUID(value) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Issued:
    """A button as it was issued (``Buttons.look``)."""

    action: Action
    subject: UUID | None
    args: Mapping[str, Any]
    used: bool
    too_old: bool

    def arg(self, name: str) -> UUID | None:
        value = self.args.get(name)
        try:
            return UUID(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def text(self, name: str) -> str:
        value = self.args.get(name)
        return value if isinstance(value, str) else ""


async def _person(person_id: UUID | None) -> str:
    person = await Person.get_or_none(id=person_id) if person_id else None
    if person is None:
        return "gone"
    return f"{person.id}|{person.status.value}|{person.name}|{person.merged_into_id}"  # type: ignore[attr-defined]


async def _guardian(person_id: UUID | None, participant_id: UUID | None) -> str:
    guardianship = await Guardianship.get_or_none(
        person_id=person_id, participant_id=participant_id
    )
    return f"{guardianship.id}|{guardianship.role.value}" if guardianship else "none"


async def state_of(
    action: Action, subject: UUID | None, args: Mapping[str, Any], presser: Participant | None
) -> str:
    """A fingerprint of everything the button's meaning depends on."""
    parts: list[str] = [action.value, str(presser.id) if presser else "organizer"]
    if action == Action.TAKEDOWN:
        # Taken down meanwhile (by anyone), or gone: the confirmation has expired.
        photo = await Photo.get_or_none(id=subject)
        parts.append(f"{photo.id}|{photo.removed_at}" if photo else "gone")
    elif presser is None:
        parts.append("no participant")
    elif action in (Action.DELETE_PERSON, Action.FORGET_FACES):
        parts += [await _person(subject), await _guardian(subject, presser.id)]
    elif action == Action.MERGE:
        drop = UUID(args["drop"])
        parts += [await _person(subject), await _person(drop)]
        parts += [await _guardian(subject, presser.id), await _guardian(drop, presser.id)]
        # Who else guards either: the confirmation named who would get more photos.
        parts += sorted(
            str(g)
            for g in await Guardianship.filter(person_id__in=[subject, drop]).values_list(
                "id", flat=True
            )
        )
    elif action == Action.REMOVE_GUARDIAN:
        who = UUID(args["who"])
        parts += [await _person(subject), await _guardian(subject, who)]
        parts.append(await _guardian(subject, presser.id))
    elif action == Action.UNDO:
        event = await AssignmentEvent.get_or_none(id=subject)
        parts.append(f"{event.id}|{event.undone_at}" if event else "gone")
        if event is not None:
            for concerned in (event.from_person_id, event.to_person_id):  # type: ignore[attr-defined]
                parts += [await _person(concerned), await _guardian(concerned, presser.id)]
    elif action == Action.FORGET_ME:
        # The account as it was shown: leaving and re-joining a group, agreeing again or
        # enrolling someone since makes an old "delete everything" expire.
        parts.append(str(presser.created_at))
        parts += [
            f"{m.id}|{m.status.value}|{m.verified_at}"
            for m in await Membership.filter(participant=presser).order_by("id")
        ]
        parts += [str(c.id) for c in await ConsentRecord.filter(participant=presser).order_by("id")]
        parts += [str(g.id) for g in await Guardianship.filter(participant=presser).order_by("id")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Buttons:
    """Issues and redeems single-use, state-bound buttons."""

    async def issue(
        self,
        user_id: int,
        chat_id: int,
        action: Action,
        subject: UUID | None = None,
        **args: UUID | str,
    ) -> UUID | None:
        """A new button for this user in this chat; None when the user is unknown to us.
        ``args`` are ids the button acts on, or what it showed (a name, to say later what
        changed since)."""
        presser = await Participant.get_or_none(telegram_user_id=user_id)
        if presser is None:
            return None
        stored = {name: str(value) for name, value in args.items()}
        token = await ButtonToken.create(
            participant=presser,
            chat_id=chat_id,
            action=action.value,
            subject=subject,
            args=stored,
            state=await state_of(action, subject, stored, presser),
            expires_at=datetime.now(UTC) + VALID_FOR,
        )
        return token.id

    async def issue_to(
        self, user_id: int | None, chat_id: int, action: Action, subject: UUID | None = None
    ) -> UUID:
        """An organizer's button: bound to this Telegram user (organizers need not have joined
        facedrop), or with ``user_id`` None (an anonymous admin asked) to whoever presses it
        in this chat; the handler checks the presser is an organizer either way."""
        token = await ButtonToken.create(
            participant=None,
            user_id=user_id,
            chat_id=chat_id,
            action=action.value,
            subject=subject,
            args={},
            state=await state_of(action, subject, {}, None),
            expires_at=datetime.now(UTC) + VALID_FOR,
        )
        return token.id

    @staticmethod
    async def note(token_id: UUID, **args: int | str) -> None:
        """Add to what an issued button stands for (a message announcing it, sent after it,
        to take away once it is answered)."""
        token = await ButtonToken.get_or_none(id=token_id)
        if token is not None:
            token.args = {**(token.args or {}), **args}
            await token.save(update_fields=["args"])

    @staticmethod
    async def shown_for(action: Action, subject: UUID) -> list[tuple[int, int, dict[str, Any]]]:
        """The buttons issued to participants to do ``action`` on ``subject``, pressed or
        not: (their Telegram user id, the chat, what the button notes), to edit the
        messages they are on once what they act on changed."""
        tokens = await ButtonToken.filter(action=action.value, subject=subject).prefetch_related(
            "participant"
        )
        return [
            (token.participant.telegram_user_id, token.chat_id, dict(token.args or {}))
            for token in tokens
            if token.participant is not None
        ]

    @staticmethod
    async def look(token_id: UUID | None) -> Issued | None:
        """The button as it was issued, pressed or not, expired or not: to say precisely why
        it did nothing. Read it only after ``press`` refused it to this user."""
        token = await ButtonToken.get_or_none(id=token_id) if token_id else None
        if token is None:
            return None
        return Issued(
            Action(token.action),
            token.subject,
            dict(token.args or {}),
            used=token.used_at is not None,
            too_old=token.expires_at < datetime.now(UTC),
        )

    @staticmethod
    async def peek(token_id: UUID | None) -> tuple[Action, UUID | None] | None:
        """What an unexpired button acts on (pressed or not), without spending it: to check the
        presser's right before anything else, and to say what became of it."""
        token = await ButtonToken.get_or_none(id=token_id) if token_id else None
        if token is None or token.expires_at < datetime.now(UTC):
            return None
        return Action(token.action), token.subject

    async def press(self, token_id: UUID | None, user_id: int, chat_id: int) -> Pressed:
        """Spend the button if this user may press it here and nothing changed since."""
        if token_id is None:
            return Pressed(refusal=Refusal.EXPIRED)
        async with in_transaction():
            token = (
                await ButtonToken.select_for_update()
                .get_or_none(id=token_id)
                .prefetch_related("participant")
            )
            if token is None:
                return Pressed(refusal=Refusal.EXPIRED)
            presser = token.participant
            bound_to = presser.telegram_user_id if presser is not None else token.user_id
            if bound_to is not None and bound_to != user_id:
                return Pressed(refusal=Refusal.NOT_YOURS)
            if token.chat_id != chat_id:
                return Pressed(refusal=Refusal.OTHER_CHAT)
            action = Action(token.action)
            if (
                token.used_at is not None
                or token.expires_at < datetime.now(UTC)
                or token.state != await state_of(action, token.subject, token.args, presser)
            ):
                return Pressed(refusal=Refusal.EXPIRED)
            token.used_at = datetime.now(UTC)
            await token.save(update_fields=["used_at"])
        log.info(
            "button %s (%s) pressed by %s", token.id, action, presser.id if presser else user_id
        )
        return Pressed(action=action, subject=token.subject, args=token.args)

    @staticmethod
    async def tidy(now: datetime | None = None) -> int:
        """Forget buttons pressed or expired long ago; returns how many."""
        cutoff = (now or datetime.now(UTC)) - KEEP_SPENT
        return await ButtonToken.filter(Q(used_at__lt=cutoff) | Q(expires_at__lt=cutoff)).delete()
