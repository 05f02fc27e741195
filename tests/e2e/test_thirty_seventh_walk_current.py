"""Issue 32 (session 37): answers that read as current after they stopped being.

A guardian's "Paused Alice: … When you resume, I'll offer you…" promised so after the
resume.

The newest /stats in the admin chat read as current after its numbers changed (only an
older one got "As of …", at a language or zone switch): every /stats says as of when, in
the group's zone.

A once-a-day parent's lone question came plain, while /settings promised "one numbered
sheet" (walk34 Dan #17/#19/#32): /settings says a single face waiting comes as its own
question.

A parent's "The organizers of Class 1A took down a photo posted there on …, so I deleted
your copy of it." stayed in UTC after the organizers' /timezone, beside /history in
Jerusalem time: it is redrawn in the group's new zone (and goes with its reader's /forget,
true as it says)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels
from tests.e2e.organizers import bound_admin_chat, take_down
from tests.e2e.steps import forget_everything, reads_now, sent_starting
from tests.e2e.test_batched_questions import (
    ASKING,
    TOMORROW,
    _ann_in_class,
    _post_alice,
    worker_side,
)
from tests.e2e.test_thirty_fifth_walk_takedowns import _posted_at
from tests.e2e.test_thirty_fourth_walk_zones import _timezone_jerusalem

X = CAST["angelina"]


async def test_a_pause_told_says_it_in_the_past_once_resumed(journey: Journey) -> None:
    """Ann pauses Alice, then Carl resumes her: Ann's "Paused Alice: …" no longer says what
    happens "when you resume"."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Pause")
    (paused,) = sent_starting(journey, ann, "Paused")
    assert "When you resume" in reads_now(journey, paused)
    await journey.until(lambda: bool(sent_starting(journey, carl, "Ann paused")))
    await journey.settle()

    await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Resume")
    await journey.settle()
    assert reads_now(journey, paused) == "Paused Alice for a while: resumed since."


async def test_the_newest_stats_says_as_of_when_in_the_groups_zone(
    journey: Journey, collages: Collages
) -> None:
    """Olga's /stats, asked after "/timezone Jerusalem", says when it counted, in Jerusalem
    time; a photo posted since leaves it true."""
    _ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await _timezone_jerusalem(journey, poster, office)
    await journey.settle()
    sent = await journey.says(poster, "/stats", office["id"])
    (stats,) = await journey.replies(office["id"], sent)
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()

    said = reads_now(journey, stats)
    assert "\n\nAs of " in said, said
    as_of = said.rsplit("\n\n", 1)[1]
    assert as_of.endswith(" Jerusalem. Send /stats for the latest."), said


async def test_once_a_day_settings_say_a_lone_face_comes_as_its_own_question(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    """Ann gets her questions once a day; one face waits: it comes as a plain question, and
    her /settings say so."""
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await _ann_in_class(journey)
        settings = await journey.reply_to(ann, "/settings")
        await journey.press(ann, settings, "Once a day")
        await _post_alice(journey, collages, group, poster, 1)
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        await journey.until(lambda: len(journey.suggestions(ann)) == 1)
        (question,) = journey.suggestions(ann)
        assert labels(question) == ["Yes", "No"]

        said = journey.now(settings)["text"]
        assert "once a day, at 18:00 (UTC), one numbered sheet per person and group" in said
        assert "a single face waiting comes as its own question" in said, said


async def test_a_takedown_notice_writes_its_time_in_the_groups_new_zone(
    journey: Journey, collages: Collages
) -> None:
    """Carl read that the organizers took down a photo posted at a time in UTC; they set
    "/timezone Jerusalem": it reads that time in Jerusalem's zone."""
    _ann, carl, poster, group = await journey.class_with_alice_and_carl()
    office = await bound_admin_chat(journey, group, [poster])
    (posted,) = await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    await take_down(journey, group, office, poster, posted)
    (told,) = sent_starting(journey, carl, "The organizers of Class 1A took down a photo")
    utc = _posted_at(reads_now(journey, told), "posted there on ", ", so I deleted")
    assert utc.endswith(" UTC"), utc

    await _timezone_jerusalem(journey, poster, office)
    await journey.until(lambda: "Jerusalem" in reads_now(journey, told))
    said = reads_now(journey, told)
    jerusalem = _posted_at(said, "posted there on ", ", so I deleted")
    assert jerusalem.endswith(" Jerusalem") and "UTC" not in said, said
    assert said.endswith(", so I deleted your copy of it."), said

    await forget_everything(journey, carl)  # true as it says: left so
    assert reads_now(journey, told) == said


async def test_a_takedown_notice_of_another_group_follows_its_readers_zone(
    journey: Journey, collages: Collages
) -> None:
    """Carl is in Class 1A and Class 1B. Class 1B's organizers set Jerusalem (his groups
    differ now, so his chat says UTC) and take down a photo he got there: it reads in UTC.
    Class 1A's set Jerusalem too: his chat's zone is Jerusalem, and the Class 1B notice says
    so (review37 1.4: only Class 1A's notices were written again)."""
    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    second, payload = await journey.group_with_bot("Class 1B", poster, [ann, carl])
    await journey.join(ann, payload)
    await journey.join(carl, payload)
    office = await bound_admin_chat(journey, group, [poster])
    office_b = await bound_admin_chat(journey, second, [poster], title="Class 1B office")
    sent = await journey.says(poster, "/timezone Jerusalem", office_b["id"])
    (asked,) = await journey.replies(office_b["id"], sent)
    pressed = await journey.press(poster, asked, "Use Jerusalem")
    assert pressed["text"] == "Class 1B: Time zone is now Jerusalem."
    (posted,) = await journey.post(second, poster, collages.make(X["group"][0]))
    await journey.settle()
    await take_down(journey, second, office_b, poster, posted)
    (told,) = sent_starting(journey, carl, "The organizers of Class 1B took down a photo")
    utc = _posted_at(reads_now(journey, told), "posted there on ", ", so I deleted")
    assert utc.endswith(" UTC"), utc

    await _timezone_jerusalem(journey, poster, office)
    await journey.until(lambda: "Jerusalem" in reads_now(journey, told))
    said = reads_now(journey, told)
    assert _posted_at(said, "posted there on ", ", so I deleted").endswith(" Jerusalem"), said
