"""Issue 32, walks 24 and 25: /forget that stays forgotten, and a co-guardian's /forget.

After /forget, opening /settings or /language (nothing pressed) stored the user again
(name, username, language) without consent: /forget then warned as if data existed, and
/export described "you and your persons, including face crops" (findings25 9). Reading a
menu, or any command that changes nothing, now stores nobody; a setting the user chooses
is their own act, and is stored."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Participant
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes

NOTHING_LEFT = "There is nothing left to delete"


async def _forget(journey: Journey, user: dict[str, Any]) -> None:
    question = await journey.reply_to(user, "/forget")
    (done,) = await journey.after_pressing(user, question, "Yes, delete everything")
    assert done["text"].startswith("Everything I had about you is deleted")
    await journey.settle()
    assert not await Participant.exists(telegram_user_id=user["id"])


async def test_reading_menus_after_forget_stores_nobody(journey: Journey) -> None:
    ann, _poster, _group = await journey.class_with_alice()
    before = await journey.reply_to(ann, "/settings")
    await journey.press(ann, before, "Every 5")
    await journey.settle()
    await _forget(journey, ann)

    settings = await journey.reply_to(ann, "/settings")  # the defaults, nothing stored
    assert "✓ As they come" in labels(settings) and "✓ Every 5" not in labels(settings)
    assert not await Participant.exists(telegram_user_id=ann["id"])
    await journey.reply_to(ann, "/language")
    assert not await Participant.exists(telegram_user_id=ann["id"])
    for command in ("/help", "/privacy", "/persons", "/start", "/export", "/history"):
        await journey.reply_to(ann, command)
        assert not await Participant.exists(telegram_user_id=ann["id"]), command
    photo = photo_bytes(CAST["angelina"]["enroll"][0])
    (sent,) = await journey.world.user_sends_photos(ann["id"], ann["id"], [photo])
    await journey.replies(ann["id"], sent)
    await journey.settle()
    assert not await Participant.exists(telegram_user_id=ann["id"])

    again = await journey.reply_to(ann, "/forget")
    assert again["text"].startswith(NOTHING_LEFT), again["text"]
    export = await journey.reply_to(ann, "/export")
    assert "face crops" not in (export.get("caption") or export.get("text") or "")


async def test_a_setting_chosen_after_forget_is_stored(journey: Journey) -> None:
    """The settings card shown to one I hold nothing about is theirs to press: choosing a
    setting is their act, stored, and the card shows it."""
    ann, _poster, _group = await journey.class_with_alice()
    await _forget(journey, ann)
    settings = await journey.reply_to(ann, "/settings")
    assert "✓ As they come" in labels(settings)
    assert not await Participant.exists(telegram_user_id=ann["id"])
    await journey.press(ann, settings, "Every 5")
    await journey.settle()
    assert "✓ Every 5" in labels(journey.now(settings))
    assert await Participant.exists(telegram_user_id=ann["id"])
