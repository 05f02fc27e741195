"""Owners and co-guardians, and invitations that speak for their creator, through the
emulator: a removed co-guardian cannot come back through her own old link, and only a
person's owner deletes it, forgets its faces or removes another guardian."""

from __future__ import annotations

from typing import Any

from domain.infra.models import Face, Guardianship, Person
from domain.languages import texts
from domain.states import GuardianRole, PersonStatus
from tests.e2e.conftest import CAST, Collages, Journey, data_of, labels, photo_bytes
from tests.e2e.steps import ann_in_a_class, co_guardian_then_joins, owner_leaves

X, Y = CAST["angelina"], CAST["scarlett"]


async def _ann_owns_yara(journey: Journey) -> dict[str, Any]:
    ann = await ann_in_a_class(journey)
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    return ann


async def _invited(journey: Journey, owner: dict[str, Any], name: str) -> dict[str, Any]:
    """``name`` becomes a co-guardian of Yara through ``owner``'s invitation."""
    user = journey.user(name)
    offer = await journey.reply_to(user, f"/start {await journey.invite_link(owner, 'Yara')}")
    (accepted,) = await journey.after_pressing(user, offer, "Accept")
    assert "You're now a guardian of Yara" in accepted["text"]
    return user


async def _guardian_names() -> set[str]:
    rows = await Guardianship.filter(person__name="Yara").prefetch_related("participant")
    return {g.participant.first_name for g in rows}


async def test_a_removed_co_guardian_cannot_come_back_through_her_own_link(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    bea = await _invited(journey, ann, "Bea")
    kept = await journey.invite_link(bea, "Yara")  # Bea keeps a link she made herself

    card = await journey.card(ann, "Yara")
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    assert (await journey.press(ann, guardians, "Remove Bea as a guardian"))["text"] == "Removed."

    assert "doesn't work" in (await journey.reply_to(bea, f"/start {kept}"))["text"]
    assert await _guardian_names() == {"Ann"}
    assert "Yara" not in (await journey.reply_to(bea, "/persons"))["text"]


async def test_an_invitation_opened_before_its_creator_was_removed_is_refused(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    bea = await _invited(journey, ann, "Bea")
    carl = journey.user("Carl")
    offer = await journey.reply_to(carl, f"/start {await journey.invite_link(bea, 'Yara')}")
    assert "invited" in offer["text"]  # Carl sees the invitation...
    accept = data_of(offer, "Accept")

    card = await journey.card(ann, "Yara")
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    await journey.press(ann, guardians, "Remove Bea as a guardian")

    # His "Accept" goes, saying why (issue 32: it stayed, to be refused when pressed)...
    await journey.until(lambda: not journey.now(offer).get("reply_markup"))
    assert journey.now(offer)["text"].replace("\u2068", "").replace("\u2069", "") == (
        "Bea invited you to receive the photos and clips of Yara, then stopped being a guardian "
        "of Yara: the invitation no longer works. Another guardian of Yara can invite you again."
    )
    # ... and a client that had not redrawn it presses it too late: refused.
    before = journey.last(carl)["message_id"]
    await journey.world.press_button(carl["id"], carl["id"], offer["message_id"], accept)
    (refused,) = await journey.replies(carl["id"], before)
    assert "doesn't work" in refused["text"]
    assert await _guardian_names() == {"Ann"}


async def test_only_the_owner_deletes_forgets_faces_or_removes_a_guardian(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    bea = await _invited(journey, ann, "Bea")
    carl = await _invited(journey, ann, "Carl")
    owners_card = await journey.card(ann, "Yara")
    assert {"Delete", "Forget faces"} <= set(labels(owners_card))
    assert "Merge with…" not in labels(owners_card)  # Yara is her only person (findings9 5)

    card = await journey.card(bea, "Yara")
    assert not {"Delete", "Forget faces", "Merge with…"} & set(labels(card))
    (guardians,) = await journey.after_pressing(bea, card, "Guardians")
    assert labels(guardians) == ["Stop getting Yara's photos and clips"]  # nobody else to remove

    async def bea_presses(data: str) -> str:
        answer = await journey.world.press_button(bea["id"], bea["id"], card["message_id"], data)
        return str(answer["text"])

    # A tampered client sends the owner's buttons anyway.
    assert await bea_presses(data_of(owners_card, "Delete")) == (
        "Only Yara's owner (Ann) can delete Yara. You can leave, or ask Ann."
    )
    assert await bea_presses(data_of(owners_card, "Forget faces")) == (
        "Only Yara's owner (Ann) can forget Yara's faces. You can leave, or ask Ann."
    )
    (question,) = await journey.after_pressing(ann, owners_card, "Delete")
    # Ann's own confirmation is hers alone (a single-use button shown to her).
    assert await bea_presses(data_of(question, "Yes, delete")) == texts.button_not_yours()
    (anns_list,) = await journey.after_pressing(ann, owners_card, "Guardians")
    # So are Ann's guardian buttons (the rule behind them: tests/integration/test_guardians).
    assert (
        await bea_presses(data_of(anns_list, "Remove Carl as a guardian"))
        == texts.button_not_yours()
    )
    assert (
        await bea_presses(data_of(anns_list, "Stop getting Yara's photos and clips"))
        == texts.button_not_yours()
    )
    await journey.settle()
    assert (await Person.get(name="Yara")).status == PersonStatus.ACTIVE
    assert await _guardian_names() == {"Ann", "Bea", "Carl"}
    assert "Yara" in (await journey.reply_to(carl, "/persons"))["text"]


async def test_when_the_owner_leaves_the_longest_standing_co_guardian_owns(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    bea = await _invited(journey, ann, "Bea")
    carl = await _invited(journey, ann, "Carl")

    card = await journey.card(ann, "Yara")
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    before = journey.last(bea)["message_id"]
    assert (await owner_leaves(journey, ann, guardians, "Yara"))["text"].startswith("You no longer")
    (told,) = await journey.replies(bea["id"], before)
    assert told["text"] == (
        "Ann left, so you're now the owner of Yara: you alone can delete them, "
        "forget their faces and remove other guardians."
    )
    assert (await Guardianship.get(participant__first_name="Bea")).role == GuardianRole.OWNER
    assert not any(
        m["from"]["is_bot"] and "owner" in m.get("text", "")
        for m in journey.world.transcript(carl["id"])
    )

    card = await journey.card(bea, "Yara")
    assert "Delete" in labels(card)
    (question,) = await journey.after_pressing(bea, card, "Delete")
    await journey.press(bea, question, "Yes, delete")
    await journey.until(lambda: journey.now(question)["text"] == "Deleted Yara's data.")
    await journey.settle()
    assert not await Person.exists(name="Yara")


async def test_a_co_guardian_neither_undoes_the_owners_merge_nor_keeps_the_merged_child(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    await journey.enroll_again(ann, "Ally", [photo_bytes(n) for n in Y["group"]])  # Yara again
    carl = journey.user("Carl")
    await journey.co_guardian(ann, "Ally", carl)
    card = await journey.card(ann, "Yara")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.confirm_merge(ann, choose, "Ally")
    await journey.settle()

    # Carl came along to Yara with the merge; undoing it is the owner's call: his /history
    # says who merged, and offers him no Undo.
    history = await journey.reply_to(carl, "/history")
    assert ", Ann merged 3 faces: Ally → Yara" in history["text"], history["text"]
    assert "Undo 1" not in labels(history)
    assert (await Person.get(name="Ally")).status == PersonStatus.MERGED

    # Removed from Yara, Carl keeps nothing: not Yara, not the hidden Ally an undo would revive.
    card = await journey.card(ann, "Yara")
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    await journey.press(ann, guardians, "Remove Carl as a guardian")
    await journey.settle()
    assert not await Guardianship.exists(participant__first_name="Carl")
    history = await journey.reply_to(ann, "/history")
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
    await journey.settle()
    assert await _guardian_names() == {"Ann"}
    assert "Ally" not in (await journey.reply_to(carl, "/persons"))["text"]


async def test_history_does_not_name_or_undo_a_co_guardians_other_child(
    journey: Journey, collages: Collages
) -> None:
    ann, poster, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    await journey.enroll(bea, "Yara", [photo_bytes(n) for n in Y["enroll"]])  # Bea's alone

    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (delivered,) = journey.photos_for(bea)
    (choices,) = await journey.after_pressing(bea, delivered, "Not Alice?")
    await journey.press(bea, choices, "That isn't Alice")
    await journey.press(bea, await journey.edited(choices), "Yara")
    await journey.settle()

    history = await journey.reply_to(ann, "/history")
    assert history["text"].splitlines()[1].endswith(", Bea moved 1 face: Alice → another person")
    assert "Yara" not in history["text"]
    assert "Undo 1" not in labels(history)  # Yara is not Ann's: she cannot undo it
    await journey.settle()
    assert await Face.filter(person__name="Yara", photo_id__isnull=False).count() == 1


async def test_a_co_guardian_is_not_told_the_owners_other_groups(journey: Journey) -> None:
    ann, _, group = await journey.class_with_alice()
    coach = journey.user("Coach")
    _, football = await journey.group_with_bot("Football", coach, [ann])
    await journey.join(ann, football)
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)

    assert "Groups: Class 1A, Football\n" in (await journey.card(ann, "Alice"))["caption"]
    card = await journey.card(bea, "Alice")
    assert "Groups: Class 1A (and 1 of another guardian)" in card["caption"]
    assert "Football" not in card["caption"]


async def test_moving_a_face_takes_the_copy_from_a_co_guardian_of_only_the_first_child(
    journey: Journey, collages: Collages
) -> None:
    """Ann moves a face from Alice to her Yara: Bea (Alice's co-guardian only) loses the
    copy, Ann's copy names Yara; the undo gives Bea the photo back and Ann's copy names
    Alice again."""
    ann, poster, group = await journey.class_with_alice()
    await journey.enroll(ann, "Yara", [photo_bytes(n) for n in Y["enroll"]])
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    await journey.post(group, poster, collages.make(X["group"][0]))
    await journey.settle()
    (anns,) = journey.photos_for(ann)
    (beas,) = journey.photos_for(bea)

    (choices,) = await journey.after_pressing(ann, anns, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.press(ann, await journey.edited(choices), "Yara")
    await journey.settle()
    assert journey.now(beas).get("_deleted") is True  # only Alice was hers in it
    now = journey.now(anns)
    assert now["caption"] == anns["caption"].replace("Alice", "Yara"), now["caption"]
    assert labels(now) == ["Not Yara?"]

    assert (await journey.press(ann, journey.now(choices), "Undo"))["text"] == "Undone."
    await journey.settle()
    (back,) = journey.photos_for(bea)
    assert back["caption"] == beas["caption"] and labels(back) == ["Not Alice?"]
    now = journey.now(anns)
    assert now["caption"] == anns["caption"] and labels(now) == ["Not Alice?"]
    assert len(journey.photos_for(ann)) == 1


async def test_a_merge_says_which_other_guardian_gets_more_photos_and_tells_them(
    journey: Journey,
) -> None:
    """Finding 2 of the third walk: merging a person that has a co-guardian with another
    made that co-guardian receive the other one's photos, unsaid. The confirmation names
    them, and they are told who merged which, in their language."""
    ann = await _ann_owns_yara(journey)
    await journey.enroll_again(ann, "Ally", [photo_bytes(n) for n in Y["group"]])  # Yara again
    carl = journey.user("Carl")
    await journey.co_guardian(ann, "Ally", carl)
    card = await journey.card(ann, "Yara")
    (choose,) = await journey.after_pressing(ann, card, "Merge")
    await journey.press(ann, choose, "Ally")
    await journey.until(lambda: journey.has_button(choose, "Merge, keep"))
    asked = journey.now(choose)["text"]
    assert "Carl, Ally's other guardian, will get Yara's photos and clips too." in asked, asked
    before = len(journey.world.transcript(carl["id"]))
    await journey.press(ann, journey.now(choose), "Merge, keep")
    await journey.until(lambda: journey.now(choose)["text"].startswith("Merged"))
    await journey.settle()

    told = [
        m["text"]
        for m in journey.world.transcript(carl["id"])[before:]
        if m["from"]["is_bot"] and m.get("text", "").startswith("Ann merged")
    ]
    assert told == [
        "Ann merged Ally into Yara: they are one child now, called Yara. You were a guardian "
        "of Ally only, so from now on you'll get the photos and clips of Yara too."
    ]


async def test_history_says_who_made_each_change_and_offers_only_the_undos_one_may_do(
    journey: Journey, collages: Collages
) -> None:
    """Finding 12 of the third walk: /history showed a co-guardian's changes as one's own,
    with an Undo. Each line says who made it; a co-guardian cannot undo the owner's
    correction (no button, and a line says why), the owner can undo the co-guardian's."""
    ann, poster, group = await journey.class_with_alice()
    bea = journey.user("Bea")
    await co_guardian_then_joins(journey, ann, "Alice", bea, group)
    for n in (0, 1):  # one by one: two single copies each
        await journey.post(group, poster, collages.make(X["group"][n]))
        await journey.settle()
    first, _ = journey.photos_for(ann)
    _, second = journey.photos_for(bea)
    (choices,) = await journey.after_pressing(ann, first, "Not Alice?")
    await journey.press(ann, choices, "That isn't Alice")
    await journey.settle()
    (choices,) = await journey.after_pressing(bea, second, "Not Alice?")
    await journey.press(bea, choices, "That isn't Alice")
    await journey.settle()

    history = await journey.reply_to(bea, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith(", you unmatched 1 face: Alice (and I remember it isn't Alice's)"), (
        lines
    )
    assert lines[2].endswith(", Ann unmatched 1 face: Alice (and I remember it isn't Alice's)"), (
        lines
    )
    assert labels(history)[0] == "Undo 1" and "Undo 2" not in labels(history)
    assert (
        "A change another guardian made can be undone only by them, or by the owner of every "
        "child it concerns." in history["text"]
    )

    history = await journey.reply_to(ann, "/history")
    lines = history["text"].splitlines()
    assert lines[1].endswith(", Bea unmatched 1 face: Alice (and I remember it isn't Alice's)"), (
        lines
    )
    assert lines[2].endswith(", you unmatched 1 face: Alice (and I remember it isn't Alice's)"), (
        lines
    )
    assert labels(history)[:2] == ["Undo 1", "Undo 2"]
    assert (await journey.press(ann, history, "Undo 1"))["text"] == "Undone."
