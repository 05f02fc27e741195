"""What a correction on a clip tells the guardians it reaches says "clip" (issue 35; the
sixth walk's finding 1): the co-guardian whose copy went, and whose copy an undo sends
back; "Yes" on a question about a clip's face, whatever becomes of the clip. A photo's
sentences are as they were."""

from __future__ import annotations

import pytest

from domain.corrections import texts
from domain.languages.catalogs import in_language


def _clip_and_photo() -> list[tuple[str, str]]:
    """Each sentence a correction on a clip says, beside the same sentence about a photo."""
    pairs = [
        (
            texts.copy_removed_by_co_guardian("Alice", "Class 1A", remembered=True, clip=clip),
            texts.copy_removed_by_co_guardian("Alice", "Class 1A", remembered=False, clip=clip),
            texts.copy_back_by_co_guardian("Alice", "Class 1A", clip=clip),
            *(texts.suggestion_answered("Alice", fate, clip=clip) for fate in ("sent", "held")),
            texts.suggestion_answered("Alice", "own_post", clip=clip),
            texts.pair_answered("Alice", ("Alice", "Bob"), "sent", clip=clip),
        )
        for clip in (True, False)
    ]
    return list(zip(*pairs, strict=True))


def test_a_correction_on_a_clip_speaks_of_the_clip() -> None:
    for on_clip, on_photo in _clip_and_photo():
        assert "clip" in on_clip, on_clip
        assert "photo " not in on_clip.replace("photos and clips", ""), on_clip
        assert "clip" not in on_photo and "photo" in on_photo, on_photo
    assert texts.copy_removed_by_co_guardian("Alice", "Class 1A", remembered=True, clip=True) == (
        "Another guardian of <b>Alice</b> said a face in a clip from Class 1A isn't Alice, so I "
        "deleted your copy of that clip."
    )
    assert texts.suggestion_answered("Alice", "sent", clip=True) == (
        "Yes, that's <b>Alice</b>. The clip comes to you in this chat."
    )


@pytest.mark.parametrize("language", ["es", "he", "ru"])
def test_the_clip_sentences_are_translated_apart_from_the_photos(language: str) -> None:
    with in_language(language):
        for on_clip, on_photo in _clip_and_photo():
            assert on_clip != on_photo, on_clip
            assert "clip" not in on_clip, on_clip
