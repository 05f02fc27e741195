"""Whether a guardian's pending photo goes now: send it, hold it, wait, or finish it unsent,
decided in one place on plain facts. ``Deliveries.send`` reads the facts (before the
chat's turn, and again when its reservation fails), asks ``decide`` and acts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.states import DeliveryStatus


class Persons(StrEnum):
    """The guardian's persons in the photo, as they stand now."""

    ACTIVE = "active"  # one of them is active: the photo is for the guardian
    PAUSED = "paused"  # none active, one paused: held, offered when it resumes
    GONE = "gone"  # none of theirs is in it any more (moved away, deleted)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the decision needs to know of one delivery."""

    pending: bool  # still pending: not sent, settled, or taken by another run meanwhile
    taken_down: bool  # an organizer took the photo down
    group_paused: bool  # the organizers paused the group
    member: bool  # the group is active and the guardian still a member of it
    reachable: bool  # the guardian has not blocked the bot
    persons: Persons


class Step(StrEnum):
    SEND = "send"  # take the chat's turn, reserve it, send it
    HOLD = "hold"  # held while their person is paused
    WAIT = "wait"  # stays pending: resuming the group queues it again
    FINISH = "finish"  # settled unsent, for good: ``status``, ``reason``
    NOTHING = "nothing"  # not pending any more: nothing to do


@dataclass(frozen=True, slots=True)
class Decision:
    step: Step
    status: DeliveryStatus | None = None  # FINISH: the delivery's last status
    reason: str = ""  # FINISH: why, kept as its error


SEND = Decision(Step.SEND)
HOLD = Decision(Step.HOLD)
WAIT = Decision(Step.WAIT)
NOTHING = Decision(Step.NOTHING)
TAKEN_DOWN = Decision(Step.FINISH, DeliveryStatus.TAKEN_DOWN, "taken down before it was sent")
NOT_THEIRS = Decision(Step.FINISH, DeliveryStatus.CANCELLED, "no longer for this participant")
BLOCKED = Decision(Step.FINISH, DeliveryStatus.PARKED, "the participant blocked the bot")
NO_PERSON = Decision(
    Step.FINISH, DeliveryStatus.CANCELLED, "none of their persons is in it any more"
)


def decide(facts: Facts) -> Decision:
    """Send, hold, wait or finish: the first rule that applies, in this order."""
    if not facts.pending:
        return NOTHING  # sent, parked, cancelled, or reserved by another run
    if facts.taken_down:
        return TAKEN_DOWN
    if facts.group_paused:
        return WAIT
    if not facts.member:
        return NOT_THEIRS
    if not facts.reachable:
        return BLOCKED
    if facts.persons == Persons.PAUSED:
        return HOLD
    if facts.persons == Persons.GONE:
        return NO_PERSON
    return SEND
