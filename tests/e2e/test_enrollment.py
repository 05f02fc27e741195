"""Enrollment kept honest: one cover crop per person, the same quality gate as group
photos, removing one photo, the real minimum when adding photos, and a face that
already belongs to someone. Through the emulator, reading Postgres, Qdrant and blobs."""

from __future__ import annotations

import asyncio
import base64
import io
from typing import Any

from PIL import Image, ImageFilter

from domain.infra.insightface_engine import InsightFaceEngine
from domain.infra.models import EnrollmentPhoto, Face, Person, Prototype
from domain.recognition.face_index import FaceFilter
from domain.states import PersonStatus
from tests.conftest import shared_photo
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.steps import ann_in_a_class, read_export
from tests.unit.test_enrollment_judge import BLURRED_BY_MOTION

X, Y = CAST["angelina"], CAST["scarlett"]


def _blurred(name: str, radius: float = 15) -> bytes:
    image = Image.open(io.BytesIO(photo_bytes(name))).convert("RGB")
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(radius)).save(out, "JPEG")
    return out.getvalue()


async def _send(journey: Journey, user: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Send one photo in the private chat; the bot's verdict on it."""
    sent = (await journey.world.user_sends_photos(user["id"], user["id"], [data]))[0]
    (verdict,) = await journey.replies(user["id"], sent)
    return verdict


def _keyboard_of(journey: Journey, message: dict[str, Any]) -> list[str]:
    """The buttons the message shows now (after any edit)."""
    current = next(
        m
        for m in journey.world.transcript(message["chat"]["id"])
        if m["message_id"] == message["message_id"]
    )
    return labels(current)


async def _buttons_gone(journey: Journey, message: dict[str, Any]) -> dict[str, Any]:
    """The message once the bot has taken its buttons off (waits for it)."""
    deadline = asyncio.get_running_loop().time() + 15
    while labels(journey.now(message)):
        assert asyncio.get_running_loop().time() < deadline, journey.now(message)
        await asyncio.sleep(0.05)
    return journey.now(message)


def _button_data(message: dict[str, Any]) -> str:
    """The callback data of the message's first button (kept to replay it later)."""
    return str(message["reply_markup"]["inline_keyboard"][0][0]["callback_data"])


async def _replay(
    journey: Journey, user: dict[str, Any], message: dict[str, Any], data: str
) -> str:
    """Press a button again with data saved before its keyboard went away; the answer."""
    answer = await journey.world.press_button(
        user["id"], message["chat"]["id"], message["message_id"], data
    )
    return str(answer["text"])


async def _blob_keys(journey: Journey, prefix: str = "") -> list[str]:
    assert journey.stack is not None and journey.stack.blobs is not None
    return await journey.stack.blobs.keys(prefix)


async def test_one_small_cover_crop_per_person_exported_and_deleted_with_it(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()  # enrolled with 3 photos
    alice = await Person.get(name="Alice")
    cover = f"persons/{alice.id}/cover.jpg"
    assert await _blob_keys(journey, f"persons/{alice.id}/") == [cover]
    assert await _blob_keys(journey) == [cover]  # no other crop of the session is left
    assert journey.stack is not None and journey.stack.blobs is not None
    picture = Image.open(io.BytesIO(await journey.stack.blobs.get(cover)))
    assert picture.format == "JPEG" and max(picture.size) <= 160
    assert await Face.filter(crop_key__not_isnull=True).count() == 1

    card = await journey.card(ann, "Alice")
    assert "photo" in card  # the card shows the cover
    assert "Next cover" not in labels(card)

    data = await read_export(journey, ann)
    kept = data["persons"][0]["cover_photo"]
    assert "a small crop" in kept["what"] and "card" in kept["what"]
    assert kept["stored_as"] == cover
    # The export holds the crop itself, the very bytes kept.
    assert journey.stack is not None and journey.stack.blobs is not None
    assert base64.b64decode(kept["jpeg_base64"]) == await journey.stack.blobs.get(cover)

    (question,) = await journey.after_pressing(ann, card, "Delete")
    await journey.press(ann, question, "Yes, delete")
    await journey.settle()
    assert not await Person.exists(id=alice.id)
    assert await _blob_keys(journey) == []


async def test_a_blurred_face_is_refused_with_the_reason(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")

    verdict = await _send(journey, ann, _blurred(X["enroll"][0]))
    assert verdict["text"].startswith("❌ The face is too blurred")
    # What is wrong, and what to do about it.
    assert verdict["text"] == (
        "❌ The face is too blurred to learn from. Please send a sharper photo: "
        "in good light, with the camera and the person holding still."
    )
    assert labels(verdict) == []
    await journey.settle()
    assert await Face.all().count() == 0
    assert await _blob_keys(journey) == []
    # The same photo, sharp, is accepted.
    assert (await _send(journey, ann, photo_bytes(X["enroll"][0])))["text"].startswith("✅")


async def test_a_face_smeared_by_motion_is_refused_as_too_blurred(journey: Journey) -> None:
    """Sharp across the way it moved, smeared along it: refused like any blurred face."""
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    verdict = await _send(journey, ann, shared_photo(BLURRED_BY_MOTION).read_bytes())
    assert verdict["text"].startswith("❌ The face is too blurred to learn from."), verdict["text"]
    assert labels(verdict) == []
    await journey.settle()
    assert await Face.all().count() == 0


async def test_a_guardian_removes_one_enrollment_photo(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    first = await _send(journey, ann, photo_bytes(X["enroll"][0]))
    second = await _send(journey, ann, photo_bytes(X["enroll"][1]))
    assert second["text"] == "✅ Accepted (2 of 3)."
    assert labels(second) == ["Remove this photo"]
    first_data, second_data = _button_data(first), _button_data(second)
    await journey.settle()
    assert journey.stack is not None and journey.stack.face_index is not None
    assert await EnrollmentPhoto.all().count() == 2

    await journey.press(ann, second, "Remove this photo")
    said = journey.now(await journey.edited(journey.now(second)))
    assert said["text"] == "🗑 Removed: I won't learn from this photo. 1 of 3 now."
    assert _keyboard_of(journey, second) == []
    await journey.settle()
    assert await Face.all().count() == 1
    assert await journey.stack.face_index.count(FaceFilter()) == 1
    assert len(await _blob_keys(journey, "enrolling/")) == 1
    await journey.assert_consistent()

    # Pressed again (a replayed button): expired, nothing else changes.
    assert await _replay(journey, ann, second, second_data) == "This button has expired."
    assert await Face.all().count() == 1

    # The session goes on from 1 of 3; after /done the first photo's button has expired.
    assert (await _send(journey, ann, photo_bytes(X["enroll"][1])))["text"].startswith(
        "✅ Accepted (2 of 3)"
    )
    assert (await _send(journey, ann, photo_bytes(X["enroll"][2])))["text"].startswith(
        "✅ Accepted (3 photos)"
    )
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    assert "give their birth date on their card" in ready["text"]  # none given yet
    assert await _replay(journey, ann, first, first_data) == "This button has expired."
    assert await Prototype.all().count() == 3
    await journey.settle()
    await journey.assert_consistent()


async def test_add_photos_states_the_real_minimum(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    card = await journey.card(ann, "Alice")
    (asked,) = await journey.after_pressing(ann, card, "Add photos or a clip")
    assert "Now send me 1 photo or more (up to 10)" in asked["text"]
    assert "at least 1," in asked["text"]
    assert "3 to 10" not in asked["text"]
    too_few = await journey.reply_to(ann, "/done")
    assert too_few["text"] == (
        "You haven't added any new photo yet: I need at least 1 photo. Please send one, or /cancel."
    )
    verdict = await _send(journey, ann, photo_bytes(X["group"][2]))
    assert verdict["text"] == "✅ Accepted (1 photo). Send more, or /done."
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"].startswith("Added 1 photo of")


async def test_a_co_guardian_is_told_who_added_photos(journey: Journey) -> None:
    """Finding 12 of the third walk: Bea read "Added 1 photo of Alice" as if she had
    added it; she is told Ann did."""
    ann, _, _ = await journey.class_with_alice()
    bea = journey.user("Bea")
    await journey.co_guardian(ann, "Alice", bea)
    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Add photos or a clip")
    await _send(journey, ann, photo_bytes(X["group"][2]))
    before = len(journey.world.transcript(bea["id"]))
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"] == "Added 1 photo of Alice. I'll use it from now on."
    await journey.settle()
    told = [
        m.get("text", "")
        for m in journey.world.transcript(bea["id"])[before:]
        if m["from"]["is_bot"]
    ]
    assert told == ["Ann added 1 photo of Alice. I'll use it from now on."]


async def test_a_face_of_my_own_person_is_offered_to_them(journey: Journey) -> None:
    """Finding A of the second walk: enrolling Sara, Ann sends a photo of Alice among
    Sara's. "Yes, add to Alice" adds that photo, and only that one, to Alice; the session
    goes on for Sara with her own photos, and the texts say so."""
    ann, _, _ = await journey.class_with_alice()
    alice = await Person.get(name="Alice")
    await journey.reply_to(ann, "/add Sara")
    first = await _send(journey, ann, photo_bytes(Y["enroll"][0]))
    assert first["text"] == "✅ Accepted (1 of 3)."
    asked = await _send(journey, ann, photo_bytes(X["group"][0]))
    assert asked["text"] == (
        "This looks like Alice, whom you already enrolled. Add this photo to Alice? "
        "Only this one: your other photos stay with Sara."
    )
    assert labels(asked) == ["Yes, add to Alice", "No, it's a different person"]
    await journey.settle()
    assert await Face.all().count() == 4  # Alice's 3, Sara's 1: nothing for the question

    yes = _button_data(asked)
    answers = await journey.after_pressing(ann, asked, "Yes, add to Alice", count=2)
    assert [a["text"] for a in answers] == [
        "OK: I'm adding this photo to Alice, and I'll tell you when I've learned it. "
        "Your other photos stay with Sara: send more of Sara, or /done.",
        "Added 1 photo of Alice. I'll use it from now on.",
    ]
    assert _keyboard_of(journey, asked) == []
    await journey.settle()
    assert await Prototype.filter(person=alice).count() == 4
    assert await _replay(journey, ann, asked, yes) == "This button has expired."

    # Sara's session goes on from her own photo: the counts are hers.
    assert (await _send(journey, ann, photo_bytes(Y["enroll"][1])))["text"] == (
        "✅ Accepted (2 of 3)."
    )
    assert (await _send(journey, ann, photo_bytes(Y["enroll"][2])))["text"] == (
        "✅ Accepted (3 photos). Send more, or /done."
    )
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert ready["text"].startswith("Sara is ready.")
    await journey.settle()
    sara = await Person.get(name="Sara")
    assert await Prototype.filter(person=sara).count() == 3
    assert await Prototype.filter(person=alice).count() == 4
    await journey.assert_consistent()


async def test_a_different_person_is_marked_on_the_question_and_answered_under_it(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Sara")
    asked = await _send(journey, ann, photo_bytes(X["group"][0]))
    assert asked["text"].startswith("This looks like Alice")
    (checking,) = await journey.after_pressing(ann, asked, "No, it's a different")
    await journey.until(lambda: "✔️" in journey.now(asked)["text"])  # just after "checking"
    assert journey.now(asked)["text"] == (
        "This looks like Alice, whom you already enrolled. Add this photo to Alice?\n\n"
        "✔️ You answered: No, it's a different person"
    )
    assert _keyboard_of(journey, asked) == []
    assert checking["reply_to_message"]["message_id"] == asked["message_id"]
    # "OK, a different person. I'm checking the photo again…" stayed above the verdict: it
    # is edited to the verdict instead, with its button, and nothing follows it.
    await journey.until(lambda: journey.now(checking)["text"].startswith("✅"))
    assert journey.now(checking)["text"] == "✅ Accepted (1 of 3)."
    assert "edit_date" in journey.now(checking)
    assert labels(journey.now(checking)) == ["Remove this photo"]
    await journey.settle()
    assert journey.last(ann)["message_id"] == checking["message_id"]


async def test_someone_elses_person_is_refused_without_a_name(journey: Journey) -> None:
    ann, bea, poster = journey.user("Ann"), journey.user("Bea"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann, bea])
    for guardian in (ann, bea):
        await journey.join(guardian, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in X["enroll"]])
    await journey.reply_to(bea, "/add Zoe")
    refused = await _send(journey, bea, photo_bytes(X["group"][0]))
    assert refused["text"].startswith("❌ This face is already enrolled by another parent")
    assert "co-guardian invite" in refused["text"]
    assert "Alice" not in refused["text"]
    assert labels(refused) == []
    await journey.settle()
    assert await Face.filter(person__name="Zoe").count() == 0
    # Bea's own child is enrolled as usual.
    assert (await _send(journey, bea, photo_bytes(Y["enroll"][0])))["text"].startswith("✅")
    assert (await Person.get(name="Zoe")).status == PersonStatus.ENROLLING


async def test_close_up_enrollment_photos_are_accepted_and_find_the_child_in_class_photos(
    journey: Journey, engine: InsightFaceEngine, collages: Collages
) -> None:
    """A parent's photos of their child are often close-ups, the face filling the frame:
    the detector misses such a face as it is, the engine looks again with surroundings."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")
    for name in X["enroll"]:
        data = photo_bytes(name)
        face = max(engine.analyze_sync(data).faces, key=lambda f: f.min_side)
        image = Image.open(io.BytesIO(data)).convert("RGB")
        out = io.BytesIO()
        x1, y1, x2, y2 = face.bbox
        image.crop((int(x1), int(y1), int(x2), int(y2))).save(out, "JPEG", quality=95)
        verdict = await _send(journey, ann, out.getvalue())
        assert verdict["text"].startswith("✅"), verdict["text"]
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    assert await Face.filter(person__name="Alice").count() == 3
    await journey.post(group, poster, collages.make(X["group"][0], CAST["strangers"]["group"][0]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1


async def test_an_album_is_answered_photo_by_photo_in_order(journey: Journey) -> None:
    """Photos sent as one album are checked at once and finish in any order: each verdict
    answers its own photo, in the album's order, with the count true where it is read."""
    ann = await ann_in_a_class(journey)
    asked = await journey.reply_to(ann, "/add Alice")
    assert "send me 3 to 10 photos of Alice (several at once is fine)" in asked["text"]
    assert "one at a time" not in asked["text"]

    album = [photo_bytes(X["enroll"][0]), _blurred(X["enroll"][0]), photo_bytes(X["enroll"][1])]
    album.append(photo_bytes(X["enroll"][2]))
    sent = await journey.world.user_sends_photos(ann["id"], ann["id"], album)
    verdicts = await journey.replies(ann["id"], sent[-1], count=4)
    assert [v["text"] for v in verdicts] == [
        "✅ Accepted (1 of 3).",
        "❌ The face is too blurred to learn from. Please send a sharper photo: "
        "in good light, with the camera and the person holding still.",
        "✅ Accepted (2 of 3).",
        "✅ Accepted (3 photos). Send more, or /done.",
    ]
    # Each one a reply to its photo, so "Remove this photo" says which.
    assert [v["reply_to_message"]["message_id"] for v in verdicts] == [
        m["message_id"] for m in sent
    ]
    assert [labels(v) for v in verdicts] == [
        ["Remove this photo"],
        [],
        *[["Remove this photo"]] * 2,
    ]

    # A second album: its counts go on from the first.
    more = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["group"][0]), photo_bytes(X["group"][2])]
    )
    after = await journey.replies(ann["id"], more[-1], count=2)
    assert [v["text"] for v in after] == [
        "✅ Accepted (4 photos). Send more, or /done.",
        "✅ Accepted (5 photos). Send more, or /done.",
    ]
    assert [v["reply_to_message"]["message_id"] for v in after] == [m["message_id"] for m in more]


async def test_a_removed_photo_says_so_and_done_takes_the_buttons_off(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    sent = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(n) for n in X["enroll"]]
    )
    first, second, third = await journey.replies(ann["id"], sent[-1], count=3)
    assert third["text"] == "✅ Accepted (3 photos). Send more, or /done."

    # The removed photo's own verdict now says it is removed, and nothing else is sent.
    pressed = await journey.press(ann, second, "Remove this photo")
    assert pressed["answered"] and not pressed.get("show_alert")
    removed = journey.now(await journey.edited(journey.now(second)))
    assert removed["text"] == "🗑 Removed: I won't learn from this photo. 2 of 3 now."
    assert labels(removed) == []
    assert journey.last(ann)["message_id"] == third["message_id"]
    # The photo after it no longer says "3 photos. Send more, or /done": 2 are left.
    await journey.until(lambda: journey.now(third)["text"] == "✅ Accepted (2 of 3).")
    assert labels(journey.now(third)) == ["Remove this photo"]
    assert journey.now(first)["text"] == "✅ Accepted (1 of 3)."
    # The next photo's count is true: 3, not 4.
    verdict = await _send(journey, ann, photo_bytes(X["group"][0]))
    assert verdict["text"] == "✅ Accepted (3 photos). Send more, or /done."

    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    # No verdict of the finished session offers "Remove this photo" any more, nor asks for
    # more photos or /done.
    shown = [(await _buttons_gone(journey, m))["text"] for m in (first, third, verdict)]
    assert shown == ["✅ Accepted (1 of 3).", "✅ Accepted (2 of 3).", "✅ Accepted (3 photos)."]
    assert await Prototype.all().count() == 3
    await journey.settle()
    await journey.assert_consistent()


async def test_cancel_and_done_take_the_buttons_off_the_sessions_verdicts(journey: Journey) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Sara")
    asked = await _send(journey, ann, photo_bytes(X["group"][0]))  # looks like Alice
    assert labels(asked) == ["Yes, add to Alice", "No, it's a different person"]
    accepted = await _send(journey, ann, photo_bytes(Y["enroll"][0]))
    assert labels(accepted) == ["Remove this photo"]
    await journey.reply_to(ann, "/cancel")
    # Cancelled: "Accepted" is no longer true of the photo.
    assert (await _buttons_gone(journey, accepted))["text"] == (
        "🗑 Cancelled: I won't learn from this photo."
    )
    # The question no longer asks about a photo that went with the session (walkhe 2).
    assert (await _buttons_gone(journey, asked))["text"] == (
        "🗑 Cancelled: I won't learn from this photo."
    )
    assert not await Person.exists(name="Sara")

    # /done with the question still unanswered: it no longer asks either (issue 32).
    await journey.reply_to(ann, "/add Sara")
    asked = await _send(journey, ann, photo_bytes(X["group"][0]))
    for name in Y["enroll"]:
        await _send(journey, ann, photo_bytes(name))
    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done, count=2)
    assert (await _buttons_gone(journey, asked))["text"] == (
        "🗑 Not used: you sent /done before answering, so I won't learn from this photo."
    )


async def test_the_warning_moves_to_the_photo_unlike_the_others_once_more_show_it(
    journey: Journey,
) -> None:
    """The walk of issue 32: another child's photo sent first, the child's own second was
    warned "This doesn't look like the same child as the other faces…", and two more of
    her left the warning on her photo and none on the other child's. Each accepted photo's
    verdict says it when, and only when, its face is unlike the others now."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")
    alice, other = CAST["angelina"]["enroll"], CAST["scarlett"]["enroll"]
    verdicts = []
    for photo in (other[0], alice[0]):
        (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(photo)])
        (verdict,) = await journey.replies(ann["id"], sent)
        verdicts.append(verdict)
    # Two faces apart: neither is more likely the odd one, and each says so.
    await journey.until(lambda: "⚠️" in journey.now(verdicts[0])["text"])
    assert journey.now(verdicts[0])["text"].startswith("✅ Accepted (1 of 3).\n\n⚠️ This doesn't")
    assert journey.now(verdicts[1])["text"].startswith("✅ Accepted (2 of 3).\n\n⚠️ This doesn't")
    (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(alice[1])])
    (third,) = await journey.replies(ann["id"], sent)
    await journey.until(lambda: "⚠️" not in journey.now(verdicts[1])["text"])
    assert journey.now(verdicts[1])["text"] == "✅ Accepted (2 of 3)."
    assert third["text"].startswith("✅ Accepted (3 photos).") and "⚠️" not in third["text"]
    first = journey.now(verdicts[0])
    assert first["text"] == (
        "✅ Accepted (1 of 3).\n\n⚠️ This doesn't look like the same child as the other faces "
        'you sent of Alice. If it isn\'t Alice, press "Remove this photo", or I would look for '
        "Alice with another child's face."
    ), first["text"]
    assert labels(first) == ["Remove this photo"]
    # Removed, the odd photo takes its warning with it; the others keep none.
    await journey.press(ann, first, "Remove this photo")
    await journey.until(lambda: "⚠️" not in journey.now(verdicts[0])["text"])
    assert "⚠️" not in journey.now(verdicts[1])["text"] + journey.now(third)["text"]


async def test_the_one_photo_left_after_the_other_is_removed_is_unlike_nothing(
    journey: Journey,
) -> None:
    """Two faces apart, each warned: once the guardian removes one, the other has no
    other faces to be unlike, and its warning goes."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _group, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")
    verdicts = []
    for photo in (CAST["scarlett"]["enroll"][0], CAST["angelina"]["enroll"][0]):
        (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo_bytes(photo)])
        (verdict,) = await journey.replies(ann["id"], sent)
        verdicts.append(verdict)
    await journey.until(lambda: "⚠️" in journey.now(verdicts[0])["text"])
    await journey.press(ann, journey.now(verdicts[0]), "Remove this photo")
    await journey.until(lambda: "⚠️" not in journey.now(verdicts[1])["text"])
    assert journey.now(verdicts[1])["text"] == "✅ Accepted (1 of 3)."
    assert labels(journey.now(verdicts[1])) == ["Remove this photo"]
