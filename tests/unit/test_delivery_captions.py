"""The poster's caption on a delivered copy: kept, with its formatting, before facedrop's
line, the whole within Telegram's 1024 UTF-16 units, no entity or emoji cut in half. A
clip's copy says when each person is on screen."""

from __future__ import annotations

from uuid import uuid4

from domain.delivery.captions import copy_caption, delivery_caption
from sandbox.formatting import parse_html, utf16_len


def test_the_posters_words_come_first_with_their_formatting() -> None:
    words = "Sports day! Photos: example.org & <more>"
    entities = [
        {"type": "bold", "offset": 0, "length": 10},
        {"type": "text_link", "offset": 20, "length": 11, "url": "https://example.org/"},
    ]
    text, shown = parse_html(delivery_caption(["Alice"], "Class 1A", words, entities))
    assert text == "Sports day! Photos: example.org & <more>\n\nAlice · Class 1A"
    assert {(e["type"], e["offset"], e["length"]) for e in shown} == {
        ("bold", 0, 10),
        ("text_link", 20, 11),
    }
    # No caption (or only spaces): facedrop's line alone, as before.
    for none in (None, "", "  \n"):
        assert parse_html(delivery_caption(["Alice"], "Class 1A", none))[0] == ("Alice · Class 1A")


def test_a_long_caption_is_cut_to_fit_without_breaking_an_entity_or_an_emoji() -> None:
    words = "😀" * 600  # 1200 UTF-16 units: alone over the limit
    entities = [{"type": "italic", "offset": 0, "length": 1200}]
    # The room left is an odd number of units: a blind cut would halve an emoji.
    caption = delivery_caption(["Alice"], "Class 1A", words, entities)
    text, shown = parse_html(caption)
    assert utf16_len(text) <= 1024
    assert text.endswith("…\n\nAlice · Class 1A")
    kept = text.removesuffix("…\n\nAlice · Class 1A")
    assert set(kept) == {"😀"} and len(kept) == 502  # whole emoji only, as many as fit
    (italic,) = shown
    assert (italic["type"], italic["offset"], italic["length"]) == ("italic", 0, utf16_len(kept))
    # An entity that starts past the cut is dropped; facedrop's line is never cut.
    words = "x" * 2000 + " tail"
    entities = [{"type": "bold", "offset": 2001, "length": 4}]
    text, shown = parse_html(delivery_caption(["Alice"], "Class 1A", words, entities))
    assert shown == [] and text.endswith("…\n\nAlice · Class 1A") and utf16_len(text) <= 1024


def test_a_clips_copy_says_when_each_person_is_on_screen() -> None:
    alice_early, alice_late, tom, photo_face = uuid4(), uuid4(), uuid4(), uuid4()
    named = [(alice_late, "Alice"), (tom, "Tom"), (alice_early, "Alice")]
    on_screen = {alice_early: 12.4, alice_late: 40.0, tom: 3725.0}
    caption, buttons = copy_caption(named, "Class 1A", None, None, on_screen=on_screen)
    assert parse_html(caption)[0] == "Alice at 0:12, 0:40, Tom at 1:02:05 · Class 1A"
    assert len(buttons) == 3  # a "Not Alice?" for each face still
    # A photo's faces have no time: the line is as it always was.
    caption, _ = copy_caption([(photo_face, "Alice")], "Class 1A", None, None)
    assert parse_html(caption)[0] == "Alice · Class 1A"
