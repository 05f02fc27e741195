"""The private /help lists what each command really offers."""

from __future__ import annotations

from domain.onboarding import texts


def test_persons_in_help_lists_the_birth_date_with_the_other_card_actions() -> None:
    (line,) = [ln for ln in texts.help_text().splitlines() if ln.startswith("/persons ")]
    for button in ("rename", "birth date", "add photos", "merge", "pause", "co-guardian", "delete"):
        assert button in line, (button, line)
