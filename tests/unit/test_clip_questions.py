"""What a question about a clip's face says: when the face is on screen in the clip, as a
player shows it, or that it is a clip when only its thumbnail was read."""

from __future__ import annotations

from domain.corrections import texts
from domain.languages.catalogs import in_language
from domain.languages.markup import plain


def test_a_clips_question_says_when_the_face_is_on_screen() -> None:
    with in_language("en"):
        seen = plain(texts.clip_question("Alice", "Class 1A", (12.4, 40.9)))
        once = plain(texts.clip_question("Alice", "Class 1A", (12.4, 12.9)))
        thumbnail = plain(texts.clip_question("Alice", "Class 1A", None))
        pair = plain(texts.pair_question("Alice", "Bob", "Class 1A", clip=True))
        pair_seen = plain(
            texts.pair_question("Alice", "Bob", "Class 1A", clip=True, on_screen=(12.4, 40.9))
        )
        pair_once = plain(
            texts.pair_question("Alice", "Bob", "Class 1A", clip=True, on_screen=(12.4, 12.9))
        )
    assert seen == "Is this Alice? (from 0:12 to 0:40 in the clip posted in Class 1A)"
    assert once == "Is this Alice? (at 0:12 in the clip posted in Class 1A)"
    assert thumbnail == "Is this Alice? (a clip posted in Class 1A)"
    assert pair == "Is this Alice or Bob? (a clip posted in Class 1A)"
    assert pair_seen == "Is this Alice or Bob? (from 0:12 to 0:40 in the clip posted in Class 1A)"
    assert pair_once == "Is this Alice or Bob? (at 0:12 in the clip posted in Class 1A)"
    with in_language("ru"):
        assert "0:12" in texts.clip_question("Alice", "Class 1A", (12.4, 40.9))
