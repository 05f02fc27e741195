"""Last session's leftovers of issue 32 in takedown and enrollment, through the emulator.

A /takedown question asked after a guardian's /forget no longer promises every copy: it
says, as the report then does, how many copies stay where the bot can no longer reach
them. An enrollment photo is the same picture as one the person has whatever way it
comes: two copies of it (or of a clip) in one album count once, and "Yes, add to Alice"
does not give Alice a picture she already has."""

from __future__ import annotations

import asyncio
from typing import Any

from tortoise.transactions import in_transaction

from domain.infra.models import EnrollmentPhoto, Face, Group, Participant, Person, Prototype
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, post_link, takedown_asked_in_group
from tests.e2e.steps import ann_in_a_class

X, Y = CAST["angelina"], CAST["scarlett"]

CANNOT_REACH = (
    "But 1 copy went to a guardian who has since deleted their data with /forget: it stays "
    "in their chat, where I can no longer reach it."
)
CANNOT_REACH_HE = (
    "אבל עותק אחד נשלח להורה שמחק מאז את המידע שלו עם \u2066/forget\u2069: העותק נשאר בצ'אט "
    "של ההורה, ושם אני כבר לא יכול להגיע אליו."
)
UNREACHABLE = (
    "Copies I can no longer reach: 1 (sent to guardians who have since deleted their data "
    "with /forget: I no longer know their chats, so those copies stay there)."
)
EVERY_VIEW_AGAIN = (
    "❌ Every view of the face in this clip is one I already have: the same pictures again "
    "teach me nothing new, so I didn't count them. Please send a different clip, or photos."
)
SAME_PICTURE = (
    "❌ I already have this photo (or a copy of it): the same picture again teaches me "
    "nothing new, so I didn't count it. Please send a different photo."
)


async def _carl_forgets(journey: Journey, carl: dict[str, Any]) -> None:
    question = await journey.reply_to(carl, "/forget")
    (done,) = await journey.after_pressing(carl, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()


async def test_the_takedown_question_counts_the_copies_a_forget_put_out_of_reach(
    journey: Journey, collages: Collages
) -> None:
    """Carl used /forget after Alice's photo reached him: the question in the admin chat
    says his copy stays (before, it promised to delete every copy sent, and only the
    report after the press said otherwise)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,), (carls,) = journey.photos_for(ann), journey.photos_for(carl)
    await _carl_forgets(journey, carl)

    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (question,) = await journey.replies(office["id"], command)
    lines = question["text"].split("\n")
    assert lines[1] == (
        "I'll delete it in the group itself too, its faces and crops, and every copy I sent "
        "to guardians. This can't be undone."
    )
    assert lines[2] == CANNOT_REACH, question["text"]

    await journey.press(poster, question, moderation_texts.takedown_go())
    await journey.settle()
    await journey.until(lambda: journey.now(question)["text"].startswith("Taken down"))
    assert UNREACHABLE in journey.now(question)["text"]
    assert journey.now(anns).get("_deleted") is True
    assert journey.now(carls).get("_deleted") is not True  # as the question said


async def test_the_question_under_the_photo_says_it_in_hebrew(
    journey: Journey, collages: Collages
) -> None:
    """No admin chat, a group that speaks Hebrew: the question under the photo says the
    same in Hebrew, and a takedown asked before the /forget says nothing of it."""
    _, carl, poster, group = await journey.class_with_alice_and_carl()
    await Group.filter(chat_id=group["id"]).update(language="he")
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(carl)) == 1

    async def asked() -> dict[str, Any]:
        return await takedown_asked_in_group(journey, group, poster, posted)

    with in_language("he"):
        plain = moderation_texts.takedown_ask_in_group()
        cancel = moderation_texts.takedown_cancel()
    before = await asked()
    assert before["text"] == plain
    await journey.press(poster, before, cancel)

    await _carl_forgets(journey, carl)
    after = await asked()
    assert after["text"] == f"{plain}\n{CANNOT_REACH_HE}"


async def _sent(journey: Journey, user: dict[str, Any], images: list[bytes]) -> list[str]:
    """Send photos (two or more: an album) in the private chat; the bot's verdicts."""
    sent = await journey.world.user_sends_photos(user["id"], user["id"], images)
    return [m["text"] for m in await journey.replies(user["id"], sent[-1], count=len(images))]


async def _waiting_on_locks() -> int:
    """How many other database sessions wait for a lock now (read afresh: inside a
    transaction the activity's statistics are otherwise read once)."""
    await Face._meta.db.execute_query("SELECT pg_stat_clear_snapshot()")
    rows = await Face._meta.db.execute_query_dict(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database() AND pid <> pg_backend_pid()"
    )
    return int(rows[0]["n"])


async def _until_both_wait() -> None:
    """Until the two checks of an album wait at the faces (or one for the other)."""
    for _ in range(600):
        if await _waiting_on_locks() >= 2:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the two checks never reached the faces")


async def test_the_same_photo_twice_in_one_album_counts_once(journey: Journey) -> None:
    """Two copies of one photo in an album are checked at the same time. Each looked for
    the other before either was kept, and both were accepted (two prototypes of one
    picture): the test holds the faces table until both checks are past their looking, as
    a busy worker's timing may. They take turns now: one is accepted, the other reads the
    same-picture words, and the count is 1."""
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")

    photo = photo_bytes(X["enroll"][0])
    async with in_transaction():
        # No face can be written until both checks wait: to write theirs (before), or one
        # to write its face and the other for its turn (now).
        await Face._meta.db.execute_script("LOCK TABLE faces IN SHARE MODE")
        sent = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo, photo])
        await _until_both_wait()
    verdicts = [m["text"] for m in await journey.replies(ann["id"], sent[-1], count=2)]
    assert sorted(verdicts) == sorted(["✅ Accepted (1 of 3).", SAME_PICTURE]), verdicts
    await journey.settle()
    assert await EnrollmentPhoto.filter(status="accepted").count() == 1
    assert await Face.all().count() == 1
    # The count goes on from 1.
    assert await _sent(journey, ann, [photo_bytes(X["enroll"][1])]) == ["✅ Accepted (2 of 3)."]
    await journey.settle()
    await journey.assert_consistent()


async def test_the_same_clip_twice_in_one_album_keeps_its_views_once(journey: Journey) -> None:
    """The same with two copies of one clip: one keeps its views, the other reads that it
    has none new (before, both kept theirs: each view twice)."""
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    clip = film([(photo_bytes(name), 2.0) for name in X["enroll"]], size=(640, 480))

    async with in_transaction():
        await Face._meta.db.execute_script("LOCK TABLE faces IN SHARE MODE")
        sent = await journey.world.user_sends_album(
            ann["id"], ann["id"], [(clip, "face.mp4", "video/mp4")] * 2
        )
        await _until_both_wait()
    verdicts = [m["text"] for m in await journey.replies(ann["id"], sent[-1], count=2)]
    kept = [v for v in verdicts if v.startswith("✅ From your clip I kept")]
    assert len(kept) == 1, verdicts
    assert EVERY_VIEW_AGAIN in verdicts, verdicts
    await journey.settle()
    views = await EnrollmentPhoto.filter(status="accepted").count()
    assert await Face.all().count() == views
    assert f"kept {views} view" in kept[0], kept[0]
    await journey.assert_consistent()


async def test_yes_add_to_alice_does_not_add_a_picture_she_has(journey: Journey) -> None:
    """Enrolling Sara, Ann sends one of Alice's own enrollment photos: "Yes, add to Alice"
    is told that Alice has it already, and Alice keeps her 3 prototypes (before, it was
    added: a fourth, of the same picture)."""
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    await journey.reply_to(ann, "/add Sara")
    assert await _sent(journey, ann, [photo_bytes(Y["enroll"][0])]) == ["✅ Accepted (1 of 3)."]
    sent = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["enroll"][0])]
    )
    (asked,) = await journey.replies(ann["id"], sent[-1])
    assert labels(asked) == ["Yes, add to Alice", "No, it's a different person"]

    answers = await journey.after_pressing(ann, asked, "Yes, add to Alice", count=2)
    assert [a["text"] for a in answers] == [
        "OK: I'm adding this photo to Alice, and I'll tell you when I've learned it. "
        "Your other photos stay with Sara: send more of Sara, or /done.",
        "❌ Alice already has this photo (or a copy of it): the same picture again teaches me "
        "nothing new, so I didn't add it to Alice.",
    ]
    assert labels(answers[1]) == []
    await journey.settle()
    assert await Prototype.filter(person=alice).count() == 3
    # Sara's session goes on from her own photo.
    assert await _sent(journey, ann, [photo_bytes(Y["enroll"][1])]) == ["✅ Accepted (2 of 3)."]
    await journey.settle()
    await journey.assert_consistent()


async def test_a_hebrew_parent_reads_that_alice_has_the_photo(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await Participant.filter(telegram_user_id=ann["id"]).update(language="he")
    await journey.reply_to(ann, "/add Sara")
    await _sent(journey, ann, [photo_bytes(Y["enroll"][0])])
    sent = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["enroll"][0])]
    )
    (asked,) = await journey.replies(ann["id"], sent[-1])
    alice = "\u2068Alice\u2069"  # a name kept in its own direction in Hebrew
    _, refused = await journey.after_pressing(ann, asked, f"כן, להוסיף ל-{alice}", count=2)
    assert refused["text"] == (
        f"❌ ל-{alice} כבר יש את התמונה הזו (או עותק שלה): אותה תמונה פעם נוספת לא מלמדת "
        f"אותי שום דבר חדש, ולכן לא הוספתי אותה ל-{alice}."
    )
