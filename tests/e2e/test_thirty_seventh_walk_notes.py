"""What walk 37B (walk34 reread) found untrue where the teacher and the parents read it
(issue 32: an answer kept on screen is redrawn when what it says changes).

The teacher's "I could not read the clip you posted in Class 1A on … UTC…" stayed in UTC
after the organizers' /timezone, while the admin chat's copy was redrawn (finding 1): it
is redrawn in the group's new zone (and goes with its reader's /forget, true as it says)."""

from __future__ import annotations

from pathlib import Path

from tests.clips import clip_at_times
from tests.e2e.conftest import Journey
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import forget_everything, reads_now, sent_starting
from tests.e2e.test_thirty_fifth_walk_takedowns import _posted_at
from tests.e2e.test_thirty_fourth_walk_zones import _timezone_jerusalem

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
