"""Who hears of a post that cannot be read, and what they read (``moderation.unreadable``,
its sentences in ``moderation.texts``): the admin chat and a poster who started the bot,
never the group; one sentence naming the post and why, and for the poster what to do
(``what_to_do``: one sentence for each reason; a clip too long is told the limit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain import errors
from domain.languages.catalogs import in_language
from domain.languages.dates import in_zone
from domain.moderation import texts
from domain.moderation.unreadable import told
from domain.moderation.unreadable_store import Poster, UnreadablePost
from domain.states import MediaKind
from domain.videos import frames

GROUP_CHAT, ADMIN_CHAT, ANN = -1001234, -1009876, 501
POST = UnreadablePost(
    photo_id=uuid4(),
    media_kind=MediaKind.VIDEO,
    posted_at=datetime(2026, 11, 26, 10, 2, tzinfo=UTC),
    group_title="Class 1A",
    group_chat_id=GROUP_CHAT,
    message_id=42,
    admin_chat_id=ADMIN_CHAT,
    poster=Poster(ANN, first_name="Ann", started=True, reachable=True),
)


def test_the_admin_chat_and_a_poster_who_started_the_bot_are_told_never_the_group() -> None:
    assert told(POST) == [ADMIN_CHAT, ANN]
    assert told(replace(POST, admin_chat_id=None)) == [ANN]
    assert told(replace(POST, poster=Poster(ANN))) == [ADMIN_CHAT]  # never started the bot
    unreachable = Poster(ANN, first_name="Ann", started=True, reachable=False)
    assert told(replace(POST, poster=unreachable)) == [ADMIN_CHAT]  # blocked the bot
    assert told(replace(POST, admin_chat_id=None, poster=None)) == []  # an anonymous admin


# Every reason recognition gives for a post it cannot read.
REASONS: list[type[errors.ImageError]] = [
    errors.EmptyImage,
    errors.NotAnImage,
    errors.BrokenImage,
    errors.ImageTooLarge,
    errors.ImageTooSmall,
    errors.ImageOddShape,
    errors.EngineFailed,
    errors.NotDownloaded,
    frames.EmptyVideo,
    frames.NotAVideo,
    frames.BrokenVideo,
    frames.NoVideoStream,
    frames.NoFrameRate,
    frames.VideoTooLong,
    frames.VideoFramesTooLarge,
]


@pytest.mark.parametrize("error", REASONS)
def test_each_reason_a_post_cannot_be_read_has_its_own_clause(
    error: type[errors.ImageError],
) -> None:
    assert texts.why_unreadable(error.reason) != texts.why_unreadable("something new")


@pytest.mark.parametrize("error", REASONS)
def test_each_reason_a_post_cannot_be_read_says_what_to_do_in_each_language(
    error: type[errors.ImageError],
) -> None:
    english = texts.what_to_do(error.reason, 1800)
    assert english is not None and english.endswith("."), error
    for language in ("es", "he", "ru"):
        with in_language(language):
            translated = texts.what_to_do(error.reason, 1800)
        assert translated and translated != english, (error, language)


def test_a_clip_too_long_is_told_the_longest_clip_read_and_an_unknown_reason_nothing() -> None:
    assert texts.what_to_do(frames.VideoTooLong.reason, 1800) == (
        "Send a shorter clip, at most 30 minutes long."
    )
    assert texts.what_to_do(frames.VideoTooLong.reason, 60) == (
        "Send a shorter clip, at most 1 minute long."
    )
    with in_language("ru"):
        assert texts.what_to_do(frames.VideoTooLong.reason, 1800) == (
            "Отправьте видео покороче, не длиннее 30 минут."
        )
    assert texts.what_to_do("something new", 1800) is None


def test_the_sentence_names_the_post_its_poster_group_and_time_and_why() -> None:
    with in_zone("UTC"):
        to_admins = texts.unreadable_for_admins(
            POST, frames.NoVideoStream.reason, "https://t.me/c/1234/42"
        )
        to_poster = texts.unreadable_for_poster(
            POST.group_title, POST.media_kind, POST.posted_at, frames.NoVideoStream.reason, 1800
        )
        anonymous = texts.unreadable_for_admins(
            replace(POST, poster=None, media_kind=MediaKind.PHOTO), errors.BrokenImage.reason, None
        )
    assert to_admins.startswith(
        "I could not read the clip Ann posted in <b>Class 1A</b> on Nov 26 10:02 UTC: it has "
        "no picture, only sound. Nothing else was affected."
    )
    assert 'href="https://t.me/c/1234/42"' in to_admins
    assert to_poster == (
        "I could not read the clip you posted in <b>Class 1A</b> on Nov 26 10:02 UTC: it has "
        "no picture, only sound. Nothing else was affected. Send it again as a video with "
        "picture."
    )
    assert anonymous.startswith("I could not read the photo posted in <b>Class 1A</b> on")


def test_the_hebrew_link_to_the_post_fits_a_clip_as_it_fits_a_photo() -> None:
    # "פתחו אותה" (open her) agreed with a photo (תמונה) and was wrong for a clip (סרטון,
    # masculine): the link now says "to view it in the group", with no pronoun.
    link = "https://t.me/c/1234/42"
    with in_language("he"), in_zone("UTC"):
        about_a_clip = texts.unreadable_for_admins(POST, frames.NoVideoStream.reason, link)
        about_a_photo = texts.unreadable_for_admins(
            replace(POST, media_kind=MediaKind.PHOTO), errors.BrokenImage.reason, link
        )
    for text in (about_a_clip, about_a_photo):
        assert text.endswith(f'<a href="{link}">לצפייה בקבוצה</a>.'), text
