"""What a guardian's "Undo" of a change in /history answers (``why_not_undo``, on the facts
the adapter reads): a change is put back only while nobody changed its face or persons
since; a deletion never comes back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.recognition.assignments import UndoFacts, UndoOutcome, why_not_undo
from domain.states import AssignmentOperation

ALICE, ALLY, BOB = uuid4(), uuid4(), uuid4()


def made(
    operation: AssignmentOperation, from_person: UUID | None, to_person: UUID | None, **now: Any
) -> UndoFacts:
    """A change as the database shows it right after it was made: its persons still there."""
    return UndoFacts(
        operation,
        undone=False,
        from_person=from_person,
        to_person=to_person,
        from_alive=from_person is not None,
        to_alive=to_person is not None,
        **now,
    )


ASSIGNED = made(AssignmentOperation.ASSIGN, None, ALICE, faces_left=1, face_person=ALICE)
UNASSIGNED = made(AssignmentOperation.UNASSIGN, ALICE, None, faces_left=1)
MOVED = made(AssignmentOperation.MOVE, ALICE, ALLY, faces_left=1, face_person=ALLY)
# Ally merged into Alice: Ally is hidden (merged), Alice is there.
MERGED = replace(made(AssignmentOperation.MERGE, ALLY, ALICE, merged_into=ALICE), from_alive=False)


@pytest.mark.parametrize("change", [ASSIGNED, UNASSIGNED, MOVED, MERGED])
def test_a_change_nobody_touched_since_is_undone(change: UndoFacts) -> None:
    assert why_not_undo(change) is None


@pytest.mark.parametrize("change", [ASSIGNED, UNASSIGNED, MOVED, MERGED])
def test_a_change_is_undone_once(change: UndoFacts) -> None:
    assert why_not_undo(replace(change, undone=True)) == UndoOutcome.ALREADY_UNDONE


@pytest.mark.parametrize("change", [ASSIGNED, UNASSIGNED, MOVED])
def test_a_deleted_face_does_not_come_back(change: UndoFacts) -> None:
    assert why_not_undo(replace(change, faces_left=0, face_person=None)) == (
        UndoOutcome.NOT_UNDOABLE
    )


def test_a_deletion_is_never_undone() -> None:
    removed = made(AssignmentOperation.REMOVE, ALICE, None)
    assert why_not_undo(removed) == UndoOutcome.NOT_UNDOABLE


@pytest.mark.parametrize(
    "since",
    [
        replace(ASSIGNED, face_person=ALLY),  # the face was moved on
        replace(ASSIGNED, face_person=None),  # or detached
        replace(UNASSIGNED, face_person=BOB),  # the face became someone else's
        replace(UNASSIGNED, from_alive=False),  # its person was deleted or merged
        replace(MOVED, face_person=BOB),  # moved on again
        replace(MOVED, from_alive=False),  # the first person is gone
        replace(MERGED, merged_into=None),  # the merge was undone another way
        replace(MERGED, merged_into=BOB),  # merged into someone else since
        replace(MERGED, to_alive=False),  # the kept person is gone
        # Its guardians all came with the merge: the undo would leave it guarded by nobody
        # (findings24 9: the owner who merged left with /forget).
        replace(MERGED, kept_unguarded=True),
        # Back where it left it, but changed since: a co-guardian's "yes", then the owner's
        # "Not Alice" and its undo (undoing the "yes" now would take back the owner's undo).
        replace(ASSIGNED, changed_later=True),
        replace(UNASSIGNED, changed_later=True),
        replace(MOVED, changed_later=True),
    ],
)
def test_a_change_is_not_undone_over_a_later_one(since: UndoFacts) -> None:
    assert why_not_undo(since) == UndoOutcome.CHANGED_SINCE


def test_an_undone_change_is_refused_as_undone_before_anything_else() -> None:
    gone_since = replace(MOVED, undone=True, faces_left=0, face_person=None)
    assert why_not_undo(gone_since) == UndoOutcome.ALREADY_UNDONE
