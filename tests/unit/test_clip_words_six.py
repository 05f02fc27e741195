"""What clipwords5 left saying "photos" where a clip is meant too (issue 35), in each
language: the welcome's button and the group's menu, what a guardian gets, the card's
"Add photos or a clip", the command menu, and the own-posts setting named for both."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.delivery import texts as delivery_texts
from domain.earlier_photos.texts import earlier_photos_left
from domain.enrollment import texts as enrollment_texts
from domain.groups import texts as groups_texts
from domain.languages.catalogs import _, in_language
from domain.onboarding.texts import COMMANDS, help_text
from domain.persons import texts as persons_texts
from tests.unit.reading import as_read

# The words each language uses for a clip and clips (as the other clip sentences do); the
# Hebrew plural ends in a non-final nun, so it does not contain the singular.
CLIPS = {"en": ("clip",), "es": ("vídeo",), "he": ("סרטון", "סרטונים"), "ru": ("видео",)}


def names_a_clip(language: str, text: str) -> bool:
    return any(word in text for word in CLIPS[language])


SENTENCES: dict[str, Callable[[], str]] = {
    "the welcome's button": groups_texts.join_button,
    "the group's menu": lambda: _(groups_texts.GROUP_COMMANDS[0][1]),
    "made an admin": groups_texts.can_see_photos,
    "not an admin yet": groups_texts.needs_admin,
    "the card's button": lambda: _(enrollment_texts.ACTIONS["add"]),
    "an invitation": lambda: persons_texts.invitation("Alice", "Ann", agreed_before=True),
    "a co-guardian in": lambda: persons_texts.co_guardian_in_group("Bea", ["Alice"], "1A", False),
    "the leave button": lambda: persons_texts.leave_button("Alice"),
    "left": lambda: persons_texts.no_longer_guardian("Alice"),
    "a merge": lambda: persons_texts.merge_newcomer("Carl", "Ally", "Yara"),
    "earlier photos' popup": lambda: earlier_photos_left("1A"),
    "enrollment's questions": lambda: enrollment_texts.answer_first(2),
}


@pytest.mark.parametrize("language", sorted(CLIPS))
@pytest.mark.parametrize("sentence", sorted(SENTENCES))
def test_what_a_guardian_gets_and_adds_names_clips_too(language: str, sentence: str) -> None:
    with in_language(language):
        text = as_read(SENTENCES[sentence]())
    assert names_a_clip(language, text), text


@pytest.mark.parametrize("language", sorted(CLIPS))
def test_the_command_menu_offers_a_clip_within_telegrams_limit(language: str) -> None:
    with in_language(language):
        menu = {command: _(description) for command, description in COMMANDS}
        group = [_(description) for _command, description in groups_texts.GROUP_COMMANDS]
    assert names_a_clip(language, menu["add"]) and names_a_clip(language, menu["done"]), menu
    assert all(1 <= len(d) <= 256 for d in [*menu.values(), *group])  # BotCommand's limit


def test_the_own_posts_setting_is_named_for_a_photo_and_a_clip_alike() -> None:
    with in_language("en"):
        button = delivery_texts.own_photos_button(False)
        card = delivery_texts.settings_text(True)
        help_line = next(line for line in help_text().split("\n") if line.startswith("/settings"))
    assert button == "Send me what I post too: off"
    assert card.startswith("Send me what I post too: <b>on</b>.\nWhen it is off, a photo or clip")
    assert help_line.startswith("/settings send me what I post too: off or on;")


def test_hebrew_says_photos_and_clips_in_the_masculine_plural() -> None:
    # A photo is feminine, a clip masculine: the two together take the masculine plural.
    with in_language("he"):
        unseen = as_read(groups_texts.needs_admin())
        told = as_read(persons_texts.co_guardian_in_group("Bea", ["Alice"], "1A", False))
    assert "את התמונות והסרטונים שמתפרסמים כאן: טלגרם מציג אותם" in unseen, unseen
    assert "מגיעים גם אל" in told and "מגיעות" not in told, told
