"""A delivery caption always fits Telegram's 1024 UTF-16 units, however many names."""

from __future__ import annotations

from domain.delivery import texts
from sandbox.formatting import parse_html, utf16_len


def test_a_short_caption_names_everyone() -> None:
    caption = texts.delivery_caption(["Tom & <Jerry>", "Yara"], "Class <1A>")
    assert parse_html(caption)[0] == "Tom & <Jerry>, Yara · Class <1A>"


def test_names_that_do_not_fit_are_counted() -> None:
    names = [f"{i:02d}" + "😀" * 62 for i in range(12)]  # 126 UTF-16 units each
    caption, _ = parse_html(texts.delivery_caption(names, "T" * 128))
    assert utf16_len(caption) <= 1024
    assert caption.startswith(names[0]) and caption.endswith(" more · " + "T" * 128)
    shown = caption.split(" and ")[0].split(", ")
    assert shown == names[: len(shown)] and len(shown) >= 6
    assert caption.split(" and ")[1] == f"{12 - len(shown)} more · " + "T" * 128


def test_escaping_does_not_count_against_the_limit() -> None:
    names = ["&" * 64 for _ in range(14)]  # 5 bytes of HTML each, 1 unit shown
    caption, _ = parse_html(texts.delivery_caption(names, "G"))
    assert caption == ", ".join(names) + " · G"
    assert utf16_len(caption) == 14 * 64 + 13 * 2 + 4
