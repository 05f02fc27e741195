"""Walk 34 (issue 32), findings 7 and 9: a clip question true where it is read.

- Finding 7: "Is this Ben? (from 0:00 to 0:01 in the clip…)" was about a 2-second clip he
  is in throughout: the end was the last sampled frame, its seconds cut. A span now ends at
  the second after the face's last sighting, never past the clip's end.
- Finding 9: a once-a-day parent's one question came the next day as a plain "Is this
  Ben? (… in the clip posted in Class 1A)", with no day: a lone question sent by their
  daily sheet now says its post's day. Closed by a ban and reopened at the unban, it was
  asked again at once when the parent opened the link again, outside her daily schedule:
  it waits for her next sheet."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.languages import dates as datefmt
from domain.languages.catalogs import in_language
from sandbox.clips import film
from tests.e2e.conftest import CAST, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_bans_and_pause import _says_in
from tests.e2e.test_batched_questions import ASKING, TOMORROW, choose, worker_side

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def _post_clip(journey: Journey, group: dict[str, Any], poster: dict[str, Any]) -> None:
    """A 3-second clip: a stranger for its first second, then Alice to its end."""
    clip = film([(photo_bytes(NOBODY["group"][0]), 1.0), (photo_bytes(X["group"][0]), 2.0)])
    await journey.world.user_sends_media(
        "video", group["id"], poster["id"], clip, file_name="clip.mp4", mime_type="video/mp4"
    )
    await journey.settle()


def _asked_after(
    journey: Journey, user: dict[str, Any], question: dict[str, Any]
) -> list[dict[str, Any]]:
    """The questions the user was sent after this one."""
    return [m for m in journey.suggestions(user) if m["message_id"] > question["message_id"]]


def _today() -> str:
    with in_language("en"):
        return datefmt.day(datetime.now(UTC))


async def test_a_clip_question_ends_with_the_clip_it_is_in_to_its_end(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        await _post_clip(journey, group, poster)
        (question,) = journey.suggestions(ann)
        # Before: "from 0:01 to 0:02", as if Alice left a second before the clip ends.
        assert question["caption"] == (
            "Is this Alice? (from 0:01 to 0:03 in the clip posted in Class 1A)"
        )


async def test_a_once_a_day_parents_lone_question_says_its_day_and_waits_for_her_sheet(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        payload = journey.group_payload(group)
        office = await bound_admin_chat(journey, group, [poster])
        await choose(journey, ann, "Once a day")
        await _post_clip(journey, group, poster)
        assert journey.suggestions(ann) == []  # on her sheet, for tomorrow
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        await journey.settle()
        # One face on her sheet: asked as its own question, a day later, with its day.
        (question,) = journey.suggestions(ann)
        assert question["caption"] == (
            f"Is this Alice? (from 0:01 to 0:03 in the clip posted in Class 1A on {_today()})"
        )
        assert labels(question) == ["Yes", "No"]

        # Closed by a ban, and said in the past at the unban.
        assert (await _says_in(journey, office, poster, "/ban @ann")).startswith(
            "Class 1A: Ann (@ann) is banned."
        )
        assert "no longer banned" in await _says_in(journey, office, poster, "/unban @ann")
        assert journey.now(question)["caption"] == (
            "This question was closed when the organizers of Class 1A turned off my service "
            "for you; they have since turned it back on."
        )
        # Back through the link: not asked again at once (before, it came within the
        # minute, from the cron that asks a sheet's faces one by one), but on her next sheet.
        await journey.join(ann, payload)
        await journey.settle()
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due() == 0  # the cron, today
            await journey.settle()
            assert _asked_after(journey, ann, question) == []
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        await journey.settle()
        again = _asked_after(journey, ann, question)
        assert [m["caption"] for m in again] == [
            f"Is this Alice? (from 0:01 to 0:03 in the clip posted in Class 1A on {_today()})"
        ]
        await journey.press(ann, again[0], "Yes")
        await journey.settle()
        clips = [m for m in journey.world.transcript(ann["id"]) if "video" in m]
        assert len(clips) == 1
