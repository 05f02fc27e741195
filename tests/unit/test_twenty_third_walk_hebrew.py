"""The Hebrew wording the twenty-third walk found (findings23 12), read as a Hebrew reader
reads it: a move back said "ועדכנתי אותו למה" ("I updated him why"), and a person in none
of the reader's groups said "התמונות והסרטונים שלהם" ("theirs", plural, read as the
groups') after one child."""

from __future__ import annotations

from uuid import uuid4

from domain.corrections import texts
from domain.languages.catalogs import in_language
from domain.persons.cards import list_view
from domain.persons.service import Listing, PersonRow

TOMER = "\u05ea\u05d5\u05de\u05e8"


def test_a_move_back_says_it_wrote_to_the_other_guardian_why() -> None:
    with in_language("he"):
        one, two = texts.copies_back(1), texts.copies_back(2)
    assert one == "ההורה השני יקבל בחזרה את העותק שנמחק, ושלחתי הודעה שמסבירה למה."
    assert two == "\u200f2 ההורים האחרים, שהעותקים שלהם נמחקו, יקבלו אותם בחזרה, וכתבתי להם למה."


def test_a_person_in_no_group_gets_their_photos_by_name() -> None:
    row = PersonRow(id=uuid4(), name=TOMER, status="in_no_group", faces=3)
    with in_language("he"):
        text, _ = list_view(Listing([row]))
    assert "שלהם" not in text
    assert (
        f"תמונות וסרטונים של \u2068{TOMER}\u2069 לא מגיעים אליכם עד שתפתחו את הקישור שלי" in text
    ), text
