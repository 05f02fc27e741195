"""The last sentences that said "photo" where a clip is meant too (issue 35), read
through the emulator: the group's settings card, the admin chat's /help on /takedown, the
consent's retention line, a parent's own /settings, /stats' kept line and a question
about a clip closed by retention; and, in /add, a photo of another of the parent's
persons sent after a clip, whose views stay with the session and are counted as views."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.infra.models import Photo
from domain.languages import dates
from sandbox.clips import film
from tests.e2e.conftest import CAST, Journey, JourneyFactory, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_clip_journeys import ASKING  # a clip's face is asked about
from tests.e2e.test_group_settings import settings_card
from tests.e2e.test_retention_leaves_truth import retention_of

X, Y = CAST["angelina"], CAST["scarlett"]


async def test_the_groups_settings_retention_and_help_say_photos_and_clips(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        # A parent's own /settings: what they post themselves, photo or clip.
        own = await journey.reply_to(ann, "/settings")
        assert (
            "When it is off, a photo or clip you post yourself in a group is not sent back to "
            "you" in own["text"]
        )

        chat = await bound_admin_chat(journey, group, [poster])

        # The admin chat's /help: /takedown takes a photo or a clip.
        sent = await journey.says(poster, "/help", chat["id"])
        (help_text,) = await journey.replies(chat["id"], sent)
        assert (
            "/takedown <message link> here, or reply /takedown to the photo or clip in the "
            "group: remove it from facedrop, from the group and from every guardian's chat. "
            "Shows the post's date, not who is in it." in help_text["text"]
        )
        assert "Photos and clips posted here are not recognized or shared." in help_text["text"]

        # The settings card: each setting said of photos and clips.
        card = await settings_card(journey, poster, chat)
        for said in (
            "Delivery: each photo or clip as it comes (several at once may come as one album)",
            "Keep faces of photos and clips: until someone deletes them",
            "before I match or send them the group's photos and clips;",
            "before I send a photo or clip or ask a guardian;",
            "albums gather the photos and clips of a few minutes (up to 10 in one); the "
            "digest sends the day's photos and clips once a day.",
            "I delete the faces found in the group's photos and clips and their crops",
            "Photos, clips and questions already sent stay in the guardians' chats.",
        ):
            assert said in card["text"], said
        pressed = await journey.press(poster, card, "Keep: 30 d")
        assert pressed["text"] == "Class 1A: Keep faces of photos and clips is now 30 days."

        # A parent joining reads how long the group keeps the faces of both.
        ben = journey.user("Ben")
        await journey.world.set_member_status(group["id"], ben["id"], "member")
        consent = await journey.reply_to(ben, f"/start {journey.group_payload(group)}")
        assert (
            "In Class 1A, its organizers have me delete the faces found in its photos and clips "
            "30 days after they were posted, except the faces you confirm as one of your people "
            "(they help me recognize them). The photos and clips already sent to you stay in "
            "your chat." in consent["text"]
        )

        # A question about a clip, its clip posted 40 days ago: retention closes it, saying
        # the group keeps the faces of its photos and clips 30 days.
        clip = film([(photo_bytes(X["group"][0]), 3.0)])
        posted = await journey.world.user_sends_media(
            "video", group["id"], poster["id"], clip, file_name="clip.mp4", mime_type="video/mp4"
        )
        await journey.settle()
        (question,) = journey.suggestions(ann)
        assert re.fullmatch(
            r"Is this Alice\? \((from 0:00 to 0:0\d|at 0:00) in the clip posted in Class 1A\)",
            question["caption"],
        ), question["caption"]
        await Photo.filter(message_id=posted["message_id"]).update(
            posted_at=datetime.now(UTC) - timedelta(days=40)
        )
        async with retention_of(journey) as retention:
            expired = await retention.run()
        assert expired.faces > 0
        assert journey.now(question)["caption"] == (
            "This question is closed: Class 1A keeps the faces of its photos and clips 30 days, "
            "and this one's are deleted. Nothing to do here."
        )
        sent = await journey.says(poster, "/stats", chat["id"])
        (stats,) = await journey.replies(chat["id"], sent)
        kept, as_of = stats["caption"].rsplit("\n\n", 1)  # the lines above its "As of …"
        assert as_of.startswith("As of ") and as_of.endswith(". Send /stats for the latest.")
        assert kept.endswith(
            f"Faces of photos and clips kept: 30 days (faces of older posts deleted so far: "
            f"{expired.faces}; last checked {dates.day(datetime.now(UTC).date())})"
        )


async def _sends(journey: Journey, user: dict[str, Any], sent: dict[str, Any]) -> str:
    (answer,) = await journey.replies(user["id"], sent)
    return str(answer["text"])


async def test_a_photo_of_alice_among_saras_clip_leaves_the_clips_views_with_sara(
    journey: Journey,
) -> None:
    """Enrolling Sara from a clip, Ann sends a photo of Alice: the question and its "yes"
    count what stays with Sara as views from her clip, not "your other photos"."""
    ann, _, _ = await journey.class_with_alice()
    await journey.reply_to(ann, "/add Sara")
    clip = film([(photo_bytes(name), 2.0) for name in Y["enroll"]])
    sent = await journey.world.user_sends_media(
        "video", ann["id"], ann["id"], clip, file_name="face.mp4", mime_type="video/mp4"
    )
    kept = re.match(
        r"✅ From your clip I kept (\d+) views? of Sara's face", await _sends(journey, ann, sent)
    )
    assert kept is not None
    views = int(kept[1])
    counted = f"{views} view from your clip" if views == 1 else f"{views} views from your clip"

    (photo,) = await journey.world.user_sends_photos(
        ann["id"], ann["id"], [photo_bytes(X["group"][0])]
    )
    (asked,) = await journey.replies(ann["id"], photo)
    assert asked["text"] == (
        "This looks like Alice, whom you already enrolled. Add this photo to Alice? "
        f"Only this one: Sara keeps the others you sent ({counted})."
    )
    answers = await journey.after_pressing(ann, asked, "Yes, add to Alice", count=2)
    assert answers[0]["text"] == (
        "OK: I'm adding this photo to Alice, and I'll tell you when I've learned it. "
        f"Sara keeps the others you sent ({counted}): send more of Sara, or /done."
    )
    assert answers[1]["text"] == "Added 1 photo of Alice. I'll use it from now on."
