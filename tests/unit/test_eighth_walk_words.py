"""Small sentences the eighth walk of issue 32 found untrue or uneven, read as their reader
reads them in each language: a sentence ending with a day that ends with its own period
(Russian's year), an album's "Not Noa?" buttons worded two ways in Hebrew, a Spanish
welcome that mixed "ustedes" and "vosotros", and a /history line that can never be
undone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from domain.delivery import texts as delivery_texts
from domain.groups import texts as groups_texts
from domain.languages import dates
from domain.languages.catalogs import LANGUAGES, in_language
from domain.languages.markup import plain
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts

DAY = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_sentence_ending_with_a_day_ends_with_one_period(code: str) -> None:
    with in_language(code):
        said = [
            onboarding_texts.agreed(DAY),
            persons_texts.invitation_accepted(DAY),
            plain(persons_texts.birth_date_set("Alice", dates.day(date(2020, 5, 31)))),
        ]
    assert [s for s in said if ".." in s] == []
    with in_language("ru"):
        # It read the year's abbreviation, then two periods.
        assert onboarding_texts.agreed(DAY) == "Вы дали согласие 26 нояб. 2026."


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_an_albums_not_alice_buttons_read_as_a_single_copys(code: str) -> None:
    """Hebrew said "טעות בזיהוי של נועה?" under a photo and "לא נועה?" under a clip."""
    with in_language(code):
        single = delivery_texts.not_person_button("Noa").removesuffix("?")
        photo = delivery_texts.album_not_person_button("Noa", 1)
        clip = delivery_texts.album_not_person_button("Noa", 2, clip=True)
    assert photo.startswith(single) and clip.startswith(single)
    assert photo.removeprefix(single)[:2] == clip.removeprefix(single)[:2] == "? "


def test_spanish_speaks_to_a_group_as_ustedes_throughout() -> None:
    """The welcome read "toquen" to parents, then "enviad ... vuestras" to admins."""
    with in_language("es"):
        welcome = groups_texts.welcome("Clase 1A", "facedrop_bot")
    assert "Familias: toquen" in welcome
    assert "Administradores del grupo: envíen /admin aquí" in welcome
    assert "/help muestra sus herramientas." in welcome
    catalog = (dates.__file__.rsplit("/", 1)[0]) + "/locales/es/LC_MESSAGES/facedrop.po"
    with open(catalog, encoding="utf-8") as po:
        spanish = " ".join(line for line in po if line.startswith(("msgstr", '"')))
    # The pronouns, the present's endings, imperatives alone or with a pronoun ("hacedme").
    vosotros = re.compile(
        r"\b(vosotr\w*|vuestr\w*|os|\w+(?:áis|éis)|\w+(?:ad|ed|id)(?:me|nos|lo|la|los|las)"
        r"|enviad|tocad|pulsad|usad|escribid|elegid|abrid|registrad|añadid|haced)\b",
        re.IGNORECASE,
    )
    assert vosotros.findall(spanish) == []


def test_a_history_line_whose_faces_were_deleted_says_it_cannot_be_undone() -> None:
    with in_language("en"):
        line = persons_texts.history_line(
            "Nov 26 08:30 UTC, you", "remove", "Lia", None, 17, False, faces_gone=True
        )
        undone = persons_texts.history_line(
            "Nov 26 08:30 UTC, you", "assign", None, "Lia", 1, True, faces_gone=True
        )
    assert plain(line) == (
        "Nov 26 08:30 UTC, you deleted 17 faces: Lia\n"
        "    That can't be undone: the faces it concerned were deleted."
    )
    assert plain(undone) == "Nov 26 08:30 UTC, you matched 1 face: Lia (undone)"
