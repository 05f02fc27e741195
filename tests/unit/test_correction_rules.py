"""The corrections' decisions on what the store read (``domain/corrections/rules.py``): what
an answer to "Is this Alice?" (or "Alice or Bob?") does once the question and its face are
locked, why a "Not Alice?" is refused, what the guardian who said yes is told of the
photo, and how that photo is planned for the child's guardians."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.corrections.rules import (
    Outcome,
    PhotoFate,
    Verdict,
    fate,
    planned_as,
    refusal,
    verdict,
)
from domain.corrections.stores import Delivered, FaceNow, Locked, Someone
from domain.states import DeliveryStatus, PersonStatus, SuggestionStatus

ASKED, OTHER, ALICE = uuid4(), uuid4(), uuid4()
PENDING, EXPIRED = SuggestionStatus.PENDING, SuggestionStatus.EXPIRED


def locked(
    *questions: tuple[UUID, SuggestionStatus, bool],
    face_person: UUID | None = None,
    taken_down: bool = False,
) -> Locked:
    return Locked(
        {q: (status, answered) for q, status, answered in questions}, face_person, taken_down
    )


def test_an_open_question_about_a_face_nobody_holds_is_answered() -> None:
    assert verdict(locked((ASKED, PENDING, False))) == Verdict.ANSWER


def test_a_question_nobody_answered_in_time_is_told_expired() -> None:
    assert verdict(locked((ASKED, EXPIRED, False))) == Verdict.EXPIRED


def test_an_expired_question_whose_face_was_given_meanwhile_is_already_settled() -> None:
    assert verdict(locked((ASKED, EXPIRED, False), face_person=ALICE)) == Verdict.ALREADY


@pytest.mark.parametrize(
    ("status", "answered"),
    [
        (SuggestionStatus.ACCEPTED, True),
        (SuggestionStatus.REJECTED, True),
        (EXPIRED, True),  # closed by a co-guardian's answer (the face taken meanwhile)
    ],
)
def test_a_second_press_finds_the_question_answered(
    status: SuggestionStatus, answered: bool
) -> None:
    assert verdict(locked((ASKED, status, answered))) == Verdict.ALREADY


@pytest.mark.parametrize(
    ("face_person", "gone", "taken_down"),
    [(ALICE, False, False), (None, True, False), (None, False, True)],
    ids=["face given to someone", "person deleted or merged", "photo taken down"],
)
def test_an_open_question_that_no_longer_applies_closes_unanswered(
    face_person: UUID | None, gone: bool, taken_down: bool
) -> None:
    state = locked((ASKED, PENDING, False), face_person=face_person, taken_down=taken_down)
    assert verdict(state, gone=gone) == Verdict.STALE


def test_a_pair_is_answered_while_the_one_chosen_is_still_open() -> None:
    pair = locked((ASKED, PENDING, False), (OTHER, PENDING, False))
    assert verdict(pair, picked=OTHER) == Verdict.ANSWER
    assert verdict(pair, picked=None) == Verdict.ANSWER  # "neither"


def test_a_pair_whose_chosen_question_closed_meanwhile_is_already_answered() -> None:
    pair = locked((ASKED, PENDING, False), (OTHER, SuggestionStatus.REJECTED, True))
    assert verdict(pair, picked=OTHER) == Verdict.ALREADY
    assert verdict(pair, picked=ASKED) == Verdict.ANSWER


def test_a_pair_is_expired_only_when_both_questions_expired_unanswered() -> None:
    assert verdict(locked((ASKED, EXPIRED, False), (OTHER, EXPIRED, False))) == Verdict.EXPIRED
    assert verdict(locked((ASKED, EXPIRED, False), (OTHER, EXPIRED, True))) == Verdict.ALREADY


def face(person: Someone | None) -> FaceNow:
    return FaceNow(uuid4(), uuid4(), person)


@pytest.mark.parametrize(
    ("seen", "outcome"),
    [
        (None, Outcome.GONE),  # the face is no more
        (face(Someone(ALICE, "Alice", PersonStatus.DELETING)), Outcome.GONE),
        (face(None), Outcome.ALREADY),  # detached meanwhile
        (face(Someone(ALICE, "Alice", PersonStatus.ACTIVE)), Outcome.NOT_YOURS),
    ],
    ids=["no face", "person being deleted", "nobody's now", "someone else's child"],
)
def test_a_refused_correction_names_nobody(seen: FaceNow | None, outcome: Outcome) -> None:
    assert refusal(seen) == outcome


@pytest.mark.parametrize(
    ("delivered", "told"),
    [
        (Delivered(DeliveryStatus.PENDING, own_post=False), PhotoFate.SENT),
        (Delivered(DeliveryStatus.SENT, own_post=True), PhotoFate.SENT),
        (Delivered(DeliveryStatus.HELD, own_post=False), PhotoFate.HELD),
        (Delivered(None, own_post=True), PhotoFate.OWN_POST),
        (Delivered(None, own_post=False), PhotoFate.NOT_SENT),
    ],
)
def test_the_guardian_who_said_yes_is_told_what_becomes_of_the_photo(
    delivered: Delivered, told: PhotoFate
) -> None:
    assert fate(delivered) == told


def test_a_photo_given_to_a_child_is_sent_held_while_paused_and_never_once_taken_down() -> None:
    assert planned_as(PersonStatus.ACTIVE, taken_down=False) == DeliveryStatus.PENDING
    assert planned_as(PersonStatus.PAUSED, taken_down=False) == DeliveryStatus.HELD
    assert planned_as(PersonStatus.ACTIVE, taken_down=True) is None
    assert planned_as(PersonStatus.PAUSED, taken_down=True) is None
    for gone in (PersonStatus.MERGED, PersonStatus.DELETING):
        assert planned_as(gone, taken_down=False) is None
