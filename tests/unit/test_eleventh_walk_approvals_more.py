"""findings11 17's tail, as the reader reads it: a co-guardian the organizers rejected reads
his own words on his card and list (not "waiting"), and a rejected person's guardian reads
that clearer photos ask the organizers again."""

from __future__ import annotations

from uuid import uuid4

from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from domain.persons.cards import card_text, list_view
from domain.persons.rules import NOT_APPROVED, NOT_APPROVED_YOU, status_shown
from domain.persons.service import GuardianRow, Listing, PersonCard, PersonRow
from domain.states import GuardianRole, PersonStatus


def test_a_rejected_co_guardian_is_not_approved_himself_not_waiting() -> None:
    assert status_shown(PersonStatus.ACTIVE, ["1A"], {"1A"}, (), {"1A"}) == NOT_APPROVED_YOU
    # The person itself rejected there: its own words win.
    assert status_shown(PersonStatus.ACTIVE, ["1A"], {"1A"}, {"1A"}, ()) == NOT_APPROVED
    # Another group still deciding: waiting.
    assert status_shown(PersonStatus.ACTIVE, ["1A", "2B"], {"1A", "2B"}, (), {"1A"}) == (
        PersonStatus.PENDING_APPROVAL
    )
    # Recognized for him in another group: active.
    assert status_shown(PersonStatus.ACTIVE, ["1A", "2B"], {"1A"}, (), {"1A"}) == "active"


def test_his_card_and_list_say_he_was_not_approved_and_who_can_change_it() -> None:
    card = PersonCard(
        id=uuid4(),
        name="Alice",
        status=PersonStatus.ACTIVE,
        birth_date=None,
        guardians=[GuardianRow(uuid4(), "Bob", GuardianRole.CO_GUARDIAN.value, True)],
        groups=["Class 1A"],
        other_groups=0,
        delivered_photos=0,
        delivered_clips=0,
        faces=3,
        cover_key=None,
        waiting=frozenset({"Class 1A"}),
        refused_you=frozenset({"Class 1A"}),
    )
    words = "the organizers of Class 1A did not approve you as a guardian of Alice"
    with in_language("en"):
        title, _guardians, groups, _counts = card_text(card).splitlines()
        assert title.endswith(f"{words}: only they can change that"), title
        assert groups == "Groups: Class 1A (you were not approved as a guardian)", groups
        row = PersonRow(card.id, "Alice", NOT_APPROVED_YOU, 3, (), ("Class 1A",))
        text, _buttons = list_view(Listing([row]))
        assert f"Alice</b>: {words}" in text, text


def test_only_a_rejected_persons_guardian_hears_that_clearer_photos_ask_again() -> None:
    with in_language("en"):
        person = moderation_texts.rejected_for_guardian("Alice", "Class 1A", False, "blurry")
        co_guardian = moderation_texts.rejected_for_guardian("Alice", "Class 1A", True, "blurry")
    assert person.endswith("Add clearer photos of <b>Alice</b> from /persons to ask them again.")
    assert "clearer photos" not in co_guardian
    with in_language("he"):
        hebrew = moderation_texts.rejected_for_guardian("Alice", "Class 1A", False, "blurry")
    assert "/persons" in hebrew and "ברורות יותר" in hebrew
