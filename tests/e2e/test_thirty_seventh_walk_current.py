"""Issue 32 (session 37): answers that read as current after they stopped being.

A guardian's "Paused Alice: … When you resume, I'll offer you…" promised so after the
resume."""

from __future__ import annotations

from tests.e2e.conftest import Journey
from tests.e2e.steps import reads_now, sent_starting


async def test_a_pause_told_says_it_in_the_past_once_resumed(journey: Journey) -> None:
    """Ann pauses Alice, then Carl resumes her: Ann's "Paused Alice: …" no longer says what
    happens "when you resume"."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    (paused,) = sent_starting(journey, ann, "Paused")
    assert "When you resume" in reads_now(journey, paused)
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann paused")))
    await journey.settle()

    await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Resume")
    await journey.settle()
    assert reads_now(journey, paused) == "Paused Alice for a while: resumed since."
