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
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID, uuid4

log = logging.getLogger(__name__)
_Fact = TypeVar("_Fact")
# A confirmation left unanswered this long has expired (a day covers "I'll decide tonight").
VALID_FOR = timedelta(hours=24)
# Pressed or expired buttons are forgotten after this long (the reconcile cron tidies up).
KEEP_SPENT = timedelta(days=7)


class Action(StrEnum):
    # subject: the person; args["alone"]: asked of its only guardian, who pressed to leave
    DELETE_PERSON = "delete_person"
    FORGET_FACES = "forget_faces"
    MERGE = "merge"  # subject: the person kept; args["drop"]: the person merged into it
    # subject: the person; args["who"]: the participant; args["heir"]: its owner asked to
    # leave, who would own it then (``Guardians.heir``)
    REMOVE_GUARDIAN = "remove_guardian"
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
    chat_id: int = 0  # the chat it was issued in

    def arg(self, name: str) -> UUID | None:
        value = self.args.get(name)
        try:
            return UUID(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def text(self, name: str) -> str:
        value = self.args.get(name)
        return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class Presser:
    """The participant a button was issued to: what its fingerprint needs of them."""

    id: UUID
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Token:
    """A button as it is stored."""

    id: UUID
    presser: Presser | None  # None: an organizer's button (``issue_to``)
    bound_to: int | None  # the Telegram user who may press it; None: anyone in the chat
    chat_id: int
    action: Action
    subject: UUID | None
    args: dict[str, Any]
    state: str  # the fingerprint of the state it was shown in
    used: bool
    expires_at: datetime


class ButtonFacts(Protocol):
    """The facts a button's fingerprint is made of (``state_of``), each as a string that
    changes whenever that fact does: the ``ButtonStore``'s, or those of a batch of buttons
    read once (``_BatchFacts``)."""

    async def person(self, person_id: UUID | None) -> str:
        """The person as a button names it: its status, name and what it was merged into
        ("gone": none)."""

    async def guardianship(self, person_id: UUID | None, participant_id: UUID | None) -> str:
        """The participant's guardianship of the person, and its role ("none": none)."""

    async def guardianships(self, person_ids: list[UUID]) -> list[str]:
        """The guardianships of these persons, whoever holds them (sorted)."""

    async def photo(self, photo_id: UUID | None) -> str:
        """The group photo and whether it was taken down ("gone": none)."""

    async def event(self, event_id: UUID | None) -> tuple[str, list[UUID | None]] | None:
        """The assignment event and whether it was undone, and the persons it concerns
        (from, to); None: no such event."""

    async def account(self, presser: Presser) -> list[str]:
        """The participant's account as it stands: memberships, consents, guardianships."""


class ButtonStore(ButtonFacts, Protocol):
    """The database side of ``Buttons``: the buttons issued, and the facts a button's
    meaning depends on, each as a string that changes whenever that fact does (the
    fingerprint ``state_of`` makes of them must read the same until then)."""

    async def presser(self, user_id: int) -> Presser | None:
        """The participant of this Telegram user; None: unknown to facedrop."""

    async def create(self, token: Token) -> None:
        """Keep a new button."""

    async def create_all(self, tokens: Sequence[Token]) -> None:
        """Keep these new buttons (one query)."""

    async def note(self, token_id: UUID, args: Mapping[str, int | str]) -> None:
        """Add ``args`` to what the button stands for (none: nothing)."""

    async def note_all(self, token_ids: Sequence[UUID], args: Mapping[str, int | str]) -> None:
        """``note`` of each of these buttons, in a fixed few queries."""

    async def unnote(self, subject: UUID, keys: Collection[str]) -> None:
        """Take ``keys`` out of what every button about ``subject`` stands for (its subject,
        or the other person of a merge; pressed, withdrawn or expired too)."""

    async def shown_for(
        self, action: Action, subject: UUID
    ) -> list[tuple[int, int, dict[str, Any]]]:
        """The buttons issued to participants for ``action`` on ``subject``: (their Telegram
        user id, the chat, the button's args)."""

    async def issued_to(self, user_id: int) -> list[tuple[int, dict[str, Any]]]:
        """The buttons issued to the participant of this Telegram user, pressed or not:
        (the chat, the button's args)."""

    async def issued_about(
        self, action: Action, subjects: Collection[UUID], *, expired: bool = False
    ) -> list[Token]:
        """The participants' buttons for ``action`` about these subjects not expired
        (``expired``: and those expired, still kept), pressed or not (by their key, not a
        scan of all)."""

    async def issued_in(self, chat_id: int, action: Action) -> list[Token]:
        """The buttons for ``action`` issued in this chat, not expired, pressed or not."""

    async def token(self, token_id: UUID) -> Token | None:
        """The button, pressed or not, expired or not."""

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """What happens inside happens at once, or not at all."""

    async def token_for_update(self, token_id: UUID) -> Token | None:
        """The button, locked until the transaction ends: a second press waits, then sees
        it spent."""

    async def spend(self, token_id: UUID, at: datetime) -> None:
        """The button was pressed ``at``."""

    async def tidy(self, before: datetime) -> int:
        """Delete the buttons pressed or expired before ``before``; how many."""

    async def events_of(
        self, event_ids: Collection[UUID]
    ) -> dict[UUID, tuple[str, list[UUID | None]]]:
        """``event`` of each of these that exists, by id (one query)."""


async def state_of(
    store: ButtonFacts,
    action: Action,
    subject: UUID | None,
    args: Mapping[str, Any],
    presser: Presser | None,
) -> str:
    """A fingerprint of everything the button's meaning depends on."""
    parts: list[str] = [action.value, str(presser.id) if presser else "organizer"]
    if action == Action.TAKEDOWN:
        # Taken down meanwhile (by anyone), or gone: the confirmation has expired.
        parts.append(await store.photo(subject))
    elif presser is None:
        parts.append("no participant")
    elif action in (Action.DELETE_PERSON, Action.FORGET_FACES):
        parts += [await store.person(subject), await store.guardianship(subject, presser.id)]
        if "alone" in args:  # asked as "you're the only guardian": true while nobody joins
            parts += await store.guardianships([subject] if subject else [])
    elif action == Action.MERGE:
        drop = UUID(args["drop"])
        parts += [await store.person(subject), await store.person(drop)]
        parts += [
            await store.guardianship(subject, presser.id),
            await store.guardianship(drop, presser.id),
        ]
        # Who else guards either: the confirmation named who would get more photos.
        parts += await store.guardianships([p for p in (subject, drop) if p is not None])
    elif action == Action.REMOVE_GUARDIAN:
        who = UUID(args["who"])
        parts += [await store.person(subject), await store.guardianship(subject, who)]
        parts.append(await store.guardianship(subject, presser.id))
        if "heir" in args:  # its owner asked to leave, naming who owns it then: true while
            parts += await store.guardianships([subject] if subject else [])  # nobody goes
    elif action == Action.UNDO:
        event = await store.event(subject)
        parts.append(event[0] if event else "gone")
        for concerned in event[1] if event else []:
            parts += [
                await store.person(concerned),
                await store.guardianship(concerned, presser.id),
            ]
    elif action == Action.FORGET_ME:
        # The account as it was shown: leaving and re-joining a group, agreeing again or
        # enrolling someone since makes an old "delete everything" expire.
        parts.append(str(presser.created_at))
        parts += await store.account(presser)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _new_token(
    presser: Presser | None,
    bound_to: int | None,
    chat_id: int,
    action: Action,
    subject: UUID | None,
    args: dict[str, str],
    state: str,
) -> Token:
    return Token(
        uuid4(),
        presser,
        bound_to,
        chat_id,
        action,
        subject,
        args,
        state,
        used=False,
        expires_at=datetime.now(UTC) + VALID_FOR,
    )


class _BatchFacts:
    """The store's facts for a batch of Undo buttons (``Buttons.issue_all``): the events
    read at once, each other fact once however many buttons ask for it (a /history's
    buttons mostly concern the same few persons)."""

    def __init__(
        self, store: ButtonStore, events: Mapping[UUID, tuple[str, list[UUID | None]]]
    ) -> None:
        self._store = store
        self._events = events
        self._read: dict[tuple[object, ...], Any] = {}

    async def _once(self, key: tuple[object, ...], read: Callable[[], Awaitable[_Fact]]) -> _Fact:
        if key not in self._read:
            self._read[key] = await read()
        return cast(_Fact, self._read[key])

    async def person(self, person_id: UUID | None) -> str:
        return await self._once(("person", person_id), lambda: self._store.person(person_id))

    async def guardianship(self, person_id: UUID | None, participant_id: UUID | None) -> str:
        key = ("guardianship", person_id, participant_id)
        return await self._once(key, lambda: self._store.guardianship(person_id, participant_id))

    async def guardianships(self, person_ids: list[UUID]) -> list[str]:
        key = ("guardianships", *person_ids)
        return await self._once(key, lambda: self._store.guardianships(person_ids))

    async def photo(self, photo_id: UUID | None) -> str:
        return await self._once(("photo", photo_id), lambda: self._store.photo(photo_id))

    async def event(self, event_id: UUID | None) -> tuple[str, list[UUID | None]] | None:
        if event_id is not None and event_id in self._events:
            return self._events[event_id]
        return await self._store.event(event_id)

    async def account(self, presser: Presser) -> list[str]:
        return await self._once(("account", presser.id), lambda: self._store.account(presser))


class Buttons:
    """Issues and redeems single-use, state-bound buttons."""

    def __init__(self, store: ButtonStore) -> None:
        self._store = store

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
        presser = await self._store.presser(user_id)
        if presser is None:
            return None
        stored = {name: str(value) for name, value in args.items()}
        state = await state_of(self._store, action, subject, stored, presser)
        token = _new_token(presser, user_id, chat_id, action, subject, stored, state)
        await self._store.create(token)
        return token.id

    async def issue_all(
        self, user_id: int, chat_id: int, action: Action, subjects: Sequence[UUID]
    ) -> list[UUID]:
        """``issue`` of one button for each subject (none when the user is unknown to us),
        in the same few queries however many there are (a /history page's Undo buttons:
        the events read at once, each person's facts once, the buttons kept at once)."""
        presser = await self._store.presser(user_id)
        if presser is None or not subjects:
            return []
        events = await self._store.events_of(subjects) if action == Action.UNDO else {}
        facts = _BatchFacts(self._store, events)
        tokens = [
            _new_token(
                presser,
                user_id,
                chat_id,
                action,
                subject,
                {},
                await state_of(facts, action, subject, {}, presser),
            )
            for subject in subjects
        ]
        await self._store.create_all(tokens)
        return [token.id for token in tokens]

    async def issue_to(
        self, user_id: int | None, chat_id: int, action: Action, subject: UUID | None = None
    ) -> UUID:
        """An organizer's button: bound to this Telegram user (organizers need not have joined
        facedrop), or with ``user_id`` None (an anonymous admin asked) to whoever presses it
        in this chat; the handler checks the presser is an organizer either way."""
        state = await state_of(self._store, action, subject, {}, None)
        token = _new_token(None, user_id, chat_id, action, subject, {}, state)
        await self._store.create(token)
        return token.id

    async def note_all(self, token_ids: Sequence[UUID], **args: int | str) -> None:
        """``note`` of each of these buttons, at once."""
        if token_ids:
            await self._store.note_all(token_ids, args)

    async def note(self, token_id: UUID, **args: int | str) -> None:
        """Add to what an issued button stands for (a message announcing it, sent after it,
        to take away once it is answered)."""
        await self._store.note(token_id, args)

    async def unnote(self, subject: UUID, *keys: str) -> None:
        """Forget ``keys`` of what every button about ``subject`` stood for (the names its
        deletion took away)."""
        await self._store.unnote(subject, keys)

    async def shown_for(
        self, action: Action, subject: UUID
    ) -> list[tuple[int, int, dict[str, Any]]]:
        """The buttons issued to participants to do ``action`` on ``subject``, pressed or
        not: (their Telegram user id, the chat, what the button notes), to edit the
        messages they are on once what they act on changed."""
        return await self._store.shown_for(action, subject)

    async def messages_of(self, user_id: int) -> list[int]:
        """The messages in the user's own chat that their buttons note they are on (an
        /history listing, a correction's message with its Undo): where a /forget, which
        the buttons go with, takes the buttons off (findings10 6: they only refused)."""
        on: set[int] = set()
        for chat_id, args in await self._store.issued_to(user_id):
            for key in ("history", "message"):
                value = args.get(key)
                if chat_id == user_id and isinstance(value, str) and value.isdigit():
                    on.add(int(value))
        return sorted(on)

    async def histories_of(self, user_id: int) -> list[tuple[int, dict[str, Any]]]:
        """The /history lists in the user's own chat that their Undo buttons note they are
        on: (the chat, what one of its buttons notes: the message, what it listed)."""
        found: dict[str, tuple[int, dict[str, Any]]] = {}
        for chat_id, args in await self._store.issued_to(user_id):
            value = args.get("history")
            if chat_id == user_id and isinstance(value, str) and "until" in args:
                found[value] = (chat_id, args)
        return list(found.values())

    async def corrections_of(self, user_id: int) -> list[int]:
        """Of ``messages_of``, those of corrections (an Undo issued on the correction's own
        message: "Moved: that face is Amy now."), answered or not: at /forget they no longer
        say whose the faces are (findings17 3)."""
        on: set[int] = set()
        for chat_id, args in await self._store.issued_to(user_id):
            value = args.get("message")
            if (
                chat_id == user_id
                and args.get("shown") == "correction"
                and isinstance(value, str)
                and value.isdigit()
            ):
                on.add(int(value))
        return sorted(on)

    async def unpressed(self, action: Action, subjects: Collection[UUID]) -> list[Token]:
        """The participants' buttons for ``action`` about these subjects still to be
        pressed: to take them off their messages once what they would do no longer can be
        (``withdraw``)."""
        return [t for t in await self.issued_about(action, subjects) if not t.used]

    async def unpressed_in(self, chat_id: int, action: Action) -> list[Token]:
        """The buttons for ``action`` issued in this chat still to be pressed: to take them
        off their messages once the chat can no longer act (an admin chat moved away)."""
        return [t for t in await self._store.issued_in(chat_id, action) if not t.used]

    async def issued_about(
        self, action: Action, subjects: Collection[UUID], *, expired: bool = False
    ) -> list[Token]:
        """The participants' buttons for ``action`` about these subjects not expired
        (``expired``: and those expired, kept ``KEEP_SPENT``), pressed (or withdrawn) or not:
        a message whose button went may owe its text again."""
        if not subjects:
            return []
        return await self._store.issued_about(action, subjects, expired=expired)

    async def cancel(self, token_id: UUID | None, user_id: int, chat_id: int) -> Refusal | None:
        """ "No, keep it" beside the button: the button can no longer be pressed. None: it
        had not been, so nothing it does was done; else why the cancel says nothing:
        pressed already (its change made: "nothing was deleted" would be untrue, findings14
        6), or another user's, or shown in another chat. A button past its time cancels:
        it never acted."""
        if token_id is None:
            return Refusal.EXPIRED
        async with self._store.transaction():
            token = await self._store.token_for_update(token_id)
            if token is None or token.used:
                return Refusal.EXPIRED
            if token.bound_to is not None and token.bound_to != user_id:
                return Refusal.NOT_YOURS
            if token.chat_id != chat_id:
                return Refusal.OTHER_CHAT
            await self._store.spend(token.id, datetime.now(UTC))
        return None

    async def withdraw(self, token_id: UUID) -> None:
        """The button was taken off its message: spent, as if pressed."""
        await self._store.spend(token_id, datetime.now(UTC))

    async def look(self, token_id: UUID | None) -> Issued | None:
        """The button as it was issued, pressed or not, expired or not: to say precisely why
        it did nothing. Read it only after ``press`` refused it to this user."""
        token = await self._store.token(token_id) if token_id else None
        if token is None:
            return None
        return Issued(
            token.action,
            token.subject,
            token.args,
            used=token.used,
            too_old=token.expires_at < datetime.now(UTC),
            chat_id=token.chat_id,
        )

    async def peek(self, token_id: UUID | None) -> tuple[Action, UUID | None] | None:
        """What an unexpired button acts on (pressed or not), without spending it: to check the
        presser's right before anything else, and to say what became of it."""
        token = await self._store.token(token_id) if token_id else None
        if token is None or token.expires_at < datetime.now(UTC):
            return None
        return token.action, token.subject

    async def press(self, token_id: UUID | None, user_id: int, chat_id: int) -> Pressed:
        """Spend the button if this user may press it here and nothing changed since (the
        button locked meanwhile: pressed twice at once, it acts once)."""
        if token_id is None:
            return Pressed(refusal=Refusal.EXPIRED)
        async with self._store.transaction():
            token = await self._store.token_for_update(token_id)
            if token is None:
                return Pressed(refusal=Refusal.EXPIRED)
            if token.bound_to is not None and token.bound_to != user_id:
                return Pressed(refusal=Refusal.NOT_YOURS)
            if token.chat_id != chat_id:
                return Pressed(refusal=Refusal.OTHER_CHAT)
            now = datetime.now(UTC)
            if (
                token.used
                or token.expires_at < now
                or token.state
                != await state_of(
                    self._store, token.action, token.subject, token.args, token.presser
                )
            ):
                return Pressed(refusal=Refusal.EXPIRED)
            await self._store.spend(token.id, now)
        log.info(
            "button %s (%s) pressed by %s",
            token.id,
            token.action,
            token.presser.id if token.presser else user_id,
        )
        return Pressed(action=token.action, subject=token.subject, args=token.args)

    async def tidy(self, now: datetime | None = None) -> int:
        """Forget buttons pressed or expired long ago; returns how many."""
        return await self._store.tidy((now or datetime.now(UTC)) - KEEP_SPENT)
