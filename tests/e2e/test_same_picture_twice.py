"""The same enrollment photo sent twice counts once (findings23 1): a parent who re-sends a
photo (after a rejection, or by mistake) reads that it teaches nothing new, the count stays
where it was, and a different photo is accepted; a clip sent twice keeps its views once.
Through the emulator, reading Postgres."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image

from domain.infra.models import EnrollmentPhoto, Face, Participant, Prototype
from sandbox.clips import film
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes

X = CAST["angelina"]

SAME_PICTURE = (
    "❌ I already have this photo (or a copy of it): the same picture again teaches me "
    "nothing new, so I didn't count it. Please send a different photo."
)


def _copy(data: bytes) -> bytes:
    """The photo saved again, as a phone's gallery or a screenshot would: other bytes."""
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGB").save(out, format="JPEG", quality=80)
    assert out.getvalue() != data
    return out.getvalue()


async def _send(journey: Journey, user: dict[str, Any], data: bytes) -> dict[str, Any]:
    """Send one photo in the private chat; the bot's verdict on it."""
    sent = (await journey.world.user_sends_photos(user["id"], user["id"], [data]))[0]
    (verdict,) = await journey.replies(user["id"], sent)
    return verdict


async def test_the_same_photo_sent_twice_while_enrolling_counts_once(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")

    first = photo_bytes(X["enroll"][0])
    assert (await _send(journey, ann, first))["text"] == "✅ Accepted (1 of 3)."
    again = await _send(journey, ann, first)
    assert again["text"] == SAME_PICTURE
    assert labels(again) == []  # nothing to remove: nothing was kept
    copied = await _send(journey, ann, _copy(first))
    assert copied["text"] == SAME_PICTURE
    # The count stays where it was: a different photo is the second.
    assert (await _send(journey, ann, photo_bytes(X["enroll"][1])))["text"] == (
        "✅ Accepted (2 of 3)."
    )
    assert (await _send(journey, ann, photo_bytes(X["enroll"][2])))["text"].startswith(
        "✅ Accepted (3 photos)"
    )
    await journey.settle()
    assert await Face.all().count() == 3
    assert await EnrollmentPhoto.filter(status="accepted").count() == 3
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    assert await Prototype.all().count() == 3
    await journey.settle()
    await journey.assert_consistent()


async def test_a_photo_sent_again_when_adding_photos_is_not_learned_twice(
    journey: Journey,
) -> None:
    """The walk's case: after enrollment, one of its photos sent again (as a parent does to
    get past a rejection) would have been a second prototype of the same picture."""
    ann, _, _ = await journey.class_with_alice()  # enrolled with X's 3 photos
    card = await journey.card(ann, "Alice")
    await journey.after_pressing(ann, card, "Add photos or a clip")
    again = await _send(journey, ann, photo_bytes(X["enroll"][0]))
    assert again["text"] == SAME_PICTURE
    too_few = await journey.reply_to(ann, "/done")
    assert too_few["text"] == (
        "You haven't added any new photo yet: I need at least 1 photo. Please send one, or /cancel."
    )
    verdict = await _send(journey, ann, photo_bytes(X["group"][2]))
    assert verdict["text"] == "✅ Accepted (1 photo). Send more, or /done."
    done = await journey.says(ann, "/done")
    _, added = await journey.replies(ann["id"], done, count=2)
    assert added["text"].startswith("Added 1 photo of")
    await journey.settle()
    assert await Prototype.all().count() == 4
    await journey.assert_consistent()


async def test_the_same_clip_sent_twice_keeps_its_views_once(journey: Journey) -> None:
    """A clip sent again (or a copy of it): its views are the ones kept from it already."""
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await journey.reply_to(ann, "/add Alice")
    clip = film([(photo_bytes(name), 2.0) for name in X["enroll"]], size=(640, 480))

    first = await _send_clip(journey, ann, clip)
    kept = re.match(r"✅ From your clip I kept (\d+) views? of Alice's face", first["text"])
    assert kept is not None, first["text"]
    views = int(kept[1])
    await journey.settle()
    assert await EnrollmentPhoto.filter(status="accepted").count() == views

    again = await _send_clip(journey, ann, clip)
    assert again["text"] == (
        "❌ Every view of the face in this clip is one I already have: the same pictures "
        "again teach me nothing new, so I didn't count them. Please send a different "
        "clip, or photos."
    )
    assert labels(again) == []
    await journey.settle()
    assert await EnrollmentPhoto.filter(status="accepted").count() == views
    assert await Face.all().count() == views
    await journey.assert_consistent()


async def _send_clip(journey: Journey, user: dict[str, Any], clip: bytes) -> dict[str, Any]:
    sent = await journey.world.user_sends_media(
        "video", user["id"], user["id"], clip, file_name="face.mp4", mime_type="video/mp4"
    )
    (answer,) = await journey.replies(user["id"], sent)
    return answer


async def test_a_hebrew_parent_reads_why_the_same_photo_is_not_counted(journey: Journey) -> None:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
    await Participant.filter(telegram_user_id=ann["id"]).update(language="he")
    await journey.reply_to(ann, "/add מיה")
    first = photo_bytes(X["enroll"][0])
    assert (await _send(journey, ann, first))["text"].startswith("✅")
    again = await _send(journey, ann, first)
    assert again["text"] == (
        "❌ את התמונה הזו (או עותק שלה) כבר יש לי: אותה תמונה פעם נוספת לא מלמדת אותי שום "
        "דבר חדש, ולכן לא ספרתי אותה. שלחו תמונה אחרת."
    )
