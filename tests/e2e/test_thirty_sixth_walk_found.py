"""What walk 36 of issue 32 found untrue on today's main: answers kept on screen that a
later change made untrue without redrawing them (findings-walk36 N1 to N5, Rivka #3, the
admin chat's times after /timezone)."""

from __future__ import annotations

from pathlib import Path

from tests.clips import sound_only
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.steps import delete_person, forget_everything, reads_now, sent_starting
from tests.e2e.test_claims import _approved, _class, _name
from tests.e2e.test_thirty_fourth_walk_zones import _timezone_jerusalem

EMPTY = "Your list of people is empty. Use /add to enroll someone."


async def test_a_claimers_persons_list_lists_the_child_once_her_claim_is_approved(
    journey: Journey, collages: Collages
) -> None:
    """N1: Pat's /persons list, redrawn "Your list of people is empty…" when she deleted
    Sara, stayed so after the organizer approved her claim of Tom, while she got his
    photos: it lists Tom, with his button."""
    poster, pat, _mallory, group, office = await _class(journey, collages)
    await journey.join(pat, journey.group_payload(group))
    await journey.enroll(pat, "Sara", [collages.photo(n) for n in CAST["scarlett"]["enroll"]])
    await journey.settle()
    listed = await journey.reply_to(pat, "/persons")
    await delete_person(journey, pat, "Sara")
    assert reads_now(journey, listed) == EMPTY

    payload = await _name(journey, poster, office)
    offer = await journey.reply_to(pat, f"/start {payload}")
    (sheet,) = await journey.after_pressing(pat, offer, "I agree")
    claimed = await _approved(journey, pat, sheet, poster, office)
    assert claimed["text"].startswith("Tom is yours now.")
    await journey.settle()
    # Redrawn by the organizer's press, which may still be running once Pat is told.
    await journey.until(lambda: reads_now(journey, listed) != EMPTY)
    assert reads_now(journey, listed) == "Your people:\n• Tom: active, 3 learned faces"
    assert labels(journey.now(listed)) == ["Tom"]


async def test_the_admin_chats_kept_answers_write_their_times_in_the_new_zone(
    journey: Journey, tmp_path: Path
) -> None:
    """The admin chat's unreadable-clip notice and /stats kept "UTC" after "/timezone
    Jerusalem", beside the Jerusalem times of what came after (walk34 admin #8, #10): they
    say their times in Jerusalem's, as a language switch says them in its language."""
    poster = journey.user("Poster")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [])
    office = await bound_admin_chat(journey, group, [poster])
    sent = await journey.says(poster, "/stats", office["id"])
    (stats,) = await journey.replies(office["id"], sent)
    await journey.world.user_sends_media(
        "video",
        group["id"],
        poster["id"],
        sound_only(tmp_path / "voice.mp4").read_bytes(),
        file_name="voice.mp4",
        mime_type="video/mp4",
    )
    await journey.settle()
    (unreadable,) = [
        m
        for m in journey.world.transcript(office["id"])
        if m.get("text", "").startswith("I could not read the clip")
    ]
    assert "UTC" in unreadable["text"], unreadable["text"]

    await _timezone_jerusalem(journey, poster, office)
    await journey.until(lambda: "Jerusalem" in reads_now(journey, unreadable))
    assert "UTC" not in reads_now(journey, unreadable)
    # The numbers changed since (a clip came): it says as of when, in Jerusalem's time.
    assert "As of " in reads_now(journey, stats), reads_now(journey, stats)
    assert "Jerusalem" in reads_now(journey, stats) and "UTC" not in reads_now(journey, stats)


async def test_a_co_guardians_forget_is_told_without_his_name(journey: Journey) -> None:
    """N3: Carl's /forget told Ann "Carl is no longer a guardian of Alice: they deleted
    their data with me." while the same /forget reworded her older messages "by another
    guardian": it no longer names him either."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await forget_everything(journey, carl)
    told = "Another guardian of Alice is no longer one: they deleted their data with me."
    await journey.until(lambda: reads_now(journey, journey.last(ann)) == told)


async def test_resumes_answer_stays_true_once_what_waited_is_handled(journey: Journey) -> None:
    """N4: /resume's "The photo posted while it was paused is being handled now." stayed
    (and was redrawn so at a language switch) long after the photo was handled: it says in
    the past that it was queued."""
    poster = journey.user("Poster")
    group, _payload = await journey.group_with_bot("Class 1A", poster, [])
    office = await bound_admin_chat(journey, group, [poster])
    await journey.says(poster, "/pause", office["id"])
    await journey.post(group, poster, photo_bytes(CAST["angelina"]["group"][0]))
    await journey.settle()
    sent = await journey.says(poster, "/resume", office["id"])
    (resumed,) = await journey.replies(office["id"], sent)
    await journey.settle()
    assert reads_now(journey, resumed) == (
        "Class 1A is running again. The photo posted while it was paused was queued to be handled."
    )


async def test_one_who_left_and_came_back_reads_she_became_a_guardian_again(
    journey: Journey,
) -> None:
    """Rivka #3 (walk35): her "You're now a guardian of Alice…", redrawn "You were a
    guardian of Alice until you stopped getting their photos and clips." when she left,
    stayed so once she accepted a new invitation: it says she became one again."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (accepted,) = sent_starting(journey, carl, "You're now a guardian of Alice")
    (guardians,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Guardians"
    )
    await journey.press(carl, guardians, "Stop getting Alice's photos and clips")
    await journey.settle()
    assert reads_now(journey, accepted) == (
        "You were a guardian of Alice until you stopped getting their photos and clips."
    )

    await journey.co_guardian(ann, "Alice", carl)
    await journey.settle()
    assert reads_now(journey, accepted) == (
        "You were a guardian of Alice until you stopped getting their photos and clips, then "
        "became one again."
    )


async def test_a_pause_and_resume_told_a_co_guardian_are_past_after_his_forget(
    journey: Journey,
) -> None:
    """N2: Carl's "Ann paused Alice: … until one of you resumes, and then offer you the held
    ones." and "Ann resumed Alice: I'll send their photos and clips again." stayed after his
    own /forget, while every message around them said he deleted everything."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Resume")
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann resumed")))
    (paused,) = sent_starting(journey, carl, "Ann paused")
    (resumed,) = sent_starting(journey, carl, "Ann resumed")

    await forget_everything(journey, carl)
    assert reads_now(journey, paused) == "Ann paused Alice. You were a guardian of Alice."
    assert reads_now(journey, resumed) == "Ann resumed Alice. You were a guardian of Alice."
