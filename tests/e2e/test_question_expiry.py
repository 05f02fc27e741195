"""Questions ("Is this Alice?") nobody answered expire: the question in the guardian's
chat is blanked and says so, the face stays nobody's, its crop is deleted, and a late
press on it changes nothing."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from domain.corrections.expiry import QuestionExpiry
from domain.infra.models import Delivery, Face, Suggestion
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.settings import MatchingSettings, Settings
from domain.states import SuggestionStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory
from tests.e2e.steps import everything_read

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
EXPIRED = (
    "⌛ This question expired: nobody answered it within 14 days, so I didn't match that "
    "face to anyone."
)


@contextlib.asynccontextmanager
async def expiry_of(journey: Journey) -> AsyncIterator[QuestionExpiry]:
    """The worker's expiry, on the same Telegram, Redis, Postgres and blobs."""
    assert journey.stack is not None and journey.stack.redis is not None
    assert journey.stack.blobs is not None
    bot = make_bot(journey.settings)
    try:
        yield QuestionExpiry(
            make_messenger(bot, journey.stack.redis, journey.settings.telegram),
            journey.stack.blobs,
            TortoiseCorrectionStore(),
            after=timedelta(days=14),
        )
    finally:
        await bot.session.close()


async def test_an_unanswered_question_expires_blanked_and_a_late_yes_changes_nothing(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match lands in the suggestion band.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
        await journey.settle()
        await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
        await journey.settle()
        old, recent = journey.suggestions(ann)
        # (The transcript's messages change as they are edited: keep what they showed.)
        old_image = old["photo"][-1]["file_unique_id"]
        yes = old["reply_markup"]["inline_keyboard"][0][0]
        recent_buttons = recent["reply_markup"]
        old_suggestion, recent_suggestion = await Suggestion.all().order_by("created_at")
        await Suggestion.filter(id=old_suggestion.id).update(
            notified_at=datetime.now(UTC) - timedelta(days=15)  # asked 15 days ago
        )
        face = await Face.get(id=old_suggestion.face_id)  # type: ignore[attr-defined]
        crop = face.crop_key
        assert crop is not None
        assert journey.stack is not None and journey.stack.blobs is not None
        blobs = journey.stack.blobs
        assert await blobs.exists(crop)

        async with expiry_of(journey) as expiry:
            done = await expiry.run()
            assert (done.questions, done.messages) == (1, 1)
            assert (await expiry.run()).questions == 0  # once

        # The old question now says what happened; its crop and buttons are gone.
        blanked = journey.now(old)
        assert blanked["caption"] == EXPIRED
        assert "reply_markup" not in blanked
        assert blanked["photo"][-1]["file_unique_id"] != old_image
        await old_suggestion.refresh_from_db()
        assert old_suggestion.status == SuggestionStatus.EXPIRED
        await face.refresh_from_db()
        assert face.person_id is None and face.crop_key is None  # type: ignore[attr-defined]
        assert not await blobs.exists(crop)
        # The recent question is untouched.
        assert journey.now(recent)["reply_markup"] == recent_buttons
        assert "edit_date" not in journey.now(recent)
        await recent_suggestion.refresh_from_db()
        assert recent_suggestion.status == SuggestionStatus.PENDING

        # A late "Yes" (an old client still showing the buttons) changes nothing.
        answer = await journey.world.press_button(
            ann["id"], ann["id"], old["message_id"], yes["callback_data"]
        )
        assert answer["text"] == "This question has expired: nobody answered it in time."
        # A stranger replaying its data in her own chat learns no name.
        eve = journey.user("Eve")
        eves_message = await journey.reply_to(eve, "/start")
        answer = await journey.world.press_button(
            eve["id"], eve["id"], eves_message["message_id"], yes["callback_data"]
        )
        assert answer["text"] == "That isn't one of your people."
        assert "Alice" not in everything_read(journey, eve)
        await journey.settle()
        await face.refresh_from_db()
        assert face.person_id is None  # type: ignore[attr-defined]
        assert not await Delivery.exists(photo_id=face.photo_id)  # type: ignore[attr-defined]
        assert journey.unique_ids(ann) == []
        await journey.assert_consistent()

        # A question answered does not expire, however long ago it was asked.
        answered = await journey.world.press_button(
            ann["id"],
            ann["id"],
            recent["message_id"],
            recent_buttons["inline_keyboard"][0][1]["callback_data"],
        )
        assert answered["text"].startswith("Thanks, noted")
        answered_caption = journey.now(recent)["caption"]
        await Suggestion.filter(id=recent_suggestion.id).update(
            notified_at=datetime.now(UTC) - timedelta(days=20)
        )
        async with expiry_of(journey) as expiry:
            assert (await expiry.run()).questions == 0
        assert journey.now(recent)["caption"] == answered_caption


def test_questions_expire_hourly_in_the_worker() -> None:
    from workers.app import cron_jobs

    (job,) = [j for j in cron_jobs(Settings()) if j.name.endswith("expire_questions")]
    assert job.minute == {27} and job.hour is None
