"""A clip's views while enrolling, as easy to undo and as truthfully counted as photos (issue
35, walk 6's findings 2 and 4): the clip's answer has "Remove these views", with the rules
of "Remove this photo" (its own session only, once, gone after /done or /cancel), and the
running count tells a clip's views apart from photos. Through the emulator, with the real
model, reading what Ann sees and Postgres."""

from __future__ import annotations

import re
from typing import Any

from domain.infra.models import EnrollmentPhoto, Face, Prototype
from domain.languages import texts
from domain.recognition.face_index import FaceFilter
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.test_enrollment import _blob_keys, _button_data, _buttons_gone, _replay, _send
from tests.e2e.test_enrollment_clips import KEPT, _ann_in_a_class, _turning

X, Y = CAST["angelina"], CAST["scarlett"]


async def _clip(journey: Journey, user: dict[str, Any], clip: bytes) -> dict[str, Any]:
    """Send a clip in the private chat; the bot's answer to it."""
    sent = await journey.world.user_sends_media(
        "video", user["id"], user["id"], clip, file_name="face.mp4", mime_type="video/mp4"
    )
    (answer,) = await journey.replies(user["id"], sent)
    return answer


def _kept(answer: dict[str, Any]) -> int:
    """How many views the clip's answer says it kept of Alice's face."""
    kept = KEPT.match(answer["text"])
    assert kept is not None, answer["text"]
    return int(kept[1])


def _views(count: int) -> str:
    return f"{count} view{'s' if count > 1 else ''} from your clip"


async def test_remove_these_views_takes_the_clips_views_back_and_the_count_stays_true(
    journey: Journey,
) -> None:
    ann, _, _ = await _ann_in_a_class(journey)
    asked = await journey.reply_to(ann, "/add Alice")
    assert "A short clip works too" in asked["text"]  # the prompt says a clip is taken
    first = await _send(journey, ann, photo_bytes(X["enroll"][0]))
    assert first["text"] == "✅ Accepted (1 of 3)."

    answer = await _clip(journey, ann, _turning(X["enroll"][1:]))
    views = _kept(answer)
    assert views >= 2, answer["text"]
    # The count tells the clip's views apart from the photo: no "3 photos in all".
    assert answer["text"].endswith(f"{_views(views)} and 1 photo so far. Send more, or /done.")
    assert labels(answer) == ["Remove these views"]
    after = await _send(journey, ann, photo_bytes(X["group"][0]))
    assert after["text"] == (
        f"✅ Accepted: {_views(views)} and 2 photos so far. Send more, or /done."
    )
    remove_views = _button_data(answer)
    await journey.settle()
    assert await Face.all().count() == views + 2

    # A stranger pressing the same data in his own chat learns nothing, changes nothing.
    ben = journey.user("Ben")
    hello = await journey.reply_to(ben, "/start")
    pressed = await journey.world.press_button(
        ben["id"], ben["id"], hello["message_id"], remove_views
    )
    assert pressed["text"] == texts.button_expired()
    assert await Face.all().count() == views + 2

    pressed = await journey.press(ann, answer, "Remove these views")
    assert pressed["answered"] and not pressed.get("show_alert")
    removed = journey.now(await journey.edited(journey.now(answer)))
    assert removed["text"] == (
        f"🗑 Removed: I won't learn from these {views} views of your clip. 2 of 3 now."
    )
    assert labels(removed) == []
    # The photo after the clip counted its views: it says the count left now.
    await journey.until(lambda: journey.now(after)["text"] == "✅ Accepted (2 of 3).")
    assert labels(journey.now(after)) == ["Remove this photo"]
    await journey.settle()
    assert await Face.all().count() == 2
    assert journey.stack is not None and journey.stack.face_index is not None
    assert await journey.stack.face_index.count(FaceFilter()) == 2
    assert len(await _blob_keys(journey, "enrolling/")) == 2
    await journey.assert_consistent()

    # Pressed again (a replayed button): expired, nothing else changes.
    assert await _replay(journey, ann, answer, remove_views) == texts.button_expired()
    assert await Face.all().count() == 2
    # The next photo is the third: the count is true.
    third = await _send(journey, ann, photo_bytes(X["enroll"][1]))
    assert third["text"] == "✅ Accepted (3 photos). Send more, or /done."
    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    assert await Prototype.all().count() == 3
    await journey.settle()
    await journey.assert_consistent()


async def test_done_and_cancel_take_the_clips_button_away(journey: Journey) -> None:
    """After /done the clip's answer keeps what it kept, without "Send more, or /done" or
    its button; after /cancel it says nothing of it is learned."""
    ann, _, _ = await _ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    await _send(journey, ann, photo_bytes(X["enroll"][0]))
    answer = await _clip(journey, ann, _turning(X["enroll"][1:]))
    views = _kept(answer)
    assert views >= 2 and labels(answer) == ["Remove these views"]
    remove_views = _button_data(answer)

    done = await journey.says(ann, "/done")
    _, ready = await journey.replies(ann["id"], done, count=2)
    assert "is ready" in ready["text"]
    closed = await _buttons_gone(journey, answer)
    assert KEPT.fullmatch(closed["text"]), closed["text"]
    # Its data replayed after the session: expired, and the views stay learned.
    assert await _replay(journey, ann, answer, remove_views) == texts.button_expired()
    assert await Prototype.all().count() == views + 1

    await journey.reply_to(ann, "/add Sara")
    answer = await _clip(journey, ann, _turning(Y["enroll"][:2]))
    assert re.match(r"✅ From your clip I kept \d+ views? of Sara's face", answer["text"])
    assert labels(answer)[0].startswith("Remove th")
    await journey.reply_to(ann, "/cancel")
    cancelled = await _buttons_gone(journey, answer)
    assert cancelled["text"] == "🗑 Cancelled: I won't learn from this clip."
    await journey.settle()
    assert not await EnrollmentPhoto.filter(person__name="Sara").exists()
    await journey.assert_consistent()
