"""What "Not Alice?" says of the copy that stays: the user's other persons in the photo,
joined as the reader's language joins names."""

from __future__ import annotations

from domain.corrections import texts
from domain.languages.catalogs import in_language


def test_two_persons_staying_read_as_a_list_with_a_plural_verb() -> None:
    said = texts.not_person_choices("Alice", ["Ben", "Yara"])
    assert "Your copy stays: Ben and Yara are in it too." in said, said
    one = texts.not_person_choices("Alice", ["Yara"])
    assert "Your copy stays: Yara is in it too." in one, one
    three = texts.not_person_choices("Alice", ["Ben", "Sam", "Yara"])
    assert "Ben, Sam, and Yara are in it too." in three, three


def test_the_list_is_joined_in_the_readers_language() -> None:
    with in_language("ru"):
        assert "на нём есть и Ben и Yara." in texts.not_person_choices("Alice", ["Ben", "Yara"])
    with in_language("es"):
        assert "Ben y Yara también salen en ella" in texts.not_person_choices(
            "Alice", ["Ben", "Yara"]
        )


def test_other_guardians_who_lose_the_photo_are_named_in_the_choices() -> None:
    said = texts.not_person_choices("Alice", [], others=2)
    assert said.endswith(
        "Either way, the photo also leaves the chats of Alice's 2 other guardians, and I'll "
        "tell them."
    ), said
    assert "Either way" not in texts.not_person_choices("Alice", [])
