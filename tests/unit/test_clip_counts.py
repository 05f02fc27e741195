"""Counts that are true of clips, in each language's plural forms (issue 35): /stats'
failures count photos, clips and deliveries apart ("1 clip", "2 photos"; Russian's three
forms), its chart's title names the clips it draws, a person's card counts the clips
delivered apart from the photos, and so does the offer of what was held while paused."""

from __future__ import annotations

from datetime import date

import pytest

from domain.languages.catalogs import in_language
from domain.moderation.stats import Day, chart_labels
from domain.moderation.texts import group_resumed, stats_failures
from domain.persons.texts import held_offer, held_sent, person_card
from tests.unit.reading import as_read


@pytest.mark.parametrize(
    ("language", "counts", "line"),
    [
        ("en", (1, 1, 1), "Failures this week: 1 photo, 1 clip, 1 delivery"),
        ("en", (2, 0, 5), "Failures this week: 2 photos, 0 clips, 5 deliveries"),
        ("es", (1, 1, 1), "Fallos esta semana: 1 foto, 1 vídeo, 1 envío"),
        ("es", (2, 3, 0), "Fallos esta semana: 2 fotos, 3 vídeos, 0 envíos"),
        ("he", (1, 1, 1), "כשלים השבוע: תמונה אחת, סרטון אחד, משלוח אחד"),
        ("he", (2, 3, 0), "כשלים השבוע: 2 תמונות, 3 סרטונים, 0 משלוחים"),
        ("ru", (1, 21, 2), "Сбои за неделю: 1 фото, 21 видео, 2 отправки"),
        ("ru", (5, 0, 1), "Сбои за неделю: 5 фото, 0 видео, 1 отправка"),
        ("ru", (0, 0, 11), "Сбои за неделю: 0 фото, 0 видео, 11 отправок"),
    ],
)
def test_the_weeks_failures_read_right_at_one_and_at_many(
    language: str, counts: tuple[int, int, int], line: str
) -> None:
    with in_language(language):
        assert as_read(stats_failures(*counts)) == line


def test_the_charts_title_names_the_clips_only_when_it_draws_them() -> None:
    photos_only = [Day(date(2026, 11, 23), 2, 1)]
    with_clips = [Day(date(2026, 11, 22), 0, 0, 1), *photos_only]
    with in_language("en"):
        assert chart_labels(photos_only).title == "Photos and deliveries per day"
        assert chart_labels(with_clips).title == "Photos, clips and deliveries per day"
    with in_language("es"):
        assert chart_labels(with_clips).title == "Fotos, vídeos y envíos por día"


def _delivered_line(delivered: int, delivered_clips: int = 0) -> str:
    card = person_card(
        "Alice",
        "active",
        None,
        [("Ann", True)],
        ["Class 1A"],
        0,
        delivered,
        faces=3,
        delivered_clips=delivered_clips,
    )
    (line,) = [line for line in card.splitlines() if "3" in line]
    return line


def test_a_card_counts_the_clips_delivered_apart_from_the_photos() -> None:
    with in_language("en"):
        assert _delivered_line(delivered=4, delivered_clips=2) == (
            "Photos delivered: 4 · clips: 2 · learned faces: 3"
        )
        # Where no clip was delivered the card says nothing of clips.
        assert _delivered_line(delivered=1) == "Photos delivered: 1 · learned faces: 3"
    with in_language("ru"):
        assert _delivered_line(delivered=4, delivered_clips=2) == (
            "Отправлено фото: 4 · видео: 2 · изучено лиц: 3"
        )


@pytest.mark.parametrize(
    ("language", "held", "offer", "sending"),
    [
        (
            "en",
            (0, 1),
            "While <b>Alice</b> was paused, I held 1 clip of them from <b>Class 1A</b>. Send it?",
            "Sending 1 clip.",
        ),
        (
            "en",
            (1, 2),
            "While <b>Alice</b> was paused, I held 1 photo and 2 clips of them from "
            "<b>Class 1A</b>. Send them?",
            "Sending 1 photo and 2 clips.",
        ),
        (
            "he",
            (0, 1),
            "במהלך ההשהיה של <b>Alice</b> שמרתי סרטון אחד מ-<b>Class 1A</b>. לשלוח אותו?",
            "שולח סרטון אחד.",
        ),
        (
            "he",
            (1, 2),
            "במהלך ההשהיה של <b>Alice</b> שמרתי תמונה אחת וגם 2 סרטונים מ-<b>Class 1A</b>. "
            "לשלוח אותם?",
            "שולח תמונה אחת וגם 2 סרטונים.",
        ),
        (
            "ru",
            (0, 5),
            "<b>Alice</b>: во время паузы я придержал 5 видео с этим человеком из <b>Class 1A</b>. "  # noqa: RUF001
            "Отправить их?",
            "Отправляю 5 видео.",
        ),
    ],
)
def test_what_was_held_while_paused_counts_the_clips_apart(
    language: str, held: tuple[int, int], offer: str, sending: str
) -> None:
    with in_language(language):
        assert as_read(held_offer("Alice", *held, groups=["Class 1A"])) == offer
        assert as_read(held_sent(*held)) == sending


@pytest.mark.parametrize(
    ("language", "waited", "said"),
    [
        (
            "en",
            (0, 1),
            "Class 1A is running again. The clip posted while it was paused was queued to be "
            "handled.",
        ),
        (
            "en",
            (0, 3),
            "Class 1A is running again. The 3 clips posted while it was paused were queued to be "
            "handled.",
        ),
        (
            "en",
            (1, 1),
            "Class 1A is running again. 1 photo and 1 clip posted while it was paused were queued "
            "to be handled.",
        ),
        (
            "es",
            (2, 1),
            "Class 1A vuelve a estar activo. Publicados mientras estaba en pausa: 2 fotos y 1 "
            "vídeo; quedaron en cola para procesarse.",
        ),
    ],
)
def test_a_resumed_group_counts_the_clips_that_waited_apart(
    language: str, waited: tuple[int, int], said: str
) -> None:
    with in_language(language):
        assert (
            as_read(group_resumed("Class 1A", *waited)).replace("<b>", "").replace("</b>", "")
            == said
        )
