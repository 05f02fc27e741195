"""Hebrew lines read right to left in Telegram's apps, which lay out each line in the
direction of its first strong character: a line that starts with a command ("/stats ..."),
a Latin name or a number starts with a right-to-left mark (U+200F), added where a
translation is rendered; English, Russian and Spanish are left as they are."""

from __future__ import annotations

import re
import unicodedata

from babel.messages.pofile import read_po

from domain.languages import markup
from domain.languages.catalogs import (
    DOMAIN,
    LOCALES_DIR,
    RLM,
    _,
    drawn,
    in_language,
    ngettext,
    right_to_left_lines,
)
from domain.moderation import texts as moderation_texts
from domain.onboarding import texts as onboarding_texts
from domain.persons import texts

ISOLATE = re.compile("\u2068[^\u2069]*\u2069")
HEBREW = re.compile("[\u05d0-\u05ea]")
LRI = "\u2066"  # a command isolated left to right


def _first_strong(line: str, *, isolates_too: bool = False) -> str | None:
    """The bidi class of the first strong character Telegram's app sees on ``line`` (plain
    text). ``isolates_too``: as an app that knows no isolates would read it."""
    if not isolates_too:
        line = ISOLATE.sub("", line)
    for char in line:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return "R" if direction == "AL" else direction
    return None


def _left_to_right_lines(text: str, *, isolates_too: bool = False) -> list[str]:
    """The Hebrew lines (a line of names only, or a link alone, has no direction of its
    own to keep) that an app would lay out left to right."""
    return [
        line
        for line in markup.plain(text).split("\n")
        if HEBREW.search(ISOLATE.sub("", line))
        and _first_strong(line, isolates_too=isolates_too) == "L"
    ]


def _filled(template: str) -> str:
    """A translation with every placeholder given a Latin value, isolated as names are."""
    return re.sub(r"\{(\w+)\}", lambda m: f"\u2068{m.group(1)}\u2069", template)


def test_a_hebrew_line_that_starts_with_a_command_starts_with_a_right_to_left_mark() -> None:
    with in_language("he"):
        shown = markup.plain(onboarding_texts.help_text())
    commands = [line for line in shown.split("\n") if line.lstrip(RLM + LRI).startswith("/")]
    assert len(commands) >= 8
    assert all(line.startswith(RLM + LRI + "/") for line in commands)
    assert _left_to_right_lines(shown, isolates_too=True) == []


def test_every_hebrew_translation_renders_its_lines_right_to_left() -> None:
    """Whatever a placeholder at a line's start becomes (a Latin name, a command, a
    number), even in an app that knows no isolates."""
    with (LOCALES_DIR / "he" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale="he", domain=DOMAIN)
    wrong = []
    with in_language("he"):
        for message in catalog:
            if not message.id or not message.string:
                continue
            if isinstance(message.id, str):
                rendered = [_(message.id)]
            else:
                rendered = [ngettext(message.id[0], message.id[1], n) for n in (1, 2, 5)]
            for text in rendered:
                wrong += _left_to_right_lines(_filled(text), isolates_too=True)
    assert wrong == []


def test_the_admins_help_in_the_group_lists_its_commands_right_to_left() -> None:
    """Its command lines are made in code ("/whois " and the menu's description)."""
    with in_language("he"):
        shown = markup.plain(
            moderation_texts.group_help_for_admins("https://t.me/facedrop_bot?start=g1", None)
        )
    commands = [line for line in shown.split("\n") if line.lstrip(RLM + LRI).startswith("/")]
    assert len(commands) == len(moderation_texts.ORGANIZER_COMMANDS)
    assert all(line.startswith(RLM + LRI + "/") for line in commands)
    assert _left_to_right_lines(shown, isolates_too=True) == []


def test_a_line_that_reads_right_to_left_already_gets_no_mark() -> None:
    with in_language("he"):
        assert _("photos") == "תמונות"
        assert RLM not in moderation_texts.stats_chart_title()
        once = onboarding_texts.help_text()
        assert right_to_left_lines(once) == once  # twice is once


def test_left_to_right_languages_get_no_mark() -> None:
    for language in ("en", "ru", "es"):
        with in_language(language):
            assert RLM not in onboarding_texts.help_text()
            assert RLM not in moderation_texts.group_help_for_admins(
                "https://t.me/b?start=g1", None
            )


def test_a_picture_draws_no_mark() -> None:
    with in_language("he"):
        picture = drawn(RLM + "/stats תמונות")
    assert RLM not in picture
    assert "תונומת" in picture


def test_you_stays_outside_the_guardians_name() -> None:
    """ "Dana (you)" on a Hebrew card: the name isolated alone, "(אתם)" in the sentence."""
    with in_language("he"):
        card = texts.person_card(
            "יעל",
            _(texts.PERSON_STATUS["active"]),
            None,
            [("Dana", True), ("Ben", False)],
            [],
            0,
            0,
            0,
        )
    (guardians,) = [line for line in card.split("\n") if "Dana" in line]
    assert "\u2068Dana\u2069 (אתם)" in guardians
    assert "\u2068Ben\u2069" in guardians
    # Its first line, made in code, starts with the name's isolate: the app reads past it.
    with in_language("he"):
        latin = texts.person_card(
            "Alice", _(texts.PERSON_STATUS["active"]), None, [("Dana", True)], [], 0, 0, 0
        )
    assert _left_to_right_lines(latin) == []
    with in_language("en"):
        card = texts.person_card("Yael", "active", None, [("Dana", True)], [], 0, 0, 0)
    assert "Guardians: Dana (you)" in card
