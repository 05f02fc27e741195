"""The persons' rules over their store, in memory (``tests/fakes/persons.py``), without
Postgres or Telegram: which name a merge keeps and who may merge, a name the guardian
could not tell from another, and who may remove whom from a person's guardians."""

from __future__ import annotations

from typing import cast

from domain.blobs import BlobStore
from domain.enrollment.service import Enrollment
from domain.events import EventBus, PersonRenamed, PersonsMerged
from domain.onboarding.service import Onboarding
from domain.persons.guardians import Guardians, RemoveOutcome
from domain.persons.service import MergeOutcome, Persons
from domain.persons.shown import ShownCards, ShownStore
from domain.states import GuardianRole, PersonStatus
from domain.telegram import Messenger
from tests.fakes.onboarding import MemoryOnboardingStore
from tests.fakes.persons import MemoryPersonStore
from tests.fakes.recognition import MemoryJobQueue

ANN, BEA, CARL = 501, 502, 503  # Telegram user ids


class Family:
    """Ann owns Alice and Ally (the same child, enrolled twice); Bea co-guards Alice."""

    def __init__(self) -> None:
        self.store = MemoryPersonStore()
        self.jobs = MemoryJobQueue()
        self.ann = self.store.participant(ANN, "Ann")
        self.bea = self.store.participant(BEA, "Bea")
        self.carl = self.store.participant(CARL, "Carl")
        self.alice = self.store.child("Alice", self.ann, self.bea)
        self.ally = self.store.child("Ally", self.ann)
        nothing = cast(BlobStore, object())  # no cover here: no blob is read
        shown = ShownCards(cast(ShownStore, object()))
        events = EventBus()
        self.renamed: list[PersonRenamed] = []  # told to delivery, to re-caption copies
        self.merged: list[PersonsMerged] = []  # told to delivery too

        async def record(event: PersonRenamed) -> None:
            self.renamed.append(event)

        events.subscribe(PersonRenamed, record)

        async def record_merge(event: PersonsMerged) -> None:
            self.merged.append(event)

        events.subscribe(PersonsMerged, record_merge)
        unasked = cast(Enrollment, object())  # no empty /persons list here
        self.persons = Persons(self.jobs, nothing, self.store, shown, events, unasked)
        onboarding = Onboarding(cast(Messenger, object()), MemoryOnboardingStore())
        self.guardians = Guardians(onboarding, self.jobs, self.store, events)


async def test_a_merge_keeps_the_name_of_the_person_chosen_to_stay() -> None:
    family = Family()

    plan = await family.persons.merge_plan(family.alice, family.ally, ANN)

    assert (plan.outcome, plan.keep_name, plan.drop_name) == (MergeOutcome.DONE, "Alice", "Ally")
    # Bea guards Alice only: from the merge on she gets Ally's photos too, said beforehand.
    assert [(n.name, n.guards, n.gains) for n in plan.newcomers] == [("Bea", "Alice", "Ally")]

    outcome, kept, removed, told = await family.persons.merge(family.alice, family.ally, ANN)

    assert (outcome, kept, removed) == (MergeOutcome.DONE, "Alice", "Ally")
    assert [n.telegram_user_id for n in told] == [BEA]
    assert family.store.merges == [(family.alice, family.ally)]
    assert family.store.known[family.ally].merged_into_id == family.alice
    assert len(family.merged) == 1  # its copies owed an edit (delivery's stale_copies)


async def test_a_co_guardian_may_not_merge_and_a_person_is_not_merged_into_itself() -> None:
    family = Family()
    family.store.seat(family.ally, family.bea)

    plan = await family.persons.merge_plan(family.alice, family.ally, BEA)
    assert (plan.outcome, plan.keep_name, plan.drop_name) == (
        MergeOutcome.OWNER_ONLY,
        "Alice",
        "Ally",
    )
    assert (await family.persons.merge(family.alice, family.ally, BEA))[0] == (
        MergeOutcome.OWNER_ONLY
    )
    assert (await family.persons.merge_plan(family.alice, family.alice, ANN)).outcome == (
        MergeOutcome.SAME
    )
    assert (await family.persons.merge(family.alice, family.ally, CARL))[0] == (
        MergeOutcome.NOT_YOURS
    )
    assert family.store.merges == []


async def test_renaming_to_a_name_read_the_same_as_another_person_s_is_caught() -> None:
    family = Family()

    assert await family.persons.look_alike_name(ANN, "ally") == "Ally"
    assert await family.persons.look_alike_name(ANN, "\u0410lly") == "Ally"  # a Cyrillic A
    # The person being renamed does not count against itself; another's persons neither.
    assert await family.persons.look_alike_name(ANN, "Ally", besides=family.ally) is None
    assert await family.persons.look_alike_name(CARL, "Ally") is None
    # An unfinished enrollment is replaced by the next /add: its name is free.
    draft = family.store.child("Ben", family.ann, status=PersonStatus.ENROLLING)
    assert draft and await family.persons.look_alike_name(ANN, "Ben") is None


async def test_a_rename_needs_a_guardian_and_a_checked_name() -> None:
    family = Family()

    assert await family.persons.rename(family.alice, BEA, "Alicia")
    assert family.store.known[family.alice].name == "Alicia"
    assert not await family.persons.rename(family.alice, CARL, "Carla")
    assert not await family.persons.rename(family.alice, ANN, "  Alice  ")  # unchecked
    assert family.store.known[family.alice].name == "Alicia"
    # Only the rename done is told (its copies named as now); the refused ones are not.
    assert family.renamed == [PersonRenamed(family.alice)]


async def test_a_co_guardian_removes_nobody_but_may_leave() -> None:
    family = Family()
    family.store.seat(family.alice, family.carl)

    refused = await family.guardians.remove(family.alice, BEA, family.carl)
    assert (refused.outcome, refused.owner_name) == (RemoveOutcome.OWNER_ONLY, "Ann")
    assert (await family.guardians.remove(family.alice, BEA, family.ann)).outcome == (
        RemoveOutcome.OWNER_STAYS
    )
    left = await family.guardians.remove(family.alice, BEA, family.bea)
    assert left.outcome == RemoveOutcome.LEFT
    assert [s.participant_id for s in family.store.seated[family.alice]] == [
        family.ann,
        family.carl,
    ]


async def test_the_owner_leaving_hands_the_person_on_and_the_last_guardian_is_asked_first() -> None:
    family = Family()

    left = await family.guardians.remove(family.alice, ANN, family.ann)

    assert left.outcome == RemoveOutcome.LEFT
    assert left.new_owner is not None and left.new_owner.telegram_user_id == BEA
    assert [s.role for s in family.store.seated[family.alice]] == [GuardianRole.OWNER]

    # The last guardian leaving would delete Alice, her faces and history: nothing is done,
    # the deletion is asked for first.
    last = await family.guardians.remove(family.alice, BEA, family.bea)

    assert (last.outcome, last.person_name) == (RemoveOutcome.LAST_GUARDIAN, "Alice")
    assert [s.participant_id for s in family.store.seated[family.alice]] == [family.bea]
    assert family.store.known[family.alice].status == PersonStatus.ACTIVE
    assert family.store.requests == []


async def test_an_invitation_speaks_for_its_creator_while_they_guard_the_person() -> None:
    family = Family()
    invite = await family.guardians.invite(family.alice, BEA)
    assert invite is not None
    assert await family.guardians.invite(family.alice, CARL) is None  # not Carl's to give

    found = await family.guardians.find(invite.payload)
    assert found is not None and found.person.name == "Alice"
    assert await family.guardians.find("inv_" + "x" * 32) is None

    await family.guardians.remove(family.alice, BEA, family.bea)  # Bea leaves

    assert await family.guardians.find(invite.payload) is None
