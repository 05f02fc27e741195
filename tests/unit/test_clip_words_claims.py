"""The claim, earlier-photo and enrollment sentences that called a clip a photo (issue 35):
a claim approved counts the clips the claimer had already or posted apart, in each
language's plural forms; what can be a photo or a clip says so; a clip's enrollment
warning names its own button."""

from __future__ import annotations

import pytest

from domain.claims.rules import ClaimerShare, photos_for_claimer
from domain.claims.texts import claim_nothing_left, whois_changed
from domain.earlier_photos.texts import earlier_photos_sent, look_alikes_answered
from domain.enrollment.texts import still_checking, unlike_the_others
from domain.languages.catalogs import in_language
from domain.moderation.texts import approval_card, claimed
from domain.states import DeliveryStatus
from tests.unit.reading import as_read


def test_the_claimers_share_counts_the_clips_of_each_kind_apart() -> None:
    share = photos_for_claimer(
        [
            (DeliveryStatus.PENDING, False, True),
            (DeliveryStatus.PENDING, False, False),
            (DeliveryStatus.SENT, False, True),
            (DeliveryStatus.SENT, False, False),
            (DeliveryStatus.SENT, False, False),
            (None, True, True),
        ]
    )
    assert share == ClaimerShare(sending=2, already=3, own=1, clips=1, already_clips=1, own_clips=1)


def test_a_waiting_claim_counts_what_its_approval_will_send() -> None:
    """findings13 9: while the claim waits no delivery is planned yet; a photo the claimer
    has none of, and did not post, is counted as the approval counts it: on its way. One
    already sent (for another of their persons) is not."""
    fates = [(None, False, False), (None, False, True), (DeliveryStatus.SENT, False, False)]
    waiting = photos_for_claimer(fates, waiting=True)
    assert waiting == ClaimerShare(sending=2, already=1, clips=1)
    planned = [(DeliveryStatus.PENDING, False, False), (DeliveryStatus.PENDING, False, True)]
    assert photos_for_claimer([*planned, fates[2]]) == waiting
    assert photos_for_claimer([(None, True, False)], waiting=True) == ClaimerShare(own=1)


@pytest.mark.parametrize(
    ("language", "already", "line"),
    [
        ("en", (3, 1), "You already have 2 photos and 1 clip of those from 1A you saw the faces"),
        ("en", (1, 1), "You already have 1 clip of those from 1A you saw the faces of (I sent it"),
        ("es", (2, 2), "De lo de 1A cuyas caras viste, ya tienes 2 vídeos (te los envié antes)"),
        ("he", (2, 1), "תמונה אחת וגם סרטון אחד מהקבוצה 1A עם הפנים שראיתם כבר אצלכם"),
        ("ru", (5, 2), "уже есть 3 фото и 2 видео (я присылал их раньше)"),
    ],
)
def test_a_claim_approved_counts_the_clips_already_had_apart(
    language: str, already: tuple[int, int], line: str
) -> None:
    count, clips = already
    with in_language(language):
        text = as_read(claimed("Tom", "1A", 1, [], already=count, already_clips=clips))
    assert line in text


def test_a_claim_of_only_ones_own_clip_says_clip() -> None:
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 0, [], own=1, own_clips=1))
    assert "You posted this clip from 1A yourself, so I don't send it back" in text
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 0, [], own=3, own_clips=1))
    assert "You posted these 2 photos and 1 clip from 1A yourself" in text
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 2, [], own=2, own_clips=2))
    assert "You posted 2 clips of those from 1A you saw the faces of yourself" in text
    with in_language("en"):  # photos only: as before
        text = as_read(claimed("Tom", "1A", 0, [], own=1))
    assert "You posted this photo from 1A yourself" in text


def test_a_claim_one_face_at_a_time_may_send_a_clip() -> None:
    with in_language("en"):
        text = as_read(claimed("Tom", "1A", 0, [], one_by_one=1))
    assert "the photo or clip it is in is sent once you confirm it" in text
    with in_language("ru"):
        text = as_read(claimed("Tom", "1A", 0, [], one_by_one=3))
    assert "фото или видео подтверждённых лиц будут отправлены" in text


def test_what_can_be_a_clip_is_not_called_a_photo() -> None:
    with in_language("en"):
        said = [
            whois_changed(),
            claim_nothing_left(),
            earlier_photos_sent("Alice", "1A", 0, 0),
            look_alikes_answered("Alice", "1A", "declined", 2, 0),
            approval_card("1A", False, "Alice", "Ann", cover=True),
            still_checking(),
        ]
    assert "or a photo or clip went" in said[0]
    assert said[1].startswith("The faces this child was named from are gone")
    assert "None of those faces of <b>Alice</b>" in as_read(said[2])
    assert "I won't send the photos or clips they are in" in as_read(said[3])
    assert said[4].endswith("\nThis is the enrollment face I keep.")
    assert said[5] == "I'm still checking what you sent last. Send /done again in a moment."


@pytest.mark.parametrize(
    ("language", "views", "button"),
    [
        ("en", 3, '"Remove these views"'),
        ("en", 1, '"Remove this view"'),
        ("es", 0, "«Quitar esta foto»"),
    ],
)
def test_the_unlike_warning_names_the_button_under_it(
    language: str, views: int, button: str
) -> None:
    with in_language(language):
        text = as_read(unlike_the_others("Alice", views=views))
    assert button in text
    assert ("clip" in text) == (language == "en" and views > 0)
