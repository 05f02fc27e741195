"""One question a person a clip, through the emulator (issue 35): a child lost and found
again in a clip is several tracks, each one to ask about; her parent is asked about one,
a "no" brings the next, a "yes" sends the clip once and asks nothing more about her in it
(``domain/corrections/clip_questions.py``). The clip is filmed from the shared photos."""

from __future__ import annotations

from domain.infra.models import Photo, Suggestion
from domain.states import SuggestionStatus
from tests.e2e.conftest import CAST, JourneyFactory
from tests.e2e.test_clip_journeys import ASKING, _clip, _clips_for, _post_clip

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_child_in_three_tracks_of_a_clip_is_asked_about_one_at_a_time(
    journey_factory: JourneyFactory,
) -> None:
    # Alice three times, a stranger between (3 s: each time she is a new track).
    three_times = _clip(
        (X["group"][0], 3.0),
        (NOBODY["group"][0], 3.0),
        (X["group"][1], 3.0),
        (NOBODY["group"][1], 3.0),
        (X["group"][2], 3.0),
    )
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        posted = await _post_clip(journey, group, poster, three_times)
        await journey.settle()
        clip = await Photo.get(message_id=posted["message_id"])
        about_alice = Suggestion.filter(face__photo=clip, person__name="Alice")
        assert await about_alice.count() == 3  # each of her tracks could be asked about
        (first,) = journey.suggestions(ann)  # but she is asked about once
        assert _clips_for(journey, ann) == []

        await journey.press(ann, first, "No")
        await journey.settle()
        # The answered question reads the answer; the next track is asked about.
        (second,) = journey.suggestions(ann)
        assert second["message_id"] != first["message_id"]
        assert second["caption"] != first["caption"]  # another time in the clip

        await journey.press(ann, second, "Yes")
        await journey.settle()
        assert journey.suggestions(ann) == []  # the third track is not asked about
        (copy,) = _clips_for(journey, ann)
        assert copy["caption"].startswith("Alice at ")
        answered = {row.status: row.sent_to for row in await about_alice}
        assert set(answered) == {
            SuggestionStatus.REJECTED,
            SuggestionStatus.ACCEPTED,
            SuggestionStatus.EXPIRED,  # settled, never sent
        }
        assert answered[SuggestionStatus.EXPIRED] is None
        await journey.assert_consistent()
