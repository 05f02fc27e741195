"""A parent whose enrolled child's faces were left unassigned (its questions expired or were
undone) is sent a claim link for them: the claim offers her own children in the group,
"Yes, it's my Sara", besides a new child, so that she never holds the same child twice
(findings27 5). It waits for the organizers as any claim; approved, the faces are Sara's.
And the attacks on that button: forged, of a child gone since, pressed twice, expired.
Through the emulator, with the real model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.infra.models import (
    Approval,
    Claim,
    Face,
    Guardianship,
    Participant,
    Person,
)
from domain.states import PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels
from tests.e2e.steps import delete_person, read_export
from tests.e2e.test_claims import INVALID, _card, _class, _name, _open

MARK = CAST["mark"]
OWN_HINT = (
    "If these are the faces of a child you enrolled already, say which: the faces are then "
    "that child's, not a new one's."
)
NOT_YOURS = (
    "That child isn't one of yours in this group now (deleted, merged or not approved since), "
    "so nothing was claimed and nothing changed. Open the claim link again to answer."
)


async def _sheet(journey: Journey, pat: dict[str, Any], payload: str) -> dict[str, Any]:
    """Pat (Sara's parent) opens the claim link of Tom and agrees: the question."""
    offer = await _open(journey, pat, payload)
    (question,) = await journey.after_pressing(pat, offer, "I agree")
    assert question["caption"].startswith("Is this Tom, your child? 3 faces")
    assert question["caption"].endswith(OWN_HINT), question["caption"]
    # A new child, some, none, or her own Sara (a row of its own).
    assert labels(question) == [
        "Yes, that's my child",
        "Some are",
        "No, not my child",
        "Yes, it's my Sara",
    ], labels(question)
    return question


async def _nothing_claimed(tom: Person) -> None:
    claim = await Claim.get(person_id=tom.id)
    assert claim.used_at is None and claim.into_person_id is None
    assert not await Approval.filter(person_id=tom.id).exists()
    assert (await Person.get(id=tom.id)).status == PersonStatus.UNCLAIMED
    assert await Face.filter(person_id=tom.id).count() == 0


async def test_a_parent_says_the_named_faces_are_her_enrolled_child(
    journey: Journey, collages: Collages
) -> None:
    poster, pat, _mallory, _group, office = await _class(journey, collages, with_sara=True)
    await journey.settle()
    (copy,) = journey.photos_for(pat)  # the photo with Sara (and one of Tom's faces)
    payload = await _name(journey, poster, office)
    (tom,) = await Person.filter(name="Tom")
    (sara,) = await Person.filter(name="Sara")
    question = await _sheet(journey, pat, payload)
    mine = data_of(question, "Yes, it's my Sara")
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    (waiting,) = await journey.after_pressing(pat, question, "Yes, it's my Sara")
    # The question says what was asked and what she answered; its buttons are gone.
    now = journey.now(question)
    assert "reply_markup" not in now
    assert now["caption"].startswith("Is this Tom, your child? 3 faces")
    assert now["caption"].endswith("You answered: “Yes, it's my Sara”."), now["caption"]
    # Not "Tom is yours": the faces are Sara's once the organizers approve.
    assert waiting["text"] == (
        "Thank you. The organizers of Class 1A check claims before anything is sent: once "
        "they approve, these faces are Sara's. I'll send you the 2 photos you saw the faces of "
        "that you don't have yet. You already have 1 photo of them: it isn't sent again. "
        "I'll tell you when they decide."
    ), waiting["text"]
    # The organizers read what she said, and decide it as any claim.
    card = await _card(journey, office, before)
    assert card["text"] == (
        "Claim to check in Class 1A\n"
        "Pat (@pat) says the faces you named Tom are their child Sara, enrolled before, with the "
        "claim link. Approve only if they are: then those faces are Sara's and they get "
        "their photos and clips; Tom is not kept apart. Rejected, Tom is deleted and /whois "
        "shows the faces again."
    ), card["text"]
    await journey.settle()
    assert await Face.filter(person_id=tom.id).count() == 0
    assert len(journey.photos_for(pat)) == 1  # nothing sent before the organizers' yes
    # Pressed again while it waits: where it stands, nothing more.
    again = await journey.world.press_button(pat["id"], pat["id"], question["message_id"], mine)
    assert again["text"] == "You said yes: the organizers of Class 1A decide now; I'll tell you."
    assert await Approval.filter(person_id=tom.id).count() == 1
    # Opened again while it waits: it names Sara, what she claimed.
    reopened = await _open(journey, pat, payload)
    assert reopened["text"].startswith("You claimed Sara already"), reopened["text"]

    private = journey.last(pat)["message_id"]
    office_before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.press(poster, card, "✅ Approve")
    (claimed,) = await journey.replies(pat["id"], private)
    assert claimed["text"].startswith(
        "The organizers of Class 1A approved your claim: the faces you saw are Sara's now. "
        "You already have 1 of the photos from Class 1A you saw the faces of (I sent it "
        "before): it isn't sent again. Sending you the other 2 photos;"
    ), claimed["text"]
    assert claimed["text"].endswith("/persons manages Sara."), claimed["text"]
    (record,) = await journey.replies(office["id"], office_before)
    assert record["text"].startswith(
        "Claim in Class 1A: the faces named Tom are Sara's now, the child of Pat (@pat)."
    ), record["text"]
    await journey.settle()
    # The photos come as Sara's; she holds one child, Sara, not Sara and Tom.
    sent = journey.photos_for(pat)
    assert len(sent) == 3
    assert {m["caption"] for m in sent} == {"Sara · Class 1A"}, [m["caption"] for m in sent]
    assert journey.now(copy)["caption"] == "Sara · Class 1A"
    participant = await Participant.get(telegram_user_id=pat["id"])
    assert await Guardianship.filter(participant=participant).count() == 1
    tom_now = await Person.get(id=tom.id)
    assert tom_now.status == PersonStatus.MERGED
    assert tom_now.merged_into_id == sara.id  # type: ignore[attr-defined]
    assert await Face.filter(person_id=sara.id, claimed_in__claim__person_id=tom.id).count() == 3
    # Pressed again after the approval: it says so, of Sara.
    again = await journey.world.press_button(pat["id"], pat["id"], question["message_id"], mine)
    assert again["text"] == (
        "You said yes, and the organizers of Class 1A approved it: Sara's photos come to you."
    ), again["text"]
    # Her /history says the faces she claimed are Sara's; her /export, the claim of Sara.
    sent_history = await journey.says(pat, "/history")
    (history,) = await journey.replies(pat["id"], sent_history)
    assert "Sara" in history["text"] and "Tom" not in history["text"], history["text"]
    exported = await read_export(journey, pat)
    (made,) = exported["claims_you_made"]
    assert (made["child"], made["named_by_the_organizers_as"], made["status"]) == (
        "Sara",
        "Tom",
        "approved",
    ), made
    # /unclaimed no longer lists Tom.
    sent_list = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent_list)
    assert "Tom" not in listing["text"], listing["text"]
    # /audit names the child she said the faces are, as the card did (it said "claimed a
    # named child", leaving the organizers to guess which).
    sent_audit = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent_audit)
    assert "Pat claimed a named child as their child Sara" in audit["text"], audit["text"]
    assert "Tom" not in audit["text"], audit["text"]
    # Pat renames Sara: the claim's record and /audit name her as she is now (they kept
    # "Sara", a name no longer stored).
    sara_card = await journey.card(pat, "Sara")
    await journey.after_pressing(pat, sara_card, "Rename")
    assert (await journey.reply_to(pat, "Sarah"))["text"] == "Renamed to Sarah."
    await journey.settle()
    await journey.until(lambda: "Sarah" in journey.now(record)["text"])
    assert journey.now(record)["text"].startswith(
        "Claim in Class 1A: the faces named Tom are Sarah's now, the child of Pat (@pat)."
    ), journey.now(record)["text"]
    # The /audit shown before says it too, redrawn.
    await journey.until(lambda: "Sarah" in journey.now(audit)["text"])
    assert "Pat claimed a named child as their child Sarah" in journey.now(audit)["text"]
    await journey.assert_consistent()


async def test_its_my_child_refused_when_forged_gone_or_expired(
    journey: Journey, collages: Collages
) -> None:
    """Each refused with a sentence, nothing claimed, no card, no face taken."""
    poster, pat, mallory, group, office = await _class(journey, collages, with_sara=True)
    # Mallory's Ben: another family's child of the group.
    await journey.join(mallory, journey.group_payload(group))
    await journey.enroll(mallory, "Ben", [collages.photo(n) for n in MARK["enroll"]])
    await journey.settle()
    payload = await _name(journey, poster, office)
    (tom,) = await Person.filter(name="Tom")
    (sara,) = await Person.filter(name="Sara")
    (ben,) = await Person.filter(name="Ben")
    cards_before = journey.world.transcript(office["id"])[-1]["message_id"]

    # 1. A forged "it's my Ben": refused, the sheet's answers as they were.
    question = await _sheet(journey, pat, payload)
    forged = await journey.world.press_button(
        pat["id"], pat["id"], question["message_id"], f"cl:i:{ben.id}"
    )
    assert forged["text"] == NOT_YOURS, forged
    assert "Ben" not in forged["text"]
    assert labels(journey.now(question))[-1] == "Yes, it's my Sara"
    await _nothing_claimed(tom)
    assert await Face.filter(person_id=ben.id, claimed_in__claim__person_id=tom.id).count() == 0

    # 2. Sara merged away since the sheet was shown (as a merge leaves her): refused.
    await Person.filter(id=sara.id).update(status=PersonStatus.MERGED)
    private = journey.last(pat)["message_id"]
    await journey.press(pat, question, "Yes, it's my Sara")
    (refused,) = await journey.replies(pat["id"], private)
    assert refused["text"] == NOT_YOURS, refused["text"]
    await _nothing_claimed(tom)
    await Person.filter(id=sara.id).update(status=PersonStatus.ACTIVE)

    # 3. Being deleted since: refused the same.
    question = await _sheet(journey, pat, payload)
    await Person.filter(id=sara.id).update(status=PersonStatus.DELETING)
    private = journey.last(pat)["message_id"]
    await journey.press(pat, question, "Yes, it's my Sara")
    (refused,) = await journey.replies(pat["id"], private)
    assert refused["text"] == NOT_YOURS, refused["text"]
    await _nothing_claimed(tom)
    await Person.filter(id=sara.id).update(status=PersonStatus.ACTIVE)

    # 4. The link expired while the sheet was shown: refused as the link's own answers are.
    question = await _sheet(journey, pat, payload)
    await Claim.filter(person_id=tom.id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    private = journey.last(pat)["message_id"]
    await journey.press(pat, question, "Yes, it's my Sara")
    (refused,) = await journey.replies(pat["id"], private)
    assert refused["text"].startswith(INVALID), refused["text"]
    await _nothing_claimed(tom)
    # No card reached the organizers through any of these.
    assert not [
        m
        for m in journey.world.transcript(office["id"])
        if m["message_id"] > cards_before and m.get("text", "").startswith("Claim to check")
    ]


async def _waiting(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any], Person, Person]:
    """Pat answered "Yes, it's my Sara" to Tom's claim; the card waits in the admin chat:
    (poster, pat, office, card, tom, sara)."""
    poster, pat, _mallory, _group, office = await _class(journey, collages, with_sara=True)
    await journey.settle()
    payload = await _name(journey, poster, office)
    (tom,) = await Person.filter(name="Tom")
    (sara,) = await Person.filter(name="Sara")
    question = await _sheet(journey, pat, payload)
    before = journey.world.transcript(office["id"])[-1]["message_id"]
    await journey.after_pressing(pat, question, "Yes, it's my Sara")
    card = await _card(journey, office, before)
    return poster, pat, office, card, tom, sara


async def test_its_my_child_merged_while_the_claim_waits_goes_where_the_merge_went(
    journey: Journey, collages: Collages
) -> None:
    """Sara merged into Pat's Sally while the organizers had yet to decide (as /persons'
    merge leaves them): approved, the faces are Sally's, and every text says Sally."""
    poster, pat, _office, card, tom, sara = await _waiting(journey, collages)
    participant = await Participant.get(telegram_user_id=pat["id"])
    sally = await Person.create(name="Sally", status=PersonStatus.ACTIVE)
    await Guardianship.create(person=sally, participant=participant)
    await Person.filter(id=sara.id).update(status=PersonStatus.MERGED, merged_into_id=sally.id)
    private = journey.last(pat)["message_id"]
    await journey.press(poster, card, "✅ Approve")
    (claimed,) = await journey.replies(pat["id"], private)
    assert claimed["text"].startswith(
        "The organizers of Class 1A approved your claim: the faces you saw are Sally's now."
    ), claimed["text"]
    await journey.settle()
    assert await Face.filter(person_id=sally.id, claimed_in__claim__person_id=tom.id).count() == 3
    tom_now = await Person.get(id=tom.id)
    assert (tom_now.status, tom_now.merged_into_id) == (PersonStatus.MERGED, sally.id)  # type: ignore[attr-defined]


async def test_its_my_child_deleted_while_the_claim_waits_is_not_approved(
    journey: Journey, collages: Collages
) -> None:
    """Sara deleted while the organizers had yet to decide: "Approve" takes nothing (no new
    child is made of it, no face goes anywhere); Tom stays unclaimed. The card and
    /unclaimed say so, not Sara (issue 32: they kept naming her, and offered Approve)."""
    poster, pat, office, card, tom, _sara = await _waiting(journey, collages)
    approve = data_of(card, "✅ Approve")
    private = journey.last(pat)["message_id"]
    await delete_person(journey, pat, "Sara")
    await journey.until(lambda: "since been deleted" in journey.now(card)["text"])
    assert journey.now(card)["text"] == (
        "Claim to check in Class 1A\n"
        "Pat (@pat) said the faces you named Tom are a child of theirs enrolled before, and "
        "that child has since been deleted: there is nothing left to approve. Rejected, Tom "
        "is deleted and /whois shows the faces again."
    ), journey.now(card)["text"]
    assert labels(journey.now(card)) == ["❌ Reject"]
    refused = await journey.world.press_button(
        poster["id"], office["id"], card["message_id"], approve
    )
    assert refused["text"] == "This button has expired.", refused
    sent_list = await journey.says(poster, "/unclaimed", office["id"])
    (listing,) = await journey.replies(office["id"], sent_list)
    assert (
        "1. Tom: a parent said these faces are a child of theirs who has since been deleted; "
        "nothing is left to approve: reject the claim on its card in the admin chat"
    ) in listing["text"], listing["text"]
    assert "Sara" not in listing["text"]
    await journey.settle()
    # Nothing of the claim is said to her (the deletion finishing may tell its own end).
    told = [
        m.get("text", "") for m in journey.world.transcript(pat["id"]) if m["message_id"] > private
    ]
    assert not [t for t in told if "claim" in t or "Tom" in t], told
    assert (await Person.get(id=tom.id)).status == PersonStatus.UNCLAIMED
    assert await Face.filter(person_id=tom.id).count() == 0
    assert (
        await Face.filter(claimed_in__claim__person_id=tom.id, person_id__isnull=False).count() == 0
    )
    # Rejected, as the card asks: she reads that her child was deleted, not "if Tom is your
    # child, enroll with /add" (as if she had claimed Tom as a new child: issue 32).
    await journey.press(poster, journey.now(card), "❌ Reject")
    private = journey.last(pat)["message_id"]
    await journey.press(poster, journey.now(card), "Not this child's parent")
    (rejected,) = await journey.replies(pat["id"], private)
    assert rejected["text"] == (
        "The organizers of Class 1A did not approve your claim that the faces named Tom are "
        "your child's (they don't know you as this child's parent): that child of yours was "
        "deleted since, so nothing was left to claim. Nothing of the claim is kept for you."
    ), rejected["text"]


async def test_its_my_child_rejected_leaves_her_child_as_it_was(
    journey: Journey, collages: Collages
) -> None:
    """The organizers reject "it's my Sara": she reads that Sara stays as before (not "if Tom
    is your child, enroll with /add"); Tom goes, Sara keeps no face of the claim."""
    poster, pat, _office, card, tom, sara = await _waiting(journey, collages)
    await journey.press(poster, card, "❌ Reject")
    private = journey.last(pat)["message_id"]
    await journey.press(poster, journey.now(card), "Not this child's parent")
    (told,) = await journey.replies(pat["id"], private)
    assert told["text"] == (
        "The organizers of Class 1A did not approve your claim that these faces are Sara's "
        "(they don't know you as this child's parent): Sara stays as before, and those faces "
        "aren't Sara's."
    ), told["text"]
    await journey.settle()
    assert not await Person.exists(id=tom.id)
    assert (await Person.get(id=sara.id)).status == PersonStatus.ACTIVE
    assert len(journey.photos_for(pat)) == 1  # only the photo she had before
