"""What stayed on screen, untrue, after a guardian left or a claim was decided (issue 32;
findings16 1, 7, 8), read as each reader reads it: the owner's open "Guardians…" list kept
naming the co-guardian who had left, and its "Remove" said "This button has expired." and
took every button away; a "No, not my child" pressed after "Yes" said the claim link was
revoked; an older /unclaimed list kept "the claim waits for your decision" and its
[Delete] after the approval."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Person
from domain.states import PersonStatus
from tests.e2e.conftest import Collages, Journey, data_of, labels
from tests.e2e.test_claims import _card, _claim, _class, _name

LEAVE = "Stop getting Alice's photos and clips"
REMOVE_CARL = "Remove Carl as a guardian"
ANN_ALONE = (
    "The guardians of Alice: Ann (you). If you stop getting their photos and clips, no "
    "guardian is left, so I delete them and everything about them."
)


def _said(journey: Journey, message: dict[str, Any]) -> str:
    now = journey.now(message)
    return str(now.get("text") or now.get("caption") or "")


async def test_an_open_guardians_list_names_who_guards_now_and_keeps_what_applies(
    journey: Journey,
) -> None:
    """findings16 1."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (anns,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert sorted(labels(anns)) == [REMOVE_CARL, LEAVE]
    remove_carl = data_of(anns, REMOVE_CARL)

    # Carl leaves from his own list: Ann's open list says who guards Alice now, with the
    # button that still applies to her.
    (carls,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, carls, LEAVE)
    await journey.until(lambda: _said(journey, anns) == ANN_ALONE)
    assert labels(journey.now(anns)) == [LEAVE]
    # Her app had not redrawn it yet: its "Remove Carl" says why it does nothing, and the
    # list keeps what applies.
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], anns["message_id"], remove_carl
    )
    assert pressed["text"] == "Carl is no longer a guardian of Alice."
    assert _said(journey, anns) == ANN_ALONE and labels(journey.now(anns)) == [LEAVE]

    # Invited again, Carl deletes everything: a list that nothing redrew, pressed, says the
    # truth and shows the guardians as they are now, its other button kept.
    await journey.settle()
    await journey.co_guardian(ann, "Alice", carl)
    (again,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert sorted(labels(again)) == [REMOVE_CARL, LEAVE]
    forget = await journey.reply_to(carl, "/forget")
    await journey.after_pressing(carl, forget, "Yes, delete everything")
    await journey.settle()
    pressed = await journey.world.press_button(
        ann["id"], ann["id"], again["message_id"], data_of(again, REMOVE_CARL)
    )
    assert pressed["text"] == "Carl is no longer a guardian of Alice."
    await journey.until(lambda: _said(journey, again) == ANN_ALONE)
    assert labels(journey.now(again)) == [LEAVE]
    assert (await Person.get(name="Alice")).status == PersonStatus.ACTIVE


async def _claim_waits(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], str, dict[str, Any]]:
    """Pat said "Yes, that's my child" to Tom's sheet: (poster, pat, office, the sheet, its
    "No" as it was sent, the claim's card)."""
    poster, pat, _mallory, _group, office = await _class(journey, collages)
    payload = await _name(journey, poster, office)
    question = await _claim(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    no = data_of(question, "No, not my child")
    await journey.after_pressing(pat, question, "Yes, that's my child")
    return poster, pat, office, question, no, await _card(journey, office, before)


async def test_no_pressed_after_yes_says_where_the_claim_stands(
    journey: Journey, collages: Collages
) -> None:
    """findings16 7: it said the link was revoked, and to ask for a new one."""
    _poster, pat, _office, question, no, _ = await _claim_waits(journey, collages)
    # Her app had not redrawn the sheet: its "No" says where her claim stands.
    pressed = await journey.world.press_button(pat["id"], pat["id"], question["message_id"], no)
    assert pressed["text"] == "You said yes: the organizers of Class 1A decide now; I'll tell you."
    assert (await Person.get(name="Tom")).status == PersonStatus.UNCLAIMED


async def test_an_older_unclaimed_list_says_the_child_was_claimed(
    journey: Journey, collages: Collages
) -> None:
    """findings16 8: it kept "the claim waits for your decision" and its Delete."""
    poster, _pat, office, _question, _no, card = await _claim_waits(journey, collages)
    sent = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent)
    assert "the claim waits for your decision" in listing["text"]
    delete = data_of(listing, "Delete")
    await journey.press(poster, card, "✅ Approve")
    await journey.settle()
    # Its Delete says what became of Tom, and the list is as it is now.
    pressed = await journey.world.press_button(
        poster["id"], office["id"], listing["message_id"], delete
    )
    assert pressed["text"] == "Tom was claimed: the organizers approved a parent's claim."
    await journey.until(
        lambda: _said(journey, listing) == "No named child is waiting to be claimed in Class 1A."
    )
    assert labels(journey.now(listing)) == []
    assert (await Person.get(name="Tom")).status == PersonStatus.ACTIVE
