"""Issue 32: the faces /whois groups are the ones I have not matched to any enrolled child,
not faces "nobody enrolled" (Hebrew "שאף אחד לא רשם", "that nobody registered"): a face
nobody matched may be a registered child's the model did not recognise. Said so in the
admin chat's /help, in its command menu and in /whois's answers when there is nothing to
name, in each language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.claims import texts as claims_texts
from domain.languages import markup
from domain.languages.catalogs import _, in_language
from domain.moderation import texts as moderation_texts

# What each language says of those faces now, and what it said (untrue) before.
SAID = {
    "en": "not matched to any enrolled child",
    "he": "שלא שייכתי לאף ילד או ילדה שנרשמו",
    "es": "que no he asignado a ningún niño registrado",
    "ru": "которые я не сопоставил ни с одним добавленным ребёнком",  # noqa: RUF001
}
UNTRUE = (
    "nobody enrolled",
    "שאף אחד לא רשם",
    "nadie registró",
    "никто не добав",
    "никто не зарегистр",
)


def _plain(text: str) -> str:
    for mark in ("\u2066", "\u2067", "\u2068", "\u2069", "\u200f"):
        text = text.replace(mark, "")
    return markup.plain(text)


def _whois_texts() -> dict[str, str]:
    menu = dict(moderation_texts.ORGANIZER_COMMANDS)["whois"]
    return {
        "help": moderation_texts.admin_chat_help(["Class 1A"]),
        "menu": _(menu),
        "none left": claims_texts.whois_none("Class 1A", named_before=True),
        "none ever": claims_texts.whois_none("Class 1A", named_before=False),
        "one face": claims_texts.whois_too_few("Class 1A", 1, 3),
        "two faces": claims_texts.whois_too_few("Class 1A", 2, 3),
    }


@pytest.mark.parametrize("language", sorted(SAID))
def test_the_faces_to_name_are_said_unmatched_not_unenrolled(language: str) -> None:
    with in_language(language):
        said = {where: _plain(text) for where, text in _whois_texts().items()}
    for where, text in said.items():
        assert SAID[language] in text, (where, text)
        assert not [u for u in UNTRUE if u in text], (where, text)


def test_the_english_whois_answers_read_whole() -> None:
    with in_language("en"):
        said = {where: _plain(text) for where, text in _whois_texts().items()}
    assert said["menu"] == "name look-alike faces not matched to any enrolled child"
    assert said["one face"] == (
        "No group of look-alike faces to name in Class 1A yet: a group needs at least 3 "
        "look-alike faces not matched to any enrolled child, and its photos and clips have 1 "
        "such face so far."
    )
    assert said["none ever"] == (
        "No group of look-alike faces to name in Class 1A: faces not matched to any enrolled "
        "child are grouped by likeness after photos and clips are posted, and a group needs at "
        "least 3 such faces."
    )


def test_the_docs_say_it_of_todays_bot_and_mark_the_old_words_as_then() -> None:
    """The docs that describe /whois said its faces were those "nobody holds", and quoted its
    sheet's "…that nobody enrolled" as if it read so today (issue 32 leftovers)."""
    docs = Path(__file__).parents[2] / "docs"
    recognition = (docs / "recognition.md").read_text(encoding="utf-8")
    clusters = recognition.split("## Clusters of unknown faces", 1)[1][:400]
    assert "faces not matched to any enrolled child" in clusters, clusters
    named = recognition.split("## Clusters named by organizers", 1)[1][:400]
    assert "clusters of faces not matched to any enrolled child" in named, named
    for doc in ("recognition.md", "videos.md"):
        text = " ".join((docs / doc).read_text(encoding="utf-8").split())
        for quoted in re.finditer(r"that nobody enrolled\"", text):
            assert "as the sheet read then" in text[quoted.end() : quoted.end() + 40], doc
