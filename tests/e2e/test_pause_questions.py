"""A paused group asks nothing: "Is this Alice?" questions not sent yet when the organizers
pause the group wait for its resume (they show a crop of a face in the group's photo)."""

from __future__ import annotations

from domain.infra.models import Suggestion
from domain.settings import MatchingSettings
from tests.e2e.conftest import CAST, Collages, JourneyFactory
from tests.e2e.organizers import bound_admin_chat

X, NOBODY = CAST["angelina"], CAST["scarlett"]


async def test_questions_wait_while_the_group_is_paused(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that Alice's faces are asked about.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        assert len(journey.suggestions(ann)) == 1

        sent = await journey.says(poster, "/pause", office["id"])
        await journey.replies(office["id"], sent)
        # As if the question had not gone out yet when the pause came.
        assert await Suggestion.all().update(notified_at=None, sent_to=None) == 1
        await journey.shutdown()
        await journey.start()  # the workers reconcile at start
        await journey.settle()
        assert len(journey.suggestions(ann)) == 1  # nothing asked while paused

        sent = await journey.says(poster, "/resume", office["id"])
        await journey.replies(office["id"], sent)
        # What the resume queued is done before the restart (a worker stopped in the middle
        # of a job leaves it to arq's in-progress expiry, beyond the wait below; seen in CI).
        await journey.settle()
        await journey.shutdown()
        await journey.start()
        await journey.settle()
        assert len(journey.suggestions(ann)) == 2  # asked once the group is back
