"""What the bot says while enrolling: the real minimum, the real progress."""

from __future__ import annotations

from domain.enrollment import texts
from domain.enrollment.rules import PhotoVerdict, Tally, minimum_photos


def test_a_new_person_needs_three_photos_an_enrolled_one_one_more() -> None:
    assert minimum_photos(new_person=True) == 3
    assert minimum_photos(new_person=False) == 1


def test_asking_for_photos_states_the_minimum() -> None:
    assert "send me 3 to 10 photos" in texts.ask_photos("Sara", 3)
    # An album is fine: the prompt does not ask for one photo at a time.
    assert "several at once is fine" in texts.ask_photos("Sara", 3)
    assert "one at a time" not in texts.ask_photos("Sara", 3) + texts.ask_photos("Sara", 1)
    more = texts.ask_photos("Sara", 1)
    assert "send me 1 photo or more (up to 10)" in more
    assert "at least 1," in more and "3" not in more


def test_progress_counts_towards_the_sessions_minimum() -> None:
    assert texts.photo_verdict(PhotoVerdict.ACCEPTED, 1, 3) == "✅ Accepted (1 of 3)."
    assert texts.photo_verdict(PhotoVerdict.ACCEPTED, 1, 1) == (
        "✅ Accepted (1 photo). Send more, or /done."
    )
    assert texts.enrollment_photo_removed(Tally(photos=1), 3) == (
        "🗑 Removed: I won't learn from this photo. 1 of 3 now."
    )
    assert texts.enrollment_photo_removed(Tally(), 1) == (
        "🗑 Removed: I won't learn from this photo. 0 of 1 now."
    )
    assert texts.too_few_photos(2, 3).startswith("I need at least 3 accepted photos; I have 2.")
    assert texts.too_few_photos(0, 1).startswith("You haven't added any new photo yet")


def test_a_refusal_for_someone_elses_person_names_nobody() -> None:
    refusal = texts.photo_verdict(PhotoVerdict.SOMEONE_ELSES, 0, 3)
    assert "co-guardian invite" in refusal and "<" not in refusal


def test_enrollment_asks_for_recent_photos_and_then_for_a_birth_date_not_given() -> None:
    assert "recent" in texts.ask_photos("Sara", 3)
    asking = texts.enrollment_ready("Sara", ["Class 1A"], ask_birth_date=True)
    assert asking.startswith(texts.enrollment_ready("Sara", ["Class 1A"]))
    assert "birth date" in asking and "Birth date" in asking
    assert "birth date" not in texts.enrollment_ready("Sara", ["Class 1A"])


def test_a_finished_sessions_verdict_no_longer_asks_for_more() -> None:
    assert texts.enrollment_photo_closed(3, cancelled=False) == "✅ Accepted (3 photos)."
    assert texts.enrollment_photo_closed(1, cancelled=False) == "✅ Accepted (1 photo)."
    assert texts.enrollment_photo_closed(2, cancelled=True) == (
        "🗑 Cancelled: I won't learn from this photo."
    )


def test_a_photo_added_to_another_person_leaves_the_session_to_its_own() -> None:
    assert texts.added_to("Alice", "Sara", others=2) == (
        "OK: I'm adding this photo to <b>Alice</b>, and I'll tell you when I've learned it. "
        "Your other photos stay with <b>Sara</b>: send more of Sara, or /done."
    )
    # The photo was the session's first: there are no "other photos" to speak of.
    assert texts.added_to("Alice", "Sara", others=0) == (
        "OK: I'm adding this photo to <b>Alice</b>, and I'll tell you when I've learned it. "
        "Now send photos of <b>Sara</b>, or /cancel."
    )
