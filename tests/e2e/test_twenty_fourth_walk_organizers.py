"""What the twenty-fourth and twenty-fifth walks of issue 32 found untrue for organizers,
walked through the emulator as they did: a merge was a way round the organizers' rejection
(findings24 6); /stats counted one face asked about as two questions (findings24 3)."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Group
from domain.moderation import texts as moderation_texts
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.organizers import bound_admin_chat
from tests.e2e.test_approvals import cards, said
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _post_her
from tests.e2e.test_stats import _number

WAITING = "Questions waiting for an answer"
X, SARA = CAST["angelina"], CAST["scarlett"]


async def _stats(journey: Journey, office: dict[str, Any], poster: dict[str, Any]) -> str:
    sent = await journey.says(poster, "/stats", office["id"])
    (reply,) = await journey.replies(office["id"], sent)
    return str(reply["caption"])


async def test_stats_count_a_sibling_pair_question_once(
    journey: Journey, collages: Collages
) -> None:
    """One face that could be Alice or Ally is one question ("Is this Alice or Ally?"),
    though it is stored as a suggestion per child: /stats read 2 (findings24 3)."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    office = await bound_admin_chat(journey, group, [poster])
    await _post_her(journey, collages, poster, group)
    (question,) = journey.suggestions(ann)
    assert " or " in question["caption"]
    assert _number(await _stats(journey, office, poster), WAITING) == "1"


async def test_a_merge_keeps_the_organizers_rejection_and_its_undo_gives_each_its_own(
    journey: Journey, collages: Collages
) -> None:
    """Amy, rejected in Class 1A, merged into Alice (approved there): Amy's face was then
    delivered there as Alice's, and nothing said so (findings24 6). Merged, the child is
    not approved there, the merge screen says so first, and its undo gives Alice back."""
    ann, poster, group = await journey.class_with_alice()
    await Group.filter(chat_id=group["id"]).update(requires_approval=True)
    office = await bound_admin_chat(journey, group, [poster])
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    (card,) = cards(journey, office)
    await journey.press(poster, card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(card), "Unsuitable photos")
    await journey.settle()

    alice = await journey.card(ann, "Alice")
    (choose,) = await journey.after_pressing(ann, alice, "Merge")
    await journey.press(ann, choose, "Amy")
    await journey.until(lambda: labels(journey.now(choose))[0].startswith("Merge, keep"))
    asked = journey.now(choose)["text"]
    assert (
        "Amy isn't approved in Class 1A: after the merge, whichever name stays, I won't "
        "send photos or clips from Class 1A for Alice either."
    ) in asked, asked
    await journey.press(ann, choose, "Merge, keep Alice")
    await journey.settle()
    assert "Groups: Class 1A (not approved by the organizers)" in said(
        await journey.card(ann, "Alice")
    )

    # Amy's face, and Alice's, posted in the class: neither comes (the rejection holds).
    await journey.post(group, poster, collages.make(SARA["group"][0]))
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    assert journey.photos_for(ann) == []
    assert journey.suggestions(ann) == []

    # Undone, Alice is approved there again and her next photo comes; Amy stays rejected.
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    (posted,) = await journey.post(group, poster, collages.make(X["group"][1]))
    await journey.settle()
    assert journey.unique_ids(ann)[-1:] == [posted["photo"][-1]["file_unique_id"]]
    assert "Groups: Class 1A (not approved by the organizers)" in said(
        await journey.card(ann, "Amy")
    )
