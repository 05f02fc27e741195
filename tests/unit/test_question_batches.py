"""When a guardian's gathered questions go (``corrections.batches.is_due``), and what the
sheet and its answers say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.corrections import texts
from domain.corrections.batches import is_due
from domain.states import QuestionMode

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_once_a_day_goes_after_the_hour_following_the_oldest_question() -> None:
    def due(oldest: datetime, now: datetime) -> bool:
        return is_due(QuestionMode.DAILY, 5, 1, oldest, now, 18)

    assert not due(NOON, NOON + timedelta(hours=5))  # 17:00: not yet
    assert due(NOON, NOON + timedelta(hours=6))  # 18:00
    assert not due(NOON + timedelta(hours=7), NOON + timedelta(hours=8))  # asked 19:00
    assert due(NOON + timedelta(hours=7), NOON + timedelta(days=1, hours=6))  # next day
    assert not is_due(QuestionMode.DAILY, 5, 0, NOON, NOON + timedelta(days=2), 18)


def test_every_n_goes_once_n_wait_and_back_to_each_at_once() -> None:
    assert not is_due(QuestionMode.EVERY, 5, 4, NOON, NOON, 18)
    assert is_due(QuestionMode.EVERY, 5, 5, NOON, NOON, 18)
    assert is_due(QuestionMode.EACH, 5, 1, NOON, NOON, 18)


def test_a_sheet_answered_in_part_says_so_naming_nobody_else() -> None:
    said = texts.questions_sheet_answered("Alice", "declined", 1, 0, 2)
    assert said.startswith("OK, none is <b>Alice</b>")
    assert "2 of the faces shown had been settled meanwhile" in said
    assert texts.questions_sheet_answered("Alice", "sent", 0, 0, 3).startswith("Nothing left")
    assert "Alice" not in texts.question_withdrawn()


def test_questions_as_they_come_wait_while_the_days_are_sent() -> None:
    assert is_due(QuestionMode.EACH, 5, 1, NOON, NOON, 18, capped=False)
    assert not is_due(QuestionMode.EACH, 5, 1, NOON, NOON, 18, capped=True)
