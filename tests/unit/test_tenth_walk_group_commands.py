"""The tenth walk's finding 14: in a Hebrew group, an organizer's command answered with
where it works drew its slash after the word ("settings/")."""

from __future__ import annotations

import re

from bidi import get_display

from domain.languages.catalogs import in_language
from domain.moderation import texts


def test_a_command_sent_in_a_hebrew_group_is_named_slash_first() -> None:
    with in_language("he"):
        answers = [
            texts.in_the_admin_chat("settings", texts.admin_chat_name("מארגני כיתה ב", None)),
            texts.admin_chat_first("stats"),
        ]
    for answer in answers:
        drawn = get_display(answer)  # as an app lays it out, left to right
        for command in re.findall(r"/[a-z]+", answer):
            assert command in drawn, (command, drawn)
        assert not re.search(r"\b[a-z]+/", drawn), drawn
    assert "\u2066/settings\u2069" in answers[0]
    with in_language("en"):  # left to right: nothing added
        assert texts.admin_chat_first("stats") == (
            "/stats works in this group's admin chat, and it has none yet. Send /admin here "
            "first to link one, then /stats there."
        )
