"""What the ninth walk of issue 32 read wrong in Hebrew sentences: /history's merge line
pointing its arrow at the name the faces left, a settings change's popup in the masculine
for a feminine setting, a named owner given the plural "you" verb, and commands drawn with
their slash after the word."""

from __future__ import annotations

import re

from bidi import get_display

from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts

YOAV, NOGA = "\u2068Yoav\u2069", "\u2068Noga\u2069"


def test_a_merge_line_points_from_the_name_that_went_to_the_one_that_stays() -> None:
    # Hebrew is drawn right to left: "Yoav → Noga" showed the arrow pointing at Yoav,
    # "Noga into Yoav", the opposite of the merge.
    with in_language("he"):
        line = texts.history_line("now", "merge", "Yoav", "Noga", 3, False)
    assert line.endswith(f"{YOAV} \u2190 {NOGA}"), line
    with in_language("en"):
        line = texts.history_line("now", "merge", "Yoav", "Noga", 3, False)
    assert line == "now merged 3 faces: Yoav \u2192 Noga"


def test_a_setting_change_says_its_value_in_no_gender() -> None:
    # It read "... רמת הקפדה מוגדר עכשיו: ..." ("is set", masculine, of a feminine noun).
    with in_language("he"):
        changed = moderation_texts.setting_changed("Class 1", "strictness", 1)
        unchanged = moderation_texts.setting_unchanged("Class 1", "retention", 30)
    assert "מוגדר" not in changed + unchanged
    assert ": עכשיו " in changed and ": כבר " in unchanged, (changed, unchanged)


def test_only_the_named_owner_removes_a_guardian_in_a_verb_for_one() -> None:
    with in_language("he"):
        said = texts.guardians_list("Noga", [("Dana", False), ("Avi", True)], "Dana", False)
    assert "רק ל-\u2068Dana\u2069 יש אפשרות להסיר הורה." in said, said
    assert "יכולים" not in said


def test_a_command_in_a_hebrew_sentence_is_drawn_slash_first() -> None:
    # Its "/" took the sentence's direction: a parent read "add/ [שם] ..." and "admin/".
    with in_language("he"):
        shown = markup.plain(onboarding_texts.help_text())
    commands = re.findall(r"/[a-z]+", shown)
    assert len(commands) >= 8
    drawn = get_display(shown)  # as an app lays it out, left to right
    for command in commands:
        assert command in drawn, command
    assert not re.search(r"\b[a-z]+/", drawn), drawn
    with in_language("en"):  # left to right: nothing added
        assert "\u2066" not in onboarding_texts.help_text()


def test_the_hebrew_help_offers_a_clip_of_the_face_not_of_the_photos() -> None:
    # "או סרטון קצר שלהן" (feminine plural) read "a short clip of the photos".
    with in_language("he"):
        shown = onboarding_texts.help_text()
    assert "סרטון קצר של הפנים" in shown and "סרטון קצר שלהן" not in shown
