"""What walk 36 of issue 32 found untrue on today's main: answers kept on screen that a
later change made untrue without redrawing them (findings-walk36 N1 to N5, Rivka #3, the
admin chat's times after /timezone)."""

from __future__ import annotations

from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.steps import delete_person, reads_now
from tests.e2e.test_claims import _approved, _class, _name

EMPTY = "Your list of people is empty. Use /add to enroll someone."


async def test_a_claimers_persons_list_lists_the_child_once_her_claim_is_approved(
    journey: Journey, collages: Collages
) -> None:
    """N1: Pat's /persons list, redrawn "Your list of people is empty…" when she deleted
    Sara, stayed so after the organizer approved her claim of Tom, while she got his
    photos: it lists Tom, with his button."""
    poster, pat, _mallory, group, office = await _class(journey, collages)
    await journey.join(pat, journey.group_payload(group))
    await journey.enroll(pat, "Sara", [collages.photo(n) for n in CAST["scarlett"]["enroll"]])
    await journey.settle()
    listed = await journey.reply_to(pat, "/persons")
    await delete_person(journey, pat, "Sara")
    assert reads_now(journey, listed) == EMPTY

    payload = await _name(journey, poster, office)
    offer = await journey.reply_to(pat, f"/start {payload}")
    (sheet,) = await journey.after_pressing(pat, offer, "I agree")
    claimed = await _approved(journey, pat, sheet, poster, office)
    assert claimed["text"].startswith("Tom is yours now.")
    await journey.settle()
    # Redrawn by the organizer's press, which may still be running once Pat is told.
    await journey.until(lambda: reads_now(journey, listed) != EMPTY)
    assert reads_now(journey, listed) == "Your people:\n• Tom: active, 3 learned faces"
    assert labels(journey.now(listed)) == ["Tom"]
