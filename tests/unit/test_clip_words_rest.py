"""The last sentences that said "photo" of a clip (issue 35), in each language's plural
forms: how long a group keeps the faces of its photos and clips (the consent, /privacy, a
question retention closed, a "Not Alice?" on a copy whose faces are gone), and an
enrollment photo added to another of the parent's persons while the session holds views
from a clip ("Sara keeps the others you sent (3 views from your clip and 1 photo)")."""

from __future__ import annotations

import pytest

from domain.corrections.texts import faces_expired, question_faces_expired
from domain.enrollment.rules import Tally
from domain.enrollment.texts import added_to, looks_like
from domain.languages.catalogs import in_language
from domain.onboarding.texts import group_retention
from tests.unit.reading import as_read


@pytest.mark.parametrize(
    ("language", "days", "said"),
    [
        ("en", 1, "1A keeps the faces of its photos and clips 1 day: this one's are deleted"),
        ("en", 30, "1A keeps the faces of its photos and clips 30 days: this one's are deleted"),
        ("es", 1, "1A guarda las caras de sus fotos y vídeos 1 día: las de aquí ya se borraron"),
        ("es", 30, "1A guarda las caras de sus fotos y vídeos 30 días: las de aquí ya se"),
        ("he", 1, "1A שומרת את הפנים שבתמונות ובסרטונים של הקבוצה יום אחד: הפנים שכאן כבר נמחקו"),
        ("he", 30, "1A שומרת את הפנים שבתמונות ובסרטונים של הקבוצה 30 ימים: הפנים שכאן כבר נמחקו"),
        ("ru", 21, "1A хранит лица со своих фото и видео 21 день: эти лица уже удалены"),  # noqa: RUF001
        ("ru", 2, "1A хранит лица со своих фото и видео 2 дня: эти лица уже удалены"),  # noqa: RUF001
        ("ru", 30, "1A хранит лица со своих фото и видео 30 дней: эти лица уже удалены"),  # noqa: RUF001
    ],
)
def test_a_groups_retention_is_said_of_its_photos_and_clips_at_one_and_at_many(
    language: str, days: int, said: str
) -> None:
    with in_language(language):
        assert as_read(faces_expired("1A", days)).startswith(said)
        closed = as_read(question_faces_expired("1A", days))
        consent = as_read(group_retention("1A", days))
    # The same clause in the question retention closed and in the consent.
    kept = {"en": "photos and clips", "es": "fotos y vídeos", "he": "ובסרטונים", "ru": "и видео"}
    assert kept[language] in closed and kept[language] in consent
    assert str(days) in closed or language == "he"  # Hebrew says "one day" in words


def test_the_consent_says_the_clips_already_sent_stay_too() -> None:
    with in_language("en"):
        assert as_read(group_retention("1A", 30)).endswith(
            "The photos and clips already sent to you stay in your chat."
        )
        assert as_read(group_retention("1A", None)) == (
            "In <b>1A</b>, the faces found in its photos and clips are kept until they are "
            "deleted: its organizers have set no time limit."
        )


@pytest.mark.parametrize(
    ("language", "others", "stay"),
    [
        (
            "en",
            Tally(0, 1, 1),
            "Only this one: Sara keeps the others you sent (1 view from your clip).",
        ),
        (
            "en",
            Tally(1, 3, 1),
            "Only this one: Sara keeps the others you sent (3 views from your clip and 1 photo).",
        ),
        ("en", Tally(2, 0, 0), "Only this one: your other photos stay with Sara."),
        (
            "es",
            Tally(0, 1, 1),
            "Solo esta: lo demás que enviaste (1 vista de tu vídeo) sigue siendo de Sara.",
        ),
        ("he", Tally(0, 1, 1), "רק אותה: כל השאר ששלחתם (מבט אחד מהסרטון שלכם) נשארים אצל Sara."),
        ("he", Tally(0, 3, 1), "רק אותה: כל השאר ששלחתם (3 מבטים מהסרטון שלכם) נשארים אצל Sara."),
        (
            "ru",
            Tally(0, 5, 1),
            "Только это: всё остальное, что вы прислали (5 ракурсов из вашего видео), остаётся в "
            "профиле Sara.",
        ),
    ],
)
def test_a_photo_of_another_person_leaves_the_clips_views_with_the_session(
    language: str, others: Tally, stay: str
) -> None:
    with in_language(language):
        asked = as_read(looks_like("Alice", "Sara", others=others))
    assert asked.endswith(f"? {stay}")


def test_the_photo_added_elsewhere_counts_what_the_session_keeps() -> None:
    with in_language("en"):
        assert as_read(added_to("Alice", "Sara", others=3, kept=Tally(1, 2, 1))) == (
            "OK: I'm adding this photo to <b>Alice</b>, and I'll tell you when I've learned it. "
            "<b>Sara</b> keeps the others you sent (2 views from your clip and 1 photo): send "
            "more of Sara, or /done."
        )
        # Photos only: as before.
        assert as_read(added_to("Alice", "Sara", others=2, kept=Tally(2, 0, 0))).endswith(
            "Your other photos stay with <b>Sara</b>: send more of Sara, or /done."
        )
        assert "Now send photos of" in added_to("Alice", "Sara", others=0, kept=Tally())
    with in_language("ru"):
        assert "(1 ракурс из вашего видео)" in added_to(
            "Alice", "Sara", others=1, kept=Tally(0, 1, 1)
        )
