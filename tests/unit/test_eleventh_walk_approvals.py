"""findings11 17, as the reader reads it: a person the organizers rejected is not
"waiting for an organizer's approval" on its card and in /persons; both say where it was
not approved, and what asks the organizers again."""

from __future__ import annotations

from uuid import uuid4

from domain.languages.catalogs import in_language
from domain.persons.cards import card_text, list_view
from domain.persons.rules import NOT_APPROVED, status_shown
from domain.persons.service import GuardianRow, Listing, PersonCard, PersonRow
from domain.states import GuardianRole, PersonStatus


def test_rejected_in_every_one_of_the_readers_groups_is_not_approved_not_waiting() -> None:
    assert status_shown(PersonStatus.ACTIVE, ["2B"], {"2B"}, {"2B"}) == NOT_APPROVED
    # One group still deciding: waiting (the card says which group rejected it).
    assert status_shown(PersonStatus.ACTIVE, ["1A", "2B"], {"1A", "2B"}, {"2B"}) == (
        PersonStatus.PENDING_APPROVAL
    )
    # Recognized in one of them: active.
    assert status_shown(PersonStatus.ACTIVE, ["1A", "2B"], {"2B"}, {"2B"}) == "active"
    assert status_shown(PersonStatus.PAUSED, ["2B"], {"2B"}, {"2B"}) == "paused"


def test_the_card_and_the_list_say_where_it_was_not_approved_and_what_asks_again() -> None:
    card = PersonCard(
        id=uuid4(),
        name="Omer",
        status=PersonStatus.ACTIVE,
        birth_date=None,
        guardians=[GuardianRow(uuid4(), "Dana", GuardianRole.OWNER.value, True)],
        groups=["Class 1A", "Class 2B"],
        other_groups=0,
        delivered_photos=0,
        delivered_clips=0,
        faces=3,
        cover_key=None,
        role=GuardianRole.OWNER,
        waiting=frozenset({"Class 1A", "Class 2B"}),
        refused=frozenset({"Class 1A", "Class 2B"}),
    )
    with in_language("en"):
        title, _guardians, groups, _counts = card_text(card).splitlines()
        assert "waiting" not in title
        assert title.endswith(
            "not approved in Class 1A and Class 2B: adding photos asks the organizers again"
        ), title
        assert "Class 2B (not approved by the organizers)" in groups, groups
        row = PersonRow(card.id, "Omer", NOT_APPROVED, 3, ("Class 2B",))
        text, _buttons = list_view(Listing([row]))
        assert "Omer</b>: not approved in Class 2B: adding photos asks the organizers again" in text
