"""Issue 32, session 35 (walk35 3, 6, 7): every answer true where it is read.

- "Paused:" and "Resumed:" did not say which child, ambiguous to a guardian of two: they
  name the child now ("Paused Alice: …").
"""

from __future__ import annotations

from tests.e2e.conftest import Journey


async def test_pause_and_resume_name_the_child(journey: Journey) -> None:
    ann, _poster, _group = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (paused,) = await journey.after_pressing(ann, card, "Pause")
    assert paused["text"].startswith("Paused Alice: I'll keep recognizing them"), paused["text"]
    card = await journey.card(ann, "Alice")
    (resumed,) = await journey.after_pressing(ann, card, "Resume")
    assert resumed["text"] == "Resumed Alice: I'll send their photos and clips again.", resumed[
        "text"
    ]
