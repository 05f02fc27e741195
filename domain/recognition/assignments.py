"""The vocabulary of a face's changes of person: who made one (``Actor``), the notes an
event keeps, what an undo answers, and queueing the faces' syncs once a change committed.

Every change of a face's person (assign, unassign, move, merge, undo) is made in one
place, the adapter ``domain.infra.stores.assignments``, inside the caller's transaction:
it writes one assignment event and an outbox row (``face_sync_requests``) per face; after
the transaction commits, the caller queues the syncs with ``queue_syncs`` (the reconcile
cron does it otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.jobs import queue as job_names
from domain.jobs.queue import JobQueue, enqueue_for
from domain.states import AssignmentOperation, PersonStatus

GONE = (PersonStatus.DELETING, PersonStatus.MERGED)
# The changes that take a face from a person (``from_person``), which their undo gives back.
TAKES_FROM = (AssignmentOperation.UNASSIGN, AssignmentOperation.MOVE)


class _Identified(Protocol):
    """A participant's row, or anything else carrying its id."""

    @property
    def id(self) -> UUID: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change: a participant, or the system (``label`` says which)."""

    label: str
    participant_id: UUID | None = None

    @classmethod
    def participant(cls, participant: _Identified) -> Actor:
        return cls.of_participant(participant.id)

    @classmethod
    def of_participant(cls, participant_id: UUID) -> Actor:
        return cls(f"participant:{participant_id}", participant_id)


SYSTEM = Actor("system:recognition")
# What an event's actor becomes once that participant is forgotten (``/forget``).
FORGOTTEN_ACTOR = "participant:deleted"

# Notes name no one: who a change concerned is in ``from_person``/``to_person``, which are
# cleared when that person is deleted. Notes in these forms are kept as they are; any
# other note (older ones named persons, e.g. "merged Ally into Alice") is rewritten when
# a person it concerns is deleted or its actor is forgotten.
MERGE_NOTE = "merged"
MOVE_NOTE = "guardian: moved to another of their persons"
# "Remove this photo only": the guardian asked for their copy to go (``photo_copies``: an
# undo of another change of the photo does not send it back).
REMOVE_ONLY_NOTE = "guardian: remove this photo only"
# The note of a face a parent confirmed by claiming (``domain/claims``): a prototype
# candidate, like a "yes" (``prototype_choice``).
CLAIMED_NOTE = "claimed: a guardian confirmed it"
# The note of a person's faces deleted while the person is kept ("Forget faces"): its
# event's photos are those its guardians may still hold copies of.
FACES_FORGOTTEN_NOTE = "faces deleted"
_NAMELESS_NOTE = re.compile(
    r"(suggestion accepted|guardian: not this person|person deleted"
    r"|recognized with score (None|[-0-9.e]+)|undo of [a-z]+ [0-9a-f-]{36}|"
    + "|".join(
        re.escape(note)
        for note in (
            MERGE_NOTE,
            MOVE_NOTE,
            REMOVE_ONLY_NOTE,
            CLAIMED_NOTE,
            FACES_FORGOTTEN_NOTE,
        )
    )
    + ")"
)
SCRUBBED_NOTE = "note removed: it named a deleted person or a forgotten participant"


class UndoOutcome(StrEnum):
    DONE = "done"
    UNKNOWN = "unknown"
    ALREADY_UNDONE = "already_undone"
    NOT_UNDOABLE = "not_undoable"  # the faces were deleted
    CHANGED_SINCE = "changed_since"  # the face or person is not where the event left it
    IS_AN_UNDO = "is_an_undo"  # an undo is not undone: the change is made again instead
    # A merge whose undo would leave one of its two persons with no guardian (the guardian
    # who made it used /forget): nobody could see, export or delete that child's faces.
    NO_GUARDIAN = "no_guardian"
    # A change that took a face or a photo from a person, whose faces were all deleted
    # since ("Forget faces"): what it would give back was found through those faces, and
    # giving it back is what "Forget faces" undid (walkhe4 13, walken7 4).
    FACES_FORGOTTEN = "faces_forgotten"


@dataclass(frozen=True, slots=True)
class UndoFacts:
    """What undoing an assignment event depends on, as the database says now."""

    operation: AssignmentOperation
    undone: bool
    # The event's persons: a move's or an unassignment's first person, an assignment's or
    # a move's second; a merge's removed person, and the person it was merged into.
    from_person: UUID | None
    to_person: UUID | None
    # Neither deleted (nor being deleted) nor merged into another: ``GONE``.
    from_alive: bool
    to_alive: bool
    # Of the event's faces, how many are left, and the person of its one face now.
    faces_left: int = 0
    face_person: UUID | None = None
    # A merge's removed person: whom it is merged into now (None when it is not merged).
    merged_into: UUID | None = None
    # Its one face changed by a later event (made, undone or an undo), even if that face is
    # back where this event left it: undoing it would silently take back what was decided
    # after it (a co-guardian's "yes" undone past the owner's "Not Noa" and its undo).
    changed_later: bool = False
    # A merge's undo would leave one of its persons with no guardian: the kept one without
    # those the merge gave it, or the removed one without its own (findings24 9).
    guardianless: bool = False
    # Its first person's faces were all deleted after it ("Forget faces"); a merge's kept
    # person's, those it moved with them.
    faces_forgotten: bool = False


def faces_deleted(operation: AssignmentOperation, faces_left: int) -> bool:
    """Whether an event can never be undone, its faces deleted: by the event itself (a
    removal), or since (``faces_left``: of its faces, how many still exist; a merge's are
    the persons', not counted)."""
    if operation == AssignmentOperation.REMOVE:
        return True
    return operation != AssignmentOperation.MERGE and faces_left != 1


def remembered_not_theirs(
    operation: AssignmentOperation, details: Mapping[str, object], faces_left: int
) -> bool:
    """Whether an unmatch also taught me its faces are not its person's ("That isn't
    Alice", the rejection its undo deletes), not only took them off a photo ("Remove this
    photo only"): /history and /audit say which (walk34 4). Only while its faces are kept
    (``faces_left``: how many still exist): a takedown, or their time running out, deletes
    them and what they taught with them (issue 32, s35)."""
    return (
        operation == AssignmentOperation.UNASSIGN
        and bool(details.get("rejection_added"))
        and faces_left > 0
    )


def why_not_undo(now: UndoFacts) -> UndoOutcome | None:
    """Why an event cannot be undone, or None when the state still is what it left: an
    undo puts back only what nobody changed since."""
    if now.undone:
        return UndoOutcome.ALREADY_UNDONE
    if faces_deleted(now.operation, now.faces_left):
        return UndoOutcome.NOT_UNDOABLE
    if now.faces_forgotten and now.operation in TAKES_FROM:
        return UndoOutcome.FACES_FORGOTTEN
    if now.operation == AssignmentOperation.MERGE:
        if now.faces_forgotten:
            # The faces it moved went with the kept person's ("Forget faces"): its undo
            # would bring the removed person back with none, "ready" (walk35 1).
            return UndoOutcome.NOT_UNDOABLE
        still = now.merged_into is not None and now.merged_into == now.to_person
        if not (still and now.to_alive):
            return UndoOutcome.CHANGED_SINCE
        return UndoOutcome.NO_GUARDIAN if now.guardianless else None
    if now.changed_later:
        return UndoOutcome.CHANGED_SINCE
    if now.operation == AssignmentOperation.ASSIGN:
        still = now.to_person is not None and now.face_person == now.to_person
    elif now.operation == AssignmentOperation.UNASSIGN:
        still = now.face_person is None and now.from_alive
    elif now.operation == AssignmentOperation.MOVE:
        still = now.face_person == now.to_person and now.from_alive
    else:
        still = False
    return None if still else UndoOutcome.CHANGED_SINCE


def is_nameless(note: str | None) -> bool:
    return note is None or _NAMELESS_NOTE.fullmatch(note) is not None


async def queue_syncs(jobs: JobQueue, face_ids: Iterable[UUID]) -> None:
    for face_id in dict.fromkeys(face_ids):
        await enqueue_for(jobs, job_names.SYNC_FACE, face_id)
