# ruff: noqa: RUF001 (Hebrew letters look like Latin ones)
"""The tenth walk's Hebrew findings 9-13 (findings10.md), read as the reader reads them: a
command's Latin argument drawn after the command, the /settings card's delivery line in one
gender, a named guardian who left in a verb for one, and a clip in its own gender (a clip,
"סרטון", is masculine: "שלו", "נמחק"; a photo, "תמונה", feminine) where a held clip is
declined and where a clip is taken down; Spanish's clip ("vídeo", masculine) likewise."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bidi import get_display

from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from domain.persons import texts as persons_texts
from tests.unit.reading import as_read
from tests.unit.test_ninth_walk_pause_words import UNSEEN
from tests.unit.test_right_to_left_lines import hebrew_translations

# A command and the Latin word after it, as the reader types them ("/timezone Jerusalem").
WITH_ARGUMENT = re.compile(r"(?<![\w/.])/[a-z]+ [A-Za-z@][\w@+/:.-]*[\w/]")
POSTED = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
SETTINGS: dict[str, bool | int | str | None] = {
    "approval": False,
    "strictness": 0,
    "delivery": "each",
    "retention": 30,
    "language": "he",
    "zone": "Asia/Jerusalem",
}


def _seen(text: str) -> str:
    return as_read(markup.plain(text))


def test_a_command_with_its_argument_is_drawn_as_it_is_typed() -> None:
    """Finding 9: "⁦/timezone⁩ Jerusalem" was laid out "Jerusalem /timezone" in a
    right-to-left line; the whole command is isolated now."""
    with in_language("he"):
        card = moderation_texts.group_settings_card("כיתה א׳2", SETTINGS, 11)
        hint = persons_texts.history_automatic_hidden()
    assert "\u2066/timezone Jerusalem\u2069" in card, card
    assert "שלחו \u2066/history all\u2069 כדי לראות אותם." in hint, hint
    drawn_wrong, seen = [], 0
    for text in hebrew_translations(counts=(2,)):
        for line in markup.plain(text).split("\n"):
            for command in WITH_ARGUMENT.findall(UNSEEN.sub("", line)):
                seen += 1
                if command not in get_display(line):  # as an app lays the line out
                    drawn_wrong.append((command, line))
    assert seen >= 4  # /timezone Jerusalem (/settings, /help), /history all, /takedown https://...
    assert drawn_wrong == []


def test_the_settings_cards_delivery_line_is_in_one_gender() -> None:
    """Finding 10: "(כמה שמגיעים יחד עשויות להגיע ...)" mixed masculine and feminine."""
    with in_language("he"):
        card = _seen(moderation_texts.group_settings_card("כיתה א׳2", SETTINGS, 11))
        told = _seen(moderation_texts.delivery_changed("כיתה א׳2", "each", "11:00"))
    for text in (card, told):
        assert "(אם מגיעים כמה יחד, הם עשויים להישלח כאלבום אחד)" in text, text
        assert "עשויות" not in text


def test_declining_held_clips_speaks_of_clips() -> None:
    """Finding 11: "No" on a held clip read "בסדר, לא אשלח אותה." (a photo's "her")."""
    with in_language("he"):
        assert persons_texts.held_dropped(0, 1) == "בסדר, לא אשלח את הסרטון."
        assert persons_texts.held_dropped(0, 2) == "בסדר, לא אשלח את הסרטונים."
        assert persons_texts.held_dropped(1, 1) == "בסדר, לא אשלח את התמונות ואת הסרטונים."
        assert persons_texts.held_dropped(1) == "בסדר, לא אשלח אותה."  # a photo's, as it was
        assert persons_texts.held_dropped(2) == "בסדר, לא אשלח אותן."
    with in_language("es"):
        assert persons_texts.held_dropped(0, 1) == "De acuerdo, no lo enviaré."
        assert persons_texts.held_dropped(1) == "De acuerdo, no la enviaré."
    with in_language("en"):
        assert persons_texts.held_dropped(0, 1) == "OK, I won't send the clip."
        assert persons_texts.held_dropped(2) == "OK, I won't send them."


def test_a_named_guardian_who_left_is_told_of_in_no_plural_verb() -> None:
    """Finding 12: "⁨אבי⁩ כבר לא מקבלים ...: הם עזבו." (a named man, a plural verb)."""
    with in_language("he"):
        said = _seen(persons_texts.guardian_left("אבי", "נוגה"))
    assert said == "לבקשת אבי, התמונות של נוגה כבר לא נשלחות אל אבי.", said


def test_a_clips_takedown_speaks_of_the_clip_in_its_gender() -> None:
    """Finding 13: the confirmation said "אמחק אותה ... שלה" and the report "נמחקה" of a
    clip; a photo's are as they were."""
    with in_language("he"):
        asked = _seen(moderation_texts.takedown_ask("כיתה א׳2", POSTED, None, clip=True))
        report = _seen(moderation_texts.taken_down("כיתה א׳2", POSTED, 2, [], True, clip=True))
        with_posts = _seen(
            moderation_texts.taken_down("כיתה א׳2", POSTED, 2, [], True, copies=[POSTED], clip=True)
        )
        again = _seen(
            moderation_texts.taken_down_posted_again("כיתה א׳2", POSTED, True, None, clip=True)
        )
        photo = _seen(moderation_texts.takedown_ask("כיתה א׳2", POSTED, None))
    assert asked.endswith(
        "אמחק את הסרטון גם בקבוצה עצמה, את הפנים והחיתוכים שלו ואת כל עותק ששלחתי להורים. "
        "אי אפשר לבטל את זה."
    ), asked
    assert report.endswith("\nהסרטון נמחק גם בקבוצה עצמה."), report
    assert with_posts.endswith("הסרטון נמחק גם בקבוצה עצמה, יחד עם הפרסומים האחרים שלו שם.")
    assert again.endswith("מחקתי את הסרטון מהקבוצה."), again
    for text in (asked, report, with_posts, again):
        assert not re.search(r"אותה|שלה\b|נמחקה", text), text
    assert "אמחק אותה גם בקבוצה עצמה, את הפנים והחיתוכים שלה" in photo
    with in_language("es"):
        asked = moderation_texts.takedown_ask("1A", POSTED, None, clip=True)
    assert asked.endswith(
        "Lo borraré también del propio grupo, junto con sus caras y "
        "recortes y todas las copias que envié a los tutores. No se puede "
        "deshacer."
    ), asked
    with in_language("en"):  # "it" is right of either in English
        assert moderation_texts.taken_down("1A", POSTED, 0, [], True, clip=True).endswith(
            "\nThe clip is deleted in the group itself too."
        )
