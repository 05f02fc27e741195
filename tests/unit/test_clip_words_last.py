"""The last sentences that said "photos" where a clip is meant too (issue 35), in each
language: what a claim's "yes" sends (counted as its approval counts it), a group the bot
has left, the short facts a parent agrees to, and the settings card's delivery button."""

from __future__ import annotations

import pytest

from domain.claims.texts import claim_waiting
from domain.languages.catalogs import LOCALES_DIR, _, in_language
from domain.moderation.texts import (
    DELIVERY_BUTTONS,
    admin_chat_help,
    approval_card,
    cannot_ban_organizer,
    claim_card,
    group_help_for_admins,
    waiting_for_approval,
)
from domain.onboarding.texts import inactive_group, what_i_do
from domain.persons.texts import already_paused, birth_date_set, confirm_merge
from tests.unit.reading import as_read

# The word each language uses for clips (as the other clip sentences do).
CLIPS = {"en": "clips", "es": "vídeos", "he": "סרטונים", "ru": "видео"}


@pytest.mark.parametrize(
    ("language", "photos", "clips", "sent"),
    [
        ("en", 3, 1, "I send you the 2 photos and 1 clip you saw the faces of."),
        ("en", 2, 0, "I send you the 2 photos you saw the faces of."),
        ("en", 1, 1, "I send you the 1 clip you saw the faces of."),
        ("es", 3, 1, "te enviaré 2 fotos y 1 vídeo cuyas caras viste."),
        ("he", 3, 1, "ואשלח לכם 2 תמונות וגם סרטון אחד עם הפנים שראיתם."),
        ("ru", 4, 2, "я пришлю вам 2 фото и 2 видео, лица с которых вы видели."),  # noqa: RUF001
    ],
)
def test_a_claims_yes_says_what_it_sends_with_its_clips_counted_apart(
    language: str, photos: int, clips: int, sent: str
) -> None:
    with in_language(language):
        text = as_read(claim_waiting("Tom", "1A", photos=photos, clips=clips))
    assert sent in text, text


@pytest.mark.parametrize(
    ("language", "photos", "kept", "said"),
    [
        ("en", 3, 1, "I send you the 3 photos you saw the faces of that you don't have yet. "
         "You already have 1 photo of those: it isn't sent again."),
        ("en", 0, 2, "Tom is yours. You already have the 2 photos you saw the faces of, so "
         "they aren't sent again."),
        ("es", 3, 1, "te enviaré 3 fotos cuyas caras viste que aún no tienes. Ya tienes 1 "
         "foto más, que no se vuelve a enviar."),
        ("he", 3, 2, "ואשלח לכם 3 תמונות עם הפנים שראיתם שעוד אין לכם. 2 תמונות מתוך אלה "
         "כבר אצלכם"),
    ],
)  # fmt: skip
def test_a_claims_yes_counts_apart_what_the_claimer_has_already(
    language: str, photos: int, kept: int, said: str
) -> None:
    """findings13 9: "I send you the 4 photos" while 1 of them was in her chat already."""
    with in_language(language):
        text = as_read(claim_waiting("Tom", "1A", photos=photos, kept=kept))
    assert said in text, text


def test_some_are_names_the_clips_only_where_there_are_any() -> None:
    with in_language("en"):
        mixed = claim_waiting("Tom", "1A", one_by_one=True, photos=3, clips=1)
        photos = claim_waiting("Tom", "1A", one_by_one=True, photos=3)
    assert "the photos and clips of the faces you confirm are sent" in mixed
    assert "the photos of the faces you confirm are sent" in photos


@pytest.mark.parametrize("language", sorted(CLIPS))
def test_a_group_left_and_what_a_parent_agrees_to_name_clips(language: str) -> None:
    with in_language(language):
        left, facts = inactive_group(), what_i_do()
        button = _(DELIVERY_BUTTONS["each"])
    assert CLIPS[language] in left, left
    # "What I do" and "What I keep" (what was sent to whom) both name them.
    assert facts.split("\n")[0].count(CLIPS[language]) >= 1, facts
    assert CLIPS[language] in facts.split("\n")[1], facts
    assert button != "Each photo" and "photo" not in button.lower()


@pytest.mark.parametrize("language", sorted(CLIPS))
def test_approvals_claims_pause_and_merge_name_clips(language: str) -> None:
    with in_language(language):
        said = [
            group_help_for_admins("https://t.me/facedrop?start=g", None),
            approval_card("1A", False, "Alice", "Ann", cover=True),
            approval_card("1A", True, "Alice", "Ann", cover=True),
            waiting_for_approval("Alice", "1A", co_guardian=False, admin_chat=True),
            waiting_for_approval("Alice", "1A", co_guardian=True, admin_chat=True),
            claim_card("1A", "Tom", "Pat"),
            already_paused("Alice", paused=False),
            confirm_merge("Alice", "Ally", keep_has_cover=True),
            confirm_merge("Alice", "Ally", keep_has_cover=False),
            birth_date_set("Alice", "May 31, 2019"),
            cannot_ban_organizer("1A"),
        ]
    for text in said:
        assert CLIPS[language] in text, text


def test_the_admin_chats_whois_line_says_nothing_is_sent_before_a_claim() -> None:
    with in_language("en"):
        helped = admin_chat_help(["1A"])
    assert "(nothing of the child is sent until the parent claims it" in helped
    assert "gets no photos" not in helped


def test_hebrew_media_seen_never_takes_a_pronoun_of_one_gender() -> None:
    # findings12 4: "3 תמונות שראיתם את הפנים שבהם" (photos are feminine, "שבהם" masculine):
    # the sentences about {media} whose faces were seen take no pronoun at all now.
    catalog = (LOCALES_DIR / "he" / "LC_MESSAGES" / "facedrop.po").read_text(encoding="utf-8")
    media_lines = [line for line in catalog.splitlines() if "{media}" in line and "msgstr" in line]
    assert media_lines
    assert not [line for line in media_lines if "הפנים שבהם" in line or "הפנים שבהן" in line]
