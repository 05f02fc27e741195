"""The sentences a guardian reads about a clip say "clip" (issues 35 and 32): "Not
Alice?"'s choices, an album's note and its buttons, enrollment's prompts."""

from __future__ import annotations

from uuid import uuid4

from domain.corrections import texts as corrections_texts
from domain.delivery.album_notes import album_note
from domain.delivery.stores import AlbumCopy
from domain.enrollment import texts as enrollment_texts
from domain.languages.catalogs import in_language


def test_not_alice_on_a_clip_offers_to_remove_this_clip() -> None:
    said = corrections_texts.not_person_choices("Alice", others=1, clip=True)
    assert said.startswith("What's wrong with this clip of <b>Alice</b>?"), said
    assert "<b>Remove this clip only</b>: I'll stop counting this clip as theirs" in said
    assert "the clip also leaves the chat of Alice's other guardian" in said
    assert "photo " not in said.replace("photos and clips", ""), said
    assert corrections_texts.remove_photo_only(clip=True) == "Remove this clip only"
    assert corrections_texts.photo_removed("Alice", clip=True).startswith(
        "Removed this clip of <b>Alice</b>"
    )
    # A photo's choices are as they were.
    assert corrections_texts.remove_photo_only() == "Remove this photo only"


def test_an_albums_clip_is_named_and_numbered_as_a_clip() -> None:
    photo, clip = AlbumCopy(uuid4()), AlbumCopy(uuid4(), clip=True)
    alice_in_photo, alice_in_clip = uuid4(), uuid4()
    names = {photo.photo_id: [(alice_in_photo, "Alice")], clip.photo_id: [(alice_in_clip, "Alice")]}
    said, buttons = album_note([photo, clip], names, "Class 1A")
    assert said.startswith("1 photo and 1 clip from Class 1A above."), said
    assert [b.label for row in buttons for b in row] == [
        "Not Alice? (photo 1)",
        "Not Alice? (clip 2)",
    ]
    two, _ = album_note([clip, AlbumCopy(uuid4(), clip=True)], names, "Class 1A")
    assert two.startswith("2 clips from Class 1A above."), two
    three, _ = album_note([photo, photo, clip], names, "Class 1A")
    assert three.startswith("2 photos and 1 clip from Class 1A above."), three


def test_enrolling_says_a_short_clip_works_too() -> None:
    assert "A short clip works too" in enrollment_texts.ask_photos("Sara")
    assert "or a short clip" in enrollment_texts.not_a_photo_now()


def test_the_clip_sentences_are_translated() -> None:
    for language in ("es", "he", "ru"):
        with in_language(language):
            assert "Remove this clip only" not in corrections_texts.remove_photo_only(clip=True)
            said, _ = album_note([AlbumCopy(uuid4()), AlbumCopy(uuid4(), clip=True)], {}, "1A")
            assert "clip from" not in said, (language, said)
            assert "A short clip works too" not in enrollment_texts.ask_photos("Sara")
