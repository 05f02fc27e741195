"""Issue 32: "an earlier photo" is said by what happened, not by the clock's second.

A question about a photo read "(an earlier photo, posted in Class 1A on <day>)" when the
photo was posted a second or more before its reader's membership was last confirmed (a
join, a return, a re-verification); Telegram dates a post in whole seconds, so a photo
posted in the second of an approval read "(a photo in Class 1A)", and whether a question
said "earlier" hung on the machine's pace. Now a question found among earlier photos (a
look back: a return, a joining, an approval, an enrollment; or a claim's faces) says so,
and one asked as its photo is posted never does."""

from __future__ import annotations

from domain.moderation import texts
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory
from tests.e2e.steps import asked_about
from tests.e2e.test_approvals import alice_waiting

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_photo_posted_as_she_joins_is_asked_about_as_posted(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match lands in the suggestion band: a question.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, _ = await journey.class_with_alice()
        choir, payload = await journey.group_with_bot("Choir", poster, [journey.user("Cat")])
        await journey.world.set_member_status(choir["id"], ann["id"], "member")
        await journey.join(ann, payload)
        # Posted at once (in the second she joined, most often), after her.
        await journey.post(choir, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        (asked,) = journey.suggestions(ann)
        assert asked["caption"] == asked_about("Alice", "Choir")


async def test_a_photo_posted_just_before_the_approval_is_an_earlier_photo(
    journey: Journey, collages: Collages
) -> None:
    poster, group, _office, ann, card = await alice_waiting(journey)
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()  # read while Alice waits: nobody's
    # Approved at once (in the second it was posted, most often).
    await journey.press(poster, card, texts.approve_button())
    await journey.settle()
    (asked,) = journey.suggestions(ann)
    assert asked["caption"] == asked_about("Alice", "Class 1A", earlier=True)
    assert journey.photos_for(ann) == []
