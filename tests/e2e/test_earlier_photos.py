"""Earlier photos: a child enrolled after photos of them were posted is looked for in those
photos; what is found is shown first (its faces on a numbered sheet, "are these faces
Alice?"; one face alone asked about), never sent unasked, and checked again at the
press."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from arq import create_pool

from domain.earlier_photos import look_back
from domain.infra.arq_queue import ArqJobQueue, redis_settings
from domain.infra.models import (
    AssignmentEvent,
    EarlierPhotos,
    Face,
    FaceRejection,
    Person,
    Photo,
    Suggestion,
)
from domain.infra.stores.privacy import TortoiseExportStore
from domain.languages import dates as datefmt
from domain.moderation import texts
from domain.privacy.export import DataExport
from domain.settings import MatchingSettings
from domain.states import AssignmentOperation, OfferStatus
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import asked_about, joins_then_co_guardian

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
OFFER = "I found"


def offers(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m.get("caption", "").startswith(OFFER)
    ]


async def _before_alice(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Ann in Class 1A; two photos of Alice (and one of strangers) posted before she
    enrolls Alice; a photo of Alice in a choir Ann is not in. Returns (ann, poster, group,
    the class's two posts of Alice)."""
    ann, poster, cat = journey.user("Ann"), journey.user("Poster"), journey.user("Cat")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    choir, _ = await journey.group_with_bot("Choir", poster, [cat])
    await journey.join(ann, payload)
    first = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.post(group, poster, collages.make(NOBODY["group"][1]))
    second = await journey.post(group, poster, collages.make(NOBODY["group"][2], X["group"][1]))
    await journey.post(choir, poster, collages.make(X["group"][2]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.settle()
    return ann, poster, group, [first[0], second[0]]


def unique_ids(posts: list[dict[str, Any]]) -> list[str]:
    return sorted(post["photo"][-1]["file_unique_id"] for post in posts)


async def test_a_child_enrolled_late_is_shown_its_earlier_faces_and_gets_the_photos_on_yes(
    journey: Journey, collages: Collages
) -> None:
    ann, _, _, alice = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    assert offer["caption"] == (
        "I found 2 earlier photos of Alice in Class 1A. Are these faces (numbered) Alice? "
        "I'll send the photos of those that are."
    )
    assert "photo" in offer  # the faces, numbered: a guardian sees them before they go
    assert [b["text"] for row in offer["reply_markup"]["inline_keyboard"] for b in row] == [
        "Yes, all are Alice",
        "Some are",
        "None is Alice",
    ]
    assert journey.photos_for(ann) == []  # shown, not sent
    assert await Face.filter(person__name="Alice", photo_id__isnull=False).count() == 0

    # A stranger replaying the button's data learns nothing and sends nothing.
    mallory = journey.user("Mallory")
    hello = await journey.reply_to(mallory, "/start")
    data = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    refused = await journey.world.press_button(
        mallory["id"], mallory["id"], hello["message_id"], data
    )
    assert refused["text"] == "That isn't one of your people."
    assert "Alice" not in refused["text"]
    await journey.settle()
    assert (await EarlierPhotos.get()).status == OfferStatus.PENDING

    pressed = await journey.press(ann, offer, "Yes, all are Alice")
    assert pressed["text"] == "On their way."
    answered = journey.now(offer)
    assert answered["caption"] == "They're all Alice. Sending you 2 photos of Alice from Class 1A."
    assert "reply_markup" not in answered
    await journey.settle()
    assert sorted(journey.unique_ids(ann)) == unique_ids(alice)  # not the choir's, strangers'
    assert all("media_group_id" in m for m in journey.photos_for(ann))  # as one album
    sent = await AssignmentEvent.filter(
        operation=AssignmentOperation.ASSIGN, actor__startswith="participant:"
    ).count()
    assert sent == 2  # audited as the guardian's doing

    again = await journey.world.press_button(ann["id"], ann["id"], offer["message_id"], data)
    assert again["text"] == "This offer has already been answered."
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2
    await journey.assert_consistent()
    # /export shows the offer and Ann's answer.
    assert journey.stack is not None and journey.stack.blobs is not None
    exported = await DataExport(TortoiseExportStore(), journey.stack.blobs).of(ann["id"])
    assert exported is not None
    (offered,) = exported["persons"][0]["earlier_photos_offered"]
    assert (offered["group"], offered["photos"], offered["answer"]) == ("Class 1A", 2, "sent")


async def test_none_is_alice_is_remembered_and_nothing_is_offered_twice(
    journey: Journey, collages: Collages
) -> None:
    ann, _, _, _ = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    await journey.press(ann, offer, "None is Alice")
    assert journey.now(offer)["caption"].startswith("OK, none is Alice")
    alice = await Person.get(name="Alice")
    assert await FaceRejection.filter(person=alice).count() == 2  # each a negative example
    said = len(journey.world.transcript(ann["id"]))
    pool = await create_pool(redis_settings(journey.settings.redis_url or ""))
    try:
        await look_back(ArqJobQueue(pool), alice.id)  # looking again finds them again
        await journey.settle()
    finally:
        await pool.aclose()
    assert len(journey.world.transcript(ann["id"])) == said  # nothing new said
    assert await EarlierPhotos.all().count() == 1
    assert journey.photos_for(ann) == []
    assert await Face.filter(person=alice, photo_id__isnull=False).count() == 0


async def test_a_guardian_who_left_the_group_is_not_sent_its_earlier_photos(
    journey: Journey, collages: Collages
) -> None:
    ann, _, group, _ = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    buttons = {
        b["text"]: b["callback_data"]
        for row in offer["reply_markup"]["inline_keyboard"]
        for b in row
    }
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    # Closed as a ban closes it (walken4 9); its old buttons, replayed, act on nothing.
    assert journey.now(offer)["caption"].startswith(
        "This question no longer applies: you're no longer in Class 1A"
    )
    assert "reply_markup" not in journey.now(offer)
    refused = await journey.world.press_button(
        ann["id"], ann["id"], offer["message_id"], buttons["Yes, all are Alice"]
    )
    assert refused["text"].startswith("I can't send you photos or clips from Class 1A now")
    declined = await journey.world.press_button(  # nor answer for the others
        ann["id"], ann["id"], offer["message_id"], buttons["None is Alice"]
    )
    assert declined["text"].startswith("I can't send you photos or clips from Class 1A now")
    await journey.settle()
    assert journey.photos_for(ann) == []
    assert (await EarlierPhotos.get()).status == OfferStatus.STALE  # nobody holds it now

    # Back through the link: the closed offer says so in the past, and the earlier photos
    # are offered again (walken4 8-9: they were lost).
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    assert journey.now(offer)["caption"] == (
        "This question was closed when you left Class 1A; you're back in it since."
    )
    (again,) = offers(journey, ann)
    await journey.press(ann, again, "Yes, all are Alice")
    await journey.settle()
    assert len(journey.photos_for(ann)) == 2


async def test_joining_another_group_asks_about_the_photo_posted_there_before(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, cat = journey.user("Ann"), journey.user("Poster"), journey.user("Cat")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    choir, choir_payload = await journey.group_with_bot("Choir", poster, [cat])
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    (sung,) = await journey.post(choir, poster, collages.make(X["group"][2], NOBODY["group"][0]))
    await journey.settle()
    assert offers(journey, ann) == [] and journey.photos_for(ann) == []

    await journey.world.set_member_status(choir["id"], ann["id"], "member")
    await journey.join(ann, choir_payload)
    await journey.settle()
    # One face alone is asked about as a new photo's is: the photo shown, the face marked,
    # and when it was posted, before she was in the group (walk33 8).
    (question,) = journey.suggestions(ann)
    assert question["caption"] == (
        f"Is this Alice? (an earlier photo, posted in Choir on {datefmt.day(datetime.now(UTC))})"
    )
    assert offers(journey, ann) == [] and journey.photos_for(ann) == []  # asked, not sent
    await journey.press(ann, question, "Yes")
    await journey.settle()
    assert journey.unique_ids(ann) == unique_ids([sung])

    # Joining again (the link opened twice) finds nothing new to ask about.
    await journey.join(ann, choir_payload)
    await journey.settle()
    assert await Suggestion.all().count() == 1 and await EarlierPhotos.all().count() == 0
    assert journey.suggestions(ann) == [] and offers(journey, ann) == []


async def test_a_photo_taken_down_takes_the_sheet_and_the_other_face_is_asked_about(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group, alice = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    # The poster (the group's creator, an admin) takes the first photo down meanwhile.
    command = await journey.world.user_sends_text(
        group["id"], poster["id"], "/takedown", reply_to_message_id=alice[0]["message_id"]
    )
    (question,) = await journey.replies(group["id"], command)
    await journey.press(poster, question, texts.takedown_go())
    await journey.settle()
    assert journey.now(offer).get("_deleted") is True  # it showed the face taken down
    # The other photo's face is looked for again: alone now, it is asked about.
    (asked,) = journey.suggestions(ann)
    await journey.press(ann, asked, "Yes")
    await journey.settle()
    assert journey.unique_ids(ann) == unique_ids(alice[1:])


async def test_uncertain_earlier_faces_are_asked_about_not_offered(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    # Thresholds so high that every true match lands in the suggestion band.
    async with journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4)) as journey:
        ann, _, _, alice = await _before_alice(journey, collages)
        assert offers(journey, ann) == []
        questions = journey.suggestions(ann)
        assert len(questions) == 2
        # Found among earlier photos: they say so, with their day (issue 32).
        earlier = asked_about("Alice", "Class 1A", earlier=True)
        assert [q["caption"] for q in questions] == [earlier] * 2
        for question in questions:
            await journey.press(ann, question, "Yes")
        await journey.settle()
        assert sorted(journey.unique_ids(ann)) == unique_ids(alice)


async def test_a_co_guardian_added_after_the_question_gets_the_photo_on_yes(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    bob = journey.user("Bob")
    await joins_then_co_guardian(journey, ann, "Alice", bob, group)
    # Ann enrolls a second child late, after a photo of her was posted.
    (posted,) = await journey.post(group, poster, collages.make(Y["group"][0], NOBODY["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == [] and journey.photos_for(bob) == []
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    await journey.settle()
    (offer,) = journey.suggestions(ann)  # one face: asked about
    assert offer["caption"] == asked_about("Yara", "Class 1A", earlier=True)
    assert journey.suggestions(bob) == []  # Bob is not Yara's guardian

    # Ann makes Bob a co-guardian of Yara too; a new look back asks nothing new.
    await journey.co_guardian(ann, "Yara", bob)
    await journey.press(ann, offer, "Yes")
    await journey.settle()
    unique = posted["photo"][-1]["file_unique_id"]
    assert journey.unique_ids(ann) == [unique]
    assert journey.unique_ids(bob) == [unique]  # the person's photo reaches every guardian


SHEET = "These 3 faces from Class 1A look alike, and like Alice. Are they Alice?"


async def _sheet(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Three photos of Alice posted before she is enrolled, grouped as look-alikes; each
    only "asked about" (thresholds out of reach): one sheet. Returns (ann, poster, sheet)."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    for alice, stranger in zip(X["group"], NOBODY["group"], strict=False):
        await journey.post(group, poster, collages.make(alice, stranger))
    await journey.settle()
    # The nightly regrouping, at the pack's calibrated likeness (this journey's thresholds
    # are out of reach, so that each match is only asked about).
    await journey.regroup("Class 1A")
    assert await Face.filter(cluster_id__isnull=False).count() >= 3  # grouped by likeness
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.settle()
    (sheet,) = [
        m for m in journey.world.transcript(ann["id"]) if m.get("caption", "").startswith("These")
    ]
    return ann, poster, sheet


def _sheet_journey(journey_factory: JourneyFactory) -> Any:
    return journey_factory(matching=MatchingSettings(auto=0.97, suggest=0.4))


async def test_look_alike_earlier_faces_are_one_sheet_and_all_are_sent_on_yes(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with _sheet_journey(journey_factory) as journey:
        ann, _, sheet = await _sheet(journey, collages)
        assert sheet["caption"] == SHEET
        assert "photo" in sheet  # one numbered sheet of the faces
        assert [b["text"] for row in sheet["reply_markup"]["inline_keyboard"] for b in row] == [
            "Yes, all are Alice",
            "Some are",
            "None is Alice",
        ]
        assert journey.suggestions(ann) == []  # not three questions
        assert offers(journey, ann) == []

        mallory = journey.user("Mallory")
        hello = await journey.reply_to(mallory, "/start")
        for row in sheet["reply_markup"]["inline_keyboard"]:
            for button in row:
                refused = await journey.world.press_button(
                    mallory["id"], mallory["id"], hello["message_id"], button["callback_data"]
                )
                assert refused["text"] == "That isn't one of your people."

        await journey.press(ann, sheet, "Yes, all are Alice")
        answered = journey.now(sheet)
        assert answered["caption"] == (
            "They're all Alice. Sending you 3 photos of Alice from Class 1A."
        )
        assert "reply_markup" not in answered
        await journey.settle()
        assert len(journey.photos_for(ann)) == 3
        assert await Face.filter(person__name="Alice", photo_id__isnull=False).count() == 3
        assert await Face.filter(crop_key__isnull=False, photo_id__isnull=False).count() == 0


async def test_some_are_asks_about_each_face_on_its_own(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with _sheet_journey(journey_factory) as journey:
        ann, _, sheet = await _sheet(journey, collages)
        await journey.press(ann, sheet, "Some are")
        await journey.settle()
        questions = journey.suggestions(ann)
        assert len(questions) == 3
        await journey.press(ann, questions[0], "Yes")
        for question in questions[1:]:
            await journey.press(ann, question, "No")
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
        assert await FaceRejection.filter(person__name="Alice").count() == 2


async def test_none_is_makes_each_face_a_negative_example(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with _sheet_journey(journey_factory) as journey:
        ann, _, sheet = await _sheet(journey, collages)
        await journey.press(ann, sheet, "None is Alice")
        assert journey.now(sheet)["caption"].startswith("OK, none is Alice")
        await journey.settle()
        assert journey.photos_for(ann) == []
        assert await FaceRejection.filter(person__name="Alice").count() == 3  # remembered
        assert await Face.filter(crop_key__isnull=False, photo_id__isnull=False).count() == 0


async def test_forgetting_everything_takes_a_pending_offer_with_it(
    journey: Journey, collages: Collages
) -> None:
    ann, _, _, _ = await _before_alice(journey, collages)
    (offer,) = offers(journey, ann)
    asked = await journey.reply_to(ann, "/forget confirm")
    assert asked["from"]["is_bot"]
    await journey.settle()
    assert await EarlierPhotos.all().count() == 0
    assert journey.now(offer).get("_deleted") is True  # it named Alice


async def test_a_takedown_deletes_a_sheet_showing_its_face(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with _sheet_journey(journey_factory) as journey:
        ann, poster, sheet = await _sheet(journey, collages)
        first = await Face.filter(id__in=(await EarlierPhotos.get()).face_ids).first()
        assert first is not None
        photo = await Photo.get(id=first.photo_id).prefetch_related("group")  # type: ignore[attr-defined]
        command = await journey.world.user_sends_text(
            photo.group.chat_id, poster["id"], "/takedown", reply_to_message_id=photo.message_id
        )
        (question,) = await journey.replies(photo.group.chat_id, command)
        await journey.press(poster, question, texts.takedown_go())
        await journey.settle()
        assert journey.now(sheet).get("_deleted") is True
        # The two other faces are looked for again: a sheet of their own, with their crops
        # alone kept for it.
        (again,) = await EarlierPhotos.all()
        assert len(again.face_ids) == 2 and str(first.id) not in again.face_ids
        kept = await Face.filter(crop_key__isnull=False, photo_id__isnull=False)
        assert sorted(str(face.id) for face in kept) == sorted(again.face_ids)
        (shown,) = [
            m
            for m in journey.world.transcript(ann["id"])
            if m.get("caption", "").startswith("These 2 faces")
        ]
        assert "reply_markup" in shown
