"""What the eleventh walk (issue 32, findings11) read untrue in words, in each language:
the private menu's /settings line naming only half of /settings (11), Hebrew /privacy's
posts line saying "photos" and the feminine for photos and clips (5), an album note of one
item left saying "one of them" (13), and /cancel of an addition saying it deleted what was
sent, read as the person's photos (10)."""

from __future__ import annotations

import pytest

from domain.delivery import texts as delivery_texts
from domain.enrollment import texts as enrollment_texts
from domain.languages.catalogs import LANGUAGES, _, in_language
from domain.onboarding.texts import COMMANDS
from domain.privacy import texts as privacy_texts
from tests.unit.reading import as_read


def _settings_line(language: str) -> str:
    with in_language(language):
        return next(_(description) for command, description in COMMANDS if command == "settings")


def test_the_private_menu_names_both_things_settings_holds() -> None:
    assert _settings_line("en") == "your own posts, how questions come"
    assert _settings_line("he") == "מה שפרסמתי, ואיך מגיעות השאלות"
    for language in LANGUAGES:
        line = _settings_line(language)
        assert language == "en" or line != _settings_line("en"), language  # translated
        assert 1 <= len(line) <= 256  # BotCommand's limit


def test_hebrew_privacy_says_which_photos_and_clips_were_sent_and_offered() -> None:
    with in_language("he"):
        kept = as_read(privacy_texts.privacy([]))
    # A photo is feminine, a clip masculine: together, the masculine plural.
    assert "אילו מהם שלחתי ולמי, אילו תמונות או סרטונים מוקדמים יותר הצעתי לכם" in kept, kept
    assert "אילו מהן" not in kept


@pytest.mark.parametrize(
    ("photos", "clips", "said"),
    [
        (1, 0, "1 photo from Class 2B above. If it isn't who I said, tap its button."),
        (0, 1, "1 clip from Class 2B above. If someone in it isn't who I said, tap its button."),
        (2, 0, "2 photos from Class 2B above. If one of them isn't who I said, tap its button."),
    ],
)
def test_an_album_note_of_one_item_speaks_of_it_alone(photos: int, clips: int, said: str) -> None:
    with in_language("en"):
        note = as_read(delivery_texts.album_corrections(photos, clips, "Class 2B"))
    assert note == said


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_note_of_one_item_is_translated(language: str) -> None:
    with in_language("en"):
        english = delivery_texts.album_corrections(1, 0, "1A")
    with in_language(language):
        one = delivery_texts.album_corrections(1, 0, "1A")
        clip = delivery_texts.album_corrections(0, 1, "1A")
    assert language == "en" or one != english
    assert "1A" in one and "1A" in clip


def test_cancelling_an_addition_says_the_person_keeps_what_was_learned() -> None:
    with in_language("en"):
        nothing_sent = as_read(enrollment_texts.addition_cancelled("Alice", 0, 0))
        some_sent = as_read(enrollment_texts.addition_cancelled("Alice", 2, 1))
        new_person = as_read(enrollment_texts.enrollment_cancelled())
    assert (
        nothing_sent == "Cancelled: nothing added to <b>Alice</b>; the faces I learned before stay."
    )
    assert some_sent == (
        "Cancelled: nothing added to <b>Alice</b>. I've deleted the 2 photos and 1 clip you "
        "sent now; the faces I learned before stay."
    )
    assert new_person == "Cancelled. I've deleted what you sent for this person."
