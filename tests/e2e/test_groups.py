"""The bot in groups, members coming and going, image files, and /cancel leaving nothing."""

from __future__ import annotations

from domain.infra.models import EnrollmentPhoto, Face, Group, Membership, Person
from domain.recognition.face_index import FaceFilter
from domain.states import MembershipStatus
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.steps import ann_in_a_class, forget_everything

X = CAST["angelina"]


async def test_the_bot_says_when_it_cannot_see_photos_and_stops_when_removed(
    journey: Journey,
) -> None:
    poster = journey.user("Poster")
    group, _ = await journey.group_with_bot("Class 1A", poster, [], admin=False)
    welcome, advice = await journey.replies(group["id"], 0, count=2)
    assert "tap the button below" in welcome["text"]
    assert "make me an admin" in advice["text"]

    await journey.world.set_bot_status(group["id"], "administrator")
    (thanks,) = await journey.replies(group["id"], advice)
    assert thanks["text"] == "Thanks! I can see the photos and clips now."

    await journey.world.set_bot_status(group["id"], "kicked")
    await journey.settle()
    stored = await Group.get(chat_id=group["id"])
    assert stored.is_active is False
    assert [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and "pinned_message" not in m
    ][-1] == thanks


async def test_a_guardian_who_left_the_group_gets_nothing_more(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1

    before = journey.last(ann)["message_id"]
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    assert (
        await Membership.get(participant__telegram_user_id=ann["id"])
    ).status == MembershipStatus.LEFT
    # Her chat said "You're in: I'll look for your people in Class 1A" and "Alice is ready.
    # I'll send you ... from: Class 1A": told once that it no longer holds (walkhe 8), though
    # both the update and the service message came.
    (told,) = await journey.replies(ann["id"], before)
    assert told["text"] == (
        "You're no longer in Class 1A: I no longer look for your people there, nor send you "
        "its photos and clips. If you go back to it, open my link there again."
    ), told["text"]
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1

    # Back through the link: "You're no longer in Class 1A" says it in the past (walken4 1).
    await journey.world.set_member_status(group["id"], ann["id"], "member")
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    assert journey.now(told)["text"] == (
        "You had left Class 1A; since then you came back and opened my link there again."
    )
    # Out again, then /forget: the new one says it too.
    again = journey.last(ann)["message_id"]
    await journey.world.set_member_status(group["id"], ann["id"], "left")
    await journey.settle()
    (told_again,) = await journey.replies(ann["id"], again)
    await forget_everything(journey, ann)
    assert journey.now(told_again)["text"] == (
        "You had left Class 1A. Since then you deleted everything I had about you."
    )


async def test_an_image_sent_as_a_file_is_recognized_and_delivered(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    sent = await journey.world.user_sends_document(
        group["id"],
        poster["id"],
        collages.make(X["group"][2]),
        file_name="IMG_0001.jpg",
        mime_type="image/jpeg",
    )
    await journey.settle()
    delivered = [
        m for m in journey.world.transcript(ann["id"]) if m["from"]["is_bot"] and "document" in m
    ]
    assert len(delivered) == 1
    assert delivered[0]["document"]["file_unique_id"] == sent["document"]["file_unique_id"]
    assert delivered[0]["caption"] == "Alice · Class 1A"


async def test_cancel_leaves_nothing_behind(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    commands = journey.world.default_bot().commands
    assert any(
        c["command"] == "add" for listed in commands.values() for c in listed
    )  # setMyCommands

    await journey.reply_to(ann, "/add Alice")
    for name in X["enroll"][:2]:
        sent = (await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(name)]))[0]
        assert (await journey.replies(ann["id"], sent))[0]["text"].startswith("✅")
    person = await Person.get(name="Alice")
    assert (
        journey.stack is not None
        and journey.stack.face_index is not None
        and journey.stack.blobs is not None
    )
    assert await journey.stack.face_index.count(FaceFilter(person_ids=[person.id])) == 2
    assert len(await journey.stack.blobs.keys("enrolling/")) == 2  # the session's crops

    assert (await journey.reply_to(ann, "/cancel"))["text"].startswith("Cancelled")
    await journey.settle()
    assert await Person.all().count() == 0
    assert await EnrollmentPhoto.all().count() == 0
    assert await Face.all().count() == 0
    assert await journey.stack.face_index.count(FaceFilter()) == 0
    assert await journey.stack.blobs.keys("persons/") == []
    assert await journey.stack.blobs.keys("enrolling/") == []
