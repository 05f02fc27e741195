"""Corrections of copies older than 48 hours (issue 32, findings18 13): Telegram no longer
lets the bot delete them, but it may still edit them. "Remove this photo only" says so
before (it blanks, not deletes, the copy), and after either choice the copy shows a
neutral image saying what was done, naming nobody, with no button; Undo sends it again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.infra.models import Delivery
from tests.e2e.conftest import CAST, Collages, Journey, labels
from tests.e2e.steps import read_export
from tests.e2e.test_corrections import _in_hebrew

X, NOBODY = CAST["angelina"], CAST["strangers"]
TWO_DAYS = 49 * 3600
TOO_OLD = "Telegram lets me delete messages only in their first 48 hours"
OLD_CHOICES = (
    "What's wrong with this photo of Alice?\n\n"
    "Remove this photo only: I'll stop counting this photo as theirs and blank my copy of it "
    f"here ({TOO_OLD}). Nothing is learned from it: future photos are not affected.\n\n"
    "That isn't Alice: I'll remember this face isn't Alice, "
    "so similar faces will be asked about instead of sent."
)


async def _sent_long_ago(journey: Journey, user: dict[str, Any], copy: dict[str, Any]) -> None:
    """The user's copy was sent 49 hours ago, for Telegram and for the bot's records."""
    journey.world.chat(user["id"]).messages[copy["message_id"]].data["date"] -= TWO_DAYS
    delivery = await Delivery.get(
        participant__telegram_user_id=user["id"], message_id=copy["message_id"]
    )
    assert delivery.sent_at is not None
    await Delivery.filter(id=delivery.id).update(
        sent_at=delivery.sent_at - timedelta(seconds=TWO_DAYS)
    )


def _picture(message: dict[str, Any]) -> str:
    return str(message["photo"][-1]["file_unique_id"])


def _blanked(journey: Journey, copy: dict[str, Any], was: str, caption: str) -> None:
    """Still in its chat (too old to delete), showing a neutral image instead of the photo
    (``was``), ``caption`` instead of the names, no button."""
    now = journey.now(copy)
    assert now.get("_deleted") is not True
    assert now.get("caption") == caption, now.get("caption")
    assert _picture(now) != was
    assert labels(now) == []


async def test_remove_this_photo_only_on_an_old_copy_says_it_blanks_it_and_does(
    journey: Journey, collages: Collages
) -> None:
    """Ann's copy is 49 hours old: the choices promise a blank copy, not a deleted one; the
    copy then shows no photo and no "Alice", and says why; Undo sends the photo again."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    await _sent_long_ago(journey, ann, copy)
    was = _picture(copy)

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert choices["text"] == OLD_CHOICES
    assert (await journey.press(ann, choices, "Remove this photo only"))["text"] == "Done."
    done = journey.now(choices)
    assert done["text"] == (
        "Removed this photo of Alice from your photos. Nothing was learned from it: future "
        f"photos are not affected. {TOO_OLD}, so I blanked your copy instead."
    )
    assert labels(done) == ["Undo"]
    _blanked(
        journey,
        copy,
        was,
        f"You removed this photo from your photos. {TOO_OLD}, so I blanked it.",
    )
    await journey.settle()
    # /export says she removed it (findings18 12), blanked as it is.
    (exported,) = (await read_export(journey, ann))["photos_sent_to_you"]
    assert exported["status"] == "removed_by_a_correction", exported

    # Undo: the photo is Alice's again, and comes again (the blanked copy shows nothing).
    assert (await journey.press(ann, done, "Undo"))["text"] == "Undone."
    await journey.settle()

    def sent_again() -> list[dict[str, Any]]:
        return [
            m
            for m in journey.photos_for(ann)
            if m["message_id"] != copy["message_id"] and _picture(m) == was
        ]

    await journey.until(lambda: len(sent_again()) == 1)
    (again,) = sent_again()
    assert again["caption"] == "Alice · Class 1A" and labels(again) == ["Not Alice?"]


async def test_that_isnt_alice_on_an_old_copy_takes_her_name_off_it(
    journey: Journey, collages: Collages
) -> None:
    """ "That isn't Alice" on a 49-hour-old copy: it no longer shows the photo nor says
    "Alice · Class 1A" (findings18 13 b: the caption kept the name she had just denied)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    await _sent_long_ago(journey, ann, copy)
    was = _picture(copy)

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert (await journey.press(ann, choices, "That isn't Alice"))["text"] == "Done."
    done = journey.now(choices)
    assert done["text"] == (
        "OK, that isn't Alice. I'll remember this face isn't Alice, so similar faces will be "
        f"asked about instead of sent. {TOO_OLD}, so I blanked your copy instead."
    )
    _blanked(
        journey,
        copy,
        was,
        f"You said the person I named isn't in this photo. {TOO_OLD}, so I blanked it.",
    )


async def test_in_hebrew_the_old_copy_is_blanked_with_the_reason(
    journey: Journey, collages: Collages
) -> None:
    """The same in Hebrew: the choice promises a blanked copy, and the copy says why."""
    ann, poster, group = await journey.class_with_alice()
    await _in_hebrew(journey, ann)
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    await _sent_long_ago(journey, ann, copy)
    was = _picture(copy)

    alice = "\u2068Alice\u2069"
    (choices,) = await journey.after_pressing(ann, copy, f"טעות בזיהוי של {alice}?")
    too_old = "טלגרם מאפשר לי למחוק הודעות רק ב-48 השעות הראשונות שלהן"
    assert f"ואסתיר כאן את העותק שלי שלה ({too_old})." in choices["text"], choices["text"]
    assert (await journey.press(ann, choices, "הסרת התמונה הזו בלבד"))["text"] == "בוצע."
    _blanked(
        journey,
        copy,
        was,
        f"הסרתם את התמונה הזו מהתמונות שלכם. {too_old}, ולכן הסתרתי את העותק.",
    )
