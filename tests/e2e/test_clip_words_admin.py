"""What the organizers and a guardian's sheet of questions read of a clip says "clip"
(issue 35), through the emulator: a sheet asking about a photo's face and a clip's face
names both, its answer counts the clip apart; the clip taken down from the admin chat is
asked about and reported as a clip; /audit says the clip was taken down and tagged."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, JourneyFactory, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_admin_chat import audit_of
from tests.e2e.test_batched_questions import ASKING, TOMORROW, choose, sheets, worker_side

X, NOBODY = CAST["angelina"], CAST["strangers"]


async def test_a_clip_is_a_clip_on_the_sheet_in_the_takedown_and_in_the_audit(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        office = await bound_admin_chat(journey, group, [poster])
        await choose(journey, ann, "Once a day")
        await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][0]))
        clip = await journey.world.user_sends_media(
            "video",
            group["id"],
            poster["id"],
            film([(photo_bytes(X["group"][0]), 3.0)]),
            file_name="song.mp4",
            mime_type="video/mp4",
        )
        await journey.settle()

        # The day's sheet: a face of the photo and a face of the clip.
        async with worker_side(journey) as (batches, _):
            assert await batches.send_due(datetime.now(UTC) + TOMORROW) == 1
        (sheet,) = sheets(journey, ann)
        assert sheet["caption"] == (
            "Are these 2 faces Alice? (photos and clips in Class 1A, numbered)"
        )
        await journey.press(ann, sheet, "Yes, all are Alice")
        assert journey.now(sheet)["caption"] == (
            "Thanks: 1 photo and 1 clip of Alice, on their way to you."
        )
        await journey.settle()
        assert len(journey.photos_for(ann)) == 1
        (copy,) = [m for m in journey.world.transcript(ann["id"]) if "video" in m]

        # The clip taken down from the admin chat, by its link.
        link = f"https://t.me/c/{str(group['id'])[4:]}/{clip['message_id']}"
        command = await journey.says(poster, f"/takedown {link}", office["id"])
        (question,) = await journey.replies(office["id"], command)
        assert question["text"].startswith("Take down a clip from Class 1A? Posted ")
        await journey.press(poster, question, "Take it down")
        await journey.settle()
        report = journey.now(question)["text"]
        assert report.startswith("Taken down: the clip from Class 1A posted "), report
        assert "Copies deleted from guardians' chats: 1." in report
        assert journey.now(copy).get("_deleted") is True
        assert journey.now(clip).get("_deleted") is True

        # /audit: Ann's two answers (a photo's face, a clip's) and the takedown.
        audit = (await audit_of(journey, poster, office))["text"]
        assert "Poster took down the clip posted " in audit, audit
        assert "A takedown can't be undone: the clip and its copies are deleted." in audit
        assert "Ann tagged 1 face on a clip of " in audit, audit
        assert "Ann tagged 1 face on a photo of " in audit, audit
        assert "photo and its copies" not in audit
