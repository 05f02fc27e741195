"""An older /history, read after later changes (findings26 8, issue 32): it lists only the
changes made until it was sent, and says so, as an older /persons list does; its lines
and Undo buttons still say what is true of them now."""

from __future__ import annotations

from typing import Any

from domain.settings import MatchingSettings
from sandbox.collages import Collages
from tests.e2e.conftest import CAST, Journey, JourneyFactory, labels
from tests.e2e.test_eleventh_walk_guardians import text_of
from tests.e2e.test_eleventh_walk_history import numbered

NO_CHANGES = "No changes to show. Changes about a deleted person are deleted with them."

X, NOBODY = CAST["angelina"], CAST["strangers"]
# "That isn't Alice" taught me something: the line says so (walk34 4).
UNMATCHED = "unmatched 1 face: Alice (and I remember it isn't Alice's)"
AS_OF = "changes made since are not listed here. Send /history for the latest changes."


async def _unmatch(journey: Journey, ann: dict[str, Any], copy: dict[str, Any]) -> None:
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()


async def test_an_older_history_says_it_lists_only_the_changes_until_it_was_sent(
    journey: Journey, collages: Collages
) -> None:
    """Ann's /history, then a new correction: the older list says it is as of its time
    (before, it read as the latest, without the new change); a newer one lists both and
    says nothing of the kind. An Undo pressed on the newer one: the older list says the
    change is undone and loses its Undo."""
    ann, poster, group = await journey.class_with_alice()
    for n in (0, 1):
        await journey.post(group, poster, collages.make(X["group"][n]))
        await journey.settle()
    first, second = journey.photos_for(ann)
    await _unmatch(journey, ann, first)
    older = await journey.reply_to(ann, "/history")
    assert numbered(older) == [UNMATCHED] and "Undo 1" in labels(older)
    assert AS_OF not in text_of(journey, older)

    await _unmatch(journey, ann, second)
    await journey.until(lambda: AS_OF in text_of(journey, older))
    said = text_of(journey, older)
    assert numbered(journey.now(older)) == [UNMATCHED]
    assert said.rstrip().endswith(AS_OF) and "As of " in said
    assert "Undo 1" in labels(journey.now(older))  # still true: it can be undone there

    newer = await journey.reply_to(ann, "/history")
    assert numbered(newer) == [UNMATCHED, UNMATCHED]
    assert AS_OF not in text_of(journey, newer)
    assert (await journey.press(ann, newer, "Undo 2"))["text"] == "Undone."
    await journey.until(lambda: "(undone)" in text_of(journey, older))
    assert not [label for label in labels(journey.now(older)) if label.startswith("Undo")]
    assert text_of(journey, older).rstrip().endswith(AS_OF)


async def test_an_older_history_says_so_after_a_no_to_a_question(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """A "no" to "Is this Alice?" is a /history line: the list sent before it says it is
    as of its time (before, nothing redrew it); so does the one sent to Carl, Alice's
    other guardian, whose /history lists Ann's "no" too (before, only the chat of the one
    who answered was looked at)."""
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, carl, poster, group = await journey.class_with_alice_and_carl()
        older = await journey.reply_to(ann, "/history")
        assert text_of(journey, older) == NO_CHANGES
        carls = await journey.reply_to(carl, "/history")
        assert text_of(journey, carls) == NO_CHANGES
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (question,) = journey.suggestions(ann)
        await journey.press(ann, question, "No")
        await journey.until(lambda: AS_OF in text_of(journey, older))
        assert text_of(journey, older).startswith(NO_CHANGES)
        await journey.until(lambda: AS_OF in text_of(journey, carls))
        assert text_of(journey, carls).startswith(NO_CHANGES)
        assert "Ann" in text_of(journey, await journey.reply_to(carl, "/history"))
