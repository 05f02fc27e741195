"""What the twenty-third walk (Hebrew) found untrue, read as the users read it: a
co-guardian's copy an undo deleted was still "sent" in her /export (findings23 5), and
/stats counts every copy sent that week, whatever became of it (findings-walken3 5); a
/takedown asked by link in the admin chat told the other organizer "This button was shown
to someone else" (7); /done with nothing to finish answered "There's nothing to cancel."
(2); an album sent outside /add got one answer per photo (3)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from domain.infra.models import Group
from domain.infra.stores.moderation_stats import TortoiseStatsStore
from domain.moderation import texts as moderation_texts
from domain.moderation.stats import Statistics
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat, post_link
from tests.e2e.steps import co_guardian_then_joins, forget_everything, read_export

X, SARA, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]


async def _deliveries_this_week(journey: Journey, poster: dict[str, Any], office: int) -> str:
    sent = await journey.says(poster, "/stats", office)
    (reply,) = await journey.replies(office, sent)
    match = re.search(r"Deliveries this week: (\d+)", reply["caption"])
    assert match is not None, reply["caption"]
    return match.group(1)


async def test_a_copy_an_undo_deleted_is_not_sent_in_export_and_stats_count_every_copy_sent(
    journey: Journey, collages: Collages
) -> None:
    """Ann moves a face from Alice to Amy, whose co-guardian Bea then gets the photo; Ann
    undoes the move and Bea's copy goes: Bea's /export says a correction removed it (not
    "sent"). /stats counts the copies sent this week, whatever became of them since: Bea's
    too, and Ann's after a takedown and Ann's /forget (findings-walken3 5: it counted what
    was left, so an erasure made the week's deliveries shrink)."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Amy", bea, group)
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)

    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(bea)) == 1)
    (beas,) = journey.photos_for(bea)
    (copy,) = (await read_export(journey, bea))["photos_sent_to_you"]
    assert copy["status"] == "sent", copy
    assert await _deliveries_this_week(journey, poster, office["id"]) == "2"

    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    assert journey.now(beas).get("_deleted") is True
    (copy,) = (await read_export(journey, bea))["photos_sent_to_you"]
    assert copy["status"] == "removed_by_a_correction", copy
    assert await _deliveries_this_week(journey, poster, office["id"]) == "2"

    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (card,) = await journey.replies(office["id"], command)
    await journey.press(poster, card, moderation_texts.takedown_go())
    await journey.settle()
    await journey.until(lambda: journey.now(delivered).get("_deleted") is True)
    assert await _deliveries_this_week(journey, poster, office["id"]) == "2"
    await forget_everything(journey, ann)
    assert await _deliveries_this_week(journey, poster, office["id"]) == "2"
    # The chart draws the same: today's deliveries are the two copies sent.
    db_group = await Group.get(chat_id=group["id"])
    figures = await Statistics(TortoiseStatsStore()).group_stats(db_group.id)
    assert figures.days[-1].deliveries == 2


async def test_another_organizer_may_confirm_a_takedown_asked_by_link(
    journey: Journey, collages: Collages
) -> None:
    """In the admin chat, the poster asks /takedown with the post's link; Dave, another
    organizer of the group, confirms it and the photo is taken down (he was told "This
    button was shown to someone else"). Eve, in the chat but no organizer, is refused."""
    ann, poster, group = await journey.class_with_alice()
    dave, eve = journey.user("Dave"), journey.user("Eve")
    journey.world.chats[group["id"]].members[dave["id"]] = "member"
    await journey.world.set_member_status(group["id"], dave["id"], "administrator")
    office = await bound_admin_chat(journey, group, [poster, dave, eve])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)

    command = await journey.world.user_sends_text(
        office["id"], poster["id"], f"/takedown {post_link(group, posted)}"
    )
    (card,) = await journey.replies(office["id"], command)
    refused = await journey.press(eve, card, moderation_texts.takedown_go())
    assert refused["text"] == "Only admins of Class 1A can take its photos and clips down."
    confirmed = await journey.press(dave, journey.now(card), moderation_texts.takedown_go())
    assert confirmed.get("show_alert") is not True, confirmed  # not "shown to someone else"
    await journey.settle()
    await journey.until(lambda: journey.now(card)["text"].startswith("Taken down"))
    assert journey.now(anns).get("_deleted") is True


def _answers_after(journey: Journey, user: dict[str, Any], message: dict[str, Any]) -> list[str]:
    return [
        str(m.get("text"))
        for m in journey.world.transcript(user["id"])
        if m["from"]["is_bot"] and m["message_id"] > message["message_id"]
    ]


async def test_an_album_sent_outside_add_is_answered_once(journey: Journey) -> None:
    """Mia opens the group's link but has not agreed yet, and sends an album of three
    photos: one answer, that she must agree first (it was three times "send /add first",
    whose answer was then "agree first"). Once she agreed, another album: one answer,
    "send /add first"."""
    _ann, _poster, group = await journey.class_with_alice()
    mia = journey.user("Mia")
    journey.world.chats[group["id"]].members[mia["id"]] = "member"
    await journey.reply_to(mia, f"/start {journey.group_payload(group)}")
    photos = [photo_bytes(n) for n in X["enroll"][:3]]

    album = await journey.world.user_sends_photos(mia["id"], mia["id"], photos)
    await journey.replies(mia["id"], album[-1])
    await asyncio.sleep(2)  # the other photos' answers, if any, have come by now
    assert _answers_after(journey, mia, album[0]) == [
        'Please agree first: open your group\'s link and tap "I agree".'
    ]

    await journey.join(mia, journey.group_payload(group))
    album = await journey.world.user_sends_photos(mia["id"], mia["id"], photos)
    await journey.replies(mia["id"], album[-1])
    await asyncio.sleep(2)
    (said,) = _answers_after(journey, mia, album[0])
    assert said.startswith("To enroll someone, send /add first."), said


async def test_done_with_nothing_to_finish_says_so(journey: Journey) -> None:
    """/done with no enrollment open, after one was finished: not "There's nothing to
    cancel." but what /done is for."""
    ann, _poster, _group = await journey.class_with_alice()
    assert (await journey.reply_to(ann, "/done"))["text"] == (
        "There's no enrollment open to finish. To enroll someone, send /add."
    )
