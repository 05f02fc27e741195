"""Issue 32, last session's leftovers of fixq and fixs: what a correction or a question
says stays true after a second change (a second correction, a rename in another
co-guardian's chat), and a forged move button changes nothing."""

from __future__ import annotations

from typing import Any

from domain.infra.telegram.callbacks import MoveData, short
from tests.e2e.conftest import CAST, Collages, Journey, labels, photo_bytes


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def test_a_forged_move_to_a_child_not_approved_in_the_group_is_refused(
    journey: Journey, collages: Collages
) -> None:
    """fixs leftover: "That isn't Yara" leaves out Alice, whom the organizers of the
    photo's group rejected, but the move's callback data, replayed with Alice's id, was
    answered "Done." and moved the face to her."""
    from domain.infra.models import Face, Person
    from domain.moderation import texts as moderation_texts
    from domain.states import FaceSource
    from tests.e2e.test_approvals import add_member, approving_class, cards

    poster, group, office, payload = await approving_class(journey)
    ann = journey.user("Ann")
    await add_member(journey, group, ann)
    await journey.join(ann, payload)
    await journey.enroll(ann, "Alice", [photo_bytes(n) for n in CAST["angelina"]["enroll"]])
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in CAST["scarlett"]["enroll"]])
    await journey.enroll(ann, "Mark", [photo_bytes(n) for n in CAST["mark"]["enroll"]])
    alice_card, yara_card, mark_card = cards(journey, office)
    for card in (yara_card, mark_card):
        await journey.press(poster, card, moderation_texts.approve_button())
    await journey.press(poster, alice_card, moderation_texts.reject_button())
    await journey.press(poster, journey.now(alice_card), "Not of this group")
    await journey.settle()

    await journey.post(group, poster, collages.make(CAST["scarlett"]["group"][0]))
    await journey.settle()
    (copy,) = journey.photos_for(ann)
    (choices,) = await journey.after_pressing(ann, copy, "Not Yara?")
    await journey.press(ann, choices, "That isn't Yara")
    menu = journey.now(await journey.edited(choices))
    assert "Mark" in labels(menu) and "Alice" not in labels(menu), labels(menu)

    # Mark's button, replayed with Alice's id.
    real = next(b["callback_data"] for b in _buttons(menu) if b["text"] == "Mark")
    alice = await Person.get(name="Alice")
    forged = MoveData(face=MoveData.unpack(real).face, to=short(alice.id)).pack()
    answer = await journey.world.press_button(
        ann["id"], ann["id"], menu["message_id"], forged, wait=15
    )
    assert answer.get("text") == (
        "The organizers of the group this came from have not approved Alice, so I moved nothing."
    ), answer
    await journey.settle()
    group_faces = await Face.filter(source=FaceSource.GROUP_PHOTO).values_list(
        "person__name", flat=True
    )
    assert sorted(str(n) for n in group_faces if n) == ["Yara"], group_faces
    assert journey.now(copy)["caption"] == copy["caption"]
    assert not journey.now(copy).get("_deleted")
    # The menu's own choices still apply: Mark takes it.
    await journey.press(ann, journey.now(menu), "Mark")
    await journey.settle()
    group_faces = await Face.filter(source=FaceSource.GROUP_PHOTO).values_list(
        "person__name", flat=True
    )
    assert sorted(str(n) for n in group_faces if n) == ["Mark"], group_faces


async def _bea_asked_too(
    journey: Journey, collages: Collages
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]:
    """Ann's Alice and Ally, Bea a guardian of both: a photo of her asks them both "Is
    this Alice or Ally?"; Ann answers the name asked first, and Bea's question says so.
    Returns (ann, Ann's question, Bea's question, the name answered)."""
    from tests.e2e.steps import co_guardian_then_joins
    from tests.e2e.test_siblings import _ann_with_alice_and_ally, _names_in_order, _post_her

    ann, bea, poster, group = await _ann_with_alice_and_ally(journey)
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    await journey.co_guardian(ann, "Ally", bea)
    await journey.settle()
    await _post_her(journey, collages, poster, group)
    first, second = await _names_in_order()
    (pair,) = journey.suggestions(ann)
    (beas,) = journey.suggestions(bea)
    assert beas["caption"].startswith(f"Is this {first} or {second}?"), beas["caption"]
    await journey.press(ann, pair, first)
    await journey.settle()
    said = f"Ann answered this question: yes, that's {first}."
    await journey.until(lambda: journey.now(beas)["caption"] == said)
    return ann, pair, beas, first


async def test_a_rename_reaches_the_pair_question_in_a_co_guardians_chat(
    journey: Journey, collages: Collages
) -> None:
    """fixs leftover: Bea, a guardian of both Alice and Ally, was asked "Is this Alice or
    Ally?" too; Ann answered it, Bea's question said so ("Ann answered this question: …"),
    and a rename by Ann redrew Ann's question only: Bea's kept the old name."""
    from tests.e2e.test_twenty_seventh_walk_standing import _rename

    ann, pair, beas, first = await _bea_asked_too(journey, collages)
    await _rename(journey, ann, first, "Lia")
    await journey.until(lambda: "Lia" in journey.now(pair)["caption"])
    await journey.settle()
    assert journey.now(beas)["caption"] == "Ann answered this question: yes, that's Lia.", (
        journey.now(beas)["caption"]
    )


async def test_a_rename_reaches_an_undone_pair_answer_in_a_co_guardians_chat(
    journey: Journey, collages: Collages
) -> None:
    """The same, Ann's answer undone from /history before the rename: Bea's question said
    the undo in the old name."""
    from tests.e2e.test_twenty_seventh_walk_standing import _rename

    ann, pair, beas, first = await _bea_asked_too(journey, collages)
    history = await journey.reply_to(ann, "/history")
    # Read as it stands once the jobs queued by the answer are done (an older /history is
    # redrawn "As of ..." by them: its lines and Undo buttons are read together).
    await journey.settle()
    lines = journey.now(history)["text"].splitlines()
    match = next(n for n, line in enumerate(lines) if line.endswith(f"matched 1 face: {first}"))
    assert (await journey.press(ann, journey.now(history), f"Undo {match}"))["text"] == "Undone."
    await journey.until(lambda: "undone since" in journey.now(beas)["caption"])
    await _rename(journey, ann, first, "Lia")
    await journey.until(lambda: "Lia" in journey.now(pair)["caption"])
    await journey.settle()
    assert journey.now(beas)["caption"] == (
        "Ann answered this question: yes, that's Lia. That was undone since: this face "
        "isn't Lia's any more."
    ), journey.now(beas)["caption"]


async def test_a_second_correction_redraws_the_blank_of_a_copy_an_undo_sent_again(
    journey: Journey, collages: Collages
) -> None:
    """fixq leftover: past 48 hours Ann moves a face of Alice to Amy (Carl's copy
    blanked), then undoes it: Carl's blank says the photo was sent again, below, and it
    is. Carl then says "That isn't Alice" of the copy sent again: it is deleted, and the
    blank above said "…sent the photo again, below." over nothing."""
    from tests.e2e.test_copies_removed_not_sent import SARA, X
    from tests.e2e.test_eleventh_walk_history import PAST_DELETING_S

    ann, carl, poster, group = await journey.class_with_alice_and_carl()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in SARA["enroll"]])
    await journey.post(group, poster, collages.make(X["group"][0], CAST["strangers"]["group"][0]))
    await journey.settle()
    (mine,) = journey.photos_for(ann)
    (carls,) = journey.photos_for(carl)
    journey.world.clock.advance(PAST_DELETING_S)

    (menu,) = await journey.after_pressing(ann, mine, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: "Another guardian" in journey.now(carls).get("caption", ""))
    await journey.until(lambda: journey.has_button(journey.now(menu), "Undo"))
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()

    def sent_again() -> list[dict[str, Any]]:
        return [m for m in journey.photos_for(carl) if m["message_id"] > carls["message_id"]]

    await journey.until(lambda: len(sent_again()) == 1)
    (again,) = sent_again()
    await journey.until(lambda: "again, below" in journey.now(carls).get("caption", ""))

    (choices,) = await journey.after_pressing(carl, again, "Not Alice?")
    await journey.press(carl, choices, "That isn't Alice")
    await journey.settle()
    await journey.until(lambda: journey.now(again).get("_deleted") is True)
    await journey.until(lambda: "again, below" not in journey.now(carls).get("caption", ""))
    assert journey.now(carls)["caption"] == (
        "You said the person I named isn't in this photo. Telegram lets me delete messages "
        "only in their first 48 hours, so I blanked it."
    )
    assert "reply_markup" not in journey.now(carls)


async def test_yes_all_are_to_earlier_photos_sends_again_a_copy_an_undo_took(
    journey: Journey, collages: Collages
) -> None:
    """fixq leftover, the earlier photos' side of 1c0465de: Ann moves a face of Alice to
    Amy, whose co-guardian Bea then gets the photo, and undoes it (Bea's copy deleted).
    Bea enrolls Yara, who is in that photo and in another, is offered Yara's earlier
    photos and answers "Yes, all are Yara": the sheet says both photos come, and both come,
    the one the Undo took from her too."""
    from tests.e2e.test_earlier_photos import offers

    x, y, nobody = CAST["angelina"], CAST["scarlett"], CAST["strangers"]
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Amy", [photo_bytes(n) for n in CAST["mark"]["enroll"]])
    bea = journey.user("Bea")
    journey.world.chats[group["id"]].members[bea["id"]] = "member"
    await journey.co_guardian(ann, "Amy", bea)
    await journey.join(bea, journey.group_payload(group))
    await journey.post(group, poster, collages.make(x["group"][0], y["group"][0]))
    await journey.post(group, poster, collages.make(nobody["group"][0], y["group"][1]))
    await journey.settle()
    (delivered,) = journey.photos_for(ann)

    (menu,) = await journey.after_pressing(ann, delivered, "Not Alice?")
    await journey.press(ann, menu, "That isn't Alice")
    await journey.press(ann, journey.now(menu), "Amy")
    await journey.settle()
    await journey.until(lambda: len(journey.photos_for(bea)) == 1)
    (beas,) = journey.photos_for(bea)
    assert (await journey.press(ann, journey.now(menu), "Undo"))["text"] == "Undone."
    await journey.settle()
    await journey.until(lambda: journey.now(beas).get("_deleted") is True)

    def live() -> list[dict[str, Any]]:
        return [m for m in journey.photos_for(bea) if not journey.now(m).get("_deleted")]

    await journey.enroll(bea, "Yara", [photo_bytes(n) for n in y["enroll"]])
    await journey.settle()
    (offer,) = offers(journey, bea)
    assert offer["caption"].startswith("I found 2 earlier photos of Yara"), offer["caption"]
    assert (await journey.press(bea, offer, "Yes, all are Yara"))["text"] == "On their way."
    assert journey.now(offer)["caption"] == (
        "They're all Yara. Sending you 2 photos of Yara from Class 1A."
    )
    await journey.settle()
    await journey.until(lambda: len(live()) == 2)
    uniques = {m["photo"][-1]["file_unique_id"] for m in live()}
    assert beas["photo"][-1]["file_unique_id"] in uniques, uniques
    await journey.assert_consistent()
