"""Who needs an organizer's approval in a group, and what a pending or rejected one blocks."""

from __future__ import annotations

from uuid import uuid4

from domain.moderation.approval_rules import kind_needed
from domain.states import ApprovalKind, ApprovalStatus

ANN, BOB = uuid4(), uuid4()


def test_a_rejection_always_blocks_a_pending_one_only_while_approval_is_on() -> None:
    assert ApprovalStatus.REJECTED.blocks(requires_approval=True)
    assert ApprovalStatus.REJECTED.blocks(requires_approval=False)
    assert ApprovalStatus.PENDING.blocks(requires_approval=True)
    assert not ApprovalStatus.PENDING.blocks(requires_approval=False)
    assert not ApprovalStatus.APPROVED.blocks(requires_approval=True)


def need(**overrides: object) -> ApprovalKind | None:
    args: dict[str, object] = {
        "requires_approval": True,
        "participant_id": ANN,
        "person_asked_by": None,
        "others_present": False,
        "fresh": False,
    }
    args.update(overrides)
    return kind_needed(**args)  # type: ignore[arg-type]


def test_nothing_is_asked_where_the_group_does_not_approve() -> None:
    assert need(requires_approval=False, fresh=True) is None
    assert need(requires_approval=False, person_asked_by=BOB) is None


def test_a_new_person_is_asked_about_once_by_whoever_brings_it() -> None:
    assert need(fresh=True) == ApprovalKind.PERSON
    assert need(fresh=True, others_present=True) == ApprovalKind.PERSON
    assert need() == ApprovalKind.PERSON  # its guardian joins the group later
    assert need(person_asked_by=ANN) is None  # asked already: the decision stands


def test_another_guardian_of_a_person_already_there_needs_their_own_approval() -> None:
    assert need(person_asked_by=BOB) == ApprovalKind.GUARDIAN
    # Matched there before the organizers turned approval on: the person keeps matching.
    assert need(others_present=True) == ApprovalKind.GUARDIAN
