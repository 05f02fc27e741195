"""findings21 2, as the reader reads it: a rejected person's card and /persons line say
the way forward each group's reason leaves, as the rejection message does."""

from __future__ import annotations

from uuid import uuid4

from domain.languages.catalogs import in_language
from domain.persons.cards import list_view
from domain.persons.rules import NOT_APPROVED
from domain.persons.service import Listing, PersonRow
from domain.persons.texts import not_approved_in


def test_each_group_s_reason_leaves_its_own_way_forward() -> None:
    groups = ["1A", "2B", "3C", "4D"]
    reasons = {"1A": "duplicate", "2B": "photos", "3C": "unknown", "4D": "other"}
    with in_language("en"):
        assert not_approved_in(groups, reasons) == (
            "not approved in 1A: already enrolled by another parent, ask them to invite you "
            '("Invite co-guardian" on their card); '
            "not approved in 2B: adding photos asks the organizers again; "
            "not approved in 3C and 4D: if it's a mistake, talk to the organizers"
        )
        # A rejection whose reason is not known says what is true of any: photos ask again.
        assert not_approved_in(["1A"]) == (
            "not approved in 1A: adding photos asks the organizers again"
        )
    with in_language("he"):
        said = not_approved_in(["1A"], {"1A": "duplicate"})
        assert "הוספת תמונות" not in said and "„הזמנת הורה נוסף”" in said, said


def test_a_list_line_rejected_as_enrolled_already_asks_for_an_invitation() -> None:
    row = PersonRow(
        id=uuid4(),
        name="Omer",
        status=NOT_APPROVED,
        faces=3,
        refused=("Class 2B",),
        refused_why=(("Class 2B", "duplicate"),),
    )
    with in_language("es"):
        text, _buttons = list_view(Listing([row]))
    assert "otro padre o madre ya lo registró" in text and "añadir fotos" not in text, text


def test_enrolled_already_to_a_parent_with_other_persons_offers_to_merge_them() -> None:
    """findings32 4: Ann enrolled the same child twice, as Mia and as Zed, and the
    organizers rejected Zed as "Enrolled already": her /persons said only that another
    parent had enrolled Zed. It names her own person that it may be, and how to merge."""
    zed = PersonRow(
        id=uuid4(),
        name="Zed",
        status=NOT_APPROVED,
        faces=3,
        refused=("Class 2B",),
        refused_why=(("Class 2B", "duplicate"),),
        own_others=("Mia",),
    )
    with in_language("en"):
        text, _buttons = list_view(Listing([zed]))
        assert (
            "not approved in Class 2B: already enrolled. If that's your Mia, merge the two "
            '("Merge with…" on the card); if another parent enrolled them, ask them to invite '
            'you ("Invite co-guardian" on their card)'
        ) in text, text
        # Several: any of them.
        assert "If that's your Bo or Mia," in not_approved_in(
            ["1A"], {"1A": "duplicate"}, ["Bo", "Mia"]
        )
    with in_language("es"):
        text, _buttons = list_view(Listing([zed]))
    assert "Mia" in text and "otro padre o madre ya lo registró" not in text, text
