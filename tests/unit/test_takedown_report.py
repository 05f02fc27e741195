"""The one report an organizer gets for a takedown that took several posts of the same
picture down (pure text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.moderation import texts
from domain.moderation.takedown import too_old_to_delete

POSTED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
FORWARD = datetime(2026, 11, 21, 10, 30, tzinfo=UTC)
AGAIN = datetime(2026, 11, 22, 11, 45, tzinfo=UTC)


def test_the_report_names_the_other_posts_and_those_left_in_the_group() -> None:
    report = texts.taken_down(
        "Class 1A", POSTED, 2, [FORWARD], False, copies=[AGAIN, FORWARD], posts_left=[AGAIN]
    )
    lines = report.split("\n")
    assert lines[0].startswith(
        "Taken down: the photo from <b>Class 1A</b> posted Nov 20 09:00 UTC, with 2 other "
        "posts of the same picture there (Nov 21 10:30 UTC, Nov 22 11:45 UTC)."
    )
    assert lines[1] == "Copies deleted from guardians' chats: 2."
    assert lines[2].startswith("Copies too old for me to delete: 1 (sent Nov 21 10:30 UTC).")
    assert lines[3] == (
        "I couldn't delete 1 of these posts in the group itself (posted Nov 22 11:45 UTC): "
        "please delete it there, or make me an admin with the right to delete messages."
    )


def test_the_questions_showing_it_are_counted_apart_from_the_copies() -> None:
    """walken3 11: "Copies deleted from guardians' chats: 4." were two copies and two
    questions; a takedown that deleted only questions said 0 and nothing of them."""
    lines = texts.taken_down("Class 1A", POSTED, 2, [], True, questions=2).split("\n")
    assert lines[1:3] == [
        "Copies deleted from guardians' chats: 2.",
        "Questions showing it deleted from guardians' chats: 2.",
    ]
    assert "Questions" not in texts.taken_down("Class 1A", POSTED, 2, [], True)
    # Those too old to delete too: left as they were, or blanked (issue 32).
    lines = texts.taken_down(
        "Class 1A",
        POSTED,
        0,
        [FORWARD],
        True,
        questions_too_old=[AGAIN],
        questions_blanked=[AGAIN, FORWARD],
    ).split("\n")
    assert lines[2].startswith("Copies too old for me to delete: 1 (sent Nov 21 10:30 UTC).")
    assert lines[3] == (
        "Questions showing it too old for me to delete: 1 (sent Nov 22 11:45 UTC). Those "
        "guardians can delete theirs."
    )
    assert lines[4].startswith(
        "Questions showing it I could only blank (older than 48 hours): 2 (sent Nov 21 "
        "10:30 UTC, Nov 22 11:45 UTC)."
    )


def test_a_single_post_reads_as_before() -> None:
    report = texts.taken_down("Class 1A", POSTED, 0, [], False)
    assert ", with" not in report
    assert report.endswith(
        "I couldn't delete the photo in the group itself: please delete it there, or make "
        "me an admin with the right to delete messages."
    )


def test_posts_past_48_hours_are_left_for_telegrams_limit_not_for_a_right() -> None:
    """findings18 1: the bot is an admin; Telegram refused the posts for their age."""
    report = texts.taken_down(
        "Class 1A",
        POSTED,
        0,
        [],
        False,
        copies=[AGAIN],
        posts_left=[POSTED, AGAIN],
        left_too_old=True,
        blanked=[FORWARD],
    )
    lines = report.split("\n")
    assert lines[2] == (
        "Copies I could only blank (older than 48 hours, which Telegram doesn't let a bot "
        "delete): 1 (sent Nov 21 10:30 UTC). Each shows a plain grey image now, saying that the "
        "organizers took it down."
    )
    assert lines[3] == (
        "I couldn't delete 2 of these posts in the group itself (posted Nov 20 09:00 UTC, "
        "Nov 22 11:45 UTC): Telegram lets a bot delete messages only in their first 48 hours. "
        "Please delete them there."
    )
    alone = texts.taken_down("Class 1A", POSTED, 0, [], False, clip=True, left_too_old=True)
    assert alone.endswith(
        "I couldn't delete the clip in the group itself: Telegram lets a bot delete messages "
        "only in their first 48 hours. Please delete it there."
    )
    assert "make me an admin" not in report + alone


def test_only_posts_all_past_48_hours_are_too_old_to_delete() -> None:
    now = AGAIN + timedelta(hours=48)
    assert too_old_to_delete([POSTED, AGAIN], now)
    assert not too_old_to_delete([POSTED, AGAIN], now - timedelta(seconds=1))
    assert not too_old_to_delete([], now)


def test_the_audit_says_what_a_takedown_could_not_delete() -> None:
    """findings18 8: the post in the group and copies stayed; /audit says so."""
    assert texts.cannot_undo("taken_down", {"left": {"post": True, "copies": 3}}) == (
        "A takedown can't be undone. Its faces are deleted, but I couldn't delete the post in "
        "the group, and 3 copies in guardians' chats were too old for me to delete."
    )
    assert texts.cannot_undo("taken_down", {"left": {"post": True, "copies": 0}}) == (
        "A takedown can't be undone. Its faces and its copies in guardians' chats are deleted, "
        "but I couldn't delete the post in the group."
    )
    assert texts.cannot_undo("taken_down", {"left": {"post": False, "copies": 1}}) == (
        "A takedown can't be undone. Its faces are deleted, but 1 copy in guardians' chats was "
        "too old for me to delete."
    )
    # Copies sent to guardians who used /forget since: out of reach (findings22 6).
    assert texts.cannot_undo(
        "taken_down", {"left": {"post": False, "copies": 0, "unreachable": 2}}
    ) == (
        "A takedown can't be undone. Its faces are deleted. 2 copies sent to guardians who "
        "have since deleted their data with /forget stay in their chats: I can no longer reach "
        "them."
    )
    assert texts.cannot_undo(
        "taken_down", {"left": {"post": True, "copies": 0, "unreachable": 1}}
    ) == (
        "A takedown can't be undone. Its faces are deleted, but I couldn't delete the post in "
        "the group. 1 copy sent to a guardian who has since deleted their data with /forget "
        "stays in their chat: I can no longer reach it."
    )
    everything = {"left": {"post": False, "copies": 0}, "media_kind": "video"}
    assert texts.cannot_undo("taken_down", everything) == (
        "A takedown can't be undone: the clip and its copies are deleted."
    )
