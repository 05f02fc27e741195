"""What walk 37A of issue 32 found untrue in the guardians' chats: a live /persons list
drawn before its faces were learned (A1), an invitation's "press the card's … again" to one
who no longer has the card (A2), and "…will reach Rivka too" read by one who left (A4)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest

from domain.recognition.prototype_choice import Chosen, PrototypeChoice
from tests.e2e.conftest import Collages, Journey
from tests.e2e.steps import forget_everything, owner_leaves, reads_now, sent_starting
from tests.e2e.test_claims import _approved, _class, _name


async def test_a_claimers_live_list_counts_the_faces_learned_after_the_approval(
    journey: Journey, collages: Collages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A1: the approval redrew Pat's /persons list before the worker chose Tom's
    prototypes, and nothing redrew it after: "Tom: active, 0 learned faces" for good. Here
    the choice is slow, as it is behind other work: the list says 3 once they are learned."""
    choose_for = PrototypeChoice.choose_for

    async def slowly(self: PrototypeChoice, person_id: UUID) -> Chosen | None:
        await asyncio.sleep(1.5)
        return await choose_for(self, person_id)

    monkeypatch.setattr(PrototypeChoice, "choose_for", slowly)
    poster, pat, _mallory, _group, office = await _class(journey, collages, with_sara=True)
    listed = await journey.reply_to(pat, "/persons")
    assert "Tom" not in reads_now(journey, listed)

    payload = await _name(journey, poster, office)
    offer = await journey.reply_to(pat, f"/start {payload}")
    (sheet,) = await journey.after_pressing(pat, offer, "I agree")
    claimed: dict[str, Any] = await _approved(journey, pat, sheet, poster, office)
    assert claimed["text"].startswith("Tom is yours now.")
    await journey.settle()
    assert "• Tom: active, 3 learned faces" in reads_now(journey, listed), reads_now(
        journey, listed
    )


async def test_a_used_invitation_no_longer_says_to_invite_from_the_card_once_she_left(
    journey: Journey,
) -> None:
    """A2: Ann's "Carl used the link I made here…: it no longer works. To invite someone
    else, press the card's "Invite co-guardian" again." stayed once she left Alice, with no
    card of Alice left to press it on; and so once Carl, her owner now, renamed Alice."""
    ann, _poster, _group = await journey.class_with_alice()
    carl = journey.user("Carl")
    (invite,) = await journey.after_pressing(
        ann, await journey.card(ann, "Alice"), "Invite co-guardian"
    )
    payload = invite["text"].split()[-1].split("start=", 1)[1]
    offer = await journey.reply_to(carl, f"/start {payload}")
    await journey.after_pressing(carl, offer, "Accept")
    await journey.until(lambda: reads_now(journey, invite).startswith("Carl used"))

    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    await owner_leaves(journey, ann, listed, "Alice")
    await journey.settle()
    assert reads_now(journey, invite) == (
        "Carl used the link I made here to become a guardian of Alice. Since then you stopped "
        "being a guardian of Alice."
    )

    await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Rename")
    assert (await journey.reply_to(carl, "Alicia"))["text"] == "Renamed to Alicia."
    await journey.settle()
    assert reads_now(journey, invite) == (
        "Carl used the link I made here to become a guardian of Alicia. Since then you stopped "
        "being a guardian of Alicia."
    )


async def test_a_used_invitation_no_longer_says_to_invite_from_the_card_once_removed(
    journey: Journey,
) -> None:
    """A2, removed: Carl invited Dora to guard Alice, then Ann, the owner, removed him:
    his "Dora used the link…: … press the card's "Invite co-guardian" again." says he
    stopped being a guardian since; and so once Dora used /forget."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    dora = journey.user("Dora")
    (invite,) = await journey.after_pressing(
        carl, await journey.card(carl, "Alice"), "Invite co-guardian"
    )
    offer = await journey.reply_to(dora, f"/start {invite['text'].split('start=', 1)[1]}")
    await journey.after_pressing(dora, offer, "Accept")
    await journey.until(lambda: reads_now(journey, invite).startswith("Dora used"))

    (guardians,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    assert (await journey.press(ann, guardians, "Remove Carl"))["text"] == "Removed."
    await journey.settle()
    assert reads_now(journey, invite) == (
        "Dora used the link I made here to become a guardian of Alice. Since then you stopped "
        "being a guardian of Alice."
    )
    # Dora's /forget takes her name out of it, and keeps it true.
    await forget_everything(journey, dora)
    await journey.settle()
    assert reads_now(journey, invite) == (
        "The link I made here to become a guardian of Alice was used, so it no longer works. "
        "Since then you stopped being a guardian of Alice."
    )


async def test_another_guardians_acceptance_is_said_in_the_past_once_its_reader_left(
    journey: Journey,
) -> None:
    """A4: Ann's "Carl is now also a guardian of Alice: they accepted an invitation, and will
    get…" (in he: "…will reach Carl too") stayed once she left Alice: its "also" no longer
    took her in. It says in the past what happened."""
    ann, _carl, _poster, _group = await journey.class_with_alice_and_carl()
    (joined,) = sent_starting(journey, ann, "Carl is now also a guardian of Alice")
    (listed,) = await journey.after_pressing(ann, await journey.card(ann, "Alice"), "Guardians")
    await owner_leaves(journey, ann, listed, "Alice")
    await journey.settle()
    assert reads_now(journey, joined) == (
        "Carl accepted an invitation to become a guardian of Alice."
    )


async def test_a_you_re_in_redrawn_at_leaving_and_at_coming_back_still_says_the_keep(
    journey: Journey,
) -> None:
    """Walk37A-2 B1: a "You're in…" that said how long Class 1A keeps faces lost that
    sentence when redrawn "Since then you are no longer a guardian of anyone here…", and
    again when its reader became a guardian again: it says it still."""
    ann, carl, _poster, _group = await journey.class_with_alice_and_carl()
    (in_,) = sent_starting(journey, carl, "You're in")
    keep = reads_now(journey, in_).split("\n\n")[-1]
    assert keep.startswith("In Class 1A,"), reads_now(journey, in_)

    (listed,) = await journey.after_pressing(carl, await journey.card(carl, "Alice"), "Guardians")
    await journey.press(carl, listed, "Stop getting Alice's photos and clips")
    await journey.settle()
    assert reads_now(journey, in_).startswith("Since then you are no longer a guardian")
    assert reads_now(journey, in_).endswith("\n\n" + keep), reads_now(journey, in_)

    await journey.co_guardian(ann, "Alice", carl)
    await journey.settle()
    assert reads_now(journey, in_).startswith("Since then you were for a while")
    assert reads_now(journey, in_).endswith("\n\n" + keep), reads_now(journey, in_)
