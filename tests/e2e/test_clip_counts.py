"""Counts that are true of clips (issue 35): the organizers' /stats counts the photos and
the clips that could not be read apart (a sound-only clip is no failed photo), a
guardian's card counts the clips and round videos delivered apart from the photos, and
the offer of what was held while a child was paused counts its clip apart. The clips are
filmed from the shared photos (``sandbox/clips.py``)."""

from __future__ import annotations

from pathlib import Path

from sandbox.clips import film
from tests.clips import sound_only
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes
from tests.e2e.organizers import bound_admin_chat

X = CAST["angelina"]


async def test_stats_the_card_and_the_held_offer_count_photos_and_clips_apart(
    journey: Journey, collages: Collages, tmp_path: Path
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.world.user_sends_media(
        "video", group["id"], poster["id"], film([(photo_bytes(X["group"][1]), 2.0)])
    )
    await journey.world.user_sends_media(
        "video_note", group["id"], poster["id"], film([(photo_bytes(X["group"][0]), 2.0)])
    )
    await journey.world.user_sends_media(
        "video",
        group["id"],
        poster["id"],
        sound_only(tmp_path / "song.mp4").read_bytes(),
        file_name="song.mp4",
        mime_type="video/mp4",
    )
    await journey.settle()

    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    lines = reply["caption"].split("\n")
    assert "Photos this week: 1" in lines
    assert "Clips this week: 3" in lines
    assert "Deliveries this week: 3" in lines
    # The sound-only clip is a clip that could not be read, not a photo; each count in
    # its own plural form.
    assert "Failures this week: 0 photos, 1 clip, 0 deliveries" in lines

    card = await journey.card(ann, "Alice")
    (delivered,) = [line for line in card["caption"].split("\n") if "delivered" in line]
    # The clip and the round video are Alice's clips, not photos.
    assert delivered.startswith("Photos delivered: 1 · clips: 2 · learned faces: ")

    # What is held while Alice is paused is offered on resume, photos and clips apart.
    await journey.after_pressing(ann, card, "Pause")
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.world.user_sends_media(
        "video", group["id"], poster["id"], film([(photo_bytes(X["group"][0]), 3.0)])
    )
    await journey.settle()
    card = await journey.card(ann, "Alice")
    _, offer = await journey.after_pressing(ann, card, "Resume", count=2)
    assert offer["text"] == (
        "While Alice was paused, I held 1 photo and 1 clip of them from Class 1A. Send them?"
    )
    await journey.press(ann, offer, "Yes")
    assert (await journey.edited(offer))["text"] == "Sending 1 photo and 1 clip."
