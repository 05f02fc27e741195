"""The last sentences that called a clip a photo (issue 35): the earlier photos' offer and
its answer, and a claim approved, count photos and clips apart in each language's plural
forms, and what the admin chat's /help and /history say is true of clips too."""

from __future__ import annotations

import pytest

from domain.earlier_photos.texts import earlier_photos_sent, earlier_photos_shown
from domain.languages.catalogs import in_language
from domain.moderation.texts import admin_chat_help, claimed
from domain.persons.texts import history_automatic_hidden
from tests.unit.reading import as_read


@pytest.mark.parametrize(
    ("language", "photos", "clips", "opening"),
    [
        ("en", 2, 1, "I found 2 photos and 1 clip of <b>Alice</b> in 1A"),
        ("en", 0, 2, "I found 2 clips of <b>Alice</b> in 1A"),
        ("es", 1, 1, "Encontré 1 foto y 1 vídeo de <b>Alice</b> en 1A"),
        ("he", 2, 1, "מצאתי 2 תמונות וגם סרטון אחד של <b>Alice</b> בקבוצה 1A"),
        ("ru", 3, 2, "<b>Alice</b>: я нашёл в группе 1A 3 фото и 2 видео"),
    ],
)
def test_the_earlier_photos_offer_counts_a_clip_apart(
    language: str, photos: int, clips: int, opening: str
) -> None:
    with in_language(language):
        text = as_read(earlier_photos_shown("Alice", "1A", photos + clips, clips))
    assert text.startswith(opening)


def test_an_offer_of_photos_only_reads_as_before() -> None:
    with in_language("en"):
        text = as_read(earlier_photos_shown("Alice", "1A", 3))
    assert text.startswith("I found 3 earlier photos of <b>Alice</b> in 1A")
    assert "clip" not in text


@pytest.mark.parametrize(
    ("language", "counts", "line"),
    [
        ("en", (3, 3, 1, 1), "Sending you 2 photos and 1 clip of <b>Alice</b> from 1A."),
        ("en", (1, 1, 1, 1), "Sending you 1 clip of <b>Alice</b> from 1A."),
        ("en", (2, 2, 0, 0), "Sending you 2 photos of <b>Alice</b> from 1A."),
        ("ru", (2, 2, 1, 1), "<b>Alice</b>: отправляю вам 1 фото и 1 видео из группы 1A."),
        ("es", (5, 5, 2, 2), "Te envío 3 fotos y 2 vídeos de <b>Alice</b> de 1A."),
    ],
)
def test_sending_the_earlier_photos_counts_a_clip_apart(
    language: str, counts: tuple[int, int, int, int], line: str
) -> None:
    count, to_you, clips, clips_to_you = counts
    with in_language(language):
        assert as_read(earlier_photos_sent("Alice", "1A", count, to_you, clips, clips_to_you)) == (
            line
        )


def test_some_of_them_on_their_way_names_the_clips_among_them() -> None:
    with in_language("en"):
        text = as_read(earlier_photos_sent("Alice", "1A", 3, 1, 1, 0))
    assert text.startswith("2 photos and 1 clip from 1A are <b>Alice</b>'s now; 1 of them")


@pytest.mark.parametrize(
    ("language", "sending"),
    [
        ("en", "Sending you the 3 photos and 1 clip from 1A you saw the faces of;"),
        ("es", "Te envío 3 fotos y 1 vídeo de 1A cuyas caras viste;"),
        ("he", "שולח לכם 3 תמונות וגם סרטון אחד מהקבוצה 1A עם הפנים שראיתם;"),
        ("ru", "Отправляю вам 3 фото и 1 видео из группы 1A,"),
    ],
)
def test_a_claim_approved_counts_a_clip_apart(language: str, sending: str) -> None:
    with in_language(language):
        assert sending in as_read(claimed("Tom", "1A", 4, [], clips=1))


def test_a_claim_with_photos_had_already_counts_the_others_clips_apart() -> None:
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 2, [], already=1, clips=2))
    assert "Sending you the other 2 clips;" in text
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 3, []))
    assert "Sending you the 3 photos from 1A" in text and "clip" not in text


def test_the_admin_chats_help_says_stats_count_clips() -> None:
    with in_language("en"):
        assert "photos, clips and deliveries this week" in admin_chat_help(["1A"])
    with in_language("ru"):
        assert "фото, видео и отправки за неделю" in admin_chat_help(["1A"])


def test_history_says_clips_matched_automatically_are_hidden_too() -> None:
    with in_language("en"):
        assert history_automatic_hidden().startswith("Photos and clips I matched by myself")
    with in_language("es"):
        assert history_automatic_hidden().startswith("Las fotos y los vídeos que asigné")
