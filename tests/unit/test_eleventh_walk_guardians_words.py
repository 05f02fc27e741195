"""What the eleventh walk of issue 32 found untrue between co-guardians, as its reader
reads it (findings11 3, 8, 9, 12, 14): a leaver's open question that only refused, a list
edited to empty that said "Use /add" to one /add refuses, "photos" alone where the rest
says "photos and clips", a removal nobody was told of, and an owner told the photos would
come while the organizers had yet to approve."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.corrections import texts as corrections_texts
from domain.enrollment.service import Refusal
from domain.languages.catalogs import LANGUAGES, in_language
from domain.languages.markup import plain
from domain.moderation import texts as moderation_texts
from domain.persons import texts as persons_texts
from domain.persons.cards import list_view
from domain.persons.service import Listing, PersonRow


def test_an_emptied_list_and_a_fresh_one_are_one_text() -> None:
    """Carl left Alice, his only person, before joining a group: the list he had was edited
    to "Use /add to enroll someone.", which /add refused; a fresh /persons said to open
    the group's link first."""
    for refusal in (Refusal.NEEDS_GROUP, Refusal.NEEDS_CONSENT, None):
        text, buttons = list_view(Listing([], refusal))
        assert buttons == []
        assert text == persons_texts.no_persons(refusal.value if refusal else None)
    assert "first open the link" in list_view(Listing([], Refusal.NEEDS_GROUP))[0]


def test_a_person_in_none_of_the_readers_groups_says_photos_and_clips() -> None:
    row = PersonRow(id=uuid4(), name="Alice", status="in_no_group", faces=3)
    text, _ = list_view(Listing([row]))
    assert text == (
        "Your people:\n• <b>Alice</b>: no photos or clips of Alice come to you until you open "
        "my link in a group's chat, 3 learned faces"
    )


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_owner_hears_a_co_guardian_waits_for_the_organizers_and_then_their_decision(
    code: str,
) -> None:
    with in_language(code):
        gets = persons_texts.co_guardian_joined("Avi", "Noa")
        waits = persons_texts.co_guardian_joined("Avi", "Noa", waiting=True, group_title="2B")
        waits_unnamed = persons_texts.co_guardian_joined("Avi", "Noa", waiting=True)
        decided = {
            (approved, group): moderation_texts.co_guardian_decided(
                "Avi", "Noa", group, approved=approved
            )
            for approved in (True, False)
            for group in ("2B", None)
        }
    assert len({gets, waits, waits_unnamed}) == 3
    assert "2B" in waits and "2B" not in waits_unnamed
    assert len(set(decided.values())) == 4
    assert all("Avi" in said and "Noa" in said for said in decided.values())
    assert "2B" in decided[True, "2B"] and "2B" not in decided[False, None]
    if code == "en":
        assert plain(waits) == (
            "Avi is now also a guardian of Noa: they accepted an invitation. In 2B its "
            "organizers approve new co-guardians first; I'll tell you when they decide."
        )
        assert plain(decided[True, "2B"]) == (
            "The organizers of 2B approved Avi as a guardian of Noa: Avi now gets Noa's "
            "photos and clips from there too."
        )
        assert plain(decided[False, "2B"]) == (
            "The organizers of 2B did not approve Avi as a guardian of Noa, so Avi gets no "
            "photos or clips of Noa from there."
        )


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_a_removal_and_a_leavers_questions_name_who_and_whom(code: str) -> None:
    with in_language(code):
        said = [
            persons_texts.removed("Avi", "Noa"),
            persons_texts.removed_you("Dana", "Noa"),
            corrections_texts.question_guardian_gone("Noa"),
        ]
    assert all("Noa" in text for text in said)
    assert "Avi" in said[0] and "Dana" in said[1]
    if code == "en":
        assert [plain(text) for text in said] == [
            "Avi no longer gets Noa's photos and clips.",
            "Dana removed you as a guardian of Noa: you no longer get their photos and clips.",
            "You no longer get Noa's photos and clips: nothing to answer here.",
        ]
