"""Issue 32, findings27 6 and findings26 3: what is stored, said where it is read. /export
gave the "no" half of a sibling pair's answer "undone_at": null after /history had undone
it (the "yes" half had its time); past 48 hours, a merge left the merged-away person's
older cards as they were ("Bobby · active" with [Delete], [Merge with…]…)."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes
from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S
from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

Y = CAST["scarlett"]


async def _export(journey: Journey, user: dict[str, Any]) -> dict[str, Any]:
    sent = await journey.says(user, "/export")
    (reply,) = await journey.replies(user["id"], sent)
    data: dict[str, Any] = json.loads(journey.world.file_bytes(reply["document"]["file_id"]).data)
    return data


async def test_the_export_dates_the_undone_no_of_a_pair_answer(
    journey: Journey, collages: Collages
) -> None:
    """Ann answers "Is this Alice or Ally?" by naming one: her /export lists that one
    question and its answer (issue 32: before, "Is this Alice?" yes and "Is this Ally?" no,
    two questions she was never asked), and once she undid it from /history, when."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    await journey.press(ann, pair, first)
    await journey.settle()

    (answer,) = (await _export(journey, ann))["questions_you_answered"]
    assert answer["question"] == f"Is this {first} or {second}?", answer
    assert answer["group"] == "Class 1A" and answer["answer"] == f"it's {first}", answer
    assert answer["answered_at"] and answer["undone_at"] is None, answer
    assert answer["what_it_changes"] == (
        f"I remember that this face isn't {second}'s: on similar faces I ask instead of sending"
    )

    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    match = next(n for n, line in enumerate(lines) if line.endswith(f"matched 1 face: {first}"))
    assert (await journey.press(ann, history, f"Undo {match}"))["text"] == "Undone."
    await journey.until(lambda: "no longer remembered" in journey.now(history)["text"])

    # The one answer was undone (its "no" with it): it says when, and changes nothing now.
    (answer,) = (await _export(journey, ann))["questions_you_answered"]
    assert answer["question"] == f"Is this {first} or {second}?", answer
    assert answer["answer"] == f"it's {first}", answer
    assert answer["undone_at"] is not None, answer
    assert answer["what_it_changes"] is None, answer


async def test_a_merge_past_48_hours_edits_the_merged_away_persons_old_card(
    journey: Journey,
) -> None:
    ann, _, _ = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    old = await journey.card(ann, "Yara")
    assert "Delete" in labels(old)

    journey.world.clock.advance(PAST_DELETING_S)
    (choose,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Merge")
    await journey.confirm_merge(ann, choose, "Yara")
    await journey.settle()
    await journey.until(lambda: labels(journey.now(old)) == [])
    now = journey.now(old)
    assert now.get("_deleted") is not True
    assert now["caption"] == "Yara was merged into Alice: open Alice in /persons."

    # findings32 2: the merge undone, the card no longer says Yara is part of Alice.
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: "undone" in journey.now(old)["caption"])
    assert journey.now(old)["caption"] == (
        "Yara was merged into Alice, and that merge was undone since: open Yara in /persons."
    )
    assert labels(journey.now(old)) == []


async def _rename(journey: Journey, user: dict[str, Any], name: str, to: str) -> None:
    await journey.after_pressing(user, await journey.card(user, name), "Rename")
    assert (await journey.reply_to(user, to))["text"] == f"Renamed to {to}."
    await journey.settle()


async def test_a_rename_reaches_a_pair_question_whose_answer_was_undone(
    journey: Journey, collages: Collages
) -> None:
    """findings27 3: "You said it's Itai, then undid it… The “not Maya” …" kept both old
    names after both children were renamed."""
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    await journey.press(ann, pair, first)
    await journey.settle()
    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    match = next(n for n, line in enumerate(lines) if line.endswith(f"matched 1 face: {first}"))
    assert (await journey.press(ann, history, f"Undo {match}"))["text"] == "Undone."
    await journey.until(lambda: journey.now(pair)["caption"].startswith("You said it's"))

    renamed = {"Alice": "Lia", "Ally": "Ivy"}
    for name, to in renamed.items():
        await _rename(journey, ann, name, to)
    await journey.until(lambda: renamed[second] in journey.now(pair)["caption"])
    assert journey.now(pair)["caption"] == (
        f"You said it's {renamed[first]}, then undid it: this face isn't {renamed[first]}'s "
        f"any more. I removed your copy of the photo. The “not {renamed[second]}” of that "
        "answer was undone too: I no longer remember it."
    )


async def test_a_rename_reaches_a_pair_question_answered_neither(
    journey: Journey, collages: Collages
) -> None:
    ann, _bea, poster, group = await _ann_with_alice_and_ally(journey)
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    await journey.press(ann, pair, "Neither")
    await journey.settle()
    await journey.until(lambda: journey.now(pair)["caption"].startswith("Neither"))

    renamed = {"Alice": "Alice", "Ally": "Ivy"}  # one of the two renamed
    await _rename(journey, ann, "Ally", "Ivy")
    await journey.until(lambda: "Ivy" in journey.now(pair)["caption"])
    assert journey.now(pair)["caption"] == (
        f"Neither {renamed[first]} nor {renamed[second]}. I'll remember this face is neither "
        "of them, so similar faces will be asked about instead of sent."
    )


async def test_a_co_guardian_of_a_rejected_child_is_promised_nothing_and_moves_leave_it_out(
    journey: Journey, collages: Collages
) -> None:
    """findings26 10: Ben, approved as a guardian of Zed, whom the organizers had rejected
    in the group, was told "I'll send you the photos and clips Zed appears in … from now
    on", Dora "Ben now gets Zed's photos and clips from there too", the card said nothing
    of Zed's standing, and "That isn't Mia" offered Zed."""
    from domain.moderation import texts as moderation_texts
    from tests.e2e.test_approvals import add_member, approving_class, cards

    x = CAST["angelina"]
    poster, group, office, payload = await approving_class(journey)
    ann, bob = journey.user("Ann"), journey.user("Bob")
    for user in (ann, bob):
        await add_member(journey, group, user)
        await journey.join(user, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in x["enroll"]])
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    alice_card, yara_card = cards(journey, office)
    await journey.press(poster, yara_card, moderation_texts.approve_button())
    await journey.press(poster, alice_card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(alice_card), "Not of this group")
    await journey.settle()

    await journey.co_guardian(ann, "Alice", bob)
    await journey.settle()
    (card,) = [c for c in cards(journey, office) if "New co-guardian" in c["caption"]]
    assert card["caption"].endswith(
        "New co-guardian: Bob (@bob), of Alice (enrolled already). Until approved they get "
        "no photos or clips from this group. Alice is not approved in this group: approving "
        "a guardian sends nothing of Alice from it until Alice is approved.\n"
        "This is the enrollment face I keep."
    ), card["caption"]
    bobs, anns = journey.last(bob)["message_id"], journey.last(ann)["message_id"]
    await journey.press(poster, card, moderation_texts.approve_button())
    await journey.settle()
    (approved,) = await journey.replies(bob["id"], bobs)
    assert approved["text"] == (
        "✅ You, as a guardian of Alice, are approved by the organizers of Class 1A. Alice is "
        "not approved there, though: nothing of Alice comes from there until the organizers "
        "approve Alice."
    )
    told = [m["text"] for m in await journey.replies(ann["id"], anns)]
    assert (
        "The organizers of Class 1A approved Bob as a guardian of Alice. Alice is not "
        "approved there, though: nothing of Alice comes from there, to Bob or to you, until "
        "the organizers approve Alice."
    ) in told, told

    # A photo of Yara, hers: "That isn't Yara" offers nobody the group does not approve.
    await journey.post(group, poster, collages.make(Y["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Yara?")
    await journey.press(ann, choices, "That isn't Yara")
    # Alice left out, none of her persons remains to offer: it is "someone I don't know".
    edited = await journey.edited(choices)
    assert labels(edited) == ["Undo"], labels(edited)
    assert "Alice" not in edited["text"], edited["text"]
