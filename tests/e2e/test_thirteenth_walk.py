"""What the thirteenth walk of issue 32 found, read as each organizer and parent reads it.

findings13 6 (high): while a parent's claim waited for the organizers, /unclaimed said
nothing of it and offered "New link": a second parent could claim the same child, the first
approval then read "Pat is the guardian of Tom now" and did nothing, the second failed."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Guardianship, Person
from domain.states import PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_claims import _card, _claim, _class, _name

X, NOBODY = CAST["angelina"], CAST["strangers"]
WAITS = (
    "A parent's claim of Tom waits for your decision on its card in the admin chat: approve "
    "or reject it first."
)


def _links(journey: Journey, organizer: dict[str, Any]) -> int:
    """How many claim links the organizer was handed privately."""
    return sum("start=" in m.get("text", "") for m in journey.world.transcript(organizer["id"]))


async def test_while_a_claim_waits_no_new_link_lets_another_parent_claim_the_child(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (older,) = await journey.replies(office["id"], sent)
    assert "a link is out" in older["text"]
    assert labels(older) == ["1. New link", "Revoke", "Rename", "Delete"]
    stale = {label: data_of(older, label) for label in ("1. New link", "Revoke", "Rename")}

    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, that's my child")
    card = await _card(journey, office, before)

    # A fresh /unclaimed says the claim waits, with only "Delete".
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (listed,) = await journey.replies(office["id"], sent)
    assert listed["text"] == (
        "Named children not claimed yet in Class 1A:\n"
        "1. Tom: a parent claimed them; the claim waits for your decision on its card in the "
        "admin chat (named by Poster)"
    ), listed["text"]
    assert labels(listed) == ["Delete"]
    # The older list's "New link", "Revoke" and "Rename": refused, saying why, and that
    # list is drawn as it is now; no second link reaches the organizer.
    links = _links(journey, poster)
    for label in ("1. New link", "Revoke", "Rename"):
        refused = await journey.world.press_button(
            poster["id"], office["id"], older["message_id"], stale[label]
        )
        assert refused["text"] == WAITS, (label, refused)
    await journey.settle()
    assert labels(journey.now(older)) == ["Delete"]
    assert _links(journey, poster) == links

    # The card approved: Pat is Tom's guardian, as the admin chat says.
    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    tom = await Person.get(name="Tom")
    assert tom.status == PersonStatus.ACTIVE
    assert await Guardianship.filter(person=tom, participant__telegram_user_id=pat["id"]).exists()


async def test_photos_posted_while_a_parent_was_banned_never_reach_them(
    journey: Journey, collages: Collages
) -> None:
    """findings13 11 (medium): the organizers read "They get no more photos or clips from
    this group"; once unbanned and back, the photo posted during the ban came to her as an
    earlier photo. The ban's time is never looked back into for her; what came before and
    after it is."""
    ann, poster, group = await journey.class_with_alice()
    office = await bound_admin_chat(journey, group, [poster])
    await journey.says(poster, "/ban @ann", office["id"])
    await journey.settle()
    await journey.post(group, poster, collages.make(X["group"][0], NOBODY["group"][0]))
    await journey.settle()
    await journey.says(poster, "/unban @ann", office["id"])
    await journey.settle()
    before = journey.last(ann)["message_id"]
    await journey.join(ann, journey.group_payload(group))
    await journey.settle()
    said = journey.world.transcript(ann["id"], after_id=before)
    assert [m for m in said if "photo" in m] == [], said
    assert not any("Is this" in str(m.get("text") or m.get("caption")) for m in said), said
    assert any("You're in" in str(m.get("text")) for m in said), said
    # After the ban, her photos come again.
    await journey.post(group, poster, collages.make(X["group"][1], NOBODY["group"][1]))
    await journey.settle()
    assert len(journey.photos_for(ann)) == 1
