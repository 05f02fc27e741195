"""One question a person a clip (issue 35): a child's face lost and found again in a clip
is several tracks, each decided on its own, and each may be asked about. Their guardian is
asked once: about the track most like the person (the highest fused score); the others
wait (``Suggestion.waiting``, in Postgres: a restart or a flushed Redis loses nothing). A
"no" asks the next one; a "yes" sends the clip, and the others are settled unasked; so
are they when the clip already goes to the person (another track of it is theirs) or the
question asked went unanswered. Sibling pairs ("Alice or Bob?") are asked as they come.

The sender asks ``turn`` before asking (``questions.SuggestionSender.send``, the store
deciding under the locks of the person's questions about the clip); an answer queues the
others again. The reconciler queues a waiting one again only once it is ``owed`` (what it
waited for is settled, and the job that should have followed was lost), so a lost job
only delays a question, and one still waiting costs nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.states import SuggestionStatus


@dataclass(frozen=True, slots=True)
class ClipQuestion:
    """A question about a person and one track of a clip, as ``turn`` weighs it."""

    id: UUID
    status: SuggestionStatus
    asked: bool  # claimed for sending: its guardians were (or are being) asked
    score: float  # the track's fused score for the person


class Turn(StrEnum):
    ASK = "ask"  # the question about the person in this clip to ask now
    WAIT = "wait"  # another track's question about them is asked, or comes first
    SETTLE = "settle"  # the clip goes to them already, or they were asked about it


def turn(
    question: ClipQuestion, others: Sequence[ClipQuestion], *, held: bool, taken: bool = False
) -> Turn:
    """Whether to ask ``question`` (about one track of a clip) now, given the questions
    about the same person's other tracks of that clip (``others``); ``held``: the person
    holds a track of the clip (assigned, or a "yes"), so its guardians get it already;
    ``taken``: the track itself was given to someone meanwhile (a claim, the next family)."""
    if held or taken or any(other.status == SuggestionStatus.ACCEPTED for other in others):
        return Turn.SETTLE
    if any(other.status == SuggestionStatus.EXPIRED and other.asked for other in others):
        return Turn.SETTLE  # asked, and nobody answered: not asked again about this clip
    open_ = [other for other in others if other.status == SuggestionStatus.PENDING]
    if any(other.asked or _rank(other) > _rank(question) for other in open_):
        return Turn.WAIT
    return Turn.ASK


def owed(waiting: ClipQuestion, others: Sequence[ClipQuestion]) -> bool:
    """Whether a question left waiting is owed a job now: the question it waited for is
    settled (answered, expired, withdrawn), so it is to be asked or settled unasked. The
    answer queued it, but that job may have been lost (a worker killed, Redis flushed);
    while the other question is still out, queueing it would only find it waiting again.
    (A clip that went to the person meanwhile settles it once the question out is settled.)"""
    return turn(waiting, others, held=False) != Turn.WAIT


def _rank(question: ClipQuestion) -> tuple[float, str]:
    """The likest first; equal scores by id, so two workers deciding agree."""
    return question.score, str(question.id)
