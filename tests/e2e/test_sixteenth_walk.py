"""What the sixteenth walk of issue 32 (English, the whole journey) found, read as the
organizers read it: a co-guardian's approval card stayed live after the owner removed
him, and "Approve" then announced "✅ Approved by Olga" of a guardianship that no longer
existed (findings16 4); /audit offered to undo the rejection of a co-guardian who had left
since, and its Undo announced the same (findings16 3)."""

from __future__ import annotations

from domain.infra.models import Approval, Guardianship
from domain.moderation import texts
from domain.states import ApprovalKind
from tests.e2e.conftest import Journey, labels
from tests.e2e.test_approvals import add_member, alice_waiting, cards, said
from tests.e2e.test_eleventh_walk_guardians import card_of


async def _bob_waiting(journey: Journey):  # type: ignore[no-untyped-def]
    """Alice approved; Bob, a member, invited as her co-guardian: his card waits."""
    poster, group, office, ann, card = await alice_waiting(journey)
    await journey.press(poster, card, texts.approve_button())
    bob = journey.user("Bob")
    await add_member(journey, group, bob)
    await journey.join(bob, journey.group_payload(group))
    await journey.co_guardian(ann, "Alice", bob)
    bobs = await card_of(journey, office, "New co-guardian: Bob")
    return poster, office, ann, bob, bobs


def _approved_lines(journey: Journey, office_id: int) -> list[str]:
    return [
        m.get("text", "") or m.get("caption", "")
        for m in journey.world.transcript(office_id)
        if "Bob" in (m.get("text", "") or m.get("caption", "")) and "Approved by" in str(m)
    ]


async def test_a_co_guardian_removed_while_his_card_waits_takes_the_card_with_him(
    journey: Journey,
) -> None:
    _poster, office, ann, bob, bobs = await _bob_waiting(journey)
    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Bob"))["text"] == "Removed."
    await journey.settle()
    assert journey.now(bobs).get("_deleted"), journey.now(bobs)
    assert not await Approval.filter(kind=ApprovalKind.GUARDIAN).exists()
    await journey.settle()
    assert _approved_lines(journey, office["id"]) == []
    assert not await Guardianship.filter(participant__telegram_user_id=bob["id"]).exists()


async def test_the_rejection_of_a_co_guardian_who_left_is_not_offered_to_undo(
    journey: Journey,
) -> None:
    poster, office, _ann, bob, bobs = await _bob_waiting(journey)
    await journey.press(poster, bobs, texts.reject_button())
    await journey.press(poster, journey.now(bobs), "Not known as its guardian")
    await journey.settle()
    (guardians,) = await journey.after_pressing(bob, await journey.card(bob, "Alice"), "Guardians")
    await journey.press(bob, guardians, "Stop getting Alice's photos and clips")
    await journey.settle()
    sent = await journey.says(poster, "/audit", office["id"])
    (audit,) = await journey.replies(office["id"], sent)
    assert "rejected a co-guardian" in audit["text"]
    undos = [label for label in labels(audit) if label.startswith("↩️ Undo")]
    for undo in undos:  # whatever is offered: none approves Bob
        pressed = await journey.press(poster, journey.now(audit), undo)
        assert pressed["text"] != "Undone.", pressed
    await journey.settle()
    assert _approved_lines(journey, office["id"]) == []
    assert not any(
        "co-guardian" in said(c) and "Approved" in said(c) for c in cards(journey, office)
    )
