"""What a question about a clip's face says: when the face is on screen in the clip, as a
player shows it, or that it is a clip when only its thumbnail was read."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.corrections import texts
from domain.languages.catalogs import in_language
from domain.languages.dates import in_zone
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
    # To the second after its last sighting: at 0:40.9 it is still on screen (walk34 7).
    assert seen == "Is this Alice? (from 0:12 to 0:41 in the clip posted in Class 1A)"
    assert once == "Is this Alice? (at 0:12 in the clip posted in Class 1A)"
    assert thumbnail == "Is this Alice? (a clip posted in Class 1A)"
    assert pair == "Is this Alice or Bob? (a clip posted in Class 1A)"
    assert pair_seen == "Is this Alice or Bob? (from 0:12 to 0:41 in the clip posted in Class 1A)"
    assert pair_once == "Is this Alice or Bob? (at 0:12 in the clip posted in Class 1A)"
    with in_language("ru"):
        assert "0:12" in texts.clip_question("Alice", "Class 1A", (12.4, 40.9))


def test_a_clips_question_ends_when_the_face_leaves_never_past_the_clips_end() -> None:
    """Walk34 7: "from 0:00 to 0:01" of a 2-second clip the face is in throughout (its
    last frame sampled at 1.5s) read as if it left a second early."""
    with in_language("en"):
        whole = plain(texts.clip_question("Ben", "Class 1A", (0.0, 1.5), clip_s=2.0))
        to_the_end = plain(texts.clip_question("Ben", "Class 1A", (1.0, 2.5), clip_s=2.6))
        on_the_second = plain(texts.clip_question("Ben", "Class 1A", (1.0, 2.0)))
        an_instant = plain(texts.clip_question("Ben", "Class 1A", (1.5, 1.5), clip_s=2.0))
    assert whole == "Is this Ben? (from 0:00 to 0:02 in the clip posted in Class 1A)"
    assert to_the_end == "Is this Ben? (from 0:01 to 0:03 in the clip posted in Class 1A)"
    assert on_the_second == "Is this Ben? (from 0:01 to 0:02 in the clip posted in Class 1A)"
    assert an_instant == "Is this Ben? (at 0:01 in the clip posted in Class 1A)"


def test_a_clips_question_asked_a_day_later_says_its_posts_day() -> None:
    posted = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    with in_language("en"):
        seen = plain(
            texts.clip_question("Ben", "Class 1A", (0.0, 1.5), clip_s=2.0, posted_at=posted)
        )
        once = plain(texts.clip_question("Ben", "Class 1A", (1.0, 1.0), posted_at=posted))
        thumbnail = plain(texts.clip_question("Ben", "Class 1A", None, posted_at=posted))
    assert seen == "Is this Ben? (from 0:00 to 0:02 in the clip posted in Class 1A on Nov 28, 2026)"
    assert once == "Is this Ben? (at 0:01 in the clip posted in Class 1A on Nov 28, 2026)"
    assert thumbnail == "Is this Ben? (a clip posted in Class 1A on Nov 28, 2026)"
    with in_language("he"), in_zone("Asia/Jerusalem"):  # 01:30 on the 29th there
        he = plain(texts.clip_question("Ben", "Class 1A", (0.0, 1.5), posted_at=posted))
    assert "0:02" in he and "29" in he, he
