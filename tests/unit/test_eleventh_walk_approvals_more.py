"""findings11 17's tail, as the rules read it: a co-guardian the organizers rejected is
not approved himself, not "waiting" (his card's and list's words: the e2e walk,
tests/e2e/test_eleventh_walk_approvals_more.py), and only a rejected person's guardian
reads that clearer photos ask the organizers again."""

from __future__ import annotations

from domain.languages.catalogs import in_language
from domain.moderation import texts as moderation_texts
from domain.persons.rules import NOT_APPROVED, NOT_APPROVED_YOU, status_shown
from domain.states import PersonStatus


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


def test_only_a_rejected_persons_guardian_hears_that_clearer_photos_ask_again() -> None:
    with in_language("en"):
        person = moderation_texts.rejected_for_guardian("Alice", "Class 1A", False, "photos")
        co_guardian = moderation_texts.rejected_for_guardian("Alice", "Class 1A", True, "photos")
    assert person.endswith("Add clearer photos of <b>Alice</b> from /persons to ask them again.")
    assert "clearer photos" not in co_guardian
    with in_language("he"):
        hebrew = moderation_texts.rejected_for_guardian("Alice", "Class 1A", False, "photos")
    assert "/persons" in hebrew and "ברורות יותר" in hebrew


def test_each_reason_leaves_its_own_way_forward() -> None:
    """findings19 10: "already enrolled by another parent" and "not of this group" were
    told to add clearer photos, which only sends the organizers the same card again."""
    with in_language("en"):
        said = {
            code: moderation_texts.rejected_for_guardian("Alice", "Class 1A", False, code)
            for code in ("duplicate", "unknown", "other")
        }
    assert said["duplicate"] == (
        "<b>Alice</b> wasn't approved by the organizers of <b>Class 1A</b>: "
        "they are already enrolled by another guardian. I won't send photos or clips "
        "from that group for them. Your other groups are not affected. If another parent "
        "enrolled <b>Alice</b> already, ask them to invite you: on their card of "
        'Alice, "Invite co-guardian".'
    )
    for code in ("unknown", "other"):
        assert said[code].endswith(
            "If they are mistaken, talk to them: adding photos of <b>Alice</b> from "
            "/persons asks them again."
        )
    assert not any("clearer" in text for text in said.values())
