"""The message links /takedown accepts in an admin chat (pure rules)."""

from __future__ import annotations

import pytest

from domain.moderation.takedown import MessageLink, link_to, parse_link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://t.me/c/1001000001/42", MessageLink(42, chat_id=-1001001000001)),
        ("t.me/c/1001000001/42?single", MessageLink(42, chat_id=-1001001000001)),
        ("https://t.me/c/1001000001/7/42", MessageLink(42, chat_id=-1001001000001)),  # a topic
        ("https://t.me/class1a_photos/42", MessageLink(42, username="class1a_photos")),
        (" https://telegram.me/Class1A/42/ ", MessageLink(42, username="Class1A")),
    ],
)
def test_links_to_group_messages(text: str, expected: MessageLink) -> None:
    assert parse_link(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "please",
        "https://t.me/c/1001000001",  # no message
        "https://t.me/class1a_photos",
        "https://example.com/c/1001000001/42",
        "https://t.me/c/abc/42",
        "https://t.me/joinchat/AAAA",
        "https://t.me/+AbCdEf",
        "https://t.me/c/1001000001/42 and more",
    ],
)
def test_anything_else_is_no_link(text: str) -> None:
    assert parse_link(text) is None


def test_the_link_of_a_photo_where_telegram_has_one() -> None:
    assert link_to(-1001001000001, 42) == "https://t.me/c/1001000001/42"
    assert link_to(-1001001000001, 42, "class1a") == "https://t.me/class1a/42"
    assert link_to(-4000000001, 42) is None  # a basic group's messages have no links
