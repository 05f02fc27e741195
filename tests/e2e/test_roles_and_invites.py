"""Owners and co-guardians, and invitations that speak for their creator, through the
emulator: a removed co-guardian cannot come back through her own old link, and only a
person's owner deletes it, forgets its faces or removes another guardian."""

from __future__ import annotations

from typing import Any

from domain import texts
from domain.infra.models import Guardianship, Person
from domain.states import GuardianRole, PersonStatus
from tests.e2e.conftest import CAST, Journey, data_of, labels, photo_bytes

Y = CAST["scarlett"]


async def _ann_owns_yara(journey: Journey) -> dict[str, Any]:
    ann, poster = journey.user("Ann"), journey.user("Poster")
    _, payload = await journey.group_with_bot("Class 1A", poster, [ann])
    await journey.join(ann, payload)
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
    assert (await journey.press(ann, guardians, "Remove Bea"))["text"] == "Removed."

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

    card = await journey.card(ann, "Yara")
    (guardians,) = await journey.after_pressing(ann, card, "Guardians")
    await journey.press(ann, guardians, "Remove Bea")

    (refused,) = await journey.after_pressing(carl, offer, "Accept")  # ...and accepts too late
    assert "doesn't work" in refused["text"]
    assert await _guardian_names() == {"Ann"}


async def test_only_the_owner_deletes_forgets_faces_or_removes_a_guardian(
    journey: Journey,
) -> None:
    ann = await _ann_owns_yara(journey)
    bea = await _invited(journey, ann, "Bea")
    carl = await _invited(journey, ann, "Carl")
    owners_card = await journey.card(ann, "Yara")
    assert {"Delete", "Forget faces", "Merge with…"} <= set(labels(owners_card))

    card = await journey.card(bea, "Yara")
    assert not {"Delete", "Forget faces", "Merge with…"} & set(labels(card))
    (guardians,) = await journey.after_pressing(bea, card, "Guardians")
    assert labels(guardians) == ["Leave Bea"]  # nobody else to remove

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
    assert await bea_presses(data_of(question, "Yes, delete")) == texts.BUTTON_NOT_YOURS
    (anns_list,) = await journey.after_pressing(ann, owners_card, "Guardians")
    # So are Ann's guardian buttons (the rule behind them: tests/integration/test_guardians).
    assert await bea_presses(data_of(anns_list, "Remove Carl")) == texts.BUTTON_NOT_YOURS
    assert await bea_presses(data_of(anns_list, "Leave Ann")) == texts.BUTTON_NOT_YOURS
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
    assert (await journey.press(ann, guardians, "Leave Ann"))["text"].startswith("You no longer")
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
    (done,) = await journey.after_pressing(bea, question, "Yes, delete")
    assert (await journey.edited(question))["text"].startswith("Deleting Yara")
    assert done["text"] == "Yara and everything I had about them are deleted."
    await journey.settle()
    assert not await Person.exists(name="Yara")
