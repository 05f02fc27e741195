"""The domain's message bus: each event reaches the handlers of its type, in order, and a
handler's error reaches the publisher."""

from __future__ import annotations

import asyncio
from dataclasses import FrozenInstanceError
from datetime import timedelta
from typing import cast
from uuid import uuid4

import pytest

from domain.buttons import Buttons
from domain.claims.sheets import Sheets
from domain.composition.reactions import wire_events
from domain.corrections.stores import AnsweredQuestionStore
from domain.delivery.copies import Copies
from domain.earlier_photos.stores import ShownOfferStore
from domain.events import (
    ClaimRejected,
    Event,
    EventBus,
    FacesExpired,
    GuardianForgotten,
    GuardianshipEnded,
    NoUndone,
    OfferWithdrawn,
    ParticipantForgotten,
    PersonApproved,
    PersonDeleted,
    PersonEnrolled,
    PersonRejected,
    PersonRenamed,
    PersonsMerged,
    TakenDownFacesDeleted,
)
from domain.jobs.queue import JobQueue
from domain.persons.answers import CorrectionAnswers
from domain.persons.service import Persons
from domain.privacy.notices import Notices
from domain.telegram import Messenger
from tests.fakes.buttons import MemoryButtonStore
from tests.fakes.claims import MemorySheetStore
from tests.fakes.corrections import MemoryExpiringQuestions, MemoryGoneGuardianQuestions
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_takedown import MemoryTakedownStore
from tests.fakes.moderation_unreadable import MemoryUnreadableStore

PERSON, GROUP = uuid4(), uuid4()


async def test_an_event_reaches_each_handler_of_its_type_in_the_order_subscribed() -> None:
    bus = EventBus()
    heard: list[str] = []

    async def first(event: PersonApproved) -> None:
        heard.append(f"first {event.person_id}")

    async def second(event: PersonApproved) -> None:
        heard.append(f"second {event.group_id}")

    async def other(event: ClaimRejected) -> None:
        heard.append("claim")

    bus.subscribe(PersonApproved, first)
    bus.subscribe(ClaimRejected, other)
    bus.subscribe(PersonApproved, second)
    await bus.publish(PersonApproved(PERSON, GROUP))
    assert heard == [f"first {PERSON}", f"second {GROUP}"]


async def test_an_event_nobody_handles_is_published_without_effect() -> None:
    bus = EventBus()
    await bus.publish(OfferWithdrawn(PERSON))  # nothing subscribed: nothing happens
    assert bus.handlers(OfferWithdrawn) == []


async def test_a_handler_s_error_reaches_the_publisher_and_stops_the_handlers_after_it() -> None:
    bus = EventBus()
    heard: list[str] = []

    async def fails(event: ClaimRejected) -> None:
        raise RuntimeError("Telegram unavailable")

    async def after(event: ClaimRejected) -> None:
        heard.append("after")

    bus.subscribe(ClaimRejected, fails)
    bus.subscribe(ClaimRejected, after)
    with pytest.raises(RuntimeError, match="Telegram unavailable"):
        await bus.publish(ClaimRejected(PERSON))
    assert heard == []


async def test_a_handler_awaits_before_the_next_one_starts() -> None:
    bus = EventBus()
    heard: list[str] = []

    async def slow(event: PersonApproved) -> None:
        heard.append("slow starts")
        await asyncio.sleep(0.01)
        heard.append("slow ends")

    async def fast(event: PersonApproved) -> None:
        heard.append("fast")

    bus.subscribe(PersonApproved, slow)
    bus.subscribe(PersonApproved, fast)
    await bus.publish(PersonApproved(PERSON, GROUP))
    assert heard == ["slow starts", "slow ends", "fast"]


def test_events_are_frozen_values() -> None:
    event = PersonApproved(PERSON, GROUP)
    assert event == PersonApproved(PERSON, GROUP)
    with pytest.raises(FrozenInstanceError):
        event.person_id = uuid4()  # type: ignore[misc]


def test_every_event_has_its_reaction_wired_once() -> None:
    """An event nobody reacts to would be published for nothing: the composition root's
    table names a handler for each (and each capability's reaction once). An approval
    concerns three: the photos posted while the person waited are looked for, its cards
    stop saying it waits, and an invitee who accepted while it waited reads what stands (a
    rejection the last two); a guardian gone three: their questions close, an approval still
    asked about them goes, and the "Accept?" of their invitations unanswered says they no
    longer work; a participant forgotten: the sheets of faces in their
    chat go, and the questions asked there close; a merge: the copies are re-captioned, and
    the corrections about either person can no longer be undone, and the open offers of
    earlier photos ask about the person kept; a rename re-words the corrections' messages,
    redraws the /history lists shown, has the open offers ask by the new name and the
    notices a /forget said in the past name it anew, besides re-captioning the copies; a
    guardian forgotten: their co-guardians' cards and guardians lists are redrawn; a
    person deleted: the /history lists and the guardians lists shown; a takedown's faces
    deleted: the corrections about them close, and the /history lists
    shown lose their Undo; an enrollment: its cards, and the "You're in…" of a guardian who
    guarded no one before it."""
    bus = wire_events(
        EventBus(),
        messenger=cast(Messenger, None),
        persons=cast(Persons, None),
        jobs=cast(JobQueue, None),
        album_window=timedelta(minutes=3),
        takedowns=MemoryTakedownStore(),
        approval_cards=MemoryApprovalStore(),
        unreadable_posts=MemoryUnreadableStore(),
        expiring_questions=MemoryExpiringQuestions(),
        copies_in_chats=cast(Copies, None),
        claim_sheets=Sheets(cast(Messenger, None), MemorySheetStore()),
        gone_guardian_questions=MemoryGoneGuardianQuestions(),
        answers=cast(CorrectionAnswers, object()),  # only wired, never called here
        buttons=Buttons(MemoryButtonStore()),
        offers=cast(ShownOfferStore, object()),  # only wired, never called here
        notices=cast(Notices, object()),  # only wired, never called here
    )
    kinds = Event.__subclasses__()
    assert len(kinds) >= 5
    assert {kind.__name__: len(bus.handlers(kind)) for kind in kinds} == {
        # A "no" undone: its reaction is the open questions' (``answered``, not wired here).
        kind.__name__: 0
        if kind == NoUndone
        else 7
        if kind == PersonsMerged  # with the invitations to the child merged away (issue 32)
        else 6
        if kind == PersonRenamed
        else 3
        if kind == GuardianshipEnded
        else 3
        if kind == PersonApproved  # and what an invitee was told of it (walkhe2 8)
        else 2
        if kind
        in (
            PersonRejected,
            FacesExpired,
            GuardianForgotten,
            ParticipantForgotten,
            PersonDeleted,
            TakenDownFacesDeleted,
            PersonEnrolled,  # and one who guarded no one reads they do again (walk35 2)
        )
        else 1
        for kind in kinds
    }
    # With the questions answered wired, a "no" undone redraws the pair's question left.
    with_questions = wire_events(
        EventBus(),
        messenger=cast(Messenger, None),
        persons=cast(Persons, None),
        jobs=cast(JobQueue, None),
        album_window=timedelta(minutes=3),
        takedowns=MemoryTakedownStore(),
        approval_cards=MemoryApprovalStore(),
        unreadable_posts=MemoryUnreadableStore(),
        expiring_questions=MemoryExpiringQuestions(),
        copies_in_chats=cast(Copies, None),
        claim_sheets=Sheets(cast(Messenger, None), MemorySheetStore()),
        answered=cast(AnsweredQuestionStore, object()),  # only wired, never called here
    )
    assert len(with_questions.handlers(NoUndone)) == 1
    # ... and a /forget takes the answerer's name out of the others' copies (issue 32), and
    # out of a sibling pair's question asked about the other child alone since their "no".
    assert len(with_questions.handlers(ParticipantForgotten)) == 3
