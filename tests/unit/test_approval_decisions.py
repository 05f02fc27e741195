"""An organizers' decision on an approval, over its store in memory
(``tests/fakes/moderation_approvals.py``), without Postgres or Telegram: decided once
(a second press hears who decided), nothing decided once the person is gone, the audit
naming no one, who of the guardians hears it, what a guardian's last action asked for,
and the cards that go with an unclaimed person."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import uuid4

import pytest

from domain.blobs import BlobStore
from domain.claims.sheets import Sheets
from domain.composition.reactions import wire_events
from domain.delivery.copies import Copies
from domain.events import EventBus, PersonApproved, UnclaimedPersonsGoing
from domain.jobs.queue import JobQueue
from domain.languages import chats
from domain.moderation.approval_store import Asker
from domain.moderation.approvals import Approvals, Decided, DecideOutcome, decision_of
from domain.moderation.audit import ANONYMOUS_ADMIN, Actor
from domain.moderation.takedown_store import PhotoGroup
from domain.persons.service import Persons
from domain.retry import TryAgainLater
from domain.states import ApprovalKind, ApprovalStatus
from domain.telegram import Deletion, Messenger, TelegramUnavailable
from tests.fakes.claims import MemorySheetStore
from tests.fakes.corrections import MemoryExpiringQuestions
from tests.fakes.languages import MemoryChatStore
from tests.fakes.moderation_approvals import MemoryApprovalStore
from tests.fakes.moderation_takedown import MemoryTakedownStore
from tests.fakes.moderation_unreadable import MemoryUnreadableStore

OLGA = Actor(user_id=7, name="Olga")
PETER = Actor(user_id=8, name="Peter")
ANN = Asker(uuid4(), 501, "Ann", "ann", None, "en")


@dataclass
class Chats:
    """Telegram as a decision meets it: every private message delivered."""

    said: list[tuple[int, str]] = field(default_factory=list)
    edited: list[tuple[int, int, str]] = field(default_factory=list)

    async def send_text(self, chat_id: int, text: str, *_: object) -> int:
        self.said.append((chat_id, text))
        return len(self.said)

    async def replace_text(self, chat_id: int, message_id: int, text: str, *_: object) -> None:
        self.edited.append((chat_id, message_id, text))


@dataclass
class World:
    store: MemoryApprovalStore
    chats: Chats
    approvals: Approvals
    approved: list[PersonApproved]


@pytest.fixture
def world() -> World:
    store, chats, approved = MemoryApprovalStore(), Chats(), []
    events = EventBus()

    async def seen(event: PersonApproved) -> None:
        approved.append(event)

    events.subscribe(PersonApproved, seen)
    approvals = Approvals(cast(Messenger, chats), cast(BlobStore, object()), store, events=events)
    return World(store, chats, approvals, approved)


def _group() -> PhotoGroup:
    # No admin chat linked: the decision's record has nowhere to go (and Telegram's
    # admin chats stay out of these tests).
    return PhotoGroup(uuid4(), -1001, "Sunflowers", None, True)


async def test_an_approval_is_decided_once_and_a_second_press_hears_who_decided(
    world: World,
) -> None:
    case = world.store.ask(_group(), ANN)
    first = await world.approvals.decide(case.id, True, "", OLGA, cover=False)
    second = await world.approvals.decide(case.id, False, "unknown", PETER, cover=False)

    assert (first.outcome, first.approved, first.by) == (DecideOutcome.DECIDED, True, "Olga")
    assert (second.outcome, second.approved, second.by) == (DecideOutcome.ALREADY, True, "Olga")
    assert "Olga" in second.card
    assert world.store.approvals[case.id].status == ApprovalStatus.APPROVED
    assert len(world.store.decisions) == 1  # one audit event, Olga's
    assert [chat for chat, _ in world.chats.said] == [ANN.telegram_user_id]  # told once
    assert world.approved == [PersonApproved(case.person_id, case.group.id)]


async def test_nothing_is_decided_about_a_person_deleted_meanwhile(world: World) -> None:
    case = world.store.ask(_group(), ANN)
    del world.store.approvals[case.id]  # the person deleted: its approvals with it

    decided = await world.approvals.decide(case.id, True, "", OLGA, cover=False)

    assert decided.outcome == DecideOutcome.GONE
    assert await world.approvals.decision(case.id, cover=False) == Decided(DecideOutcome.GONE)
    assert world.store.decisions == [] and world.chats.said == [] and world.approved == []


async def test_a_rejection_is_audited_without_names_and_the_guardian_hears_why(
    world: World,
) -> None:
    case = world.store.ask(_group(), ANN, name="Alice", kind=ApprovalKind.GUARDIAN)

    decided = await world.approvals.decide(case.id, False, "photos", OLGA, cover=False)

    assert (decided.outcome, decided.approved) == (DecideOutcome.DECIDED, False)
    [(approval_id, decision)] = world.store.decisions
    assert approval_id == case.id
    assert decision.subject == "a new co-guardian"
    assert decision.details == {
        "approval": str(case.id),
        "kind": "guardian",
        "person": str(case.person_id),
        "participant": str(ANN.id),
        "reason": "photos",
    }
    assert "Alice" not in decision.subject + str(decision.details)
    [(chat, text)] = world.chats.said
    assert chat == ANN.telegram_user_id
    assert "Alice" in text and "enrollment photos" in text
    assert world.approved == []  # nothing is looked for


async def test_a_banned_guardian_or_one_no_longer_a_guardian_hears_nothing(
    world: World,
) -> None:
    banned = world.store.ask(_group(), ANN)
    world.store.bans.add((banned.group.id, ANN.telegram_user_id))
    gone = world.store.ask(_group(), ANN)
    world.store.guardianships.discard((gone.person_id, ANN.id))

    for case in (banned, gone):
        decided = await world.approvals.decide(case.id, True, "", OLGA, cover=False)
        assert decided.outcome == DecideOutcome.DECIDED

    assert world.chats.said == []
    assert len(world.store.decisions) == 2


async def test_a_pending_approval_has_no_decision_yet_and_an_anonymous_one_is_an_organizers(
    world: World,
) -> None:
    case = world.store.ask(_group(), None)  # its guardian used /forget since
    assert await world.approvals.decision(case.id, cover=False) is None
    assert await world.approvals.any_pending(case.group.id)

    await world.approvals.decide(case.id, True, "", ANONYMOUS_ADMIN, cover=False)
    world.store.decisions.clear()  # an audit event gone: the decider is not known
    decided = await world.approvals.decision(case.id, cover=False)

    assert decided is not None and decided.outcome == DecideOutcome.ALREADY
    assert decided.by == "an organizer"
    assert not await world.approvals.any_pending(case.group.id)
    assert world.chats.said == []  # nobody to tell


async def test_a_guardian_hears_of_the_approvals_their_last_action_asked_for_only(
    world: World,
) -> None:
    older = world.store.ask(_group(), ANN, name="Alice")
    world.store.asked_at[older.id] -= timedelta(minutes=5)
    since = datetime.now(UTC) - timedelta(seconds=1)
    bob = world.store.ask(_group(), ANN, name="Bob")
    cleo = world.store.ask(_group(), ANN, name="Cleo", kind=ApprovalKind.GUARDIAN)
    decided = world.store.ask(_group(), ANN, name="Dan")
    await world.approvals.decide(decided.id, True, "", OLGA, cover=False)
    world.chats.said.clear()

    await world.approvals.announce_since(ANN.telegram_user_id, since)

    told = [text for chat, text in world.chats.said if chat == ANN.telegram_user_id]
    assert len(told) == 2
    assert "Bob" in told[0] and "needs the approval" in told[0]
    assert "Cleo" in told[1] and "as a guardian of" in told[1]
    assert not any("Alice" in text or "Dan" in text for text in told)
    assert (bob.id, cleo.id) == tuple(
        await world.store.pending_asked_by(ANN.telegram_user_id, since)
    )


@dataclass
class AdminChat:
    """Telegram as deleting a card meets it: the messages up in the admin chat, while it
    answers."""

    up: set[tuple[int, int]] = field(default_factory=set)
    answers: bool = True

    async def delete_message(self, chat_id: int, message_id: int) -> Deletion:
        if not self.answers:
            raise TelegramUnavailable("Telegram does not answer")
        self.up.discard((chat_id, message_id))
        return Deletion.DELETED


@pytest.fixture
def chat_languages() -> Iterator[None]:
    # A card's caption is said in its admin chat's language (English: a chat unknown); the
    # process's own store put back afterwards.
    before = chats.reading_from()
    chats.read_from(MemoryChatStore())
    yield
    chats.read_from(before)


async def test_an_unclaimed_person_going_takes_its_cards_and_comes_back_if_telegram_fails(
    chat_languages: None,
) -> None:
    """As the composition root wires it: claims says the persons go, moderation deletes
    the cards naming them; with Telegram down the card stays recorded and the caller is
    asked to come back before the person goes."""
    store, chat = MemoryApprovalStore(), AdminChat()
    events = wire_events(
        EventBus(),
        messenger=cast(Messenger, chat),
        persons=cast(Persons, None),
        jobs=cast(JobQueue, None),
        album_window=timedelta(minutes=3),
        takedowns=MemoryTakedownStore(),
        approval_cards=store,
        unreadable_posts=MemoryUnreadableStore(),
        expiring_questions=MemoryExpiringQuestions(),
        copies_in_chats=cast(Copies, None),
        claim_sheets=Sheets(cast(Messenger, None), MemorySheetStore()),
    )
    group = PhotoGroup(uuid4(), -1001, "Sunflowers", -2002, True)
    kept, going = store.ask(group, ANN, kind=ApprovalKind.CLAIM), store.ask(group, ANN)
    for message_id, case in enumerate((kept, going), start=1):
        card = {"chat": -2002, "message": message_id}
        store.approvals[case.id] = replace(case, cards=(card,))
        chat.up.add((-2002, message_id))

    chat.answers = False
    with pytest.raises(TryAgainLater):
        await events.publish(UnclaimedPersonsGoing((going.person_id,)))
    assert store.approvals[going.id].cards == ({"chat": -2002, "message": 2},)

    chat.answers = True
    await events.publish(UnclaimedPersonsGoing((going.person_id,)))
    assert chat.up == {(-2002, 1)}  # the other person's card stays up
    assert store.approvals[kept.id].cards == ({"chat": -2002, "message": 1},)


async def test_a_rejection_undone_from_audit_is_reacted_to_as_an_approval(
    world: World,
) -> None:
    """/audit's undo approves what was rejected: the guardian is told, and the photos
    posted while the person waited are looked for and its cards refreshed, as an approval
    does (they were not: nothing heard of it)."""
    case = world.store.ask(_group(), ANN)
    await world.approvals.decide(case.id, False, "unknown", OLGA, cover=False)
    assert world.approved == []
    undone = decision_of(case.id, case.kind, case.person_id, ANN.id, True, "", OLGA)
    await world.store.record_decision(case, undone)  # what Undo does, in its transaction

    await world.approvals.tell_reapproved(Recorded({"approval": str(case.id)}))

    assert world.approved == [PersonApproved(case.person_id, case.group.id)]
    assert [chat for chat, _ in world.chats.said] == [ANN.telegram_user_id] * 2
    # The rejection's message (the first said) says it was undone, once (issue 32).
    [(chat, message, text)] = world.chats.edited
    assert (chat, message) == (ANN.telegram_user_id, 1)
    assert "since undone their rejection" in text
    await world.approvals.tell_reapproved(Recorded({"approval": str(case.id)}))
    assert len(world.chats.edited) == 1


@dataclass(frozen=True)
class Recorded:
    details: dict[str, str]
