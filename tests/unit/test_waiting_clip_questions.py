"""The reconcile cron and a clip's questions left waiting (``clip_questions.owed``): one
waiting for the question out about the same child is queued again only once that one is
settled (the job its answer queued may have been lost), never every minute meanwhile."""

from __future__ import annotations

from uuid import uuid4

from domain.corrections.clip_questions import ClipQuestion, owed
from domain.states import SuggestionStatus

PENDING, REJECTED = SuggestionStatus.PENDING, SuggestionStatus.REJECTED
ACCEPTED, EXPIRED = SuggestionStatus.ACCEPTED, SuggestionStatus.EXPIRED


def _q(score: float, status: SuggestionStatus = PENDING, *, asked: bool = False) -> ClipQuestion:
    return ClipQuestion(uuid4(), status, asked, score)


def test_a_question_waiting_for_one_still_out_is_not_queued_again() -> None:
    out, next_, last = _q(0.7, asked=True), _q(0.6), _q(0.5)
    assert not owed(next_, [out, last])
    assert not owed(last, [out, next_])


def test_once_the_question_out_is_settled_the_next_is_owed_and_only_it() -> None:
    next_, last = _q(0.6), _q(0.5)
    answered_no = _q(0.7, REJECTED, asked=True)
    assert owed(next_, [answered_no, last])  # its turn: asked now
    assert not owed(last, [answered_no, next_])  # still behind the next
    # A "yes", or no answer in time: each waiting one is owed its settling.
    for settled in (_q(0.7, ACCEPTED, asked=True), _q(0.7, EXPIRED, asked=True)):
        assert owed(next_, [settled, last]) and owed(last, [settled, next_])
