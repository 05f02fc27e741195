"""A question whose face's crop is gone before it is asked (CI once saw the next family's
question meet a crop its "no" had just dropped: the send job failed, InvalidBlobKey(''),
and nobody was asked): it is asked on the posted photo, marked as every question is (the
crop is only what it shows when Telegram cannot give the photo)."""

from __future__ import annotations

from domain.infra.models import Face, Suggestion
from domain.recognition.service import crop_blobs
from tests.e2e.conftest import CAST, Collages, JourneyFactory
from tests.e2e.test_eighteenth_session_answers import UNSURE, _bot_said

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_question_whose_crop_went_while_it_waited_is_asked_on_its_photo(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=UNSURE) as journey:
        ann, poster, group = await journey.class_with_alice()
        card = await journey.card(ann, "Alice")
        await journey.after_pressing(ann, card, "Pause")
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        assert journey.suggestions(ann) == []  # held while Alice is paused
        # Its crop goes meanwhile, as a crossing "no" dropped it (its key emptied).
        (waiting,) = await Suggestion.all()
        face = await Face.get(id=waiting.face_id)  # type: ignore[attr-defined]
        assert face.crop_key is not None and journey.stack is not None
        assert journey.stack.blobs is not None
        for key in crop_blobs(face.crop_key):
            await journey.stack.blobs.delete(key)
        await Face.filter(id=face.id).update(crop_key=None)

        card = await journey.card(ann, "Alice")
        await journey.after_pressing(ann, card, "Resume")
        await journey.settle()
        said = _bot_said(journey, ann, card["message_id"])
        assert said[1:] == ["Is this Alice? (a photo in Class 1A)"], said
        (asked,) = journey.suggestions(ann)
        assert "photo" in asked
