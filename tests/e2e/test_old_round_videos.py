"""A round video corrected past Telegram's 48 hours (issue 32): Telegram lets the bot
neither delete it nor change its medium (the emulator refuses both, as Telegram does), so
it stays in the chat. What its guardians read says so: the choices no longer promise to
blank it, and the message replying to it (its names: "Alice at 0:00 · Class 1A", which
kept naming her after "That isn't Alice") says it is no longer theirs and that they can
delete it themselves; /history and /export agree. The same at a takedown."""

from __future__ import annotations

from typing import Any

from sandbox.clips import film
from tests.e2e.conftest import CAST, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import read_export
from tests.e2e.test_corrections import _in_hebrew
from tests.e2e.test_old_copies_corrected import TWO_DAYS, _sent_long_ago
from tests.e2e.test_takedown_past_48_hours import _age, _posted_long_ago

X = CAST["angelina"]
STAYS = (
    "Telegram lets me delete messages only in their first 48 hours, and never lets me "
    "change a round video"
)


def _from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


async def _old_round_video(
    journey: Journey, group: dict[str, Any], poster: dict[str, Any], *readers: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Alice in a round video, delivered to each reader (with its names message replying
    to it) 49 hours ago: [(copy, names)] for each."""
    clip = film([(photo_bytes(X["group"][0]), 3.0)])
    await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()
    sent = []
    for reader in readers:
        copy, names = _from_bot(journey, reader)[-2:]
        assert (
            "video_note" in copy and names["reply_to_message"]["message_id"] == copy["message_id"]
        )
        await _sent_long_ago(journey, reader, copy)
        journey.world.chat(reader["id"]).messages[names["message_id"]].data["date"] -= TWO_DAYS
        sent.append((copy, names))
    return sent


async def test_remove_this_clip_only_on_an_old_round_video_says_it_stays_and_why(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    ((copy, names),) = await _old_round_video(journey, group, poster, ann)
    assert names["text"] == "Alice at 0:00 · Class 1A"

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert choices["text"] == (
        "What's wrong with this clip of Alice?\n\n"
        "Remove this clip only: I'll stop counting this clip as theirs. My copy of it stays "
        f"here: {STAYS}; you can delete it yourself. Nothing is learned from it: future "
        "photos and clips are not affected.\n\n"
        "That isn't Alice: I'll remember this face isn't Alice, so similar faces will be "
        "asked about instead of sent."
    )
    assert (await journey.press(ann, choices, "Remove this clip only"))["text"] == "Done."
    done = journey.now(choices)
    assert done["text"] == (
        "Removed this clip of Alice from your photos and clips. Nothing was learned from it: "
        f"future photos and clips are not affected. {STAYS}, so your copy stays: you can "
        "delete it yourself."
    )
    # The round video stays (Telegram refused to delete it, and to change it), without
    # "Not Alice?"; the message replying to it no longer names her.
    still = journey.now(copy)
    assert not still.get("_deleted") and "video_note" in still and labels(still) == []
    said = journey.now(names)
    assert not said.get("_deleted")
    assert said["text"] == (
        f"You removed this clip from your photos and clips. {STAYS}, so it stays here: you "
        "can delete it yourself."
    )
    await journey.settle()
    (exported,) = (await read_export(journey, ann))["photos_sent_to_you"]
    assert exported["status"] == "removed_by_a_correction", exported

    # A rename re-writes the names beside her round videos: no longer beside this one.
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.settle()
    assert journey.now(names)["text"] == said["text"]

    # Undo: the clip is hers again and comes again, with its names.
    assert (await journey.press(ann, done, "Undo"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: _from_bot(journey, ann)[-1].get("text", "").startswith("Alicia"))
    again, again_names = _from_bot(journey, ann)[-2:]
    assert "video_note" in again and again["message_id"] != copy["message_id"]
    assert again_names["text"] == "Alicia at 0:00 · Class 1A"
    assert again_names["reply_to_message"]["message_id"] == again["message_id"]


async def test_in_hebrew_that_isnt_alice_on_an_old_round_video_tells_both_guardians(
    journey: Journey,
) -> None:
    """Ann says "That isn't Alice" in Hebrew: her round video and Carl's (Alice's other
    guardian, 49 hours old too) stay, each one's names message saying whose word it was,
    and that they can delete it themselves."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await _in_hebrew(journey, ann)
    (ann_copy, ann_names), (_carl_copy, carl_names) = await _old_round_video(
        journey, group, poster, ann, carl
    )
    alice = "\u2068Alice\u2069"
    (choices,) = await journey.after_pressing(ann, ann_copy, f"טעות בזיהוי של {alice}?")
    stays = (
        "טלגרם מאפשר לי למחוק הודעות רק ב-48 השעות הראשונות שלהן, ואף פעם לא מאפשר לי לשנות "
        "סרטון עגול"
    )
    assert f"העותק שלי נשאר כאן: {stays}; אתם יכולים למחוק את העותק בעצמכם." in choices["text"]
    assert "אסתיר" not in choices["text"]  # no blanking promised
    assert (await journey.press(ann, choices, f"לא {alice}"))["text"] == "בוצע."
    assert journey.now(choices)["text"].endswith(
        f"{stays}, ולכן העותק שלכם נשאר: אתם יכולים למחוק את העותק בעצמכם."
    )
    assert journey.now(ann_names)["text"] == (
        f"אמרתם שמי שזיהיתי לא מופיע בסרטון הזה. {stays}, ולכן הסרטון נשאר כאן: "
        "אתם יכולים למחוק את הסרטון בעצמכם."
    )
    await journey.settle()
    assert journey.now(carl_names)["text"] == (
        f"Another guardian said the person I named isn't in this clip. {STAYS}, so it stays "
        "here: you can delete it yourself."
    )


async def test_an_old_round_video_taken_down_stays_saying_so(journey: Journey) -> None:
    """A takedown of a round video 49 hours old: Ann's copy can be neither deleted nor
    blanked; the message replying to it said "Alice at 0:00 · Class 1A" still (her faces
    deleted), and now says the organizers took it down and that she can delete it."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    clip = film([(photo_bytes(X["group"][0]), 3.0)])
    posted = await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()
    copy, names = _from_bot(journey, ann)[-2:]
    assert names["text"] == "Alice at 0:00 · Class 1A"
    await _posted_long_ago(journey, posted)
    _age(journey, copy, names)

    await take_down(journey, group, office, poster, posted)
    still = journey.now(copy)
    assert not still.get("_deleted") and "video_note" in still and labels(still) == []
    assert journey.now(names)["text"] == (
        f"The organizers of Class 1A took this clip down. {STAYS}, so it stays here: you can "
        "delete it yourself."
    )
