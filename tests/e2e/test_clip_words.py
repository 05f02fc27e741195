"""What a guardian reads about a clip says "clip" (issues 35 and 32): "Not Alice?" on a
delivered clip offers to remove "this clip" and its undo sends "the clip" again; an album
of a photo and a clip counts and numbers each as what it is; a rename re-writes the names
beside a round video; /add says a short clip works too. The clips are filmed from the
shared photos (``sandbox/clips.py``)."""

from __future__ import annotations

from typing import Any

from domain.settings import DeliverySettings
from sandbox.clips import film
from tests.e2e.conftest import CAST, Collages, Journey, JourneyFactory, photo_bytes
from tests.e2e.steps import ann_in_a_class
from tests.e2e.test_group_settings import in_mode

X, NOBODY = CAST["angelina"], CAST["strangers"]


def _from_bot(journey: Journey, user: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in journey.world.transcript(user["id"]) if m["from"]["is_bot"]]


def _labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_not_alice_on_a_clip_speaks_of_the_clip(journey: Journey) -> None:
    ann, poster, group = await journey.class_with_alice()
    await journey.world.user_sends_media(
        "video",
        group["id"],
        poster["id"],
        film([(photo_bytes(X["group"][0]), 2.0)]),
        file_name="song.mp4",
        mime_type="video/mp4",
    )
    await journey.settle()
    (copy,) = [m for m in _from_bot(journey, ann) if "video" in m]

    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    assert choices["text"].startswith("What's wrong with this clip of Alice?"), choices["text"]
    assert "Remove this clip only: I'll stop counting this clip as theirs" in choices["text"]
    assert "photo" not in choices["text"].split("future")[0], choices["text"]
    assert _labels(choices) == ["Remove this clip only", "That isn't Alice"]

    assert (await journey.press(ann, choices, "Remove this clip only"))["text"] == "Done."
    assert journey.now(choices)["text"].startswith("Removed this clip of Alice"), journey.now(
        choices
    )["text"]
    await journey.settle()
    assert journey.now(copy).get("_deleted") is True

    assert (await journey.press(ann, journey.now(choices), "Undo"))["text"] == "Undone."
    said = (  # walken3 7: of a removal, not "that face is Alice's again"
        "Undone: this clip is back in Alice's photos and clips, and I'm sending it to you again."
    )
    await journey.until(lambda: journey.now(choices)["text"] == said)

    # Removed again, then every face of Alice forgotten: its Undo goes (walkhe4 13: it
    # stayed, and answered "This button has expired."), its words stay true.
    await journey.settle()
    copy = [m for m in _from_bot(journey, ann) if "video" in m][-1]
    (choices,) = await journey.after_pressing(ann, copy, "Not Alice?")
    await journey.press(ann, choices, "Remove this clip only")
    await journey.settle()
    removed = journey.now(choices)["text"]
    assert removed.startswith("Removed this clip of Alice") and _labels(journey.now(choices)) == [
        "Undo"
    ]
    undo = journey.now(choices)["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    (forget,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Forget faces")
    await journey.press(ann, forget, "Yes, delete")
    await journey.settle()
    assert "reply_markup" not in journey.now(choices) or _labels(journey.now(choices)) == []
    assert journey.now(choices)["text"] == removed
    # Pressed on an app that still shows it: why, not "This button has expired."
    late = await journey.world.press_button(ann["id"], ann["id"], choices["message_id"], undo)
    assert late["text"] == (
        "That can't be undone any more: every face of Alice was deleted since (“Forget faces”)."
    ), late["text"]


async def test_an_albums_note_counts_and_numbers_a_photo_and_a_clip(
    journey_factory: JourneyFactory, collages: Collages
) -> None:
    async with journey_factory(delivery=DeliverySettings(album_window_s=3)) as journey:
        ann, poster, group = await journey.class_with_alice()
        await in_mode(journey, poster, group, "Albums")
        await journey.world.user_sends_album(
            group["id"],
            poster["id"],
            [
                (collages.make(X["group"][0], NOBODY["group"][0]), "a.jpg", "image/jpeg"),
                (film([(photo_bytes(X["group"][1]), 3.0)]), "song.mp4", "video/mp4"),
            ],
        )
        await journey.settle()

        (note,) = [m for m in _from_bot(journey, ann) if "above" in m.get("text", "")]
        assert note["text"] == (
            "1 photo and 1 clip from Class 1A above. If one of them isn't who I said, tap its "
            "button."
        )
        assert _labels(note) == ["Not Alice? (photo 1)", "Not Alice? (clip 2)"]

        (choices,) = await journey.after_pressing(ann, note, "Not Alice? (clip 2)")
        assert choices["text"].startswith(
            "What's wrong with this clip of Alice (clip 2 of the album)?"
        ), choices["text"]


async def test_add_says_a_short_clip_works_too(journey: Journey) -> None:
    ann = await ann_in_a_class(journey)
    asked = await journey.reply_to(ann, "/add Alice")
    assert "A short clip works too: 5 to 15 seconds of the face" in asked["text"], asked["text"]
    wrong = await journey.reply_to(ann, "hello")
    assert (
        wrong["text"] == "Please send a photo (or an image file) or a short clip, /done or /cancel."
    )


async def test_a_rename_rewrites_the_names_beside_a_round_video(journey: Journey) -> None:
    """A round video carries no caption: who is in it goes in a message replying to it,
    and a rename re-writes that message as it re-captions the other copies."""
    ann, poster, group = await journey.class_with_alice()
    clip = film([(photo_bytes(NOBODY["group"][0]), 2.0), (photo_bytes(X["group"][0]), 3.0)])
    await journey.world.user_sends_media("video_note", group["id"], poster["id"], clip)
    await journey.settle()
    copy, said = _from_bot(journey, ann)[-2:]
    assert said["text"] == "Alice at 0:02 · Class 1A"
    assert said["reply_to_message"]["message_id"] == copy["message_id"]

    await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Rename")
    assert (await journey.reply_to(ann, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.settle()

    assert journey.now(said)["text"] == "Alicia at 0:02 · Class 1A"
    assert "Not Alicia?" in _labels(journey.now(copy))
