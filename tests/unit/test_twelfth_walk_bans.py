"""findings12 1 as the rules read it: a guardian in none of his groups because their
organizers banned him reads who turned facedrop off for him, not "open my link" (a link
that refuses him); once unbanned, "open my link" is true again (the e2e walk:
tests/e2e/test_twelfth_walk_bans.py)."""

from __future__ import annotations

from uuid import uuid4

from domain.languages.catalogs import in_language
from domain.persons.cards import list_view
from domain.persons.rules import IN_NO_GROUP, TURNED_OFF, status_shown
from domain.persons.service import Listing, PersonRow
from domain.states import PersonStatus


def test_a_banned_guardian_reads_who_turned_it_off_not_to_open_the_link() -> None:
    assert status_shown(PersonStatus.ACTIVE, [], (), banned=["Class 1A"]) == TURNED_OFF
    assert status_shown(PersonStatus.ACTIVE, [], ()) == IN_NO_GROUP
    # Still in another group: the person is recognized for him there.
    assert status_shown(PersonStatus.ACTIVE, ["2B"], (), banned=["Class 1A"]) == "active"
    row = PersonRow(uuid4(), "Max", TURNED_OFF, 3, banned=("Class 1A",))
    with in_language("en"):
        text, _buttons = list_view(Listing([row]))
    assert "Max</b>: turned off for you by the organizers of Class 1A" in text, text
    assert "open my link" not in text
    with in_language("he"):
        hebrew, _buttons = list_view(Listing([row]))
    assert "Class 1A" in hebrew and "הקישור" not in hebrew, hebrew
