# ruff: noqa: RUF001 (Hebrew letters look like Latin ones)
"""The ninth walk's findings 11-19 in words (findings9.md): the resume's offer says what
was held and from where; the settings card of a paused group says so; Hebrew /help's clip
"of the face"; and every command inside a Hebrew sentence drawn "/add" (not "add/") while
Telegram still makes it a command the reader can tap."""

from __future__ import annotations

import re
from typing import Any

from bidi import get_display

from domain.languages import markup
from domain.languages.catalogs import in_language
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts as persons_texts
from sandbox.formatting import auto_entities, render_text
from tests.unit.test_right_to_left_lines import hebrew_translations

UNSEEN = re.compile("[\u200e\u200f\u2066-\u2069]")
COMMAND = re.compile(r"(?<![\w/.])/[a-z]+")


def _seen(text: str) -> str:
    return UNSEEN.sub("", markup.plain(text))


def test_the_offer_on_resume_says_it_held_them_and_from_which_groups() -> None:
    """Finding 11 (which groups) and 18 (a clip answered during the pause was held, not
    posted then)."""
    with in_language("en"):
        offer = persons_texts.held_offer("Alice", 2, 1, groups=["Class 2B", "Football"])
        one = persons_texts.held_offer("Mimi", 1, groups=["Class 2B"])
    assert _seen(offer) == (
        "While Alice was paused, I held 2 photos and 1 clip of them from Class 2B and "
        "Football. Send them?"
    )
    assert _seen(one) == "While Mimi was paused, I held 1 photo of them from Class 2B. Send it?"
    with in_language("he"):
        clip = persons_texts.held_offer("נוגה", 0, 1, groups=["כיתה א׳2"])
    assert _seen(clip) == "במהלך ההשהיה של נוגה שמרתי סרטון אחד מכיתה א׳2. לשלוח אותו?"


def test_hebrew_help_offers_a_short_clip_of_the_face() -> None:
    """Finding 17: "שלהן" (of them, feminine plural) read as a clip of the photos."""
    with in_language("he"):
        shown = _seen(onboarding_texts.help_text())
    assert "/add [שם] רישום של אדם חדש עם 3-10 תמונות פנים, או סרטון קצר של הפנים" in shown


def test_every_command_in_a_hebrew_sentence_is_drawn_left_to_right_and_tappable() -> None:
    """Finding 19: by the bidi algorithm a "/" between Hebrew and a Latin word took the
    sentence's direction ("add/"). Each command is isolated left to right; Telegram (as
    tdlib's match_bot_commands, which the emulator follows) still finds it a command."""
    drawn_wrong, untappable, seen = [], [], 0
    for text in hebrew_translations(counts=(2,)):
        plain, entities = render_text(text, "HTML", None)
        tappable = {_entity_text(plain, e) for e in entities if e["type"] == "bot_command"}
        coded = [UNSEEN.sub("", _entity_text(plain, e)) for e in entities if e["type"] == "code"]
        for line in plain.split("\n"):
            for command in COMMAND.findall(UNSEEN.sub("", line)):
                seen += 1
                if command not in get_display(line):  # as an app lays the line out
                    drawn_wrong.append(line)
                if command not in tappable and not any(c.startswith(command) for c in coded):
                    untappable.append(line)
    assert seen > 100
    assert drawn_wrong == []
    assert untappable == []


def _entity_text(plain: str, entity: dict[str, Any]) -> str:
    """An entity's text: Telegram counts offsets in UTF-16 code units (an emoji such as
    "🗑" is two), not in Python's characters."""
    units = plain.encode("utf-16-le")
    start, length = entity["offset"] * 2, entity["length"] * 2
    return units[start : start + length].decode("utf-16-le")


def test_telegram_takes_an_isolated_command_for_a_command() -> None:
    """tdlib's rule: no letter, digit, "_", "/", "<" or ">" on either side of it."""
    assert auto_entities("שולחים \u2066/admin\u2069 בקבוצה") == [
        {"type": "bot_command", "offset": 8, "length": 6}
    ]
    assert auto_entities("שולחים /adminבקבוצה") == []
    assert auto_entities("<>/admin") == []
