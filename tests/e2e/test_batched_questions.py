"""Questions in batches: a guardian who chose "once a day" or "every N" in /settings gets
one numbered sheet per person instead of a message per face ([Yes, all are Alice] [Some
are] [None is Alice]); what waits lives in Postgres (a Redis flush or a restart only delays
it), a 429 sends it once; a sheet partly settled meanwhile answers only the faces still
open; a question settled without a guardian is withdrawn from their chat, naming nobody
unless another of its guardians answered it (then: who, and what)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from arq import create_pool

from domain.corrections import texts
from domain.corrections.batches import QuestionBatches, QuestionWithdrawal
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.face_crops import PillowFaceCrops
from domain.infra.models import (
    EarlierPhotos,
    Face,
    FaceRejection,
    Participant,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.stores import assignments
from domain.infra.stores.corrections import TortoiseCorrectionStore
from domain.infra.telegram.client import make_bot
from domain.infra.telegram.messenger import make_messenger
from domain.languages import dates as datefmt
from domain.languages import texts as languages_texts
from domain.moderation import texts as moderation_texts
from domain.recognition.assignments import SYSTEM
from domain.retry import TryAgainLater
from domain.settings import MatchingSettings, Settings
from domain.states import OfferStatus, PersonStatus, QuestionMode, SuggestionStatus
from sandbox.limits import Fault
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.steps import everything_read
from tests.e2e.test_truth import _export

X, NOBODY = CAST["angelina"], CAST["strangers"]
# Every true match is a question: thresholds out of reach.
ASKING = MatchingSettings(auto=0.97, suggest=0.4)
TOMORROW = timedelta(days=1, hours=1)


@contextlib.asynccontextmanager
async def worker_side(
    journey: Journey,
) -> AsyncIterator[tuple[QuestionBatches, QuestionWithdrawal]]:
    """The worker's batches and withdrawal, on the same Telegram, Redis, Postgres, blobs."""
    assert journey.stack is not None and journey.stack.redis is not None
    assert journey.stack.blobs is not None and journey.stack.redis_url is not None
    bot = make_bot(journey.settings)
    pool = await create_pool(redis_settings(journey.stack.redis_url))
    messenger = make_messenger(bot, journey.stack.redis, journey.settings.telegram)
    try:
        yield (
            QuestionBatches(
                messenger,
                journey.stack.blobs,
                ArqJobQueue(pool),
                TortoiseCorrectionStore(),
                pictures=PillowFaceCrops(),
                hour=18,
                a_day=journey.settings.jobs.questions_a_day,
            ),
            QuestionWithdrawal(messenger, TortoiseCorrectionStore()),
        )
    finally:
        await pool.aclose()
        await bot.session.close()


def sheets(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("caption", "").startswith(("Are these", "Is this face"))
    ]


async def choose(journey: Journey, user: dict[str, Any], label: str) -> dict[str, Any]:
    shown = await journey.reply_to(user, "/settings")
    return await journey.press(user, shown, label)


async def _ann_in_class(
    journey: Journey, *others: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann, *others])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    for other in others:
        await journey.co_guardian(ann, "Alice", other)
        await journey.join(other, payload)
    return ann, poster, group


async def _post_alice(
    journey: Journey, collages: Collages, group: dict[str, Any], poster: dict[str, Any], n: int
) -> None:
    for alice, stranger in list(zip(X["group"], NOBODY["group"], strict=False))[:n]:
        await journey.post(group, poster, collages.make(alice, stranger))
    await journey.settle()


async def test_once_a_day_gathers_the_questions_into_one_sheet_answered_at_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        answer = await choose(journey, ann, "Once a day")
        assert answer["text"] == "✓ Once a day"
        assert (await Participant.get(telegram_user_id=ann["id"])).question_mode == "daily"
        settings = journey.last(ann)
        # One sheet per person and group: a sheet names one group (walkmore 9).
        assert (
            "once a day, at 18:00 (UTC), one numbered sheet per person and group."
            in journey.now(settings)["text"]
        ), journey.now(settings)["text"]
        _, exported = await _export(journey, ann)
        assert exported["you"]["settings"]["questions_arrive"] == "daily"

        await _post_alice(journey, collages, group, poster, 3)
        asked = await Suggestion.filter(status=SuggestionStatus.PENDING).count()
        assert asked == 3
        assert journey.suggestions(ann) == []  # no message per face
        assert sheets(journey, ann) == []  # not before the day's hour

        async with worker_side(journey) as (batches, _):
            assert await batches.send_due() == 0  # gathered today: tomorrow's sheet
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 0  # once
        (sheet,) = sheets(journey, ann)
        assert sheet["caption"] == "Are these 3 faces Alice? (photos in Class 1A, numbered)"
        assert "photo" in sheet
        assert [b["text"] for row in sheet["reply_markup"]["inline_keyboard"] for b in row] == [
            "Yes, all are Alice",
            "Some are",
            "None is Alice",
        ]

        # A stranger replaying its buttons learns no name and changes nothing.
        mallory = journey.user("Mallory")
        hello = await journey.reply_to(mallory, "/start")
        for row in sheet["reply_markup"]["inline_keyboard"]:
            for button in row:
                refused = await journey.world.press_button(
                    mallory["id"], mallory["id"], hello["message_id"], button["callback_data"]
                )
                assert refused["text"] == texts.not_yours()
        assert "Alice" not in everything_read(journey, mallory)
        assert await Suggestion.filter(status=SuggestionStatus.PENDING).count() == 3

        yes = sheet["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await journey.press(ann, sheet, "Yes, all are Alice")
        assert journey.now(sheet)["caption"] == "Thanks: 3 photos of Alice, on their way to you."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 3
        assert await Suggestion.filter(status=SuggestionStatus.ACCEPTED).count() == 3
        # Pressed twice (an old client): nothing more happens.
        again = await journey.world.press_button(ann["id"], ann["id"], sheet["message_id"], yes)
        assert again["text"] == "This question has already been answered."
        await journey.settle()
        assert len(journey.photos_for(ann)) == 3
        _, exported = await _export(journey, ann)
        (alice,) = exported["persons"]
        assert [(o["kind"], o["photos"], o["answer"]) for o in alice["earlier_photos_offered"]] == [
            ("your questions, gathered", 3, "sent")
        ]
        await journey.assert_consistent()


async def test_every_n_sends_the_sheet_itself_and_some_are_asks_one_by_one(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await choose(journey, ann, "Every 5")
        participant = await Participant.get(telegram_user_id=ann["id"])
        assert (participant.question_mode, participant.questions_every) == ("every", 5)
        # (Two instead of five, to keep the journey short.)
        await Participant.filter(id=participant.id).update(questions_every=2)

        await _post_alice(journey, collages, group, poster, 1)
        assert sheets(journey, ann) == []  # one of two
        await _post_alice_second(journey, collages, group, poster)
        (sheet,) = sheets(journey, ann)  # sent by the worker on the second
        assert sheet["caption"].startswith("Are these 2 faces Alice?")

        await journey.press(ann, sheet, "Some are")
        await journey.settle()
        questions = journey.suggestions(ann)
        assert len(questions) == 2
        # One question's job lost before it went (a Redis flush): the cron, reading
        # Postgres, asks it; once.
        lost = await Suggestion.filter(status=SuggestionStatus.PENDING).first()
        assert lost is not None
        await Suggestion.filter(id=lost.id).update(sent_to=None)
        async with worker_side(journey) as (batches, _):
            await batches.send_due()
            await journey.settle()
            await batches.send_due()
            await journey.settle()
        first, second, again = journey.suggestions(ann)
        first_no = first["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
        second_no = second["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
        await journey.press(ann, again, "Yes")  # the lost one, asked again
        # "No" on both first ones: the lost one's is answered already, the other is a no.
        for message, data in ((first, first_no), (second, second_no)):
            await journey.world.press_button(ann["id"], ann["id"], message["message_id"], data)
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
        assert await FaceRejection.filter(person__name="Alice").count() == 1


async def _post_alice_second(
    journey: Journey, collages: Collages, group: dict[str, Any], poster: dict[str, Any]
) -> None:
    await journey.post(group, poster, collages.make(NOBODY["group"][1], X["group"][1]))
    await journey.settle()


async def test_what_waits_survives_a_redis_flush_and_a_429_sends_it_once(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Telegram's 429 longer than the messenger waits: the batch is tried again later.
    async with journey_factory(matching=ASKING, telegram={"max_retry_wait_s": 1}) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await choose(journey, ann, "Once a day")
        await _post_alice(journey, collages, group, poster, 2)
        assert await EarlierPhotos.filter(status=OfferStatus.WAITING).count() == 1

        # Redis loses everything (queued jobs, throttles): the batch is in Postgres.
        assert journey.stack is not None and journey.stack.redis is not None
        await journey.stack.redis.flushall()
        refused = Fault("sendPhoto", 429, retry_after=3, chat_id=ann["id"])
        journey.world.add_fault(refused)
        async with worker_side(journey) as (batches, _):
            later = datetime.now(UTC) + TOMORROW
            try:
                await batches.send_due(later)
                raise AssertionError("a 429 should put the batch back")
            except TryAgainLater:
                pass
            assert refused.served == 1
            assert await EarlierPhotos.filter(status=OfferStatus.WAITING).count() == 1
            assert sheets(journey, ann) == []
            assert await batches.send_due(later) == 1
            assert await batches.send_due(later) == 0
        assert len(sheets(journey, ann)) == 1  # sent once


async def test_a_sheet_settled_in_part_answers_only_what_is_open_and_settled_questions_withdraw(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        bob = journey.user("Bob")
        ann, poster, group = await _ann_in_class(journey, bob)
        await choose(journey, ann, "Once a day")  # Bob keeps "as they come"
        await _post_alice(journey, collages, group, poster, 2)
        first, second = journey.suggestions(bob)
        bobs_no = second["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
        async with worker_side(journey) as (batches, withdrawal):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
            (sheet,) = sheets(journey, ann)
            assert sheet["caption"].startswith("Are these 2 faces Alice?")

            # Bob says yes to one face meanwhile.
            await journey.press(bob, first, "Yes")
            await journey.settle()
            await withdrawal.run()  # the sheet still has an open face: left as it is
            assert "reply_markup" in journey.now(sheet)

            # Ann's "none" answers only the face still open, and says so naming nobody.
            await journey.press(ann, sheet, "None is Alice")
            caption = journey.now(sheet)["caption"]
            assert caption.startswith("OK, none is Alice")
            assert "1 of the faces shown had been settled meanwhile" in caption
            assert await FaceRejection.filter(person__name="Alice").count() == 1
            await journey.settle()
            assert len(journey.photos_for(ann)) == 1  # the face Bob confirmed

            # Bob's other question was settled by Ann: withdrawn from his chat, saying that
            # Ann (Alice's other guardian) answered it, and what (by this run or the
            # worker's cron); the one he answered keeps his answer.
            await withdrawal.run()
            assert await withdrawal.run() == 0  # once
            withdrawn = journey.now(second)
            assert withdrawn["caption"] == "Ann answered this question: not Alice."
            assert "reply_markup" not in withdrawn
            assert journey.now(first)["caption"] != texts.question_withdrawn()
            # A late "No" on it (an old client) changes nothing.
            await journey.world.press_button(bob["id"], bob["id"], second["message_id"], bobs_no)
            assert await FaceRejection.filter(person__name="Alice").count() == 1
        await journey.assert_consistent()


async def test_the_setting_is_the_presser_own_and_a_forged_one_changes_nothing(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory() as journey:
        ann, mallory = journey.user("Ann"), journey.user("Mallory")
        shown = await journey.reply_to(ann, "/settings")
        assert "one message per face, as they come, 10 a day at most" in shown["text"]
        # Its example names no child (findings26 8: "Is this Alice?" in a class with an Alice).
        assert 'Questions ("Is this your child?")' in shown["text"]
        await journey.press(ann, shown, "Once a day")
        # Nor does the pair's (findings28 9: "Alice or Bob?", a pair another family enrolled).
        assert '("Is this one child or the other?")' in journey.now(shown)["text"]
        again = await journey.press(ann, shown, "✓ Once a day")  # twice: harmless
        assert again["text"] == "✓ Once a day"
        every = next(
            b["callback_data"]
            for row in shown["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"].endswith("Every 5")
        )
        # Mallory replaying Ann's button sets her own choice, never Ann's.
        hello = await journey.reply_to(mallory, "/start")
        await journey.world.press_button(mallory["id"], mallory["id"], hello["message_id"], every)
        assert (await Participant.get(telegram_user_id=ann["id"])).question_mode == "daily"
        # A forged value no button offers changes nothing.
        for forged in ("qm:hourly:0", "qm:every:3", "qm:every:1000000"):
            refused = await journey.world.press_button(
                ann["id"], ann["id"], shown["message_id"], forged
            )
            assert refused["text"] == languages_texts.button_expired()
        assert (await Participant.get(telegram_user_id=ann["id"])).question_mode == "daily"
        assert (await Participant.get(telegram_user_id=ann["id"])).questions_every == 5


def test_batches_and_withdrawals_are_cron_jobs_of_the_worker() -> None:
    from workers.app import cron_jobs

    names = {job.name.removeprefix("cron:"): job for job in cron_jobs(Settings())}
    assert names["send_due_questions"].second == 30 and names["send_due_questions"].minute is None
    assert names["withdraw_questions"].second == 45
    assert Participant._meta.fields_map["question_mode"].default == QuestionMode.EACH


async def test_a_takedown_deletes_the_sheet_and_its_other_faces_wait_for_the_next(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await choose(journey, ann, "Once a day")
        await _post_alice(journey, collages, group, poster, 2)
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
            (sheet,) = sheets(journey, ann)
            batch = await EarlierPhotos.get(participant__telegram_user_id=ann["id"])
            first = await Face.get(id=batch.face_ids[0])
            photo = await Photo.get(id=first.photo_id).prefetch_related("group")  # type: ignore[attr-defined]
            command = await journey.world.user_sends_text(
                photo.group.chat_id, poster["id"], "/takedown", reply_to_message_id=photo.message_id
            )
            (question,) = await journey.replies(photo.group.chat_id, command)
            await journey.press(poster, question, moderation_texts.takedown_go())
            await journey.settle()
            assert journey.now(sheet).get("_deleted") is True  # it showed the face
            batch = await EarlierPhotos.get(id=batch.id)
            assert batch.status == OfferStatus.WAITING and len(batch.face_ids) == 1
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        assert sheets(journey, ann) == []  # the deleted one is gone from the chat
        # One face left: asked as its own question (findings9 14: a sheet's "Yes, all are
        # Alice" and "Some are" for one face), with its post's day (walk34 9).
        await journey.until(lambda: len(journey.suggestions(ann)) == 1)
        (again,) = journey.suggestions(ann)
        today = datefmt.day(datetime.now(UTC))
        assert (
            again["caption"] == f"Is this Alice? (an earlier photo, posted in Class 1A on {today})"
        )
        assert labels(again) == ["Yes", "No"]
        await journey.press(ann, again, "Yes")
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1


async def test_a_paused_person_s_batch_waits_for_the_resume(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await choose(journey, ann, "Once a day")
        await _post_alice(journey, collages, group, poster, 2)
        await Person.filter(name="Alice").update(status=PersonStatus.PAUSED)
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 0
            assert await EarlierPhotos.filter(status=OfferStatus.WAITING).count() == 1
            await Person.filter(name="Alice").update(status=PersonStatus.ACTIVE)
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        assert len(sheets(journey, ann)) == 1


async def test_a_face_given_to_someone_another_way_withdraws_its_open_question(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await _post_alice(journey, collages, group, poster, 1)
        (question,) = journey.suggestions(ann)
        yes = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        suggestion = await Suggestion.get()
        face = await Face.get(id=suggestion.face_id)  # type: ignore[attr-defined]
        # The face is given to Alice by another way than this question (as an organizer's
        # or a correction's assignment does), leaving the question open.
        await assignments.assign(face, suggestion.person_id, SYSTEM, prototype=None, note="test")  # type: ignore[attr-defined]
        async with worker_side(journey) as (_, withdrawal):
            await withdrawal.run()
        await suggestion.refresh_from_db()
        assert suggestion.status == SuggestionStatus.EXPIRED
        withdrawn = journey.now(question)
        assert withdrawn["caption"] == texts.question_withdrawn()  # naming nobody
        assert "reply_markup" not in withdrawn
        # A late "Yes" on it changes nothing.
        await journey.world.press_button(ann["id"], ann["id"], question["message_id"], yes)
        await suggestion.refresh_from_db()
        assert suggestion.status == SuggestionStatus.EXPIRED


async def test_a_guardian_who_left_the_group_cannot_answer_its_sheet_nor_gets_the_next(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        await choose(journey, ann, "Once a day")
        await _post_alice(journey, collages, group, poster, 2)
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
            (sheet,) = sheets(journey, ann)
            buttons = {
                b["text"]: b["callback_data"]
                for row in sheet["reply_markup"]["inline_keyboard"]
                for b in row
            }
            await journey.world.set_member_status(group["id"], ann["id"], "left")
            await journey.settle()
            # Closed as a ban closes it (walken4 9); its old buttons, replayed, act on nothing.
            assert journey.now(sheet)["caption"].startswith(
                "This question no longer applies: you're no longer in Class 1A"
            )
            assert "reply_markup" not in journey.now(sheet)
            for label in ("Yes, all are Alice", "Some are", "None is Alice"):
                refused = await journey.world.press_button(
                    ann["id"], ann["id"], sheet["message_id"], buttons[label]
                )
                assert refused["text"].startswith(
                    "I can't send you photos or clips from Class 1A now"
                )
            await journey.settle()
            assert journey.photos_for(ann) == []
            assert await Suggestion.filter(status=SuggestionStatus.PENDING).count() == 2
            assert not await FaceRejection.exists()
            # A batch gathered before she left is not shown to her.
            await EarlierPhotos.filter(id=(await EarlierPhotos.get()).id).update(
                status=OfferStatus.WAITING
            )
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 0
            assert (await EarlierPhotos.get()).status == OfferStatus.CLOSED
        assert sheets(journey, ann) == []  # hers closed, and no next one


async def test_past_the_days_questions_the_next_waits_for_the_next_day(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING, jobs={"questions_a_day": 2}) as journey:
        ann, poster, group = await _ann_in_class(journey)
        assert (await Participant.get(telegram_user_id=ann["id"])).question_mode == "each"
        await _post_alice(journey, collages, group, poster, 3)
        assert len(journey.suggestions(ann)) == 2  # the day's two, as they came
        assert sheets(journey, ann) == []
        assert await Suggestion.filter(status=SuggestionStatus.PENDING).count() == 3

        async with worker_side(journey) as (batches, _):
            assert await batches.send_due() == 0  # two sent in the last 24 hours
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 0  # once
        # The third face, waiting, comes the next day; a sheet of one face is asked as its
        # single question (Yes / No), not as a sheet offering "all / some / none".
        await journey.settle()
        assert sheets(journey, ann) == []
        singles = [q for q in journey.suggestions(ann) if q["caption"].startswith("Is this Alice")]
        assert len(singles) == 3
