"""An organizers' decision on an approval, over its store in memory
(``tests/fakes/moderation_approvals.py``), without Postgres or Telegram: decided once
(a second press hears who decided), nothing decided once the person is gone, the audit
naming no one, who of the guardians hears it, and what a guardian's last action asked
for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import uuid4

import pytest

from domain.blobs import BlobStore
from domain.events import EventBus, PersonApproved
from domain.moderation.approval_store import Asker
from domain.moderation.approvals import Approvals, Decided, DecideOutcome
from domain.moderation.audit import ANONYMOUS_ADMIN, Actor
from domain.moderation.takedown_store import PhotoGroup
from domain.states import ApprovalKind, ApprovalStatus
from domain.telegram import Messenger
from tests.fakes.moderation_approvals import MemoryApprovalStore

OLGA = Actor(user_id=7, name="Olga")
PETER = Actor(user_id=8, name="Peter")
ANN = Asker(uuid4(), 501, "Ann", "ann", None, "en")


@dataclass
class Chats:
    """Telegram as a decision meets it: every private message delivered."""

    said: list[tuple[int, str]] = field(default_factory=list)

    async def send_text(self, chat_id: int, text: str, *_: object) -> int:
        self.said.append((chat_id, text))
        return len(self.said)


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
