"""Who may do what to a person: the owner, a co-guardian, a stranger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.persons.rules import (
    PersonAction,
    Seat,
    Verdict,
    may,
    may_remove,
    owner,
    role_of,
    successor,
)
from domain.states import GuardianRole

T0 = datetime(2024, 1, 1, tzinfo=UTC)
ANN, BEA, CARL, EVE = uuid4(), uuid4(), uuid4(), uuid4()
SEATS = [
    Seat(ANN, GuardianRole.OWNER, T0),
    Seat(CARL, GuardianRole.CO_GUARDIAN, T0 + timedelta(days=2)),
    Seat(BEA, GuardianRole.CO_GUARDIAN, T0 + timedelta(days=1)),
]


@pytest.mark.parametrize("action", list(PersonAction))
def test_the_owner_may_do_everything(action: PersonAction) -> None:
    assert may(GuardianRole.OWNER, action) == Verdict.ALLOWED


@pytest.mark.parametrize(
    ("action", "verdict"),
    [
        (PersonAction.RECEIVE, Verdict.ALLOWED),
        (PersonAction.CORRECT, Verdict.ALLOWED),
        (PersonAction.INVITE, Verdict.ALLOWED),
        (PersonAction.LEAVE, Verdict.ALLOWED),
        (PersonAction.DELETE, Verdict.OWNER_ONLY),
        (PersonAction.FORGET_FACES, Verdict.OWNER_ONLY),
        (PersonAction.MERGE, Verdict.OWNER_ONLY),
        (PersonAction.REMOVE_GUARDIAN, Verdict.OWNER_ONLY),
    ],
)
def test_a_co_guardian_receives_corrects_and_leaves(action: PersonAction, verdict: Verdict) -> None:
    assert may(GuardianRole.CO_GUARDIAN, action) == verdict


def test_a_stranger_may_do_nothing() -> None:
    assert {may(None, action) for action in PersonAction} == {Verdict.NOT_A_GUARDIAN}


def test_who_may_remove_whom() -> None:
    assert may_remove(SEATS, ANN, BEA) == Verdict.ALLOWED
    assert may_remove(SEATS, BEA, CARL) == Verdict.OWNER_ONLY
    assert may_remove(SEATS, BEA, ANN) == Verdict.OWNER_STAYS
    assert may_remove(SEATS, BEA, BEA) == Verdict.ALLOWED  # leaving
    assert may_remove(SEATS, ANN, ANN) == Verdict.ALLOWED
    assert may_remove(SEATS, EVE, BEA) == Verdict.NOT_A_GUARDIAN
    assert may_remove(SEATS, ANN, EVE) == Verdict.NOT_A_GUARDIAN


def test_ownership_passes_to_the_longest_standing_co_guardian() -> None:
    heir = successor(SEATS, ANN)
    assert heir is not None and heir.participant_id == BEA
    assert successor([SEATS[0]], ANN) is None


def test_without_a_marked_owner_the_longest_standing_guardian_owns() -> None:
    orphaned = SEATS[1:]  # the owner's account was deleted
    current = owner(orphaned)
    assert current is not None and current.participant_id == BEA
    assert role_of(orphaned, BEA) == GuardianRole.OWNER
    assert role_of(orphaned, CARL) == GuardianRole.CO_GUARDIAN
    assert role_of(orphaned, ANN) is None
    assert owner([]) is None


def test_of_two_marked_owners_the_senior_one_owns() -> None:
    # Merging persons can copy a second owner's seat.
    seats = [*SEATS, Seat(EVE, GuardianRole.OWNER, T0 + timedelta(days=3))]
    assert role_of(seats, ANN) == GuardianRole.OWNER
    assert role_of(seats, EVE) == GuardianRole.CO_GUARDIAN
