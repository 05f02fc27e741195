"""What walk 37B (walk34 reread) found untrue where the teacher and the parents read it
(issue 32: an answer kept on screen is redrawn when what it says changes).

The teacher's "I could not read the clip you posted in Class 1A on … UTC…" stayed in UTC
after the organizers' /timezone, while the admin chat's copy was redrawn (finding 1): it
is redrawn in the group's new zone (and goes with its reader's /forget, true as it says).

Ann's "Carl removed a clip … so I deleted your copy too" stayed as it was after Carl undid
the removal (finding 2): it says the removal was undone since, and keeps saying so once
Carl's /forget takes his name out of it.

Dan's clip verdict "… 2 views from your clip so far (2 of 3)." kept "so far" after /done,
while the verdict below it dropped it (finding 6): it keeps what the clip kept, without
the count of a session that is over."""

from __future__ import annotations

from pathlib import Path

from tests.clips import clip_at_times
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import (
    beas_correction_menu,
    forget_everything,
    reads_now,
    sent_starting,
)
from tests.e2e.test_enrollment import _buttons_gone, _send
from tests.e2e.test_enrollment_clip_views import _clip
from tests.e2e.test_enrollment_clips import KEPT, _ann_in_a_class, _turning
from tests.e2e.test_thirty_fifth_walk_takedowns import _posted_at
from tests.e2e.test_thirty_fourth_walk_zones import _timezone_jerusalem

X, NOBODY = CAST["angelina"], CAST["strangers"]
THREE_HOURS = 3 * 3600.0


async def test_the_posters_unreadable_notice_writes_its_time_in_the_groups_new_zone(
    journey: Journey, tmp_path: Path
) -> None:
    """The teacher read that her three-hour clip could not be read, posted at a time in
    UTC; the organizers set "/timezone Jerusalem": it reads that time in Jerusalem's zone,
    the rest as it was."""
    _, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    teacher = journey.user("Teacher")
    await journey.world.set_member_status(group["id"], teacher["id"], "member")
    await journey.join(teacher, journey.group_payload(group))
    play = clip_at_times(tmp_path / "play.mp4", [0.0, THREE_HOURS]).read_bytes()
    await journey.world.user_sends_media(
        "video", group["id"], teacher["id"], play, file_name="play.mp4", mime_type="video/mp4"
    )
    await journey.settle()
    (told,) = sent_starting(journey, teacher, "I could not read the clip you posted in Class 1A")
    first = reads_now(journey, told)
    utc = _posted_at(first, " on ", ": it is longer")
    assert utc.endswith(" UTC"), first

    await _timezone_jerusalem(journey, poster, office)
    await journey.until(lambda: "Jerusalem" in reads_now(journey, told))
    said = reads_now(journey, told)
    jerusalem = _posted_at(said, " on ", ": it is longer")
    assert jerusalem.endswith(" Jerusalem") and "UTC" not in said, said
    assert said.replace(jerusalem, utc) == first, said
    assert said.endswith(
        ": it is longer than the clips I read. Nothing else was affected. Send a shorter "
        "clip, at most 30 minutes long."
    ), said

    await forget_everything(journey, teacher)  # true as it says: left so
    assert reads_now(journey, told) == said


async def test_a_removal_undone_since_says_so_where_it_deleted_the_copy(
    journey: Journey, collages: Collages
) -> None:
    """Bea removes a photo of Alice ("Remove this photo only"): Ann's copy goes, and Ann is
    told. Bea undoes it: what told Ann says so beside the news of the undo, and still says
    so once Bea's /forget takes her name out of it."""
    ann, bea, choices = await beas_correction_menu(journey, collages)
    assert (await journey.press(bea, choices, "Remove this photo only"))["text"] == "Done."
    await journey.settle()
    removed = (
        "Bea removed a Class 1A photo from Alice's photos, so I deleted your copy of that photo."
    )
    (told,) = sent_starting(journey, ann, "Bea removed")
    assert reads_now(journey, told) == removed

    assert (await journey.press(bea, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.settle()
    assert sent_starting(journey, ann, "Bea undid their change")
    undone = " Since then this was undone, and I sent it to you again."
    await journey.until(lambda: reads_now(journey, told) != removed)
    assert reads_now(journey, told) == removed + undone

    await forget_everything(journey, bea)
    await journey.until(lambda: "Bea" not in reads_now(journey, told))
    assert reads_now(journey, told) == (
        "Another guardian of Alice removed a Class 1A photo from Alice's photos, so I deleted "
        "your copy of that photo." + undone
    )


async def test_a_clips_verdict_says_no_so_far_after_done(journey: Journey) -> None:
    """Ann sends a clip first (fewer views than the three needed), then a photo, then
    /done: the clip's verdict keeps what it kept, without "so far (2 of 3)", as the
    photo's verdict below it keeps its count without "so far"."""
    ann, _, _ = await _ann_in_a_class(journey)
    await journey.reply_to(ann, "/add Alice")
    answer = await _clip(journey, ann, _turning(X["enroll"][:2]))
    kept = KEPT.match(answer["text"])
    assert kept is not None and int(kept[1]) < 3, answer["text"]
    assert answer["text"].endswith(f"so far ({kept[1]} of 3)."), answer["text"]
    photo = await _send(journey, ann, photo_bytes(X["enroll"][2]))
    assert photo["text"].endswith("and 1 photo so far. Send more, or /done."), photo["text"]

    done = await journey.says(ann, "/done")
    await journey.replies(ann["id"], done, count=2)
    closed = await _buttons_gone(journey, answer)
    await journey.until(lambda: "so far" not in journey.now(photo)["text"])
    await journey.until(lambda: "so far" not in journey.now(answer)["text"])
    assert KEPT.fullmatch(journey.now(answer)["text"]), journey.now(answer)["text"]
    assert labels(closed) == []
