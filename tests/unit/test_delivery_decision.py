"""Delivery's one decision, on plain facts: send, hold, wait or finish (``decide``), each
rule and the order in which they apply."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.delivery.decision import Decision, Facts, Persons, Step, decide
from domain.states import DeliveryStatus

DUE = Facts(
    pending=True,
    taken_down=False,
    group_paused=False,
    member=True,
    reachable=True,
    persons=Persons.ACTIVE,
)


def test_a_pending_photo_of_an_active_person_for_a_reachable_member_is_sent() -> None:
    assert decide(DUE).step == Step.SEND


@pytest.mark.parametrize(
    ("changed", "step", "status", "reason"),
    [
        ({"pending": False}, Step.NOTHING, None, ""),
        (
            {"taken_down": True},
            Step.FINISH,
            DeliveryStatus.TAKEN_DOWN,
            "taken down before it was sent",
        ),
        ({"group_paused": True}, Step.WAIT, None, ""),
        (
            {"member": False},
            Step.FINISH,
            DeliveryStatus.CANCELLED,
            "no longer for this participant",
        ),
        (
            {"reachable": False},
            Step.FINISH,
            DeliveryStatus.PARKED,
            "the participant blocked the bot",
        ),
        ({"persons": Persons.PAUSED}, Step.HOLD, None, ""),
        (
            {"persons": Persons.GONE},
            Step.FINISH,
            DeliveryStatus.CANCELLED,
            "none of their persons is in it any more",
        ),
    ],
)
def test_each_fact_alone_decides(
    changed: dict[str, object], step: Step, status: DeliveryStatus | None, reason: str
) -> None:
    assert decide(replace(DUE, **changed)) == Decision(step, status, reason)  # type: ignore[arg-type]


def test_one_no_longer_pending_is_left_alone_whatever_else_is_true() -> None:
    worst = Facts(
        pending=False,
        taken_down=True,
        group_paused=True,
        member=False,
        reachable=False,
        persons=Persons.GONE,
    )
    assert decide(worst).step == Step.NOTHING


def test_a_photo_taken_down_is_finished_even_in_a_paused_group() -> None:
    # Resuming the group would queue it again only to finish it then.
    facts = replace(DUE, taken_down=True, group_paused=True, member=False)
    assert decide(facts).status == DeliveryStatus.TAKEN_DOWN


def test_a_paused_group_keeps_it_pending_even_for_a_guardian_gone_or_blocked() -> None:
    # What holds when the group resumes is decided then.
    facts = replace(DUE, group_paused=True, member=False, reachable=False, persons=Persons.GONE)
    assert decide(facts).step == Step.WAIT


def test_one_no_longer_a_member_is_cancelled_rather_than_parked_or_held() -> None:
    facts = replace(DUE, member=False, reachable=False, persons=Persons.PAUSED)
    assert decide(facts).status == DeliveryStatus.CANCELLED


def test_a_guardian_who_blocked_the_bot_is_parked_even_when_their_person_is_paused() -> None:
    # Parked photos go when they come back; a pause then holds them.
    facts = replace(DUE, reachable=False, persons=Persons.PAUSED)
    assert decide(facts).status == DeliveryStatus.PARKED
