"""What guardians and organizers do with a photo, done with a clip (issue 35): a question
about a clip's face shows its best frame, marked, and when it is on screen; "Not Alice?"
removes her track from that clip only, or moves it to another of the guardian's children;
a takedown, retention, /forget, the erasure of a person, /export, a ban and a pause act
on a clip's tracks, their crops and best frames as on a photo's faces. The clips are
filmed from the shared photos (``sandbox/clips.py``)."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from PIL import Image

from domain.infra.images import MARK_COLOUR
from domain.infra.models import Face, Person, Photo, Suggestion
from domain.infra.stores.privacy import TortoiseRetentionStore
from domain.moderation import texts as moderation_texts
from domain.privacy.retention import Retention
from domain.recognition.face_index import FaceFilter
from domain.settings import MatchingSettings
from domain.states import PhotoStatus
from domain.telegram import DOWNLOAD_LIMIT
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat, takedown_asked_in_group
from tests.e2e.steps import forget_everything, joins_then_co_guardian, read_export
from tests.e2e.test_group_settings import settings_card

X, Y, NOBODY = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
# Every match of a clip's face lands in the question band: questions, crops and frames.
ASKING = MatchingSettings(auto=0.97, suggest=0.4)


def _clip(*shots: tuple[str, float]) -> bytes:
    """A clip filmed from these shared photos, each on screen for so many seconds."""
    return film([(photo_bytes(name), seconds) for name, seconds in shots])


async def _post_clip(
    journey: Journey, group: dict[str, Any], poster: dict[str, Any], clip: bytes
) -> dict[str, Any]:
    return await journey.world.user_sends_media(
        "video", group["id"], poster["id"], clip, file_name="clip.mp4", mime_type="video/mp4"
    )


def _clips_for(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    """The clips the bot sent to the user (deleted ones too: read them with ``now``)."""
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"] and "video" in m]


def _copy_of(journey: Journey, user: dict[str, Any], posted: dict[str, Any]) -> dict[str, Any]:
    (copy,) = [
        m
        for m in _clips_for(journey, user)
        if m["video"]["file_unique_id"] == posted["video"]["file_unique_id"]
    ]
    return copy


async def _blobs_of(journey: Journey, photo: Photo) -> list[str]:
    """What the blob store keeps of a posted photo's faces (crops, a clip's best frames)."""
    assert journey.stack is not None and journey.stack.blobs is not None
    return await journey.stack.blobs.keys(f"crops/{photo.id}/")


def _marked(image: bytes) -> int:
    """How many pixels of the image are the colour a question marks the face with."""
    with Image.open(io.BytesIO(image)) as opened:
        pixels = np.asarray(opened.convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(MARK_COLOUR)).sum(axis=2) < 60).sum())


async def test_a_question_about_a_clips_face_shows_its_best_frame_marked_and_when(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        # A stranger for 2 s, then Alice for 3 s.
        posted = await _post_clip(
            journey, group, poster, _clip((NOBODY["group"][0], 2.0), (X["group"][0], 3.0))
        )
        await journey.settle()
        assert _clips_for(journey, ann) == []  # not sure enough to send
        (question,) = journey.suggestions(ann)
        assert re.fullmatch(
            r"Is this Alice\? \(from 0:02 to 0:05 in the clip posted in Class 1A\)",
            question["caption"],
        ), question["caption"]
        photo = await Photo.get(message_id=posted["message_id"])
        (asked,) = await Face.filter(photo=photo, crop_key__isnull=False)
        assert asked.seen_from_s == 2.0
        # What is shown: the best frame with the face marked, not the face's bare crop.
        assert journey.stack is not None and journey.stack.blobs is not None
        crop = await journey.stack.blobs.get(asked.crop_key or "")
        shown = journey.world.file_bytes(question["photo"][-1]["file_id"]).data
        assert _marked(shown) > 200 and _marked(crop) < 20
        with Image.open(io.BytesIO(shown)) as picture, Image.open(io.BytesIO(crop)) as face:
            assert picture.width > face.width and picture.height > face.height

        await journey.press(ann, question, "Yes")
        await journey.settle()
        copy = _copy_of(journey, ann, posted)
        assert copy["caption"] == "Alice at 0:02 · Class 1A"
        # Answered: the face's crop and best frame go.
        assert await _blobs_of(journey, photo) == []


async def test_not_alice_on_a_clip_removes_her_from_that_clip_only(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    # Posted apart, each comes alone with its buttons (recognized while her chat waited for
    # its turn, they would come as one album, its "Not Alice?" in a message of its own).
    first = await _post_clip(journey, group, poster, _clip((X["group"][0], 2.0)))
    await journey.settle()
    second = await _post_clip(
        journey, group, poster, _clip((NOBODY["group"][0], 1.0), (X["group"][0], 2.0))
    )
    await journey.settle()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][1]))
    await journey.settle()
    copy, other = _copy_of(journey, ann, first), _copy_of(journey, ann, second)
    assert (copy["caption"], other["caption"]) == (
        "Alice at 0:00 · Class 1A",
        "Alice at 0:01 · Class 1A",
    )
    (photo_copy,) = journey.photos_for(ann)

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert (await journey.press(ann, choices, "Remove this clip only"))["text"] == "Done."
    await journey.settle()

    assert journey.now(copy).get("_deleted") is True
    assert journey.now(other).get("_deleted") is not True
    assert journey.now(photo_copy).get("_deleted") is not True
    alice = await Person.get(name="Alice")
    clip = await Photo.get(message_id=first["message_id"])
    assert not await Face.filter(photo=clip, person=alice).exists()
    assert await Face.filter(photo=clip).count() == 1  # her track stays, nobody's
    kept = await Photo.get(message_id=second["message_id"])
    assert await Face.filter(photo=kept, person=alice).count() == 1
    await journey.assert_consistent()


async def test_its_mia_moves_a_clips_face_and_mias_guardians_get_the_clip_with_the_time(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Mia", [photo_bytes(n) for n in Y["enroll"]])
    bea = journey.user("Bea")
    await joins_then_co_guardian(journey, ann, "Mia", bea, group)
    posted = await _post_clip(
        journey, group, poster, _clip((NOBODY["group"][0], 2.0), (X["group"][0], 2.0))
    )
    await journey.settle()
    copy = _copy_of(journey, ann, posted)
    assert copy["caption"] == "Alice at 0:02 · Class 1A"
    assert _clips_for(journey, bea) == []

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    assert (await journey.press(ann, await journey.edited(choices), "Mia"))["text"] == "Done."
    await journey.settle()

    mia = await Person.get(name="Mia")
    clip = await Photo.get(message_id=posted["message_id"])
    (moved,) = await Face.filter(photo=clip, person=mia)
    assert moved.seen_from_s == 2.0
    bea_copy = _copy_of(journey, bea, posted)
    assert bea_copy["caption"] == "Mia at 0:02 · Class 1A"
    assert journey.now(copy)["caption"] == "Mia at 0:02 · Class 1A"
    await journey.assert_consistent()

    # Renamed: the copies say the new name, still with the time.
    await journey.after_pressing(ann, await journey.card(ann, "Mia"), "Rename")
    assert (await journey.reply_to(ann, "Mila"))["text"] == "Renamed to Mila."
    await journey.settle()
    assert journey.now(bea_copy)["caption"] == "Mila at 0:02 · Class 1A"


async def test_a_clip_taken_down_leaves_no_copy_question_crop_or_frame(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        bob = journey.user("Bob")
        await joins_then_co_guardian(journey, ann, "Alice", bob, group)
        posted = await _post_clip(journey, group, poster, _clip((X["group"][0], 3.0)))
        await journey.settle()
        (anns,), (bobs,) = journey.suggestions(ann), journey.suggestions(bob)
        photo = await Photo.get(message_id=posted["message_id"])
        # A crop and a best frame kept while Alice's question is open.
        assert len(await _blobs_of(journey, photo)) == 2

        question = await takedown_asked_in_group(journey, group, poster, posted)
        await journey.press(poster, question, moderation_texts.takedown_go())
        await journey.settle()

        assert journey.now(posted).get("_deleted") is True
        assert journey.now(anns).get("_deleted") is True
        assert journey.now(bobs).get("_deleted") is True
        assert await _blobs_of(journey, photo) == []
        assert not await Face.filter(photo=photo).exists()
        assert not await Suggestion.filter(face__photo=photo).exists()
        assert journey.stack is not None and journey.stack.face_index is not None
        assert await journey.stack.face_index.count(FaceFilter(photo_ids=[photo.id])) == 0
        assert (await Photo.get(id=photo.id)).status == PhotoStatus.REMOVED


async def test_export_lists_a_clip_with_when_alice_is_in_it_and_forget_takes_her_tracks(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    posted = await _post_clip(
        journey, group, poster, _clip((NOBODY["group"][0], 2.0), (X["group"][0], 2.0))
    )
    await journey.settle()
    copy = _copy_of(journey, ann, posted)

    data = await read_export(journey, ann)
    (clip,) = data["photos_sent_to_you"]
    assert (clip["kind"], clip["message_id"]) == ("clip", posted["message_id"])
    (seen,) = clip["your_persons_on_screen"]
    assert (seen["person"], seen["from_s"]) == ("Alice", 2.0)
    assert seen["shown_as"].startswith("0:02-0:0")
    assert "Yara" not in json.dumps(data) and "embedding" not in json.dumps(data)

    photo = await Photo.get(message_id=posted["message_id"])
    assert await Face.filter(photo=photo).count() == 2  # the stranger's track and Alice's
    await forget_everything(journey, ann)

    assert not await Person.exists(name="Alice")
    (left,) = await Face.filter(photo=photo)  # the stranger's track only
    assert left.person_id is None  # type: ignore[attr-defined]
    assert journey.stack is not None and journey.stack.face_index is not None
    assert await journey.stack.face_index.count(FaceFilter(photo_ids=[photo.id])) == 1
    assert labels(journey.now(copy)) == []  # her copy stays, without "Not Alice?"
    await journey.assert_consistent()


async def test_deleting_alice_erases_her_clip_tracks_and_retention_the_clips_faces(
    journey_factory: JourneyFactory,
) -> None:
    async with journey_factory(matching=ASKING) as journey:
        ann, poster, group = await journey.class_with_alice()
        chat = await bound_admin_chat(journey, group, [poster])
        asked = await _post_clip(journey, group, poster, _clip((X["group"][0], 3.0)))
        old = await _post_clip(
            journey, group, poster, _clip((NOBODY["group"][0], 2.0), (X["group"][0], 2.0))
        )
        await journey.settle()
        assert len(journey.suggestions(ann)) == 2
        asked_clip = await Photo.get(message_id=asked["message_id"])
        old_clip = await Photo.get(message_id=old["message_id"])
        assert len(await _blobs_of(journey, asked_clip)) == 2  # its crop and best frame
        assert journey.stack is not None
        index, blobs = journey.stack.face_index, journey.stack.blobs
        assert index is not None and blobs is not None

        # Retention: the older clip, posted 40 days ago, loses its faces, crops and frames.
        card = await settings_card(journey, poster, chat)
        await journey.press(poster, card, "Keep: 30 d")
        # Each parent is told of the new limit (waited for: it would otherwise come between
        # her /persons below and its answer).
        await journey.until(lambda: "set a time limit" in journey.last(ann).get("text", ""))
        await Photo.filter(id=old_clip.id).update(posted_at=datetime.now(UTC) - timedelta(days=40))
        expired = await Retention(index, blobs, TortoiseRetentionStore()).run()
        assert expired.faces == 2 and expired.crops == 1
        assert not await Face.filter(photo=old_clip).exists()
        assert await index.count(FaceFilter(photo_ids=[old_clip.id])) == 0
        assert await _blobs_of(journey, old_clip) == []
        assert await Face.filter(photo=asked_clip).count() == 1  # the recent clip stays

        # Alice deleted: her track asked about stays an unknown face, without its crop and
        # best frame; nothing of her is matched again.
        person_card = await journey.card(ann, "Alice")
        (confirm,) = await journey.after_pressing(ann, person_card, "Delete")
        await journey.press(ann, confirm, "Yes, delete")
        await journey.settle()
        assert not await Person.exists(name="Alice")
        (unknown,) = await Face.filter(photo=asked_clip)
        assert unknown.person_id is None and unknown.crop_key is None  # type: ignore[attr-defined]
        assert await _blobs_of(journey, asked_clip) == []
        assert not await Suggestion.filter(face__photo=asked_clip).exists()
        await journey.assert_consistent()


async def test_a_paused_group_holds_a_clip_until_resumed_and_a_banned_parent_gets_none(
    journey: Journey,
) -> None:
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.says(poster, "/pause", office["id"])
    posted = await _post_clip(journey, group, poster, _clip((X["group"][0], 2.0)))
    await journey.settle()
    clip = await Photo.get(message_id=posted["message_id"])
    assert clip.status == PhotoStatus.PENDING
    assert not await Face.filter(photo=clip).exists()
    assert _clips_for(journey, ann) == []

    resumed = await journey.says(poster, "/resume", office["id"])
    (said,) = await journey.replies(office["id"], resumed)
    assert said["text"] == (
        "Class 1A is running again. The clip posted while it was paused was queued to be handled."
    )
    await journey.settle()
    assert _copy_of(journey, ann, posted)["caption"] == "Alice at 0:00 · Class 1A"

    hello = await journey.says(ann, "Hello everyone", group["id"])
    await journey.world.user_sends_text(
        group["id"], poster["id"], "/ban", reply_to_message_id=hello["message_id"]
    )
    await journey.settle()
    again = await _post_clip(journey, group, poster, _clip((X["group"][0], 3.0)))
    await journey.settle()
    assert (await Photo.get(message_id=again["message_id"])).status == PhotoStatus.DONE
    assert len(_clips_for(journey, ann)) == 1  # the clip before the ban only


async def test_stats_count_the_weeks_clips_and_those_read_from_their_thumbnail_only(
    journey: Journey, collages: Collages
) -> None:
    """A clip over the 20 MB a bot may download is matched on its thumbnail alone: the
    organizers read in /stats that it was only partly read."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await _post_clip(journey, group, poster, _clip((X["group"][0], 2.0)))
    clip = _clip((X["group"][0], 2.0))
    big = clip + b"\x00" * (DOWNLOAD_LIMIT + 1024 - len(clip))  # trailing bytes players skip
    await _post_clip(journey, group, poster, big)
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert len(_clips_for(journey, ann)) == 2

    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    lines = reply["caption"].split("\n")
    assert "Photos this week: 1" in lines
    assert (
        "Clips this week: 2 (1 of them read from its thumbnail only: over 20 MB, more than a "
        "bot may download without a local Bot API server)"
    ) in lines
    assert "Deliveries this week: 3" in lines
