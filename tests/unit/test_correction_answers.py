"""A guardian's answers and "Not Alice?" over the corrections' store in memory
(``tests/fakes/corrections.py``), without Postgres or Telegram: a yes gives the face to the
child and plans its photo for the child's guardians, a no remembers it and asks the next
family, a second press or a stranger changes nothing, a sibling pair is answered by a
guardian of both only, and a face moved or detached meanwhile is not changed again."""

from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID, uuid4

from domain.corrections.rules import PhotoFate
from domain.corrections.service import Corrections, Outcome
from domain.corrections.stores import Asker
from domain.delivery.album_notes import AlbumNotes
from domain.jobs import queue as job_names
from domain.jobs.queue import job_id
from domain.states import DeliveryStatus, PersonStatus, RequestKind, SuggestionStatus
from domain.telegram import Messenger
from tests.fakes.corrections import MemoryCorrectionStore
from tests.fakes.delivery import MemoryDeliveryStore
from tests.fakes.recognition import MemoryJobQueue

GROUP = uuid4()
ANN, BEN, EVE = 501, 502, 503  # Alice's (and Bob's) mother, Alice's father, a stranger


class Family:
    """Alice and Bob, siblings: Ann guards both, Ben only Alice; Eve is a stranger. A face
    of a group's photo nobody holds, asked about."""

    def __init__(self) -> None:
        self.store = MemoryCorrectionStore()
        self.jobs = MemoryJobQueue()
        self.ann, self.ben = self.store.guardian(ANN), self.store.guardian(BEN)
        self.store.guardian(EVE)
        self.alice = self.store.child("Alice", self.ann, self.ben)
        self.bob = self.store.child("Bob", self.ann)
        for child, guardians in ((self.alice, (self.ann, self.ben)), (self.bob, (self.ann,))):
            self.store.receivers[child, GROUP] = {g.id for g in guardians}
        self.face = self.store.face(GROUP, date(2026, 11, 25))
        self.corrections = Corrections(
            self.jobs,
            self.store,
            AlbumNotes(cast(Messenger, object()), MemoryDeliveryStore()),
        )

    def planned_for(self, *guardians: Asker) -> bool:
        photo = self.store.faces[self.face].photo_id
        return {g.id for g in guardians} == {
            guardian for (p, guardian) in self.store.deliveries if p == photo
        }

    def queued(self, name: str, entity: UUID) -> bool:
        return job_id(name, entity) in self.jobs.queued


async def test_a_yes_gives_the_face_to_the_child_and_sends_the_photo_to_its_guardians() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)
    also = family.store.question(family.face, family.bob)  # the next family, still open

    assert await family.corrections.answer_suggestion(asked, ANN, accept=True) == (
        Outcome.DONE,
        "Alice",
    )

    assert family.store.faces[family.face].person_id == family.alice
    assert family.store.questions[asked].status == SuggestionStatus.ACCEPTED
    assert family.store.questions[also].status == SuggestionStatus.EXPIRED
    assert family.planned_for(family.ann, family.ben)
    for (_, _), (delivery, _) in family.store.deliveries.items():
        assert family.queued(job_names.DELIVER, delivery)
    assert family.queued(job_names.SYNC_FACE, family.face)


async def test_a_second_press_or_a_co_guardians_answer_changes_nothing() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)
    await family.corrections.answer_suggestion(asked, ANN, accept=True)
    changes = list(family.store.changes)

    assert (await family.corrections.answer_suggestion(asked, ANN, accept=True))[0] == (
        Outcome.ALREADY
    )
    assert (await family.corrections.answer_suggestion(asked, BEN, accept=False))[0] == (
        Outcome.ALREADY
    )
    assert family.store.changes == changes
    assert family.store.rejected.get(family.face, set()) == set()


async def test_a_no_remembers_the_face_is_not_the_child_and_asks_the_next_family() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)

    assert (await family.corrections.answer_suggestion(asked, BEN, accept=False))[0] == (
        Outcome.DONE
    )

    assert family.store.faces[family.face].person_id is None
    assert family.store.questions[asked].status == SuggestionStatus.REJECTED
    assert family.store.rejected[family.face] == {family.alice}
    assert list(family.store.next_family.values()) == [family.face]
    assert family.queued(RequestKind.ASK_NEXT_FAMILY, family.face)


async def test_a_question_nobody_answered_in_time_is_said_expired() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice, status=SuggestionStatus.EXPIRED)

    assert (await family.corrections.answer_suggestion(asked, ANN, accept=True))[0] == (
        Outcome.EXPIRED
    )
    assert family.store.faces[family.face].person_id is None


async def test_a_question_about_a_child_deleted_meanwhile_closes_unanswered() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)
    family.store.persons[family.alice].status = PersonStatus.MERGED

    assert (await family.corrections.answer_suggestion(asked, ANN, accept=True))[0] == (
        Outcome.ALREADY
    )
    assert family.store.questions[asked].status == SuggestionStatus.EXPIRED
    assert family.store.changes == []


async def test_only_a_receiving_guardian_answers() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)

    assert await family.corrections.answer_suggestion(asked, EVE, accept=True) == (
        Outcome.NOT_YOURS,
        "",
    )
    family.store.receivers[family.alice, GROUP] = {family.ann.id}  # Ben left the group
    assert await family.corrections.answer_suggestion(asked, BEN, accept=True) == (
        Outcome.LEFT,
        "Class 1A",
    )
    assert family.store.questions[asked].status == SuggestionStatus.PENDING


async def test_a_question_whose_face_was_deleted_says_so_not_that_the_child_isnt_theirs() -> None:
    family = Family()
    asked = family.store.question(family.face, family.alice)
    paired = family.store.question(family.face, family.bob, pair_id=asked)
    # Retention deleted the face, and its questions with it.
    del family.store.questions[asked], family.store.questions[paired]

    assert (await family.corrections.answer_suggestion(asked, ANN, accept=True))[0] == (
        Outcome.GONE
    )
    assert (await family.corrections.answer_pair(asked, ANN, family.bob))[0] == Outcome.GONE
    assert family.store.changes == []


async def test_a_sibling_pair_chosen_accepts_one_and_rejects_the_other() -> None:
    family = Family()
    lead = family.store.question(family.face, family.alice, score=0.6)
    family.store.questions[lead].pair_id = lead
    other = family.store.question(family.face, family.bob, score=0.5, pair_id=lead)

    assert (await family.corrections.answer_pair(lead, BEN, family.bob))[0] == Outcome.NOT_YOURS
    outcome, told = await family.corrections.answer_pair(lead, ANN, family.bob)

    assert outcome == Outcome.DONE
    assert (told.names, told.chosen) == (("Alice", "Bob"), "Bob")
    assert family.store.faces[family.face].person_id == family.bob
    assert family.store.questions[lead].status == SuggestionStatus.REJECTED
    assert family.store.questions[other].status == SuggestionStatus.ACCEPTED
    assert family.store.rejected[family.face] == {family.alice}
    assert family.planned_for(family.ann)
    assert family.store.next_family == {}  # their guardian answered for both


async def test_a_face_detached_by_a_co_guardian_is_not_detached_again() -> None:
    family = Family()
    family.store.faces[family.face].person_id = family.alice
    photo = family.store.faces[family.face].photo_id
    for guardian in (family.ann, family.ben):  # both had its photo
        family.store.deliveries[photo, guardian.id] = (uuid4(), DeliveryStatus.SENT)

    first = await family.corrections.not_this_person(family.face, BEN)
    again = await family.corrections.remove_photo(family.face, ANN)
    # A stranger learns nothing of what became of it (findings18 16).
    assert (await family.corrections.remove_photo(family.face, EVE)).outcome == Outcome.NOT_YOURS

    assert (first.outcome, first.name) == (Outcome.DONE, "Alice")
    assert first.event is not None
    assert family.store.rejected[family.face] == {family.alice}
    assert again.outcome == Outcome.ALREADY
    assert family.store.changes == [("unassign", family.face, family.alice, None)]


async def test_a_face_moves_only_to_another_child_of_the_same_guardian() -> None:
    family = Family()
    family.store.faces[family.face].person_id = family.alice

    assert (await family.corrections.move_face(family.face, family.bob, BEN)).outcome == (
        Outcome.NOT_YOURS  # Ben is not Bob's guardian
    )
    assert (await family.corrections.move_face(family.face, family.alice, ANN)).outcome == (
        Outcome.SAME
    )
    moved = await family.corrections.move_face(family.face, family.bob, ANN)

    assert (moved.outcome, moved.name) == (Outcome.DONE, "Bob")
    assert family.store.faces[family.face].person_id == family.bob
    assert [p.name for p in await family.corrections.other_persons(family.face, ANN)] == ["Alice"]
    assert (await family.corrections.offer(family.face, BEN)).outcome == Outcome.NOT_YOURS


async def test_a_paused_childs_photo_confirmed_is_held_for_her_guardians_not_sent() -> None:
    family = Family()
    family.store.persons[family.alice].status = PersonStatus.PAUSED
    asked = family.store.question(family.face, family.alice)

    assert (await family.corrections.answer_suggestion(asked, ANN, accept=True))[0] == (
        Outcome.DONE
    )

    assert family.planned_for(family.ann, family.ben)
    assert {status for _, status in family.store.deliveries.values()} == {DeliveryStatus.HELD}
    assert job_names.DELIVER not in {name for name, _ in family.jobs.queued.values()}
    assert await family.corrections.photo_fate(asked, ANN) == (PhotoFate.HELD, False)


async def test_a_face_moved_on_a_photo_taken_down_is_sent_to_nobody() -> None:
    family = Family()
    family.store.faces[family.face].person_id = family.alice
    family.store.faces[family.face].taken_down = True

    moved = await family.corrections.move_face(family.face, family.bob, ANN)

    assert moved.outcome == Outcome.DONE
    assert family.store.faces[family.face].person_id == family.bob
    assert family.store.deliveries == {}
