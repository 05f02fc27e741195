"""Clips in a class chat (issue 35): a video, a GIF (animation) or a round video posted
in the group is read frame by frame, each face followed through it, and the clip is sent
to the guardians of the children in it only, saying when each is on screen; a clip that
cannot be read ends with its reason and nothing else is lost. The clips are filmed here
from the shared photos (``sandbox/clips.py``). And photos sent as files in phones' own
formats (HEIC, AVIF)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from domain.infra.models import Face, Photo
from domain.states import MediaKind, PhotoStatus
from domain.telegram import DOWNLOAD_LIMIT
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, photo_bytes

X, NOBODY = CAST["angelina"], CAST["strangers"]


def clips_for(journey: Journey, user: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"] and kind in m]


async def test_a_clip_goes_to_the_guardian_of_the_child_in_it_saying_when(
    journey: Journey,
) -> None:
    ann, bea, poster, group = await journey.class_with_alice_and_yara()
    # Alice (0-3 s), then a stranger (3-5 s): Bea's Yara is not in it.
    clip = film([(photo_bytes(X["group"][0]), 3.0), (photo_bytes(NOBODY["group"][0]), 2.0)])
    posted = await journey.world.user_sends_media(
        "video",
        group["id"],
        poster["id"],
        clip,
        file_name="song.mp4",
        mime_type="video/mp4",
        caption="The morning song",
    )
    await journey.settle()
    (copy,) = clips_for(journey, ann, "video")
    assert copy["video"]["file_unique_id"] == posted["video"]["file_unique_id"]
    assert copy["caption"] == "The morning song\n\nAlice at 0:00 · Class 1A"
    assert copy["reply_markup"]["inline_keyboard"][0][0]["text"] == "Not Alice?"
    assert clips_for(journey, bea, "video") == []
    photo = await Photo.get(message_id=posted["message_id"])
    assert photo.media_kind == MediaKind.VIDEO and photo.status == PhotoStatus.DONE
    assert photo.duration_s is not None and 4.5 < photo.duration_s < 5.5
    faces = await Face.filter(photo_id=photo.id).order_by("seen_from_s")
    assert [(f.seen_from_s, f.seen_to_s is not None and f.seen_to_s < 3) for f in faces] == [
        (0.0, True),
        (3.0, False),
    ]


async def test_a_clip_that_cannot_be_read_ends_failed_and_the_next_photo_arrives(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    broken = await journey.world.user_sends_document(
        group["id"],
        poster["id"],
        b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 300,
        file_name="party.mp4",
        mime_type="video/mp4",
    )
    await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    photo = await Photo.get(message_id=broken["message_id"])
    assert photo.status == PhotoStatus.FAILED and photo.error
    assert len(journey.photos_for(ann)) == 1


async def test_photos_sent_as_heic_and_avif_files_reach_the_childs_guardian(
    journey: Journey,
) -> None:
    """Phones send photos as files in their own formats: an iPhone's HEIC, an AVIF."""
    ann, poster, group = await journey.class_with_alice()
    for name, fmt, mime in (
        ("IMG_0001.HEIC", "HEIF", "image/heic"),
        ("a.avif", "AVIF", "image/avif"),
    ):
        still = Image.open(io.BytesIO(photo_bytes(X["group"][0])))
        out = io.BytesIO()
        still.save(out, format=fmt, quality=90)
        await journey.world.user_sends_document(
            group["id"], poster["id"], out.getvalue(), file_name=name, mime_type=mime
        )
    await journey.settle()
    copies = clips_for(journey, ann, "document")
    assert sorted(copy["document"]["file_name"] for copy in copies) == ["IMG_0001.HEIC", "a.avif"]
    assert all(copy["caption"] == "Alice · Class 1A" for copy in copies)


async def test_a_clip_over_the_download_limit_is_read_from_its_thumbnail(
    journey: Journey,
) -> None:
    """The cloud Bot API lets a bot download 20 MB at most: a longer clip of Alice is still
    matched, on the thumbnail Telegram made of its first frame, and sent to her guardian."""
    ann, poster, group = await journey.class_with_alice()
    clip = film([(photo_bytes(X["group"][0]), 2.0)])
    big = clip + b"\x00" * (DOWNLOAD_LIMIT + 1024 - len(clip))  # trailing bytes players skip
    posted = await journey.world.user_sends_media(
        "video", group["id"], poster["id"], big, file_name="play.mp4", mime_type="video/mp4"
    )
    assert posted["video"]["file_size"] > DOWNLOAD_LIMIT and "thumbnail" in posted["video"]
    await journey.settle()
    (copy,) = clips_for(journey, ann, "video")
    assert copy["caption"] == "Alice · Class 1A"  # a still: no time on screen
    photo = await Photo.get(message_id=posted["message_id"])
    assert photo.preview_file_id == posted["video"]["thumbnail"]["file_id"]
    assert photo.status == PhotoStatus.DONE
    asked = [r["params"].get("file_id") for r in journey.world.requests("getFile")]
    assert posted["video"]["file_id"] not in asked  # "file is too big" never even asked
